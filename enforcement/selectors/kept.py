"""Each unit's statistics, computed once and kept until the unit's cases change.

A report over every unit of the country would otherwise scan every case it counts. The
figures are computed per unit (one grouped computation for all the units that need it) and
kept with the value of the unit's write counter and of the grounds' counter, which the
database's triggers raise with the transaction of every write (migration 0019). A kept
row is read only while both counters still hold the values it was computed at:

- the counters are read first, the cases after (each later statement sees at least what
  the first saw committed), so a row is never kept with a counter newer than its cases;
- a write committed at any time after that raises the counter, so the row stops counting.

Through the units' lineage (``selectors.lineage``) a unit's figures read the cases of its
predecessors, and a predecessor's the cases handed over to its successor: a unit's counter
is the sum of the counters of every unit linked to it by lineage, and the lineage itself
is part of the fingerprint a kept row is computed at, so recording a merger recomputes.
A write of a case handed over to another unit raises the counters of both its units
(migration 0023), so the unit that accepted it stops keeping figures that count it.

A write whose effect on the figures begins on a known day (an event, and the change of a
case's money that its money events mirror) raises instead the unit's counter of that day's
statistical year (migration 0037, PostgreSQL): a kept row of a year reads the unit's counter
plus its year counters up to that year, so the payments clerks record today leave the kept
figures of the past years as they are, which is when the leaders read them.

A kept row is therefore never stale; the cost of a change is one unit's computation at the
next report of a year it can change. A release that changes how figures are computed changes
the fingerprint of the code, and the rows kept by the previous release are not read.

Two reports wanting the same outdated unit at the same time do not both compute it: the
first computes it under a lock (``_computing``) and the other waits, then reads what the
first kept (on the primary; a report read from the replica computes on its own).

A report read from the streaming replica (``organizations.replica``) reads the counters,
the kept rows and the cases there, all as replayed, in that order; what it computes is
stored on the primary (the replica writes nothing), at the counters read on the replica.
The primary's counters are at least as high: a row stored at a counter the primary has
since raised is not used there, and is recomputed by the next report.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from enforcement.models import GROUNDS_COUNTER, KeptFigures, StatisticsCounter
from enforcement.selectors.lineage import Lineage, unit_lineage
from enforcement.selectors.lines import EMPTY, LINE_FIELDS, Lines, Period
from organizations.models import Unit
from organizations.replica import reading_alias, reads_replica

# A unit's part of the figures: (unit, rest of the key) → (cases, money). ``rest`` is empty
# by unit, (enforcer,) by enforcer, with the split's value appended when split.
Parts = dict[tuple[int, tuple[Any, ...]], tuple[Lines, Lines]]

# The modules whose code decides the figures.
FORMULA_MODULES = (
    "enforcement.models.cases",
    "enforcement.models.events",
    "enforcement.models.grounds",
    "enforcement.models.obligations",
    "enforcement.models.years",
    "enforcement.selectors.assignment",
    "enforcement.selectors.lines",
    "enforcement.selectors.counting",
    "enforcement.selectors.grouped",
    "enforcement.selectors.outcomes",
    "enforcement.selectors.prepared",
    "enforcement.selectors.statistics",
    "enforcement.selectors.kept",
    "enforcement.selectors.lineage",
    "enforcement.selectors.periodic",
)


@functools.cache
def formula() -> str:
    """Return a fingerprint of the code that computes the figures."""
    digest = hashlib.sha256()
    for name in FORMULA_MODULES:
        digest.update(inspect.getsource(importlib.import_module(name)).encode())
    return digest.hexdigest()[:16]


def _fingerprint(lineage: Lineage) -> str:
    # The code's fingerprint, and the lineage's when units have any.
    if not lineage.fingerprint:
        return formula()
    return hashlib.sha256((formula() + lineage.fingerprint).encode()).hexdigest()[:16]


def _encode(parts: Parts, unit_id: int) -> list[list[Any]]:
    return [
        [
            list(rest),
            [getattr(cases, name) for name in LINE_FIELDS],
            [getattr(money, name) for name in LINE_FIELDS],
        ]
        for (owner, rest), (cases, money) in parts.items()
        if owner == unit_id
    ]


def _decode(unit_id: int, kept: list[list[Any]]) -> Parts:
    return {
        (unit_id, tuple(rest)): (
            Lines.of(cases),
            Lines.of(money),
        )
        for rest, cases, money in kept
    }


# PostgreSQL raises the counters at commit (migrations 0019, 0037): until then a transaction's
# own writes are its pending rows, visible to it alone, each counting from the year
# ``enforcement_pending_years()`` gives it. One statement reads all three; a replica, which
# has no pending rows (it writes nothing) and refuses to read their unlogged table, the two
# counters.
COUNTED_SQL = """
    SELECT unit_id, value FROM enforcement_statisticscounter WHERE unit_id = ANY(%(ids)s)
    UNION ALL
    SELECT unit_id, value FROM enforcement_yearcounter
    WHERE unit_id = ANY(%(ids)s) AND year <= %(year)s
