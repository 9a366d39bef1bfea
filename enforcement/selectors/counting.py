"""How each unit's own lines (cases, money) are counted from its cases and their events.

One grouped aggregate query over the cases counted in a period gives each unit's lines:
each case falls into exactly one origin (carried over / newly accepted) and exactly one
outcome (entrusted, withdrawn, not yet eligible, completed, terminated, postponed,
suspended, in progress), so the fifteen lines of the official table reconcile by
construction. ``direct_lines`` reads the figures kept for the units not written since
(``selectors.kept``) and computes the others; ``computed_lines`` always computes.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

from enforcement.models import (
    CaseEvent,
    Eligibility,
    EnforcementCase,
    LegalGround,
)
from enforcement.selectors.assignment import check_grouping, grouping_key, keyed_parts
from enforcement.selectors.kept import Parts, Rebuilt, kept_parts, rebuild_parts, shaped
from enforcement.selectors.lineage import (
    Lineage,
    belonging_to,
    case_unit_on,
    handed_over_after,
    unit_lineage,
)
from enforcement.selectors.lines import (
    LINE_FIELDS,
    Lines,
    Period,
)
from enforcement.selectors.periodic import add_periodic_money, periodic_schedules
from enforcement.selectors.settings import SERIAL_UNITS, roomy_aggregates, serial

# A case whose state changed more than once since the period: its events tell its outcome.
LATER = "later"


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


# Up to how many units a computation reads the units' own cases rather than the ranges of
# the days' indexes (``_later_than``): a report after a few units were written, a province.
FEW_UNITS = 100
# The day an open case is treated as closed on, when asking whether it was open on a day.
NEVER_CLOSED = datetime.date.max


def cases_counted_in(period: Period, *, few_units: bool = False) -> QuerySet[EnforcementCase]:
    """Return every case that counts in the period: accepted by its end, open at its start.

    ``few_units``: the query will also name the units, as when the figures of a few units
    are computed again; see ``_later_than``.
    """
    if not few_units:
        return EnforcementCase.objects.filter(accepted_on__lte=period.end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
        )
    return EnforcementCase.objects.filter(
        Q(accepted_on__lte=period.end),
        _later_than("closed_on", period.start - datetime.timedelta(days=1), few_units=True),
    )


def _prefixed(prefix: str, **lookups: object) -> Q:
    return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})


def _later_than(field: str, day: datetime.date, *, few_units: bool = False) -> Q:
    """Return the rows whose day in the field is after the day; an empty field is never.

    Over every unit, each branch is an index range. For a few units, the day is one
    expression: PostgreSQL would otherwise intersect the units' own cases with the hundreds
    of thousands of rows of the field's index matching "is null" or "after the day" (90 ms a
    unit at ten million cases, against 5 ms reading the unit's cases and filtering them).
    """
    if few_units:
        return Q(GreaterThan(Coalesce(F(field), Value(NEVER_CLOSED)), day))
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": day})


def _changed_twice(end: datetime.date, prefix: str = "", *, few_units: bool = False) -> Q:
    """Open at the end and changed more than once since: even the previous state began after."""
    # The day of the state is never empty: for a few units, one expression all the same, so
    # that PostgreSQL does not intersect their cases with the million rows of its index
    # changed since a day a year or two back (93 ms of a 125 ms query at ten million cases).
    return (
        (
            _later_than(f"{prefix}state_changed_on", end, few_units=True)
            if few_units
            else _prefixed(prefix, state_changed_on__gt=end)
        )
        & _later_than(f"{prefix}closed_on", end, few_units=few_units)
        & _later_than(f"{prefix}previous_state_changed_on", end, few_units=few_units)
    )


def _outcome(*, end: datetime.date, not_eligible_grounds: list[int], prefix: str = "") -> Case:
    """Return each case's outcome at the period's end, from the case row's own columns.

    ``prefix`` reads the columns through a relation (``case__`` from an event). A case
    changed twice since the end gets ``LATER``: its events tell its outcome.
    """

    def q(**lookups: object) -> Q:
        return _prefixed(prefix, **lookups)

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
        When(_changed_twice(end, prefix), then=Value(LATER)),
        When(previously_classified, then=not_eligible),
        default=F(f"{prefix}previous_status"),
        output_field=CharField(),
    )


def _money_events() -> QuerySet[CaseEvent]:
    # The events that moved money: payments, reductions and their corrections.
    return CaseEvent.objects.exclude(collected=0, reduced=0)


def direct_lines(
    *,
    period: Period,
    unit_ids: Iterable[int] | None = None,
    by: str = "unit",
    split: str | None = None,
    lineage: Lineage | None = None,
) -> dict[Any, tuple[Lines, Lines]]:
    """Return each unit's own lines (cases, money) for the period; see ``_direct_lines``.

    Each unit's figures are kept until its cases change (``selectors.kept``): only the
    units written since their figures were kept are computed.
    """
    check_grouping(by)
    lineage = lineage or unit_lineage()
    with roomy_aggregates():
        parts = kept_parts(
            period=period,
            unit_ids=unit_ids,
            by=by,
            split=split,
            compute=lambda stale: _direct_lines(
                period=period, unit_ids=stale, by=by, split=split, lineage=lineage
            ),
            lineage=lineage,
        )
    return shaped(parts, by=by, split=split)


def rebuild_lines(
    *, period: Period, by: str = "unit", split: str | None = None, only_outdated: bool = False
) -> Rebuilt:
    """Compute every unit's kept lines again and report those that differ; see ``rebuild_parts``."""
    check_grouping(by)
    lineage = unit_lineage()
    with roomy_aggregates():
        return rebuild_parts(
            period=period,
            by=by,
            split=split,
            compute=lambda units: _direct_lines(
                period=period, unit_ids=units, by=by, split=split, lineage=lineage
            ),
            only_outdated=only_outdated,
            lineage=lineage,
        )


