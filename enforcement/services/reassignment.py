"""Passing a case between offices of one provincial agency: a reassignment, not an entrustment.

From the day in ``settings.ENFORCEMENT_REASSIGNMENT_WITHIN_AGENCY_FROM`` (1 July 2025: the
provincial agency is the legal entity, its regional offices handle cases on its behalf;
see the setting's citation) a case handed from one office to another of the same agency
stays open: it keeps the unit that accepted it and is handled by the new office from the
day on, as a merger hands cases over. Statistics therefore count no entrustment (line 4):
periods before the day read the case under the old office, later ones under the new, and
the agency's figures do not change. Entrustment to another province's agency is unchanged.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import OPEN_STATUSES, CaseEvent, CaseHandover, EnforcementCase
from enforcement.services.guards import (
    check_event_date,
    closed_years_between,
    guard_closed_years,
    require_unit_in_scope,
    today,
)
from enforcement.services.handovers import handover_history_complete
from enforcement.services.records import lock_case, record_event, save_case
from organizations.formatting import short_date
from organizations.models import Unit
from organizations.selectors import unit_kind_and_parent


def reassignment_within_agency_from() -> datetime.date:
    """Return the first day a transfer inside one agency is a reassignment."""
    return datetime.date.fromisoformat(settings.ENFORCEMENT_REASSIGNMENT_WITHIN_AGENCY_FROM)


# How a unit's kind and parent on a day are read: one query by default; a file checked
# row by row passes ``UnitPlacements(...).kind_and_parent``, read once.
Placed = Callable[[Unit, datetime.date], tuple[str, int | None]]


def agency_of(unit: Unit, on: datetime.date, placed: Placed = unit_kind_and_parent) -> int | None:
    """Return the provincial agency a unit belongs to on the day: itself, or its parent."""
    kind, parent_id = placed(unit, on)
    if kind == Unit.Kind.ENFORCEMENT_AGENCY:
        return unit.pk
    if kind == Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE:
        return parent_id
    return None


def is_reassignment(
    from_unit: Unit, to_unit: Unit, on: datetime.date, placed: Placed = unit_kind_and_parent
) -> bool:
    """Tell whether handing a case from one unit to the other on the day is a reassignment.

    The one rule the case's action, the status file and the case file follow.
    """
    if on < reassignment_within_agency_from():
        return False
    agency = agency_of(from_unit, on, placed)
    return agency is not None and agency == agency_of(to_unit, on, placed)


@transaction.atomic
def case_reassign_office(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    on: datetime.date,
    to_unit: Unit,
    note: str = "",
    reason: str = "",
) -> EnforcementCase:
    """Hand an open case to another office of the same agency from the day on."""
    locked = lock_case(user, case, "enforcement.change_case_status")
    require_unit_in_scope(user, to_unit, "enforcement.change_case_status")
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("Only an open case can be handed to another office."))
    if to_unit.pk == locked.unit_id:
        raise ValidationError(
            _("The case is already handled by %(unit)s."),
            params={"unit": to_unit},
            code="same_office",
        )
    if not is_reassignment(locked.unit, to_unit, on):
        raise ValidationError(
            _(
                "%(unit)s is not an office of the same agency on %(date)s: entrust the case "
                "instead."
            ),
            params={"unit": to_unit, "date": short_date(on)},
            code="not_same_agency",
        )
    if not to_unit.is_active_on(on):
        raise ValidationError(
            _("%(unit)s does not exist on %(date)s."),
            params={"unit": to_unit, "date": short_date(on)},
        )
    check_event_date(locked, on)
    # The offices' rows of closed years from the day on change (the agency's do not).
    guard_closed_years(
        user=user, years=closed_years_between(on, today()), reason=reason, case=locked
    )
    handover_history_complete([locked])
    came_from = locked.unit
    relayed = locked.accepting_unit_id not in (None, locked.unit_id)
    locked.accepting_unit_id = locked.accepting_unit_id or locked.unit_id
    locked.unit = to_unit
    locked.handled_since = on
    save_case(locked, user=user, reason=reason)
    CaseHandover.objects.create(
        case=locked, from_unit=came_from, to_unit=to_unit, on=on, relayed=relayed
    )
    record_event(
        case=locked,
        kind=CaseEvent.Kind.MOVED,
        on=on,
        user=user,
        note=note or _("Reassigned from %(unit)s.") % {"unit": came_from},
    )
    return locked