"""
PENDING_SQL = """
    UNION ALL
    SELECT unit_id, 1 FROM enforcement_pending_years()
    WHERE unit_id = ANY(%(ids)s) AND (from_year IS NULL OR from_year <= %(year)s)
"""
COUNTS_SQL = "SELECT unit_id, sum(value) FROM ({counted}) AS written GROUP BY unit_id"
# Every year: what a unit's counters say of all its writes.
EVERY_YEAR = 32_767


def write_counts(unit_ids: list[int], year: int = EVERY_YEAR) -> dict[int, int]:
    """Return how many writes changed each unit's figures of the year, as this transaction sees it.

    A write counts in every year from the one its effect begins in (``YearCounter``), or in
    every year (``StatisticsCounter``). SQLite counts every write in the latter.
    """
    connection = connections[reading_alias()]
    if connection.vendor != "postgresql":
        return dict(
            StatisticsCounter.objects.filter(unit_id__in=unit_ids).values_list("unit_id", "value")
        )
    counted = COUNTED_SQL if reads_replica() else COUNTED_SQL + PENDING_SQL
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL.format(counted=counted), {"ids": unit_ids, "year": year})
        return {unit_id: int(value) for unit_id, value in cursor.fetchall()}


@dataclasses.dataclass(frozen=True)
class _Reading:
    """What a report reads before computing: the counters, and the rows kept at them."""

    key: dict[str, Any]
    counters: dict[int, int]
    grounds_counter: int
    fingerprint: str
    # unit → its kept parts, for the rows kept at the unit's present counters.
    fresh: dict[int, Parts]
    # The units with a kept row computed at other counters (or by other code).
    outdated: set[int]


def _counters(wanted: Iterable[int], lineage: Lineage, year: int) -> tuple[dict[int, int], int]:
    # Each unit's counter for the year (the sum of those of the units its lineage links it
    # to), and the grounds' counter.
    linked = {unit_id: lineage.connected(unit_id) for unit_id in wanted}
    written = write_counts([*set().union(*linked.values()), GROUNDS_COUNTER], year)
    counters = {
        unit_id: sum(written.get(other, 0) for other in others)
        for unit_id, others in linked.items()
    }
    return counters, written.get(GROUNDS_COUNTER, 0)


def _read(
    *,
    period: Period,
    wanted: set[int],
    by: str,
    split: str | None,
    lineage: Lineage,
    every_unit: bool = False,
) -> _Reading:
    # ``every_unit``: ``wanted`` is every unit, whose kept rows are read without naming
    # them (binding a thousand ids costs the ORM more than the rows cost to read).
    counters, grounds_counter = _counters(wanted, lineage, period.year)
    fingerprint = _fingerprint(lineage)
    key = {"grouping": by, "split": split or "", "year": period.year, "months": period.months}
    fresh: dict[int, Parts] = {}
    outdated: set[int] = set()
    kept = KeptFigures.objects.filter(**key)
    if not every_unit:
        kept = kept.filter(unit_id__in=wanted)
    for unit_id, unit_counter, kept_grounds, kept_formula, lines in kept.values_list(
        "unit_id", "unit_counter", "grounds_counter", "formula", "lines"
    ):
        if every_unit and unit_id not in wanted:
            continue
        if (unit_counter, kept_grounds, kept_formula) == (
            counters.get(unit_id, 0),
            grounds_counter,
            fingerprint,
        ):
            fresh[unit_id] = _decode(unit_id, lines)
        else:
            outdated.add(unit_id)
    return _Reading(key, counters, grounds_counter, fingerprint, fresh, outdated)


# The units of this transaction's pending writes of a case whose money its events do not
# (yet) match: counted from the beginning now, they may count from a later year at commit.
UNMATCHED_SQL = """
    SELECT DISTINCT unit_id FROM enforcement_pending_count
    WHERE (case_id, unit_id) IN (
        SELECT case_id, unit_id FROM enforcement_pending_count WHERE case_id IS NOT NULL
        GROUP BY case_id, unit_id HAVING sum(collected) <> 0 OR sum(reduced) <> 0
    )
"""


def _written_here() -> set[int]:
    """Return the units this transaction counts a write of now as its commit may not.

    A case's money changed without the events that move the same money counts from the
    beginning (PostgreSQL, migration 0037), but the events the transaction may still write
    would count it in a later year at its commit: a row kept meanwhile, at a count its commit
    does not reach in the years before, could match the unit's counter once later writes
    have raised it there. Every other pending write counts at commit as it counts now, or in
    more years.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or reads_replica():
        return set()
    with connection.cursor() as cursor:
        cursor.execute(UNMATCHED_SQL)
        return {unit_id for (unit_id,) in cursor.fetchall()}


