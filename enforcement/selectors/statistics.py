"""The official yearly statistics per unit, their roll-ups and ratios.

Every figure comes from one grouped aggregate query over the cases (or from the frozen
snapshot of a closed year): each case counted in a period falls into exactly one origin
(carried over / newly accepted) and exactly one outcome (entrusted, withdrawn, not yet
eligible, completed, terminated, postponed, suspended, in progress), so the fifteen lines
of the official table reconcile by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

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
    Sum,
    Value,
    When,
)

from enforcement.models import (
    AnnualSnapshot,
    CaseEvent,
    Eligibility,
    EnforcementCase,
    LegalGround,
    StatisticalYear,
    Target,
)
from enforcement.selectors.assignment import grouping_key, keyed_parts
from enforcement.selectors.lines import (
    EMPTY,
    LINE_FIELDS,
    Lines,
    Period,
    StatisticsTable,
    UnitRatios,
    UnitStatistics,
)
from enforcement.selectors.units import child_units
from organizations.models import Unit

# A case whose state changed more than once since the period: its events tell its outcome.
LATER = "later"


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def cases_counted_in(period: Period) -> QuerySet[EnforcementCase]:
    """Return every case that counts in the period: accepted by its end, open at its start."""
    return EnforcementCase.objects.filter(accepted_on__lte=period.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )


def direct_lines(
    *, period: Period, unit_ids: Iterable[int] | None = None, by: str = "unit"
) -> dict[int | None, tuple[Lines, Lines]]:
    """Return each unit's own lines (cases, money) for the period, from grouped queries.

    ``by="enforcer"`` groups the cases of the units by their enforcer at the period's end
    (or at closing; None for cases without one) instead (``selectors.assignment``).

    The first query groups every counted case by plain columns only, so that PostgreSQL can
    run it in parallel; the outcome of each group follows from its keys, the case row's
    previous state included. Only cases still open at the period's end and changed twice
    since need their events: the second query finds those few.

    The legal ground decides: a case open at the period's end whose state then
    rested on a ground counts as that ground classifies it — not yet eligible (line 7), or
    eligible and then by its status — whatever its eligibility flag says; a state without a
    ground counts by the eligibility flag, as cases always have.
    """
    queryset = cases_counted_in(period)
    if unit_ids is not None:
        queryset = queryset.filter(unit_id__in=list(unit_ids))
    end = period.end
    changed_later = Q(state_changed_on__gt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    # Changed more than once since the end: even the previous state began after it.
    changed_twice = changed_later & (
        Q(previous_state_changed_on__isnull=True) | Q(previous_state_changed_on__gt=end)
    )
    counts: dict[int | None, dict[str, int]] = {}
    amounts: dict[int | None, dict[str, int]] = {}

    def add(key: int | None, line: str, number: int, money: int | None) -> None:
        counts.setdefault(key, dict.fromkeys(LINE_FIELDS, 0))[line] += number
        amounts.setdefault(key, dict.fromkeys(LINE_FIELDS, 0))[line] += money or 0

    def open_outcome(status: str, eligibility: str, classification: str | None) -> str:
        # A state resting on a ground counts as the ground classifies it; one without, by
        # the case's eligibility flag.
        if (classification or eligibility) == Eligibility.NOT_ELIGIBLE:
            return "not_eligible"
        return status

    not_eligible = Value("not_eligible")
    unchanged = Q(state_changed_on__lte=end)
    # No subquery and no join: the query stays parallel and groups into a few rows. The
    # grounds' catalogue is a few dozen rows, so their classification is read first and the
    # rule is a list of ids on the case row's own columns.
    not_eligible_grounds = list(
        LegalGround.objects.filter(classification=Eligibility.NOT_ELIGIBLE).values_list(
            "pk", flat=True
        )
    )
    never = Q(pk__isnull=True)
    classified = (Q(ground_id__in=not_eligible_grounds) if not_eligible_grounds else never) | (
        Q(ground_id__isnull=True) & Q(eligibility=Eligibility.NOT_ELIGIBLE)
    )
    previously_classified = (
        Q(previous_ground_id__in=not_eligible_grounds) if not_eligible_grounds else never
    ) | (Q(previous_ground_id__isnull=True) & Q(previous_eligibility=Eligibility.NOT_ELIGIBLE))
    outcome = Case(
        When(closed_on__lte=end, then=F("status")),
        When(unchanged & classified, then=not_eligible),
        When(unchanged, then=F("status")),
        When(changed_twice, then=Value(LATER)),
        When(previously_classified, then=not_eligible),
        default=F("previous_status"),
        output_field=CharField(),
    )
    for part, key in keyed_parts(queryset, by=by, end=end):
        grouped = (
            part.order_by()
            .annotate(carried=_flag(Q(accepted_on__lt=period.start)), outcome=outcome, key=key)
            .values("key", "carried", "outcome")
            .annotate(number=Count("*"), money=Sum("amount_due"))
        )
        for row in grouped:
            origin = "carried_over" if row["carried"] else "newly_accepted"
            add(row["key"], origin, row["number"], row["money"])
            if row["outcome"] != LATER:  # otherwise its outcome comes from its events, below
                add(row["key"], row["outcome"], row["number"], row["money"])
    # The few cases changed twice since the end: the state their last event on or before
    # the end left them in; "last" is an anti-join (no later event by the end).
    twice = queryset.filter(changed_twice)
    by_end = CaseEvent.objects.filter(occurred_on__lte=end)
    newer = by_end.filter(case=OuterRef("case")).filter(
        Q(occurred_on__gt=OuterRef("occurred_on"))
        | Q(occurred_on=OuterRef("occurred_on"), id__gt=OuterRef("id"))
    )
    last_states = (
        by_end.filter(case__in=twice.values("pk"))
        .filter(~Exists(newer))
        .order_by()
        .annotate(key=grouping_key(by, end, prefix="case__"))
        .values("key", "status_after", "eligibility_after", "ground__classification")
        .annotate(number=Count("*"), money=Sum("case__amount_due"))
    )
    for row in last_states:
        outcome = open_outcome(
            row["status_after"], row["eligibility_after"], row["ground__classification"]
        )
        add(row["key"], outcome, row["number"], row["money"])
    # Cases without any event by the end (entered without history) count as they stand.
    without_events = (
        twice.filter(~Exists(by_end.filter(case=OuterRef("pk"))))
        .order_by()
        .annotate(key=grouping_key(by, end))
        .values("key", "eligibility")
        .annotate(number=Count("*"), money=Sum("amount_due"))
    )
    for row in without_events:
        add(
            row["key"],
            open_outcome("in_progress", row["eligibility"], None),
            row["number"],
            row["money"],
        )
    return {key: (Lines(**counts[key]), Lines(**amounts[key])) for key in counts}


def snapshot_lines(
    *, year: StatisticalYear, unit_ids: Iterable[int] | None = None
) -> dict[int, tuple[Lines, Lines]]:
    """Return each unit's own frozen lines of a closed year."""
    snapshots = AnnualSnapshot.objects.filter(statistical_year=year)
    if unit_ids is not None:
        snapshots = snapshots.filter(unit_id__in=list(unit_ids))
    return {
        snapshot.unit_id: (
            Lines(**{name: getattr(snapshot, name) for name in LINE_FIELDS}),
            Lines(**{name: getattr(snapshot, f"{name}_money") for name in LINE_FIELDS}),
        )
        for snapshot in snapshots
    }


