"""Unit merger: the successor takes over a predecessor's open cases; nothing is rewritten.

Each case keeps the unit that accepted it (``accepting_unit``) and gains, dated, the unit
that handles it (``unit``, from ``handled_since``): statistics of the periods before the
merger read it under the predecessor, later ones under the successor (``selectors.lineage``).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import OPEN_STATUSES, EnforcementCase
from enforcement.services.guards import require_permission
from enforcement.services.handovers import cases_hand_over
from enforcement.services.lineage import LINEAGE_PERMISSION, unit_lineage_record
from organizations.models import Unit, UnitLineage


def _merger_of(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    decision_number: str,
    decision_date: datetime.date | None,
    reason: str,
) -> UnitLineage:
    # The unit's recorded merger, or one recorded from its end date and successor.
    lineage = _recorded_merger(unit)
    if lineage is not None:
        return lineage
    if unit.valid_to is None or unit.successor_id is None:
        raise ValidationError(
            _("%(unit)s has no end date and successor: set them before merging."),
            params={"unit": unit},
        )
    return unit_lineage_record(
        user=user,
        predecessor=unit,
        successor=unit.successor,
        taken_over_on=unit.valid_to + datetime.timedelta(days=1),
        decision_number=decision_number,
        decision_date=decision_date,
        reason=reason,
    )


def _recorded_merger(unit: Unit) -> UnitLineage | None:
    return unit.successions.filter(kind=UnitLineage.Kind.MERGER).first()


def merger_successor_id(unit: Unit) -> int | None:
    """Return the id of the unit a merger of ``unit`` hands its open cases to, if any.

    Its recorded merger's successor, or the successor it is given with an end date, as
    ``unit_merge_into_successor`` finds them.
    """
    lineage = _recorded_merger(unit)
    if lineage is not None:
        return lineage.successor_id
    return unit.successor_id if unit.valid_to is not None else None


@transaction.atomic
def unit_merge_into_successor(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    reason: str = "",
) -> int:
    """Hand the open cases of a merged unit to its successor; return how many moved.

    The merger is the unit's lineage record, or, for a unit given an end date and a
    successor, one recorded now from them (with the ordering decision, and the reason a
    closed year needs). Closed cases stay with the old unit; every moved case keeps the
    unit that accepted it, is handled by the successor from the merger's day and gets a
    dated event naming the unit it came from. Running it again moves nothing.
    """
    require_permission(user, LINEAGE_PERMISSION)
    lineage = _merger_of(
        user=user,
        unit=unit,
        decision_number=decision_number,
        decision_date=decision_date,
        reason=reason,
    )
    cases = list(
        EnforcementCase.objects.select_for_update()
        .filter(unit=unit, status__in=OPEN_STATUSES)
        .order_by("pk")
    )
    # Decision numbers are unique per (issuing agency, year, number) and a moved case keeps
    # the agency that issued it: moving it to the successor cannot make a number clash.
    cases_hand_over(
        cases,
        to_unit=lineage.successor,
        on=lineage.taken_over_on,
        note=_("Moved from %(unit)s.") % {"unit": unit},
        user=user,
    )
    return len(cases)
