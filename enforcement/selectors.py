"""Reads of enforcement: the official yearly statistics per unit, roll-ups and ratios.

Every figure comes from one grouped aggregate query over the cases (or from the frozen
snapshot of a closed year): each case counted in a period falls into exactly one origin
(carried over / newly accepted) and exactly one outcome (entrusted, withdrawn, not yet
eligible, completed, terminated, postponed, suspended, in progress), so the fifteen lines
of the official table reconcile by construction.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

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
from django.utils import timezone

from enforcement.models import (
    YEAR_START_MONTH,
    AnnualSnapshot,
    CaseEvent,
    Eligibility,
    EnforcementCase,
    StatisticalYear,
    Target,
    statistical_year_of,
)
from organizations.models import Unit

HUNDREDTH = Decimal("0.01")
LATER = "later"

# The outcome of each case in a period, in the order of the official table.
OUTCOMES = (
    "entrusted",
    "withdrawn",
    "not_eligible",
    "completed",
    "terminated",
    "postponed",
    "suspended",
    "in_progress",
)


def percent(part: int, whole: int) -> Decimal | None:
    """Return part ÷ whole × 100 with two decimals, or None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """The first ``months`` months of a statistical year (1 October of year-1 onwards)."""

    year: int
    months: int = 12

    def __post_init__(self) -> None:
        if not 1 <= self.months <= 12:
            raise ValueError("A period lasts 1 to 12 months.")

    @property
    def start(self) -> datetime.date:
        """Return the first day: 1 October of the previous year."""
        return datetime.date(self.year - 1, YEAR_START_MONTH, 1)

    @property
    def end(self) -> datetime.date:
        """Return the last day of the period's last month."""
        month_index = YEAR_START_MONTH - 1 + self.months - 1
        year = self.year - 1 + month_index // 12
        month = month_index % 12 + 1
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def is_full_year(self) -> bool:
        """Tell whether the period is the whole statistical year."""
        return self.months == 12


@dataclass(frozen=True)
class Lines:
    """The independent lines of the official table; the others derive from them."""

    carried_over: int = 0
    newly_accepted: int = 0
    entrusted: int = 0
    withdrawn: int = 0
    not_eligible: int = 0
    completed: int = 0
    terminated: int = 0
    postponed: int = 0
    suspended: int = 0
    in_progress: int = 0

    def __add__(self, other: Lines) -> Lines:
        return Lines(**{name: getattr(self, name) + getattr(other, name) for name in LINE_FIELDS})

    def __sub__(self, other: Lines) -> Lines:
        return Lines(**{name: getattr(self, name) - getattr(other, name) for name in LINE_FIELDS})

    @property
    def total(self) -> int:
        """Line 3: carried over plus newly accepted."""
        return self.carried_over + self.newly_accepted

    @property
    def to_enforce(self) -> int:
        """Line 6: total less entrusted out and withdrawn."""
        return self.total - self.entrusted - self.withdrawn

    @property
    def eligible(self) -> int:
        """Line 8: to enforce less not yet eligible."""
        return self.to_enforce - self.not_eligible

    @property
    def resolved(self) -> int:
        """Line 11: completed plus terminated."""
        return self.completed + self.terminated

    @property
    def pending(self) -> int:
        """Line 12: eligible but not resolved (postponed, suspended or in progress)."""
        return self.postponed + self.suspended + self.in_progress

    @property
    def carried_to_next(self) -> int:
        """Line 13: to enforce less resolved; line 1 of the next year."""
        return self.to_enforce - self.resolved

    @property
    def ratio(self) -> Decimal | None:
        """Line 14: resolved ÷ eligible × 100."""
        return percent(self.resolved, self.eligible)

    def is_empty(self) -> bool:
        """Tell whether no case counts at all."""
        return self.total == 0


LINE_FIELDS = tuple(item.name for item in fields(Lines))
EMPTY = Lines()


@dataclass(frozen=True)
class UnitStatistics:
    """The table row of one unit (its own cases and its descendants'), or of a total."""

    unit: Unit | None
    cases: Lines
    money: Lines
    case_target: Decimal | None = None
    money_target: Decimal | None = None

    @property
    def case_difference(self) -> Decimal | None:
        """Return ratio less target in cases, in percentage points."""
        if self.cases.ratio is None or self.case_target is None:
            return None
        return self.cases.ratio - self.case_target

    @property
    def money_difference(self) -> Decimal | None:
        """Return ratio less target in money, in percentage points."""
        if self.money.ratio is None or self.money_target is None:
            return None
        return self.money.ratio - self.money_target

    @property
    def case_target_met(self) -> bool | None:
        """Tell whether the case ratio reached the target; None without a target."""
        difference = self.case_difference
        return None if difference is None else difference >= 0

    @property
    def money_target_met(self) -> bool | None:
        """Tell whether the money ratio reached the target; None without a target."""
        difference = self.money_difference
        return None if difference is None else difference >= 0


