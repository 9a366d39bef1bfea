"""Admin of enforcement: cases for clerks; grounds, targets and years for administrators."""

from enforcement.admin.cases import EnforcementCaseAdmin
from enforcement.admin.events import CaseEventInline
from enforcement.admin.grounds import LegalGroundAdmin
from enforcement.admin.lineage import UnitLineageAdmin
from enforcement.admin.report_forms import ReportFormAdmin
from enforcement.admin.years import (
    AnnualSnapshotAdmin,
    StatisticalYearAdmin,
    TargetAdmin,
    YearLogEntryAdmin,
)

__all__ = [
    "AnnualSnapshotAdmin",
    "CaseEventInline",
    "EnforcementCaseAdmin",
    "LegalGroundAdmin",
    "ReportFormAdmin",
    "StatisticalYearAdmin",
    "TargetAdmin",
    "UnitLineageAdmin",
    "YearLogEntryAdmin",
]
