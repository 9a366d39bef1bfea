"""Who changed what and when: the author of writes made outside a request, readable diffs.

Inside a request django-simple-history takes the author from its middleware. Imports
applied by the background worker and management commands have no request, so they run
their writes inside :func:`acting_for`; :func:`fill_history_author` (connected to
simple-history's ``pre_create_historical_record`` signal) then gives every history row written
meanwhile that user and change reason, unless the service named them itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from organizations.formatting import format_figure, short_date, short_datetime

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from organizations.models import ImportJob


@dataclass(frozen=True)
class Acting:
    """The author of the writes in progress, and why they are made."""

    user: AbstractBaseUser | None
    reason: str = ""
    import_job: ImportJob | None = None


_acting: ContextVar[Acting | None] = ContextVar("organizations_acting", default=None)


@contextmanager
def acting_for(
    *, user: AbstractBaseUser | None, reason: str = "", import_job: ImportJob | None = None
) -> Iterator[Acting]:
    """Attribute the history rows and events written inside the block to ``user``."""
    acting = Acting(user=user, reason=reason[:100], import_job=import_job)
    token = _acting.set(acting)
    try:
        yield acting
    finally:
        _acting.reset(token)


def current_import_job() -> ImportJob | None:
    """Return the import whose rows are being written, if any."""
    acting = _acting.get()
    return acting.import_job if acting else None


def change_reason(job: ImportJob) -> str:
    """Return the history note that ties a change to its import."""
    return f"import #{job.pk}: {job.original_name}"[:100]


def fill_history_author(sender: type[models.Model], history_instance: Any, **kwargs: Any) -> None:
    """Give a history row written inside :func:`acting_for` its author and reason.

    A reason longer than its column (100 characters) is shortened: PostgreSQL refused the row,
    and with it the change, where SQLite kept the whole text.
    """
    acting = _acting.get()
    if acting is not None:
        if history_instance.history_user_id is None and acting.user is not None:
            history_instance.history_user = acting.user
        if not history_instance.history_change_reason and acting.reason:
            history_instance.history_change_reason = acting.reason
    reason = history_instance.history_change_reason
    limit = history_instance._meta.get_field("history_change_reason").max_length
    if reason and limit and len(reason) > limit:
        history_instance.history_change_reason = reason[: limit - 1] + "…"


def readable_value(field: models.Field, value: object) -> str:
    """Return a field's stored value as the admin shows it: labels, dd/mm/yyyy, Yes/No."""
    if value is None or value == "":
        return "–"
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return short_datetime(value)
    if isinstance(value, datetime.date):
        return short_date(value)
    if isinstance(value, int) and not isinstance(field, models.ForeignKey):
        return format_figure(Decimal(value))
    return str(value)


class ReadableChangesHelper(HistoricalRecordContextHelper):
    """Diffs in the history list with choice labels and local formats, not stored codes."""

    def format_delta_change(self, change: ModelChange) -> ModelChange:
        field = self.model._meta.get_field(change.field)
        if isinstance(field, models.ManyToManyField):
            return super().format_delta_change(change)
        if field.is_relation:
            # An empty key reads as a dash, not as "deleted user (pk=None)".
            return super().format_delta_change(
                ModelChange(change.field, _related(change.old), _related(change.new))
            )
        return super().format_delta_change(
            ModelChange(
                change.field, readable_value(field, change.old), readable_value(field, change.new)
            )
        )


def _related(value: object) -> object:
    if value is None or (isinstance(value, DeletedObject) and value.pk is None):
        return "–"
    return value
