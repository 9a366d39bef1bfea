"""Writes with a rule in organizations, a module per topic; import them from here."""

from organizations.services.history import (
    bulk_save_with_history,
)
from organizations.services.memberships import (
    membership_change,
    membership_grant,
    membership_revoke,
    role_permission_codes,
    sync_roles,
)
from organizations.services.notifications import (
    NotificationText,
    notification_open,
    notifications_mark_read,
    notify,
)
from organizations.services.people import (
    PERSON_IMPORTED_FIELDS,
    person_bulk_upsert,
    person_link_account,
    person_postings_correct,
    person_transfer,
    person_transfer_check,
)
from organizations.services.ratings import (
    QUALITY_RATING_IMPORTED_FIELDS,
    discipline_check,
    discipline_record,
    discipline_update,
    quality_rating_bulk_save,
    quality_rating_check,
    quality_rating_record,
    quality_rating_update,
)
from organizations.services.units import (
    UnitDetails,
    unit_bulk_save,
    unit_current_version_correct,
    unit_rename,
    unit_shape_check,
    unit_version_check,
    unit_versions_apply,
)

__all__ = [
    "PERSON_IMPORTED_FIELDS",
    "QUALITY_RATING_IMPORTED_FIELDS",
    "NotificationText",
    "UnitDetails",
    "bulk_save_with_history",
    "discipline_check",
    "discipline_record",
    "discipline_update",
    "membership_change",
    "membership_grant",
    "membership_revoke",
    "notification_open",
    "notifications_mark_read",
    "notify",
    "person_bulk_upsert",
    "person_link_account",
    "person_postings_correct",
    "person_transfer",
    "person_transfer_check",
    "quality_rating_bulk_save",
    "quality_rating_check",
    "quality_rating_record",
    "quality_rating_update",
    "role_permission_codes",
    "sync_roles",
    "unit_bulk_save",
    "unit_current_version_correct",
    "unit_rename",
    "unit_shape_check",
    "unit_version_check",
    "unit_versions_apply",
]