def _closed_year(period: Period) -> StatisticalYear | None:
    # Snapshots hold whole years; a shorter period of a closed year is computed live.
    if not period.is_full_year:
        return None
    return StatisticalYear.objects.filter(
        year=period.year, state=StatisticalYear.State.CLOSED
    ).first()


def _descendants(roots: Iterable[int]) -> dict[int, set[int]]:
    # The unit tree is small (hundreds of rows nationally): walk it in memory.
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    found: dict[int, set[int]] = {}
    for root in roots:
        seen: set[int] = set()
        pending = [root]
        while pending:
            unit_id = pending.pop()
            if unit_id not in seen:
                seen.add(unit_id)
                pending.extend(children.get(unit_id, ()))
        found[root] = seen
    return found


def _targets(*, year: int, unit_ids: Iterable[int]) -> dict[int, tuple[Decimal, Decimal]]:
    return {
        unit_id: (case_ratio, money_ratio)
        for unit_id, case_ratio, money_ratio in Target.objects.filter(
            year=year, unit_id__in=list(unit_ids)
        ).values_list("unit_id", "case_ratio", "money_ratio")
    }


def _sum(pairs: Iterable[tuple[Lines, Lines]]) -> tuple[Lines, Lines]:
    cases, money = EMPTY, EMPTY
    for case_lines, money_lines in pairs:
        cases += case_lines
        money += money_lines
    return cases, money


