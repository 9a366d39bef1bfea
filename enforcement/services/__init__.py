"""Every write of enforcement that has a business rule; admin, views and demo call these.

The one way in: callers outside this package import from here, never from its modules.
"""

from enforcement.services.bulk import CaseWriter, case_bulk_open, lock_units
from enforcement.services.cases import (
    case_open,
    case_open_check,
    case_update,
    case_update_check,
    decision_number_check,
    handling_office_check,
)
from enforcement.services.copying import CASE_COLUMNS, RECEIVED_COLUMNS, bulk_insert
from enforcement.services.courts import COURTS_CSV, CourtsLoad, courts_load
from enforcement.services.enforcers import case_assign_enforcer, enforcer_check
from enforcement.services.entrustment import (
    case_record_entrustment_decision,
    entrustment_decision_check,
    received_case_link,
    received_cases_link,
    received_entrustment_check,
    received_link_visible,
    sent_case_link,
)
from enforcement.services.guards import today
from enforcement.services.lineage import unit_lineage_check, unit_lineage_record
from enforcement.services.linking import (
    LINK_REASON_LIMIT,
    LinkCandidate,
    LinkCandidates,
    case_link_received,
    link_reason_check,
    receiver_case_candidates,
    receiver_case_candidates_query,
    receiver_link_missing,
    sender_case_candidates,
    sender_case_candidates_query,
    sender_link_missing,
)
from enforcement.services.merger import unit_merge_into_successor
from enforcement.services.money import (
    CORRECTABLE_PAYMENTS,
    case_correct_payment,
    case_record_payment,
    case_record_reduction,
)
from enforcement.services.obligation_rules import obligation_check, obligations_from_amounts
from enforcement.services.obligations import case_obligations_check, case_obligations_save
from enforcement.services.parties import (
    case_parties_summarize,
    judgment_add,
    judgment_check,
    parties_from_texts_in_range,
    party_check,
)
from enforcement.services.reassignment import case_reassign_office, is_reassignment
from enforcement.services.register import (
    case_correct_from_register,
    case_open_from_register,
    register_later_steps,
    register_steps_apply,
)
from enforcement.services.rules import case_rules_check
from enforcement.services.splits import unit_split, unit_split_check
from enforcement.services.statuses import (
    STATUS_SERVICES,
    StatusUpdate,
    case_complete,
    case_entrust,
    case_postpone,
    case_resume,
    case_set_eligibility,
    case_status_bulk_update,
    case_suspend,
    case_terminate,
    case_withdraw,
    legal_ground_check,
)
from enforcement.services.targets import TARGET_RATIOS, target_bulk_save
from enforcement.services.years import (
    statistical_year_close,
    statistical_year_open,
    statistical_year_recompute_money,
    statistical_year_reopen,
)

__all__ = [
    "CASE_COLUMNS",
    "CORRECTABLE_PAYMENTS",
    "COURTS_CSV",
    "LINK_REASON_LIMIT",
    "RECEIVED_COLUMNS",
    "STATUS_SERVICES",
    "TARGET_RATIOS",
    "CaseWriter",
    "CourtsLoad",
    "LinkCandidate",
    "LinkCandidates",
    "StatusUpdate",
    "bulk_insert",
    "case_assign_enforcer",
    "case_bulk_open",
    "case_complete",
    "case_correct_from_register",
    "case_correct_payment",
    "case_entrust",
    "case_link_received",
    "case_obligations_check",
    "case_obligations_save",
    "case_open",
    "case_open_check",
    "case_open_from_register",
    "case_parties_summarize",
    "case_postpone",
    "case_reassign_office",
    "case_record_entrustment_decision",
    "case_record_payment",
    "case_record_reduction",
    "case_resume",
    "case_rules_check",
    "case_set_eligibility",
    "case_status_bulk_update",
    "case_suspend",
    "case_terminate",
    "case_update",
    "case_update_check",
    "case_withdraw",
    "courts_load",
    "decision_number_check",
    "enforcer_check",
    "entrustment_decision_check",
    "handling_office_check",
    "is_reassignment",
    "judgment_add",
    "judgment_check",
    "legal_ground_check",
    "link_reason_check",
    "lock_units",
    "obligation_check",
    "obligations_from_amounts",
    "parties_from_texts_in_range",
    "party_check",
    "received_case_link",
    "received_cases_link",
    "received_entrustment_check",
    "received_link_visible",
    "receiver_case_candidates",
    "receiver_case_candidates_query",
    "receiver_link_missing",
    "register_later_steps",
    "register_steps_apply",
    "sender_case_candidates",
    "sender_case_candidates_query",
    "sender_link_missing",
    "sent_case_link",
    "statistical_year_close",
    "statistical_year_open",
    "statistical_year_recompute_money",
    "statistical_year_reopen",
    "target_bulk_save",
    "today",
    "unit_lineage_check",
    "unit_lineage_record",
    "unit_merge_into_successor",
    "unit_split",
    "unit_split_check",
]
