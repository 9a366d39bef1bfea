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
from simple_history.utils import bulk_update_with_history

from enforcement.models import OPEN_STATUSES, CaseEvent, EnforcementCase
from enforcement.services.guards import require_permission
from enforcement.services.lineage import LINEAGE_PERMISSION, unit_lineage_record
from enforcement.services.records import record_imported_states
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
    lineage = unit.successions.filter(kind=UnitLineage.Kind.MERGER).first()
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
    successor, takeover = lineage.successor, lineage.taken_over_on
    cases = list(
        EnforcementCase.objects.select_for_update()
        .filter(unit=unit, status__in=OPEN_STATUSES)
        .order_by("pk")
    )
    if not cases:
        return 0
    # Decision numbers are unique per (issuing agency, year, number) and a moved case keeps
    # the agency that issued it: moving it to the successor cannot make a number clash.
    # Imported cases not yet changed first get the event of their imported state.
    record_imported_states(cases)
    recorded_by = user if user.is_authenticated else None
    events = []
    note = _("Moved from %(unit)s.") % {"unit": unit}
    for case in cases:
        case.accepting_unit_id = case.accepting_unit_id or case.unit_id
        case.unit = successor
        case.handled_since = max(takeover, case.accepted_on)
        case._change_reason = note
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.MOVED,
                # Events keep date order, which the statistics rely on.
                occurred_on=max(takeover, case.state_changed_on),
                recorded_by=recorded_by,
                note=note,
                status_after=case.status,
                eligibility_after=case.eligibility,
            )
        )
    bulk_update_with_history(
        cases,
        EnforcementCase,
        ["unit", "accepting_unit", "handled_since"],
        batch_size=1000,
        default_user=recorded_by,
    )
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    return len(cases)
