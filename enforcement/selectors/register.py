"""Reads of the intake register (sổ thụ lý): its cases in order, and the decisions each shows.

A register holds one row per accepted case, in the order of acceptance, and one column per
later decision (not yet eligible, withdrawn, postponed, resumed, suspended, resumed,
terminated, completed), each the decision of that event when it happened. The decisions are
read from the case's dated events, so that the row reads back as the case stands
(``enforcement.imports.register_cells.read_status_columns``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from enforcement.models import (
    CaseEvent,
    CaseParty,
    Eligibility,
    EnforcementCase,
    Judgment,
    Obligation,
    Status,
)
from enforcement.register.vocabulary import DECISION_NUMBER, StatusColumn
from organizations.models import Unit, UnitVersion

# The status a case leaves for each pause, and the register column each closing fills.
_PAUSES = {
    Status.POSTPONED: (StatusColumn.POSTPONED, StatusColumn.RESUMED_AFTER_POSTPONEMENT),
    Status.SUSPENDED: (StatusColumn.SUSPENDED, StatusColumn.RESUMED_AFTER_SUSPENSION),
}
_CLOSINGS = {
    Status.WITHDRAWN: StatusColumn.WITHDRAWN,
    Status.TERMINATED: StatusColumn.TERMINATED,
    Status.COMPLETED: StatusColumn.COMPLETED,
}

# What the status columns read of an event.
EVENT_FIELDS = (
    "id",
    "case_id",
    "kind",
    "occurred_on",
    "status_after",
    "eligibility_after",
    "note",
    "ground__provision",
)


@dataclass(frozen=True)
class RegisterDecision:
    """A decision a register cell shows: its number (if recorded), its date, and the legal
    ground it rests on as decisions cite it ("điểm c khoản 1 Điều 48"), if any."""

    number: str
    date: datetime.date
    ground: str = ""


@dataclass(frozen=True)
class RegisterStatuses:
    """The filled status columns of a case (``StatusColumn`` keys) and its entrustment out."""

    columns: dict[str, RegisterDecision]
    entrusted: RegisterDecision | None = None


def unit_and_descendant_ids(unit: Unit) -> set[int]:
    """Return the ids of the unit and of every unit below it (the tree is small)."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    found: set[int] = set()
    pending = [unit.pk]
    while pending:
        unit_id = pending.pop()
        if unit_id not in found:
            found.add(unit_id)
            pending.extend(children.get(unit_id, ()))
    return found


def register_cases(cases: QuerySet[EnforcementCase]) -> QuerySet[EnforcementCase]:
    """Return the cases in the order of acceptance, with all a register row shows prefetched."""
    return (
        cases.order_by("accepted_on", "id")
        .select_related("issuing_agency", "unit", "entrusted_to", "received_from", "ground")
        .prefetch_related(
            Prefetch("parties", queryset=CaseParty.objects.order_by("role", "position", "id")),
            Prefetch(
                "judgments",
                queryset=Judgment.objects.select_related("court").order_by("issued_on", "id"),
            ),
            Prefetch("obligations", queryset=Obligation.objects.order_by("id")),
            Prefetch(
                "events",
                queryset=CaseEvent.objects.select_related("ground")
                .only(*EVENT_FIELDS)
                .order_by("occurred_on", "id"),
            ),
        )
    )


def spans_units(cases: QuerySet[EnforcementCase], *, unit: Unit | None = None) -> bool:
    """Tell whether the register must name each case's unit: the cases are held by more than
    one unit (an agency with its offices), or by another than ``unit``, the register's own
    (a case it accepted and handed over in the 2025 reorganisation)."""
    if unit is not None:
        return cases.exclude(unit_id=unit.pk).exists()
    return cases.order_by().values("unit_id").distinct()[:2].count() > 1


def unit_register_cases(
    cases: QuerySet[EnforcementCase], *, unit: Unit, start: datetime.date, end: datetime.date
) -> QuerySet[EnforcementCase]:
    """Return the register of a unit (and the units below it): the cases they accepted in a
    period, also those handled by another unit since (``accepting_unit``), and only those:
    a case handed over by a merged agency is in that agency's register, not in the one of
    the agency that took it over (its decision is the merged agency's, numbered by it).

    ``cases`` is already scoped to the user.
    """
    units = unit_and_descendant_ids(unit)
    return register_cases(
        cases.filter(
            Q(accepting_unit__isnull=True, unit_id__in=units) | Q(accepting_unit_id__in=units),
            accepted_on__gte=start,
            accepted_on__lte=end,
        )
    )


def decision_number_in(note: str, *, besides: str = "") -> str:
    """Return the one decision number a note names ("QĐ hoãn số 12/QĐ-THADS"), else "".

    ``besides`` (the case's own enforcement decision, which a note may mention) is not one.
    """
    numbers = {number.upper(): number for number in DECISION_NUMBER.findall(note or "")}
    numbers.pop(besides.upper(), None)
    return next(iter(numbers.values())) if len(numbers) == 1 else ""


