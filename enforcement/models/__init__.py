"""Models of enforcement: cases, events, legal grounds, statistical years, search, forms."""

from enforcement.models.cases import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Eligibility,
    EnforcementCase,
    Initiation,
    JudgmentKind,
    Status,
)
from enforcement.models.entrustment import CaseOrigin
from enforcement.models.events import CaseEvent
from enforcement.models.grounds import STATUS_GROUND_ACTIONS, GroundAction, LegalGround
from enforcement.models.handovers import CaseHandover
from enforcement.models.kept_figures import (
    GROUNDS_COUNTER,
    KeptFigures,
    StatisticsCounter,
    YearCounter,
)
from enforcement.models.obligations import (
    MONEY_KINDS,
    Obligation,
    ObligationKind,
    PeriodUnit,
    QuantityUnit,
)
from enforcement.models.parties import CaseParty, Court, Judgment, PartyKind, PartyRole
from enforcement.models.report_forms import ReportForm
from enforcement.models.search import CaseSearchBacklog, CaseSearchText, ImportedCases
from enforcement.models.years import (
    YEAR_START_MONTH,
    AnnualSnapshot,
    MoneyBasis,
    StatisticalYear,
    Target,
    YearLogEntry,
    statistical_year_bounds,
    statistical_year_of,
)

__all__ = [
    "CLOSED_STATUSES",
    "GROUNDS_COUNTER",
    "MONEY_KINDS",
    "OPEN_STATUSES",
    "STATUS_GROUND_ACTIONS",
    "YEAR_START_MONTH",
    "AnnualSnapshot",
    "CaseEvent",
    "CaseHandover",
    "CaseOrigin",
    "CaseParty",
    "CaseSearchBacklog",
    "CaseSearchText",
    "Court",
    "Eligibility",
    "EnforcementCase",
    "GroundAction",
    "ImportedCases",
    "Initiation",
    "Judgment",
    "JudgmentKind",
    "KeptFigures",
    "LegalGround",
    "MoneyBasis",
    "Obligation",
    "ObligationKind",
    "PartyKind",
    "PartyRole",
    "PeriodUnit",
    "QuantityUnit",
    "ReportForm",
    "StatisticalYear",
    "StatisticsCounter",
    "Status",
    "Target",
    "YearCounter",
    "YearLogEntry",
    "statistical_year_bounds",
    "statistical_year_of",
]
