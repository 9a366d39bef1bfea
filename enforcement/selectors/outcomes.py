"""What each counted case is at a period's end: the expressions the statistics group by.

Which cases a period counts (accepted by its end, open at its start), and each case's
outcome at the end from the case row's own columns (``outcome_at_end``); a case changed
twice since the end is ``LATER``, its events tell (``selectors.counting``).
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

from enforcement.models import CaseEvent, Eligibility, EnforcementCase
from enforcement.models.cases import NEVER_CLOSED
from enforcement.selectors.lines import Period

# A case whose state changed more than once since the period: its events tell its outcome.
LATER = "later"


def flag(condition: Q) -> ExpressionWrapper:
    """Return the condition as a boolean column."""
    return ExpressionWrapper(condition, output_field=BooleanField())


# Up to how many units a computation reads the units' own cases rather than the ranges of
# the days' indexes (``later_than``): a report after a few units were written, a province.
FEW_UNITS = 100


def cases_counted_in(period: Period, *, few_units: bool = False) -> QuerySet[EnforcementCase]:
    """Return every case that counts in the period: accepted by its end, open at its start.

    ``few_units``: the query will also name the units, as when the figures of a few units
    are computed again; see ``later_than``.
    """
    if not few_units:
        return EnforcementCase.objects.filter(accepted_on__lte=period.end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
        )
    return EnforcementCase.objects.filter(
        Q(accepted_on__lte=period.end),
        later_than("closed_on", period.start - datetime.timedelta(days=1), few_units=True),
    )


def prefixed(prefix: str, **lookups: object) -> Q:
    return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})


def later_than(field: str, day: datetime.date, *, few_units: bool = False) -> Q:
    """Return the rows whose day in the field is after the day; an empty field is never.

    Over every unit, each branch is an index range. For a few units, the day is one
    expression: PostgreSQL would otherwise intersect the units' own cases with the hundreds
    of thousands of rows of the field's index matching "is null" or "after the day" (90 ms a
    unit at ten million cases, against 5 ms reading the unit's cases and filtering them).
    """
    if few_units:
        return Q(GreaterThan(Coalesce(F(field), Value(NEVER_CLOSED)), day))
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": day})


def changed_twice(end: datetime.date, prefix: str = "", *, few_units: bool = False) -> Q:
    """Open at the end and changed more than once since: even the previous state began after."""
    # The day of the state is never empty: for a few units, one expression all the same, so
    # that PostgreSQL does not intersect their cases with the million rows of its index
    # changed since a day a year or two back (93 ms of a 125 ms query at ten million cases).
    return (
        (
            later_than(f"{prefix}state_changed_on", end, few_units=True)
            if few_units
            else prefixed(prefix, state_changed_on__gt=end)
        )
        & later_than(f"{prefix}closed_on", end, few_units=few_units)
        & later_than(f"{prefix}previous_state_changed_on", end, few_units=few_units)
    )


def outcome_at_end(
    *, end: datetime.date, not_eligible_grounds: list[int], prefix: str = ""
) -> Case:
    """Return each case's outcome at the period's end, from the case row's own columns.

    ``prefix`` reads the columns through a relation (``case__`` from an event). A case
    changed twice since the end gets ``LATER``: its events tell its outcome.
    """

    def q(**lookups: object) -> Q:
        return prefixed(prefix, **lookups)

    unchanged = q(state_changed_on__lte=end)
    # No subquery and no join: the query stays parallel and groups into a few rows. The
    # grounds' catalogue is a few dozen rows, so their classification is read first and the
    # rule is a list of ids on the case row's own columns.
    never = q(pk__isnull=True)
    classified = (q(ground_id__in=not_eligible_grounds) if not_eligible_grounds else never) | (
        q(ground_id__isnull=True) & q(eligibility=Eligibility.NOT_ELIGIBLE)
    )
    previously_classified = (
        q(previous_ground_id__in=not_eligible_grounds) if not_eligible_grounds else never
    ) | (q(previous_ground_id__isnull=True) & q(previous_eligibility=Eligibility.NOT_ELIGIBLE))
    not_eligible = Value("not_eligible")
    return Case(
        When(q(closed_on__lte=end), then=F(f"{prefix}status")),
        When(unchanged & classified, then=not_eligible),
        When(unchanged, then=F(f"{prefix}status")),
        When(changed_twice(end, prefix), then=Value(LATER)),
        When(previously_classified, then=not_eligible),
        default=F(f"{prefix}previous_status"),
        output_field=CharField(),
    )


def money_events() -> QuerySet[CaseEvent]:
    # The events that moved money: payments, reductions and their corrections.
    return CaseEvent.objects.exclude(collected=0, reduced=0)