def computed_lines(
    *,
    period: Period,
    unit_ids: Iterable[int] | None = None,
    by: str = "unit",
    split: str | None = None,
) -> dict[Any, tuple[Lines, Lines]]:
    """Return the same lines as ``direct_lines``, computed from the cases whatever is kept.

    Closing a year freezes figures computed this way.
    """
    with roomy_aggregates():
        parts = _direct_lines(period=period, unit_ids=unit_ids, by=by, split=split)
    return shaped(parts, by=by, split=split)


def _direct_lines(
    *,
    period: Period,
    unit_ids: Iterable[int] | None = None,
    by: str = "unit",
    split: str | None = None,
    lineage: Lineage | None = None,
) -> Parts:
    """Return each unit's own lines (cases, money) for the period; see ``_grouped_lines``.

    A few units are computed without parallel workers (``settings.SERIAL_UNITS``).
    """
    lineage = lineage or unit_lineage()
    unit_ids = None if unit_ids is None else list(unit_ids)
    few = unit_ids is not None and len(lineage.origins(unit_ids, period.end)) <= SERIAL_UNITS
    with serial() if few else contextlib.nullcontext():
        return _grouped_lines(period=period, unit_ids=unit_ids, by=by, split=split, lineage=lineage)


def _grouped_lines(
    *,
    period: Period,
    unit_ids: list[int] | None,
    by: str,
    split: str | None,
    lineage: Lineage,
) -> Parts:
    """Return each unit's own lines (cases, money) for the period, from grouped queries.

    The first query groups every counted case by plain columns only, so that PostgreSQL can
    run it in parallel; the outcome of each group follows from its keys, the case row's
    previous state included. Only cases still open at the period's end and changed twice
    since need their events: a later query finds those few.

    Money (DESIGN §5, Thông tư 05/2024/TT-BTP counts the money actually collected): with a
    case's balance(t) = amount due − reductions up to t − money collected up to t, a case
    carried over brings its balance at the period's start and a new one its amount due; the
    money collected within the period is completed, the reductions and exemptions within it
    are reduced, and the case's balance at its closing (entrusted, withdrawn, terminated,
    completed) or at the period's end (not yet eligible, postponed, suspended, in progress)
    goes to its outcome. The case row holds today's balance; the money events since the
    period's start turn it into the balance at the start and at the end, in one grouped
    query over those events. Every case's money therefore reconciles: what it brought
    equals what was collected, reduced and left. Money ordered by period (child support)
    counts only what has fallen due: the few cases with such an obligation are corrected
    by one more query (``selectors.periodic``, which also says which obligations count).

    Each case counts under the unit it belonged to at the period's end, followed through
    the mergers taken over by then (``selectors.lineage``): the grouped queries key each
    case by the unit it belonged to, and the few keys are mapped through the lineage here.

    ``by="enforcer"`` groups the cases of the units by their enforcer at the period's end
    (or at closing; None for cases without one) instead (``selectors.assignment``).

    ``split`` names a column of the case the official forms keep apart (``initiation``,
    ``judgment_kind``): each unit's lines are then given per value.

    The lines are keyed (unit, rest): ``rest`` is empty by unit, (enforcer,) by enforcer,
    with the split's value appended (``selectors.kept.shaped`` keys them for the reports).

    The legal ground decides: a case open at the period's end whose state then
    rested on a ground counts as that ground classifies it — not yet eligible (line 7), or
    eligible and then by its status — whatever its eligibility flag says; a state without a
    ground counts by the eligibility flag, as cases always have.
    """
    start, end = period.start, period.end
    few_units = unit_ids is not None and len(unit_ids) <= FEW_UNITS
    queryset = cases_counted_in(period, few_units=few_units)
    # Only when a case was handed over after the end does any case need its accepting unit.
    handed_over = handed_over_after(end)
    origins: set[int] | None = None
    if unit_ids is not None:
        origins = lineage.origins(unit_ids, end)
        queryset = queryset.filter(belonging_to(origins, end, handed_over=handed_over))
    counts: dict[Any, dict[str, int]] = {}
    amounts: dict[Any, dict[str, int]] = {}
    # The columns each grouped query adds, on the case and through an event: the unit when
    # grouping by enforcer (each unit's part is kept apart), then the split.
    # ``home``: the unit the case belonged to at the end, before following mergers.
    own = (["home"] if by != "unit" else []) + ([split] if split else [])
    related = (["home"] if by != "unit" else []) + ([f"case__{split}"] if split else [])
    home = {"home": case_unit_on(end, handed_over=handed_over)} if by != "unit" else {}
    home_of_event = {"home": case_unit_on(end, "case__", handed_over)} if by != "unit" else {}
    event_key = grouping_key(by, end, prefix="case__", handed_over=handed_over)

    def key(row: dict[str, Any], through_event: bool = False) -> tuple[int, tuple[Any, ...]]:
        # (unit, rest): the row's unit at the end, and its enforcer and split's value as the
        # key needs.
        values = tuple(row[name] for name in (related if through_event else own))
        if by == "unit":
            return lineage.unit_on(row["key"], end), values
        return lineage.unit_on(values[0], end), (row["key"], *values[1:])

    def add(unit_id: Any, line: str, number: int, money: int | None) -> None:
        counts.setdefault(unit_id, dict.fromkeys(LINE_FIELDS, 0))[line] += number
        amounts.setdefault(unit_id, dict.fromkeys(LINE_FIELDS, 0))[line] += money or 0

    def open_outcome(status: str, eligibility: str, classification: str | None) -> str:
        # A state resting on a ground counts as the ground classifies it; one without, by
        # the case's eligibility flag.
        if (classification or eligibility) == Eligibility.NOT_ELIGIBLE:
            return "not_eligible"
        return status

    not_eligible_grounds = list(
        LegalGround.objects.filter(classification=Eligibility.NOT_ELIGIBLE).values_list(
            "pk", flat=True
        )
    )
    outcome = _outcome(end=end, not_eligible_grounds=not_eligible_grounds)
    # Whether any case was changed twice since the end (its outcome needs its events).
    later = False
    for part, part_key in keyed_parts(queryset, by=by, end=end, handed_over=handed_over):
        grouped = (
            part.order_by()
            .annotate(
                carried=_flag(Q(accepted_on__lt=start)), outcome=outcome, key=part_key, **home
            )
            .values("key", *own, "carried", "outcome")
            .annotate(
                number=Count("*"),
                due=Sum("amount_due"),
                balance=Sum(F("amount_due") - F("amount_recovered") - F("amount_reduced")),
            )
        )
        for row in grouped:
            unit_id, balance = key(row), row["balance"]
            if row["carried"]:
                add(unit_id, "carried_over", row["number"], balance)
            else:
                add(unit_id, "newly_accepted", row["number"], row["due"])
            if row["outcome"] != LATER:  # otherwise its outcome comes from its events, below
                add(unit_id, row["outcome"], row["number"], balance)
            else:
                later = True
    # The money moved since the period's start: within the period it is collected or
    # reduced; on a case carried over it was part of its balance at the start; after the
    # end, part of its balance at the end. Every money event falls on or before its case's
    # closing and on or after its acceptance, so the events from the start on of cases
    # accepted by the end are those of the counted cases; for a few units, saying that the
    # case was open at the start as well spares looking for events of those closed before.
    moved = _money_events().filter(occurred_on__gte=start, case__accepted_on__lte=end)
    if few_units:
        moved = moved.filter(
            _later_than("case__closed_on", start - datetime.timedelta(days=1), few_units=True)
        )
    if origins is not None:
        moved = moved.filter(belonging_to(origins, end, "case__", handed_over))
    moved = (
        moved.order_by()
        .annotate(
            within=_flag(Q(occurred_on__lte=end)),
            carried=_flag(Q(case__accepted_on__lt=start)),
            outcome=_outcome(end=end, not_eligible_grounds=not_eligible_grounds, prefix="case__"),
            key=event_key,
            **home_of_event,
        )
        .values("key", *related, "within", "carried", "outcome")
        .annotate(collected=Sum("collected"), reduced=Sum("reduced"))
    )
    for row in moved:
        unit_id, both = key(row, through_event=True), row["collected"] + row["reduced"]
        if row["carried"]:
            add(unit_id, "carried_over", 0, both)
        if row["within"]:
            add(unit_id, "completed", 0, row["collected"])
            add(unit_id, "reduced", 0, row["reduced"])
        elif row["outcome"] != LATER:
            add(unit_id, row["outcome"], 0, both)
    # The few cases changed twice since the end: the state their last event on or before
    # the end left them in; "last" is an anti-join (no later event by the end). Corrections
    # of a payment are dated on the payment's day but say nothing new of the state.
    by_end = CaseEvent.objects.filter(occurred_on__lte=end).exclude(
        kind=CaseEvent.Kind.PAYMENT_CORRECTED
    )
    newer = by_end.filter(case=OuterRef("case")).filter(
        Q(occurred_on__gt=OuterRef("occurred_on"))
        | Q(occurred_on=OuterRef("occurred_on"), id__gt=OuterRef("id"))
    )
    # Only when the grouped query found such cases (none, most often, for a period ending
    # before today by more than a few days: each costs a look at the unit's recent changes).
    if later:
        twice = queryset.filter(_changed_twice(end, few_units=few_units))
        settled_by_end = (
            _money_events()
            .filter(case=OuterRef("case"), occurred_on__lte=end)
            .order_by()
            .values("case")
            .annotate(total=Sum(F("collected") + F("reduced")))
            .values("total")
        )
        last_states = (
            by_end.filter(case__in=twice.values("pk"))
            .filter(~Exists(newer))
            .order_by()
            .annotate(
                settled=Coalesce(Subquery(settled_by_end), 0),
                key=event_key,
                **home_of_event,
            )
            .values(
                "key",
                *related,
                "status_after",
                "eligibility_after",
                "ground__classification",
            )
            .annotate(number=Count("*"), money=Sum(F("case__amount_due") - F("settled")))
        )
        for row in last_states:
            outcome_at_end = open_outcome(
                row["status_after"], row["eligibility_after"], row["ground__classification"]
            )
            add(key(row, through_event=True), outcome_at_end, row["number"], row["money"])
        # Cases without any event by the end (entered without history) count as they stand,
        # with no money moved by then.
        without_events = (
            twice.filter(~Exists(by_end.filter(case=OuterRef("pk"))))
            .order_by()
            .annotate(key=grouping_key(by, end, handed_over=handed_over), **home)
            .values("key", *own, "eligibility")
            .annotate(number=Count("*"), money=Sum("amount_due"))
        )
        for row in without_events:
            add(
                key(row),
                open_outcome("in_progress", row["eligibility"], None),
                row["number"],
                row["money"],
            )
    # Money by period counts only what has fallen due (``selectors.periodic``).

    def later_outcomes(case_ids: set[int]) -> dict[int, str]:
        # The outcome at the end of each case changed twice since: as ``last_states`` reads it.
        found = {
            row["case_id"]: open_outcome(
                row["status_after"], row["eligibility_after"], row["ground__classification"]
            )
            for row in by_end.filter(case__in=case_ids)
            .filter(~Exists(newer))
            .values("case_id", "status_after", "eligibility_after", "ground__classification")
        }
        for case_id, eligibility in EnforcementCase.objects.filter(
            pk__in=case_ids - found.keys()
        ).values_list("pk", "eligibility"):
            found[case_id] = open_outcome("in_progress", eligibility, None)
        return found

    add_periodic_money(
        periodic_schedules(
            period=period,
            belonging=belonging_to(origins, end, "case__", handed_over)
            if origins is not None
            else None,
            outcome=_outcome(end=end, not_eligible_grounds=not_eligible_grounds, prefix="case__"),
            key=event_key,
            home=home_of_event,
            related=related,
        ),
        later=LATER,
        later_outcomes=later_outcomes,
        key=lambda row: key(row, through_event=True),
        add=add,
    )
    return {unit_id: (Lines(**counts[unit_id]), Lines(**amounts[unit_id])) for unit_id in counts}
