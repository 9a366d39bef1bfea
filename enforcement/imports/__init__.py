"""The spreadsheets of enforcement: import specs and exports, by topic."""

from enforcement.imports.case_export import CaseResource
from enforcement.imports.cases import CaseImport
from enforcement.imports.register import RegisterImport
from enforcement.imports.statuses import CaseStatusImport
from enforcement.imports.targets import TargetImport, TargetResource

__all__ = [
    "CaseImport",
    "CaseResource",
    "CaseStatusImport",
    "RegisterImport",
    "TargetImport",
    "TargetResource",
]
