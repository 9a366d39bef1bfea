"""What a re-imported register row is compared by: the case as its register row shows it.

A row is unchanged when it says what the register printed from the case would say: the
case's facts, parties, judgments (the structured ones; the judgment's text is how a row
wrote them), obligations, and the decisions its status columns show, each column's latest
(``enforcement.selectors.register.register_statuses``), not the case's whole history.
"""

from __future__ import annotations

import datetime

from enforcement.models import CaseEvent, CaseParty, EnforcementCase, Judgment, Obligation
from enforcement.selectors.register import EVENT_FIELDS, register_statuses, shown_decisions
from enforcement.services.register import RegisterEntry, obligation_key

# Cases read at a time, each chunk's parties, judgments, obligations and events in a query.
CHUNK = 2000


def entry_signature(entry: RegisterEntry) -> tuple:
    """Return what a re-import compares: the case's facts and everything the row lists."""
    positions: dict[str, int] = {}
    parties = []
    for party in entry.parties:
        position = positions.get(party.role, 0)
        positions[party.role] = position + 1
        parties.append((party.role, position, party.kind, party.name[:255], party.address[:255]))
    return (
        entry.unit.code,
        entry.decision_date,
        entry.accepted_on,
        entry.judgment_kind,
        entry.initiation,
        entry.notes,
        tuple(sorted(parties)),
        tuple(
            sorted((j.kind, j.number, j.issued_on, j.court_id, j.instance) for j in entry.judgments)
        ),
        tuple(sorted(o.key() for o in entry.obligations)),
        tuple(sorted((step.column, step.on) for step in entry.steps)),
        entry.received_from.pk if entry.received_from else None,
        entry.received_decision_number,
        entry.received_decision_date,
    )


def stored_signatures(ids: list[int]) -> dict[int, tuple]:
    """Return the signature of each stored case, as ``entry_signature`` gives a row's."""
    signatures: dict[int, tuple] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        parties: dict[int, list] = {pk: [] for pk in chunk}
        for case_id, *party in CaseParty.objects.filter(case_id__in=chunk).values_list(
            "case_id", "role", "position", "kind", "name", "address"
        ):
            parties[case_id].append(tuple(party))
        judgments: dict[int, list] = {pk: [] for pk in chunk}
        for case_id, *judgment in Judgment.objects.filter(case_id__in=chunk).values_list(
            "case_id", "kind", "number", "issued_on", "court_id", "instance"
        ):
            judgments[case_id].append(tuple(judgment))
        obligations: dict[int, list] = {pk: [] for pk in chunk}
        for obligation in Obligation.objects.filter(case_id__in=chunk):
            obligations[obligation.case_id].append(obligation_key(obligation))
        events: dict[int, list[CaseEvent]] = {pk: [] for pk in chunk}
        for event in (
            CaseEvent.objects.filter(case_id__in=chunk)
            .select_related("ground")
            .only(*EVENT_FIELDS)
            .order_by("occurred_on", "id")
        ):
            events[event.case_id].append(event)
        for case in EnforcementCase.objects.filter(pk__in=chunk).select_related("unit", "ground"):
            signatures[case.pk] = (
                case.unit.code,
                case.decision_date,
                case.accepted_on,
                case.judgment_kind,
                case.initiation,
                case.notes,
                tuple(sorted(parties[case.pk])),
                tuple(sorted(judgments[case.pk])),
                tuple(sorted(obligations[case.pk])),
                _shown(case, events[case.pk]),
                case.received_from_id,
                case.received_decision_number,
                case.received_decision_date,
            )
    return signatures


def _shown(case: EnforcementCase, events: list[CaseEvent]) -> tuple[tuple[str, datetime.date], ...]:
    return tuple(sorted(shown_decisions(register_statuses(case, events)).items()))
