"""Admin of enforcement: cases for clerks, targets and statistical years for administrators."""

from enforcement.admin.cases import CaseEventInline, EnforcementCaseAdmin
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
    "ReportFormAdmin",
    "StatisticalYearAdmin",
    "TargetAdmin",
    "YearLogEntryAdmin",
]
