"""Handing open cases to another unit: the one write that mergers and splits share.

A handed-over case keeps the unit that accepted it (``accepting_unit``), is handled by the
new unit from the day on (``unit``, ``handled_since``), gets a dated event naming the unit
it came from and a row of its handling history (``CaseHandover``), so that a case handed
over twice still counts, in every period, under the unit that held it then.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from simple_history.utils import bulk_update_with_history

from enforcement.models import CaseEvent, CaseHandover, EnforcementCase
from enforcement.services.records import record_imported_states
from organizations.models import Unit


def handover_history_complete(cases: Sequence[EnforcementCase]) -> None:
    """Write the handover a case had before its history was kept, before it is handed again.

    A case handed over once before ``CaseHandover`` existed holds that handover only in its
    columns (accepting unit, unit, since when); its row is written when it moves again, so
    the history then names every unit that held it.
    """
    earlier = [case for case in cases if case.handled_since is not None]
    if not earlier:
        return
    kept = set(
        CaseHandover.objects.filter(case__in=earlier).values_list("case_id", flat=True).distinct()
    )
    CaseHandover.objects.bulk_create(
        CaseHandover(
            case_id=case.pk,
            from_unit_id=case.accepting_unit_id,
            to_unit_id=case.unit_id,
            on=case.handled_since,
        )
        for case in earlier
        if case.pk not in kept and case.accepting_unit_id not in (None, case.unit_id)
    )


def cases_hand_over(
    cases: Sequence[EnforcementCase],
    *,
    to_unit: Unit,
    on: datetime.date,
    note: str,
    user: AbstractBaseUser,
) -> None:
    """Hand the locked open cases to the unit from the day on (each not before its acceptance)."""
    if not cases:
        return
    # Imported cases not yet changed first get the event of their imported state.
    record_imported_states(list(cases))
    handover_history_complete(cases)
    recorded_by = user if user.is_authenticated else None
    events, handovers = [], []
    for case in cases:
        handovers.append(
            CaseHandover(
                case=case,
                from_unit_id=case.unit_id,
                to_unit=to_unit,
                on=max(on, case.accepted_on),
                relayed=case.accepting_unit_id not in (None, case.unit_id),
            )
        )
        case.accepting_unit_id = case.accepting_unit_id or case.unit_id
        case.unit = to_unit
        case.handled_since = max(on, case.accepted_on)
        case._change_reason = note
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.MOVED,
                # Events keep date order, which the statistics rely on.
                occurred_on=max(on, case.state_changed_on),
                recorded_by=recorded_by,
                note=note,
                status_after=case.status,
                eligibility_after=case.eligibility,
                # A move keeps the case's enforcer.
                enforcer_id=case.enforcer_id,
            )
        )
    bulk_update_with_history(
        list(cases),
        EnforcementCase,
        ["unit", "accepting_unit", "handled_since"],
        batch_size=1000,
        default_user=recorded_by,
    )
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    CaseHandover.objects.bulk_create(handovers, batch_size=1000)
