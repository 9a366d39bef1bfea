"""Models of enforcement: cases and their events, statistical years, the case search, forms."""

from enforcement.models.cases import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    CaseEvent,
    Eligibility,
    EnforcementCase,
    Initiation,
    JudgmentKind,
    Status,
)
from enforcement.models.report_forms import ReportForm
from enforcement.models.search import CaseSearchBacklog, CaseSearchText, ImportedCases
from enforcement.models.years import (
    YEAR_START_MONTH,
    AnnualSnapshot,
    StatisticalYear,
    Target,
    YearLogEntry,
    statistical_year_bounds,
    statistical_year_of,
)

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "YEAR_START_MONTH",
    "AnnualSnapshot",
    "CaseEvent",
    "CaseSearchBacklog",
    "CaseSearchText",
    "Eligibility",
    "EnforcementCase",
    "ImportedCases",
    "Initiation",
    "JudgmentKind",
    "ReportForm",
    "StatisticalYear",
    "Status",
    "Target",
    "YearLogEntry",
    "statistical_year_bounds",
    "statistical_year_of",
]
