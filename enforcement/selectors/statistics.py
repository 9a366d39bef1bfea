"""The official yearly statistics per unit, their roll-ups and ratios.

Each unit's own lines come from its cases (``selectors.counting``) or, for a whole closed
year, from the frozen snapshot; a unit's row sums those of every unit under it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from enforcement.models import (
    AnnualSnapshot,
    MoneyBasis,
    StatisticalYear,
    Target,
)
from enforcement.selectors.counting import direct_lines
from enforcement.selectors.lineage import (
    Lineage,
    unit_lineage,
)
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
from organizations.selectors import unit_names_on


def snapshot_lines(
    *,
    year: StatisticalYear,
    unit_ids: Iterable[int] | None = None,
    lineage: Lineage | None = None,
) -> dict[int, tuple[Lines, Lines]]:
    """Return each unit's own frozen lines of a closed year.

    A unit merged by the year's end (a merger recorded after the year was closed) has its
    frozen row read under its successor, as its cases would now be counted
    (``selectors.lineage``): the rows move whole, so every total stays as it was frozen.
    """
    end = year.bounds[1]
    lineage = lineage or unit_lineage()
    snapshots = AnnualSnapshot.objects.filter(statistical_year=year)
    if unit_ids is not None:
        snapshots = snapshots.filter(unit_id__in=lineage.origins(unit_ids, end))
    lines: dict[int, tuple[Lines, Lines]] = {}
    for snapshot in snapshots:
        unit_id = lineage.unit_on(snapshot.unit_id, end)
        cases, money = lines.get(unit_id, (EMPTY, EMPTY))
        lines[unit_id] = (
            cases + Lines(**{name: getattr(snapshot, name) for name in LINE_FIELDS}),
            money + Lines(**{name: getattr(snapshot, f"{name}_money") for name in LINE_FIELDS}),
        )
    return lines


def _closed_year(period: Period) -> StatisticalYear | None:
    # Snapshots hold whole years; a shorter period of a closed year is computed live.
    if not period.is_full_year:
        return None
    return StatisticalYear.objects.filter(
        year=period.year, state=StatisticalYear.State.CLOSED
    ).first()


def unit_subtrees(roots: Iterable[int]) -> dict[int, set[int]]:
    """Return each root unit with every unit under it."""
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


def sum_lines(pairs: Iterable[tuple[Lines, Lines]]) -> tuple[Lines, Lines]:
    """Return the (cases, money) pairs added up."""
    pairs = list(pairs)
    return Lines.total_of(cases for cases, _ in pairs), Lines.total_of(money for _, money in pairs)


def _included(
    units: list[Unit], period: Period, lineage: Lineage
) -> dict[int, tuple[tuple[str, datetime.date], ...]]:
    # Each unit's predecessors merged into it within the period, named as on their last day.
    found = lineage.included([unit.pk for unit in units], period.start, period.end)
    if not found:
        return {}
    predecessors = Unit.objects.in_bulk(
        {unit_id for pairs in found.values() for unit_id, _ in pairs}
    )
    # One query per last day (a reorganisation merges hundreds of units on one day).
    last_days: dict[datetime.date, set[int]] = {}
    for pairs in found.values():
        for predecessor, last_day in pairs:
            last_days.setdefault(last_day, set()).add(predecessor)
    names = {
        (unit_id, day): name
        for day, unit_ids in last_days.items()
        for unit_id, name in unit_names_on([predecessors[pk] for pk in unit_ids], day).items()
    }
    return {
        unit_id: tuple(
            (names[(predecessor, last_day)], last_day) for predecessor, last_day in pairs
        )
        for unit_id, pairs in found.items()
    }


def enforcement_statistics(*, units: Iterable[Unit], period: Period) -> StatisticsTable:
    """Return the official table for the units, each rolled up with its descendants.

    The total counts every case once even when a unit and one of its descendants are
    both requested. A whole closed year reads its snapshot, with the targets frozen in it.

    Each case counts under the unit it belonged to at the period's end, followed through
    the mergers by then (``selectors.lineage``): a predecessor merged within or before the
    period has no figures of its own for it, its cases of the period count in its
    successor's row, which names it (``UnitStatistics.includes``). Both rows may appear
    and the total still counts each case once: it sums each unit's own figures, and no
    case has two units at the end.
    """
    units = list(units)
    lineage = unit_lineage()
    subtrees = unit_subtrees(unit.pk for unit in units)
    every_unit = set().union(*subtrees.values()) if subtrees else set()
    closed = _closed_year(period)
    if closed is not None:
        own = snapshot_lines(year=closed, unit_ids=every_unit, lineage=lineage)
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
        own = (
            direct_lines(period=period, unit_ids=every_unit, lineage=lineage) if every_unit else {}
        )
        targets = _targets(year=period.year, unit_ids=[unit.pk for unit in units])
    includes = _included(units, period, lineage)
    rows = []
    for unit in units:
        cases, money = sum_lines(own[unit_id] for unit_id in subtrees[unit.pk] if unit_id in own)
        case_target, money_target = targets.get(unit.pk, (None, None))
        rows.append(
            UnitStatistics(
                unit, cases, money, case_target, money_target, includes=includes.get(unit.pk, ())
            )
        )
    total_cases, total_money = sum_lines(own[unit_id] for unit_id in every_unit if unit_id in own)
    with_target = [row for row in rows if row.case_target_met is not None]
    return StatisticsTable(
        period=period,
        rows=rows,
        total=UnitStatistics(None, total_cases, total_money),
        from_snapshot=closed is not None,
        money_by_amount_due=closed is not None
        and AnnualSnapshot.objects.filter(
            statistical_year=closed, money_basis=MoneyBasis.AMOUNT_DUE
        ).exists(),
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
        rows.insert(0, UnitStatistics(unit, own_cases, own_money, includes=rolled.includes))
    measured = [row for row in [rolled, *child_rows] if row.case_target_met is not None]
    unit_table = StatisticsTable(
        period=period,
        rows=rows,
        total=rolled,
        from_snapshot=table.from_snapshot,
        money_by_amount_due=table.money_by_amount_due,
        targets_met=sum(1 for row in measured if row.case_target_met),
        targets_set=len(measured),
    )
    return unit_table, [rolled, *child_rows]
