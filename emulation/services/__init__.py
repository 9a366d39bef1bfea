"""Writes of emulation with a business rule; admin, pages and commands call these."""

from emulation.services.clusters import (
    cluster_composition_check,
    cluster_save,
    criterion_change_check,
    criterion_save,
    pact_save,
)
from emulation.services.results import (
    indicator_result_bulk_save,
    indicator_result_check,
    indicator_result_create,
    indicator_result_delete,
    indicator_result_lock,
    indicator_result_submit,
    indicator_result_unlock,
    indicator_result_update,
    may_lock_for_cluster,
    may_write_for_unit,
)
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
    "initiative_bulk_save",
    "initiative_record",
    "initiative_update",
    "may_lock_for_cluster",
    "may_write_for_unit",
    "pact_save",
    "title_award_bulk_save",
    "title_award_check",
    "title_award_confer",
    "title_award_record",
    "title_award_update",
]