def register_statuses(case: EnforcementCase, events: Sequence[CaseEvent]) -> RegisterStatuses:
    """Return the decisions the case's status columns show, from its events in date order.

    Each column shows the latest decision of its kind. What a later decision undid is left
    out, so that the row reads back as the case stands: a resumption before a new pause of
    the same kind, a "not yet eligible" the case came out of, a closing a correction reopened.
    A state the events do not reach (a case written without them) is shown on the day it
    began.
    """
    status, eligibility = Status.IN_PROGRESS, Eligibility.ELIGIBLE
    columns: dict[str, RegisterDecision] = {}
    entrusted: RegisterDecision | None = None
    for event in events:
        number = decision_number_in(event.note, besides=case.decision_number)
        ground = event.ground.provision if event.ground_id else ""
        decision = RegisterDecision(number=number, date=event.occurred_on, ground=ground)
        new_eligibility = event.eligibility_after or eligibility
        if new_eligibility != eligibility:
            _eligibility_changed(columns, new_eligibility, decision)
            eligibility = new_eligibility
        new_status = event.status_after or status
        if new_status != status:
            entrusted = _status_changed(columns, status, new_status, decision)
            status = new_status
    day = case.closed_on or case.state_changed_on
    if case.status != status:
        ground = case.ground.provision if case.ground_id else ""
        since = RegisterDecision(number="", date=day, ground=ground)
        entrusted = _status_changed(columns, status, case.status, since)
    if case.eligibility != eligibility and case.status not in _CLOSINGS:
        _eligibility_changed(columns, case.eligibility, RegisterDecision(number="", date=day))
    return RegisterStatuses(columns=columns, entrusted=entrusted)


def shown_decisions(statuses: RegisterStatuses) -> dict[str, datetime.date]:
    """Return the day of each decision the row shows, by column key; the entrustment out
    under "entrusted_out" (the register's column of it)."""
    shown = {column: decision.date for column, decision in statuses.columns.items()}
    if statuses.entrusted is not None:
        shown["entrusted_out"] = statuses.entrusted.date
    return shown


def case_shown_decisions(case: EnforcementCase) -> dict[str, datetime.date]:
    """Return the decisions the case's register row shows (``shown_decisions``)."""
    events = case.events.select_related("ground").only(*EVENT_FIELDS).order_by("occurred_on", "id")
    return shown_decisions(register_statuses(case, list(events)))


def _eligibility_changed(
    columns: dict[str, RegisterDecision], eligibility: str, decision: RegisterDecision
) -> None:
    if eligibility == Eligibility.NOT_ELIGIBLE:
        columns[StatusColumn.NOT_ELIGIBLE] = decision
    else:
        columns.pop(StatusColumn.NOT_ELIGIBLE, None)


def _status_changed(
    columns: dict[str, RegisterDecision], before: str, after: str, decision: RegisterDecision
) -> RegisterDecision | None:
    """Fill the column of a change of status; return the decision if it entrusted the case."""
    if after in _PAUSES:
        paused, resumed = _PAUSES[after]
        columns[paused] = decision
        columns.pop(resumed, None)
    elif after in _CLOSINGS:
        columns[_CLOSINGS[after]] = decision
    elif after == Status.ENTRUSTED:
        return decision
    elif before in _PAUSES:
        columns[_PAUSES[before][1]] = decision
    else:
        # Reopened by a correction: the closing it undid is not the case's any more.
        for column in _CLOSINGS.values():
            columns.pop(column, None)
    return None


def names_on_days(cases: Iterable[EnforcementCase]) -> dict[tuple[int, datetime.date], str]:
    """Return the names of the agencies a case was entrusted to or received from, each as it
    was called on that day (the entrustment, the decision received).

    One query for all: a unit's dated names are few (a rename every few years).
    """
    wanted = set()
    for case in cases:
        if case.entrusted_to is not None and case.closed_on is not None:
            wanted.add((case.entrusted_to, case.closed_on))
        if case.received_from is not None and case.received_decision_date is not None:
            wanted.add((case.received_from, case.received_decision_date))
    versions: dict[int, list[UnitVersion]] = {}
    for version in UnitVersion.objects.filter(
        unit_id__in={unit.pk for unit, _day in wanted}
    ).order_by("unit_id", "valid_from"):
        versions.setdefault(version.unit_id, []).append(version)
    names = {}
    for unit, day in wanted:
        dated = versions.get(unit.pk, [])
        # The version in force on the day; before the first, the oldest name on record.
        in_force = [version for version in dated if version.valid_from <= day] or dated[:1]
        names[unit.pk, day] = in_force[-1].name if in_force else unit.name
    return names
