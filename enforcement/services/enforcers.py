"""Assigning cases to enforcers (chấp hành viên): who may be one, and dated reassignments."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import CaseEvent, EnforcementCase
from enforcement.selectors import is_enforcer_position
from enforcement.services.guards import (
    check_event_date,
    closed_years_between,
    guard_closed_years,
    short_date,
)
from enforcement.services.records import lock_case, record_event, save_case
from organizations.models import Person, Unit


def enforcer_check(*, unit: Unit, enforcer: Person) -> None:
    """Refuse a person of another unit, or one whose position is not an enforcer's."""
    if enforcer.unit_id != unit.pk:
        raise ValidationError(
            _("%(person)s is a person of %(other)s, not of the case's unit %(unit)s."),
            params={"person": enforcer, "other": enforcer.unit, "unit": unit},
            code="enforcer_other_unit",
        )
    if not is_enforcer_position(enforcer.position):
        raise ValidationError(
            _("%(person)s is not an enforcer (chấp hành viên): their position is “%(position)s”."),
            params={"person": enforcer, "position": enforcer.position or "–"},
            code="not_enforcer",
        )


@transaction.atomic
def case_assign_enforcer(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    enforcer: Person,
    on: datetime.date,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Assign an open case to an enforcer of its unit from a day on, as a dated event.

    The day follows the case's last change and last assignment: the event carries the state
    the case is in, and the statistics read the enforcer of a past period from these events.
    """
    locked = lock_case(user, case, "enforcement.change_case_status")
    if not locked.is_open:
        raise ValidationError(
            _("Only an open case can be assigned to an enforcer; this case is %(status)s."),
            params={"status": locked.get_status_display()},
            code="closed",
        )
    enforcer_check(unit=locked.unit, enforcer=enforcer)
    if locked.enforcer_id == enforcer.pk:
        raise ValidationError(
            _("%(person)s is already the enforcer of this case."),
            params={"person": enforcer},
            code="same_enforcer",
        )
    check_event_date(locked, on)
    if locked.enforcer_since is not None and on < locked.enforcer_since:
        raise ValidationError(
            _("The date %(date)s is before the case's last assignment (%(last)s)."),
            params={"date": short_date(on), "last": short_date(locked.enforcer_since)},
            code="before_last_assignment",
        )
    guard_closed_years(user=user, years=closed_years_between(on, on), reason=reason, case=locked)
    locked.enforcer = enforcer
    locked.enforcer_since = on
    save_case(locked, user=user, reason=reason)
    record_event(case=locked, kind=CaseEvent.Kind.REASSIGNED, on=on, user=user, note=note)
    return locked
