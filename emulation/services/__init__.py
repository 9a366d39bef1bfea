"""Writes of emulation with a business rule; admin, pages and commands call these.

The one way in: callers outside this package import from here, never from its modules.
"""

from emulation.services.clusters import (
    cluster_composition_check,
    cluster_save,
    criterion_change_check,
    criterion_save,
    pact_save,
)
from emulation.services.results import (
    GridEntry,
    indicator_result_bulk_save,
    indicator_result_check,
    indicator_result_create,
    indicator_result_delete,
    indicator_result_lock,
    indicator_result_submit,
    indicator_result_unlock,
    indicator_result_update,
    indicator_results_enter,
)
from emulation.services.rewards import base_salary_check, base_salary_save
from emulation.services.titles import (
    initiative_bulk_save,
    initiative_record,
    initiative_update,
    title_award_bulk_save,
    title_award_check,
    title_award_confer,
    title_award_record,
    title_award_update,
)

__all__ = [
    "GridEntry",
    "base_salary_check",
    "base_salary_save",
    "cluster_composition_check",
    "cluster_save",
    "criterion_change_check",
    "criterion_save",
    "indicator_result_bulk_save",
    "indicator_result_check",
    "indicator_result_create",
    "indicator_result_delete",
    "indicator_result_lock",
    "indicator_result_submit",
    "indicator_result_unlock",
    "indicator_result_update",
    "indicator_results_enter",
    "initiative_bulk_save",
    "initiative_record",
    "initiative_update",
    "pact_save",
    "title_award_bulk_save",
    "title_award_check",
    "title_award_confer",
    "title_award_record",
    "title_award_update",
]
