"""Unit merger: a closed unit's open cases move to its successor; its history stays."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from enforcement.models import OPEN_STATUSES, CaseEvent, EnforcementCase
from enforcement.services.guards import require_permission
from enforcement.services.records import record_imported_states
from organizations.models import Unit


@transaction.atomic
def unit_merge_into_successor(*, user: AbstractBaseUser, unit: Unit) -> int:
    """Move the open cases of a unit that has ended to its successor; return how many moved.

    Closed cases stay with the old unit, so its past figures read as they were; each moved
    case gets a dated event naming the unit it came from. Running it again moves nothing.
    """
    require_permission(user, "enforcement.merge_unit_cases")
    if unit.valid_to is None or unit.successor_id is None:
        raise ValidationError(
            _("%(unit)s has no end date and successor: set them before merging."),
            params={"unit": unit},
        )
    successor = unit.successor
    takeover = unit.valid_to + datetime.timedelta(days=1)
    cases = list(
        EnforcementCase.objects.select_for_update()
        .filter(unit=unit, status__in=OPEN_STATUSES)
        .order_by("pk")
    )
    if not cases:
        return 0
    clashes = sorted(
        EnforcementCase.objects.filter(
            unit=successor, decision_number__in=[case.decision_number for case in cases]
        ).values_list("decision_number", flat=True)
    )
    if clashes:
        raise ValidationError(
            _("%(successor)s already has cases numbered %(numbers)s: renumber them first."),
            params={"successor": successor, "numbers": ", ".join(clashes[:5])},
        )
    # Imported cases not yet changed first get the event of their imported state.
    record_imported_states(cases)
    recorded_by = user if user.is_authenticated else None
    events = []
    note = _("Moved from %(unit)s.") % {"unit": unit}
    for case in cases:
        case.unit = successor
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
        cases, EnforcementCase, ["unit"], batch_size=1000, default_user=recorded_by
    )
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    return len(cases)