@dataclass(frozen=True)
class StatisticsTable:
    """The official table for a period: one row per requested unit, and their total."""

    period: Period
    rows: list[UnitStatistics]
    total: UnitStatistics
    from_snapshot: bool = False
    targets_met: int = field(default=0)
    targets_set: int = field(default=0)


@dataclass(frozen=True)
class UnitRatios:
    """A unit's resolution ratios and targets for a year, in percent with two decimals."""

    unit_id: int
    case_ratio: Decimal | None
    money_ratio: Decimal | None
    case_target: Decimal | None
    money_target: Decimal | None


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def cases_counted_in(period: Period) -> QuerySet[EnforcementCase]:
    """Return every case that counts in the period: accepted by its end, open at its start."""
    return EnforcementCase.objects.filter(accepted_on__lte=period.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )


def direct_lines(
    *, period: Period, unit_ids: Iterable[int] | None = None
) -> dict[int, tuple[Lines, Lines]]:
    """Return each unit's own lines (cases, money) for the period, from grouped queries.

    The first query groups every counted case by plain columns only, so that PostgreSQL can
    run it in parallel over the narrow covering index; the outcome of each group follows
    from its keys, the case row's previous state included. Only cases still open at the
    period's end and changed twice since need their events: the second query finds those few.
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
    counts: dict[int, dict[str, int]] = {}
    amounts: dict[int, dict[str, int]] = {}

    def add(unit_id: int, line: str, number: int, money: int | None) -> None:
        counts.setdefault(unit_id, dict.fromkeys(LINE_FIELDS, 0))[line] += number
        amounts.setdefault(unit_id, dict.fromkeys(LINE_FIELDS, 0))[line] += money or 0

    def open_outcome(status: str, eligibility: str) -> str:
        return "not_eligible" if eligibility == Eligibility.NOT_ELIGIBLE else status

    not_eligible = Value("not_eligible")
    unchanged = Q(state_changed_on__lte=end)
    # Plain columns only, no subquery: the query stays parallel and groups into a few rows.
    outcome = Case(
        When(closed_on__lte=end, then=F("status")),
        When(unchanged & Q(eligibility=Eligibility.NOT_ELIGIBLE), then=not_eligible),
        When(unchanged, then=F("status")),
        When(changed_twice, then=Value(LATER)),
        When(previous_eligibility=Eligibility.NOT_ELIGIBLE, then=not_eligible),
        default=F("previous_status"),
        output_field=CharField(),
    )
    grouped = (
        queryset.order_by()
        .annotate(carried=_flag(Q(accepted_on__lt=period.start)), outcome=outcome)
        .values("unit_id", "carried", "outcome")
        .annotate(number=Count("*"), money=Sum("amount_due"))
    )
    for row in grouped:
        origin = "carried_over" if row["carried"] else "newly_accepted"
        add(row["unit_id"], origin, row["number"], row["money"])
        if row["outcome"] != LATER:  # otherwise its outcome comes from its events, below
            add(row["unit_id"], row["outcome"], row["number"], row["money"])
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
        .values("case__unit_id", "status_after", "eligibility_after")
        .annotate(number=Count("*"), money=Sum("case__amount_due"))
    )
    for row in last_states:
        outcome = open_outcome(row["status_after"], row["eligibility_after"])
        add(row["case__unit_id"], outcome, row["number"], row["money"])
    # Cases without any event by the end (entered without history) count as they stand.
    without_events = (
        twice.filter(~Exists(by_end.filter(case=OuterRef("pk"))))
        .order_by()
        .values("unit_id", "eligibility")
        .annotate(number=Count("*"), money=Sum("amount_due"))
    )
    for row in without_events:
        add(
            row["unit_id"],
            open_outcome("in_progress", row["eligibility"]),
            row["number"],
            row["money"],
        )
    return {unit_id: (Lines(**counts[unit_id]), Lines(**amounts[unit_id])) for unit_id in counts}


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


def report_units(*, scope: QuerySet[Unit], period: Period) -> list[Unit]:
    """Return the topmost enforcement units of a scope that existed during the period."""
    candidates = list(
        scope.filter(
            kind__in=(Unit.Kind.ENFORCEMENT_AGENCY, Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE),
            valid_from__lte=period.end,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("code")
    )
    ids = {unit.pk for unit in candidates}
    return [unit for unit in candidates if unit.parent_id not in ids]


def child_units(*, unit: Unit, period: Period) -> list[Unit]:
    """Return a unit's children that existed during the period."""
    return list(
        unit.children.filter(valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("code")
    )


def default_report_year() -> int:
    """Return the latest statistical year with work recorded, else the current one."""
    latest = StatisticalYear.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or statistical_year_of(timezone.localdate())


def available_years() -> list[int]:
    """Return the statistical years a user can pick, newest first: the last ten and any recorded."""
    current = statistical_year_of(timezone.localdate())
    years = set(StatisticalYear.objects.values_list("year", flat=True))
    years.update(range(current - 9, current + 1))
    return sorted(years, reverse=True)