def _keep(reading: _Reading, computed: Parts, unit_ids: Iterable[int], lineage: Lineage) -> None:
    # Store the units' computed parts at the counters read before computing them; not those
    # of units whose count this transaction's commit may lower (``_written_here``).
    written = _written_here()
    if written:
        unit_ids = [unit_id for unit_id in unit_ids if not lineage.connected(unit_id) & written]
    KeptFigures.objects.bulk_create(
        [
            KeptFigures(
                **reading.key,
                unit_id=unit_id,
                unit_counter=reading.counters.get(unit_id, 0),
                grounds_counter=reading.grounds_counter,
                formula=reading.fingerprint,
                lines=_encode(computed, unit_id),
            )
            for unit_id in unit_ids
        ],
        update_conflicts=True,
        unique_fields=["unit_id", "grouping", "split", "year", "months"],
        update_fields=["unit_counter", "grounds_counter", "formula", "lines", "computed_at"],
    )


def _lock_key(key: dict[str, Any]) -> int:
    # The period and grouping as a signed 32-bit number: the first of an advisory lock's two.
    text = "|".join(str(key[name]) for name in sorted(key))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big", signed=True)


# What ``_computing`` did: nothing (no lock taken), locked at once, or locked after waiting.
NOT_LOCKED, LOCKED_AT_ONCE, WAITED = "not locked", "locked at once", "waited"
# Try the units' locks in the array's order, each only if every one before it was taken
# (a recursive query runs one step at a time); true when all were.
TRY_LOCKS_SQL = """
    WITH RECURSIVE tried (position, taken) AS (
        SELECT 1, pg_try_advisory_xact_lock(%(key)s, (%(units)s::int[])[1])
        UNION ALL
        SELECT position + 1, pg_try_advisory_xact_lock(%(key)s, (%(units)s::int[])[position + 1])
        FROM tried WHERE taken AND position < cardinality(%(units)s::int[])
    )
    SELECT bool_and(taken) AND count(*) = cardinality(%(units)s::int[]) FROM tried
"""


