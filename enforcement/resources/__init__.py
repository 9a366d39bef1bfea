"""Spreadsheet columns of enforcement: export resources and import specs, by topic."""

from enforcement.resources.cases import CaseImport, CaseResource, CaseStatusImport
from enforcement.resources.targets import TargetImport, TargetResource

__all__ = ["CaseImport", "CaseResource", "CaseStatusImport", "TargetImport", "TargetResource"]