def enforcement_statistics(*, units: Iterable[Unit], period: Period) -> StatisticsTable:
    """Return the official table for the units, each rolled up with its descendants.

    The total counts every case once even when a unit and one of its descendants are
    both requested. A whole closed year reads its snapshot, with the targets frozen in it.
    """
    units = list(units)
    subtrees = _descendants(unit.pk for unit in units)
    every_unit = set().union(*subtrees.values()) if subtrees else set()
    closed = _closed_year(period)
    if closed is not None:
        own = snapshot_lines(year=closed, unit_ids=every_unit)
        targets = {
            unit_id: (case_target, money_target)
            for unit_id, case_target, money_target in AnnualSnapshot.objects.filter(
                statistical_year=closed, unit_id__in=[unit.pk for unit in units]
            ).values_list("unit_id", "case_target", "money_target")
        }
        missing = [unit.pk for unit in units if targets.get(unit.pk, (None, None))[0] is None]
        # A unit without a frozen row (no cases that year) may still have a target.
        for unit_id, pair in _targets(year=period.year, unit_ids=missing).items():
            targets[unit_id] = pair
    else:
        own = direct_lines(period=period, unit_ids=every_unit) if every_unit else {}
        targets = _targets(year=period.year, unit_ids=[unit.pk for unit in units])
    rows = []
    for unit in units:
        cases, money = _sum(own[unit_id] for unit_id in subtrees[unit.pk] if unit_id in own)
        case_target, money_target = targets.get(unit.pk, (None, None))
        rows.append(UnitStatistics(unit, cases, money, case_target, money_target))
    total_cases, total_money = _sum(own[unit_id] for unit_id in every_unit if unit_id in own)
    with_target = [row for row in rows if row.case_target_met is not None]
    return StatisticsTable(
        period=period,
        rows=rows,
        total=UnitStatistics(None, total_cases, total_money),
        from_snapshot=closed is not None,
        targets_met=sum(1 for row in with_target if row.case_target_met),
        targets_set=len(with_target),
    )


def unit_resolution_ratios(*, units: Iterable[Unit], year: int) -> dict[int, UnitRatios]:
    """Return each unit's yearly resolution ratios and targets, as the report shows them."""
    table = enforcement_statistics(units=units, period=Period(year=year))
    return {
        row.unit.pk: UnitRatios(
            unit_id=row.unit.pk,
            case_ratio=row.cases.ratio,
            money_ratio=row.money.ratio,
            case_target=row.case_target,
            money_target=row.money_target,
        )
        for row in table.rows
    }


def unit_statistics_table(
    *, unit: Unit, period: Period
) -> tuple[StatisticsTable, list[UnitStatistics]]:
    """Return one unit's table (its own cases, then each child unit, totalled) and its chart rows.

    The chart compares the unit with its target, and its children with theirs.
    """
    children = child_units(unit=unit, period=period)
    table = enforcement_statistics(units=[unit, *children], period=period)
    rolled, child_rows = table.rows[0], table.rows[1:]
    own_cases, own_money = rolled.cases, rolled.money
    for row in child_rows:
        own_cases -= row.cases
        own_money -= row.money
    rows = list(child_rows)
    if not own_cases.is_empty() or not child_rows:
        # The unit's target is for all its cases, so its own cases alone are not measured.
        rows.insert(0, UnitStatistics(unit, own_cases, own_money))
    measured = [row for row in [rolled, *child_rows] if row.case_target_met is not None]
    unit_table = StatisticsTable(
        period=period,
        rows=rows,
        total=rolled,
        from_snapshot=table.from_snapshot,
        targets_met=sum(1 for row in measured if row.case_target_met),
        targets_set=len(measured),
    )
    return unit_table, [rolled, *child_rows]
