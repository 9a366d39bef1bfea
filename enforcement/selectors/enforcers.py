"""The statistics per enforcer (chấp hành viên): every line of the official table, per person.

A case counts for the enforcer it was assigned to at the period's end, or at its closing for
a case closed within the period; cases without one count in a row of their own, so that the
rows add up to the units' table. Closed years are computed live: their snapshots are per
unit only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from enforcement.selectors.counting import direct_lines
from enforcement.selectors.lines import EMPTY, Lines, Period
from enforcement.selectors.statistics import unit_subtrees
from organizations.models import Person, Unit


@dataclass(frozen=True)
class EnforcerStatistics:
    """One enforcer's row (None: the cases assigned to nobody), or the total."""

    enforcer: Person | None
    cases: Lines
    money: Lines


@dataclass(frozen=True)
class EnforcerTable:
    """The lines per enforcer of a scope for a period, and their total."""

    period: Period
    rows: list[EnforcerStatistics]
    total: EnforcerStatistics


def scope_unit_ids(units: Iterable[Unit]) -> set[int]:
    """Return the ids of the units and of all their descendants."""
    subtrees = unit_subtrees(unit.pk for unit in units)
    return set().union(*subtrees.values()) if subtrees else set()


def enforcer_statistics(
    *, units: Iterable[Unit], period: Period, enforcer_ids: Collection[int] | None = None
) -> EnforcerTable:
    """Return the lines per enforcer of the cases of the units and their descendants.

    ``enforcer_ids`` keeps only those enforcers' rows (an enforcer reading their own), the
    total then being theirs. Rows come by name; the unassigned cases' row comes last.
    """
    unit_ids = scope_unit_ids(units)
    lines = direct_lines(period=period, unit_ids=unit_ids, by="enforcer") if unit_ids else {}
    if enforcer_ids is not None:
        wanted = set(enforcer_ids)
        lines = {key: pair for key, pair in lines.items() if key in wanted}
    people = Person.objects.select_related("unit").in_bulk(
        [key for key in lines if key is not None]
    )
    rows = [
        EnforcerStatistics(people[key], cases, money)
        for key, (cases, money) in lines.items()
        if key is not None
    ]
    rows.sort(key=lambda row: (row.enforcer.full_name, row.enforcer.staff_code))
    if None in lines:
        rows.append(EnforcerStatistics(None, *lines[None]))
    total_cases, total_money = EMPTY, EMPTY
    for row in rows:
        total_cases += row.cases
        total_money += row.money
    return EnforcerTable(
        period=period, rows=rows, total=EnforcerStatistics(None, total_cases, total_money)
    )


def merged_tables(tables: list[EnforcerTable]) -> EnforcerTable:
    """Return one table of the rows of tables over disjoint cases; the unassigned row last."""
    rows = [row for table in tables for row in table.rows if row.enforcer is not None]
    rows += [row for table in tables for row in table.rows if row.enforcer is None]
    total_cases, total_money = EMPTY, EMPTY
    for row in rows:
        total_cases += row.cases
        total_money += row.money
    return EnforcerTable(
        period=tables[0].period,
        rows=rows,
        total=EnforcerStatistics(None, total_cases, total_money),
    )