def _computing(key: dict[str, Any], unit_ids: list[int]) -> str:
    """Lock the computation of these units' figures for the period and grouping of ``key``.

    Each unit's lock is PostgreSQL's transaction-level advisory lock on (period and
    grouping, unit): a report holding it computes and keeps the unit's figures, and the
    lock ends with its transaction, once the kept row is committed. A report wanting the
    same unit meanwhile waits, and then finds the row kept. Units are locked in ascending
    order, so two reports never wait for each other.

    The locks are first tried without waiting, in the same order, up to the first one
    held by another report: when all are free (a report after a clerk's write, most
    often), no report was computing the units and the caller need not read their kept
    rows again (at worst it computes once more a unit another report kept a moment
    before). Otherwise the rest are waited for, still in ascending order.

    Locked only in a transaction of its own (the statistics' queries open one): in a longer
    transaction, locks taken for one period and kept rows written for another could make
    two reports each wait for the other. Nor on SQLite, nor when reading from the replica.
    Return ``NOT_LOCKED``, ``LOCKED_AT_ONCE`` or ``WAITED``.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if (
        connection.vendor != "postgresql"
        or reads_replica()
        or not connection.in_atomic_block
        or connection.savepoint_ids
    ):
        return NOT_LOCKED
    ordered = sorted(unit_ids)
    with connection.cursor() as cursor:
        cursor.execute(TRY_LOCKS_SQL, {"key": _lock_key(key), "units": ordered})
        if cursor.fetchone()[0]:
            return LOCKED_AT_ONCE
        # unnest gives the rows in the array's order, and each is locked as it comes (those
        # the attempt took are taken a second time: harmless, all end with the transaction).
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, unit_id)) FROM unnest(%s::int[]) AS unit_id",
            [_lock_key(key), ordered],
        )
    return WAITED


def kept_parts(
    *,
    period: Period,
    unit_ids: Iterable[int] | None,
    by: str,
    split: str | None,
    compute: Callable[[list[int]], Parts],
    lineage: Lineage | None = None,
) -> Parts:
    """Return the units' parts, reading the kept ones and computing (and keeping) the rest.

    ``compute`` computes the parts of the given units from their cases; every unit of
    ``unit_ids`` (None: every unit) is kept, those without cases with no parts.
    """
    wanted = set(Unit.objects.values_list("pk", flat=True) if unit_ids is None else unit_ids)
    if not wanted:
        return {}
    lineage = lineage or unit_lineage()
    reading = _read(
        period=period,
        wanted=wanted,
        by=by,
        split=split,
        lineage=lineage,
        every_unit=unit_ids is None,
    )
    parts: Parts = {}
    for unit_parts in reading.fresh.values():
        parts.update(unit_parts)
    stale = sorted(wanted - reading.fresh.keys())
    if stale and _computing(reading.key, stale) == WAITED:
        # Another report may have kept some of them while this one waited for it.
        reading = _read(period=period, wanted=set(stale), by=by, split=split, lineage=lineage)
        for unit_parts in reading.fresh.values():
            parts.update(unit_parts)
        stale = sorted(set(stale) - reading.fresh.keys())
    if stale:
        computed = compute(stale)
        parts.update(computed)
        _keep(reading, computed, stale, lineage)
    return parts


@dataclasses.dataclass(frozen=True)
class Difference:
    """A kept figure that the cases no longer give: a write the counters did not see."""

    unit_id: int
    # The rest of the part's key: (enforcer,) by enforcer, the split's value when split.
    rest: tuple[Any, ...]
    line: str
    # "cases" or "money".
    measure: str
    kept: int
    computed: int


@dataclasses.dataclass(frozen=True)
class Rebuilt:
    """What rebuilding one period and grouping did."""

    period: Period
    by: str
    split: str | None
    # Units computed and kept; of them, those whose kept row was fresh and compared.
    computed: int
    compared: int
    differences: list[Difference]


def _differences(unit_id: int, kept: Parts, computed: Parts) -> list[Difference]:
    found = []
    for owner, rest in sorted({*kept, *computed}, key=repr):
        if owner != unit_id:
            continue
        before = kept.get((owner, rest), (EMPTY, EMPTY))
        after = computed.get((owner, rest), (EMPTY, EMPTY))
        for measure, old, new in zip(("cases", "money"), before, after, strict=True):
            for line in LINE_FIELDS:
                if getattr(old, line) != getattr(new, line):
                    found.append(
                        Difference(
                            unit_id, rest, line, measure, getattr(old, line), getattr(new, line)
                        )
                    )
    return found


def rebuild_parts(
    *,
    period: Period,
    by: str,
    split: str | None,
    compute: Callable[[list[int]], Parts],
    only_outdated: bool = False,
    lineage: Lineage | None = None,
) -> Rebuilt:
    """Compute every unit's parts again from its cases, keep them and report differences.

    A kept row that is fresh (kept at the unit's present counters) must equal what the
    cases give: any difference means a write that the counters did not see, and is
    reported. ``only_outdated`` computes only the units whose kept row is no longer fresh
    (the next report would have computed them), comparing nothing.

    Safe beside imports: the counters are read before the cases, as a report reads them,
    so parts computed while an import commits are kept at the counters from before it and
    are not read once it has committed; a unit whose counter rose meanwhile is not compared.
    """
    lineage = lineage or unit_lineage()
    wanted = set(Unit.objects.values_list("pk", flat=True))
    reading = _read(
        period=period, wanted=wanted, by=by, split=split, lineage=lineage, every_unit=True
    )
    units = sorted(reading.outdated if only_outdated else wanted)
    if not units:
        return Rebuilt(period, by, split, 0, 0, [])
    computed = compute(units)
    compared: list[int] = []
    if not only_outdated:
        # A unit written while it was computed (an import committing) is not compared: its
        # figures may count the write, and are kept at the counter from before it.
        after, grounds_after = _counters(reading.fresh.keys() & set(units), lineage, period.year)
        if grounds_after == reading.grounds_counter:
            compared = sorted(
                unit_id
                for unit_id, counter in after.items()
                if counter == reading.counters.get(unit_id, 0)
            )
    differences = [
        difference
        for unit_id in compared
        for difference in _differences(unit_id, reading.fresh[unit_id], computed)
    ]
    _keep(reading, computed, units, lineage)
    return Rebuilt(period, by, split, len(units), len(compared), differences)


def shaped(parts: Parts, *, by: str, split: str | None) -> dict[Any, tuple[Lines, Lines]]:
    """Return the parts keyed as the reports read them.

    By unit: the unit, or (unit, value) when split. By enforcer: the enforcer (None for
    cases without one), or (enforcer, value), summed over the units.
    """
    lines: dict[Any, tuple[Lines, Lines]] = {}
    for (unit_id, rest), (cases, money) in parts.items():
        if by == "unit":
            key = (unit_id, *rest) if split else unit_id
        else:
            key = rest if split else rest[0]
        before_cases, before_money = lines.get(key, (EMPTY, EMPTY))
        lines[key] = (before_cases + cases, before_money + money)
    return lines
