"""The grouped queries that count a period's cases, built from the computation's shape alone.

``counting._grouped_lines`` runs them and adds up their rows; they are compiled once per
shape (``selectors.prepared``) and take the units they count as a slot, so a report after
any office's write runs the same compiled queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from enforcement.id_lists import Slot
from enforcement.models import CaseEvent, EnforcementCase
from enforcement.selectors.assignment import grouping_key, keyed_parts
from enforcement.selectors.lineage import belonging_to, case_unit_on
from enforcement.selectors.lines import Period
from enforcement.selectors.outcomes import (
    cases_counted_in,
    changed_twice,
    flag,
    later_than,
    money_events,
    outcome_at_end,
)
from enforcement.selectors.periodic import periodic_rows

# The names of the grouped queries a computation runs (``grouped_queries``): one or two
# over the cases, one over the money moved since the period's start, one over the periodic
# obligations.
CASES, MOVED, PERIODIC = "cases", "moved", "periodic"
# Only when some counted case changed twice since the end: its state and money at the end.
LAST_STATES, WITHOUT_EVENTS = "last states", "without events"
# The units whose figures the grouped queries compute, given when they run.
UNITS = Slot("units")


@dataclass(frozen=True)
class Shape:
    """Everything a computation's grouped queries are built from, and nothing else.

    The compiled queries are kept under it (``selectors.prepared``): a report after a
    clerk's write computes the office written with the shape of the previous report's
    computation, whichever office that was (the units are a slot, given at each run).
    """

    period: Period
    # Whether only the cases of some units count (their ids are the ``UNITS`` slot, given
    # when the queries run: the lineage's origins at the end), or those of every unit.
    some_units: bool
    by: str
    split: str | None
    # What was handed over after the end (``lineage.handed_over_after``).
    handed_over: int
    few_units: bool
    # The legal grounds classified "not yet eligible", by id.
    not_eligible_grounds: tuple[int, ...]

    @property
    def own(self) -> list[str]:
        """The columns a grouped query over the cases adds to its key: the unit the case
        belonged to at the end when grouping by enforcer (each unit's part is kept apart),
        then the split's value."""
        return (["home"] if self.by != "unit" else []) + ([self.split] if self.split else [])

    @property
    def related(self) -> list[str]:
        """The same columns, read through an event or an obligation."""
        split = [f"case__{self.split}"] if self.split else []
        return (["home"] if self.by != "unit" else []) + split

    def home(self, prefix: str = "") -> dict[str, Expression]:
        """Return the ``home`` column (the unit at the end, before mergers), by enforcer."""
        if self.by == "unit":
            return {}
        return {"home": case_unit_on(self.period.end, prefix, self.handed_over)}

    def home_of_event(self) -> dict[str, Expression]:
        """Return the ``home`` column through an event."""
        return self.home("case__")

    def event_key(self) -> Expression:
        """Return what an event's row is grouped by (its case's unit or enforcer)."""
        return grouping_key(self.by, self.period.end, prefix="case__", handed_over=self.handed_over)

    def outcome(self, prefix: str = "") -> Expression:
        """Return each case's outcome at the end (``outcomes.outcome_at_end``)."""
        return outcome_at_end(
            end=self.period.end,
            not_eligible_grounds=list(self.not_eligible_grounds),
            prefix=prefix,
        )

    def belonging(self, prefix: str = "") -> Q | None:
        """Return the cases of the units of the ``UNITS`` slot, or None for every unit."""
        if not self.some_units:
            return None
        return belonging_to(UNITS, self.period.end, prefix, self.handed_over)

    def counted_cases(self) -> QuerySet[EnforcementCase]:
        """Return the cases the period counts, of the units asked for (see ``belonging``)."""
        queryset = cases_counted_in(self.period, few_units=self.few_units)
        belonging = self.belonging()
        return queryset if belonging is None else queryset.filter(belonging)


def grouped_queries(shape: Shape) -> dict[str, QuerySet]:
    """Build the grouped queries of a computation from its shape alone."""
    start, end = shape.period.start, shape.period.end
    queries: dict[str, QuerySet] = {}
    parts = keyed_parts(shape.counted_cases(), by=shape.by, end=end, handed_over=shape.handed_over)
    for number, (part, part_key) in enumerate(parts):
        queries[f"{CASES} {number}"] = (
            part.order_by()
            .annotate(
                carried=flag(Q(accepted_on__lt=start)),
                outcome=shape.outcome(),
                key=part_key,
                **shape.home(),
            )
            .values("key", *shape.own, "carried", "outcome")
            .annotate(
                number=Count("*"),
                due=Sum("amount_due"),
                balance=Sum(F("amount_due") - F("amount_recovered") - F("amount_reduced")),
            )
        )
    # The money moved since the period's start: within the period it is collected or
    # reduced; on a case carried over it was part of its balance at the start; after the
    # end, part of its balance at the end. Every money event falls on or before its case's
    # closing and on or after its acceptance, so the events from the start on of cases
    # accepted by the end are those of the counted cases; for a few units, saying that the
    # case was open at the start as well spares looking for events of those closed before.
    moved = money_events().filter(occurred_on__gte=start, case__accepted_on__lte=end)
    if shape.few_units:
        moved = moved.filter(
            later_than("case__closed_on", start - datetime.timedelta(days=1), few_units=True)
        )
    belonging = shape.belonging("case__")
    if belonging is not None:
        moved = moved.filter(belonging)
    queries[MOVED] = (
        moved.order_by()
        .annotate(
            within=flag(Q(occurred_on__lte=end)),
            carried=flag(Q(case__accepted_on__lt=start)),
            outcome=shape.outcome("case__"),
            key=shape.event_key(),
            **shape.home_of_event(),
        )
        .values("key", *shape.related, "within", "carried", "outcome")
        .annotate(collected=Sum("collected"), reduced=Sum("reduced"))
    )
    # Money by period counts only what has fallen due (``selectors.periodic``).
    queries[PERIODIC] = periodic_rows(
        period=shape.period,
        belonging=belonging,
        outcome=shape.outcome("case__"),
        key=shape.event_key(),
        home=shape.home_of_event(),
        related=shape.related,
    )
    # The few cases changed twice since the end (``counting._grouped_lines`` runs these
    # only when the cases' query found some): the state their last event on or before the
    # end left them in, with the money settled by then.
    twice = shape.counted_cases().filter(changed_twice(end, few_units=shape.few_units))
    settled_by_end = (
        money_events()
        .filter(case=OuterRef("case"), occurred_on__lte=end)
        .order_by()
        .values("case")
        .annotate(total=Sum(F("collected") + F("reduced")))
        .values("total")
    )
    queries[LAST_STATES] = (
        last_events(end)
        .filter(case__in=twice.values("pk"))
        .order_by()
        .annotate(
            settled=Coalesce(Subquery(settled_by_end), 0),
            key=shape.event_key(),
            **shape.home_of_event(),
        )
        .values(
            "key", *shape.related, "status_after", "eligibility_after", "ground__classification"
        )
        .annotate(number=Count("*"), money=Sum(F("case__amount_due") - F("settled")))
    )
    # Cases without any event by the end (entered without history) count as they stand,
    # with no money moved by then.
    queries[WITHOUT_EVENTS] = (
        twice.filter(~Exists(events_by(end).filter(case=OuterRef("pk"))))
        .order_by()
        .annotate(key=grouping_key(shape.by, end, handed_over=shape.handed_over), **shape.home())
        .values("key", *shape.own, "eligibility")
        .annotate(number=Count("*"), money=Sum("amount_due"))
    )
    return queries


def events_by(end: datetime.date) -> QuerySet[CaseEvent]:
    """Return the events that may tell a case's state at the end: those on or before it.

    Corrections of a payment are dated on the payment's day but say nothing new of the state.
    """
    return CaseEvent.objects.filter(occurred_on__lte=end).exclude(
        kind=CaseEvent.Kind.PAYMENT_CORRECTED
    )


def last_events(end: datetime.date) -> QuerySet[CaseEvent]:
    """Return each case's last event on or before the end: none of its own comes after it.

    "Last" is an anti-join (no later event by the end); events of one day are in id order.
    """
    by_end = events_by(end)
    newer = by_end.filter(case=OuterRef("case")).filter(
        Q(occurred_on__gt=OuterRef("occurred_on"))
        | Q(occurred_on=OuterRef("occurred_on"), id__gt=OuterRef("id"))
    )
    return by_end.filter(~Exists(newer))
