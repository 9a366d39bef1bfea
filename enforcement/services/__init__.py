"""Every write of enforcement that has a business rule; admin, views and demo call these."""

from enforcement.services.cases import case_open, case_update
from enforcement.services.merger import unit_merge_into_successor
from enforcement.services.statuses import (
    STATUS_SERVICES,
    case_complete,
    case_entrust,
    case_postpone,
    case_record_payment,
    case_resume,
    case_set_eligibility,
    case_suspend,
    case_terminate,
    case_withdraw,
)
from enforcement.services.years import (
    statistical_year_close,
    statistical_year_open,
    statistical_year_reopen,
)

__all__ = [
    "STATUS_SERVICES",
    "case_complete",
    "case_entrust",
    "case_open",
    "case_postpone",
    "case_record_payment",
    "case_resume",
    "case_set_eligibility",
    "case_suspend",
    "case_terminate",
    "case_update",
    "case_withdraw",
    "statistical_year_close",
    "statistical_year_open",
    "statistical_year_reopen",
    "unit_merge_into_successor",
]
