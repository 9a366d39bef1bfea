"""Which unit a case counts under in a period: the units' dated lineage, read for statistics.

The rule (DESIGN §4, issue 15): a period counts each case once, under the unit it belonged
to at the period's end.

- A case belongs to its handling unit from ``handled_since`` on, and before that to the
  unit that accepted it (``accepting_unit``); a case never handed over, to its unit. A case
  handed over more than once (split to an office that merged later, reassigned twice)
  belonged in between to the units its handling history (``CaseHandover``) names.
- That unit is then followed through the mergers taken over by the period's end: a
  predecessor merged into a successor on or before the end counts under the successor (and
  on, along a chain of mergers). A split is not followed: the predecessor keeps what it
  closed, each case handed over counts under the successor that took it.

So a predecessor's periods that end before the merger read exactly as they did; the period
that spans the merger shows the predecessor's cases of that period in the successor's row
(noted there, "includes the figures of … until …") and none in the predecessor's, which
the reports then leave out (``merged_by``). Every case has exactly one unit at a period's
end, so the rows of predecessors and successors never overlap and any total over units
(all units, a roll-up, a cluster) is the sum of their rows, each case counted once. The
frozen figures of a closed year are read through the same mapping, so a merger dated
inside a closed year moves whole frozen rows and keeps every total.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Expression,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import In

from enforcement.id_lists import IdAmong, Slot
from enforcement.models import CaseHandover, EnforcementCase
from organizations.models import Unit, UnitLineage


@dataclass(frozen=True)
class Lineage:
    """The units' lineage, read once per report (it is a few hundred rows nationally)."""

    # predecessor → (successor, the successor's first day), mergers only.
    mergers: dict[int, tuple[int, datetime.date]] = field(default_factory=dict)
    # predecessor → [(successor, the successors' first day)], splits only.
    splits: dict[int, list[tuple[int, datetime.date]]] = field(default_factory=dict)
    # Every unit linked to another by any lineage (merger or split), both ways.
    links: dict[int, set[int]] = field(default_factory=dict)
    fingerprint: str = ""

    def unit_on(self, unit_id: int, day: datetime.date) -> int:
        """Return the unit the unit's cases count under on the day, following mergers."""
        seen = {unit_id}
        while unit_id in self.mergers and self.mergers[unit_id][1] <= day:
            unit_id = self.mergers[unit_id][0]
            if unit_id in seen:  # refused when recorded; never loop on bad data
                break
            seen.add(unit_id)
        return unit_id

    def origins(self, unit_ids: Iterable[int], day: datetime.date) -> set[int]:
        """Return the units whose cases count under one of the units on the day."""
        wanted = set(unit_ids)
        return wanted | {unit for unit in self.mergers if self.unit_on(unit, day) in wanted}

    def merged_by(self, day: datetime.date) -> set[int]:
        """Return the units merged into a successor on or before the day (no figures then)."""
        return {unit for unit, (_successor, on) in self.mergers.items() if on <= day}

    def connected(self, unit_id: int) -> set[int]:
        """Return the unit and every unit linked to it through lineage, transitively."""
        found, pending = {unit_id}, [unit_id]
        while pending:
            for other in self.links.get(pending.pop(), ()):
                if other not in found:
                    found.add(other)
                    pending.append(other)
        return found

    def included(
        self, unit_ids: Iterable[int], start: datetime.date, end: datetime.date
    ) -> dict[int, list[tuple[int, datetime.date]]]:
        """Return, of each unit, the predecessors whose figures of the period count under it.

        Each with its last day: merged into the unit (directly or along a chain) within the
        period, so the period shows their cases until then under the unit; or split within
        the period, a part going to the unit (or to a unit merged into it by the end), so
        the period shows the cases of that part under the unit. Units without any are left
        out. One pass over the lineage serves every unit.
        """
        wanted = set(unit_ids)
        found: dict[int, set[tuple[int, datetime.date]]] = {}
        for unit, (_successor, on) in self.mergers.items():
            if start < on <= end and (holder := self.unit_on(unit, end)) in wanted:
                found.setdefault(holder, set()).add((unit, on - datetime.timedelta(days=1)))
        for unit, parts in self.splits.items():
            for successor, on in parts:
                if start < on <= end and (holder := self.unit_on(successor, end)) in wanted:
                    found.setdefault(holder, set()).add((unit, on - datetime.timedelta(days=1)))
        return {
            holder: sorted(pairs, key=lambda pair: (pair[1], pair[0]))
            for holder, pairs in found.items()
        }


def merged_into(unit: Unit, day: datetime.date) -> UnitLineage | None:
    """Return the merger that took the unit over on or before the day, if any."""
    return (
        UnitLineage.objects.select_related("successor")
        .filter(predecessor=unit, kind=UnitLineage.Kind.MERGER, taken_over_on__lte=day)
        .first()
    )


def unit_lineage() -> Lineage:
    """Return the units' lineage as the statistics read it.

    Read at every report; built again only when its rows changed (a merger or split
    recorded): nationally a thousand rows, whose dictionaries and fingerprint cost more
    than reading them. A ``Lineage`` is never changed once built, so one serves every thread.
    """
    rows = tuple(
        UnitLineage.objects.order_by("pk").values_list(
            "pk", "predecessor_id", "successor_id", "kind", "taken_over_on"
        )
    )
    return _built_lineage(rows)


@functools.lru_cache(maxsize=1)
def _built_lineage(rows: tuple[tuple, ...]) -> Lineage:
    # The lineage last built is kept with the rows it was built from.
    mergers: dict[int, tuple[int, datetime.date]] = {}
    splits: dict[int, list[tuple[int, datetime.date]]] = {}
    links: dict[int, set[int]] = {}
    for _pk, predecessor, successor, kind, on in rows:
        if kind == UnitLineage.Kind.MERGER:
            mergers[predecessor] = (successor, on)
        else:
            splits.setdefault(predecessor, []).append((successor, on))
        links.setdefault(predecessor, set()).add(successor)
        links.setdefault(successor, set()).add(predecessor)
    fingerprint = hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16] if rows else ""
    return Lineage(mergers=mergers, splits=splits, links=links, fingerprint=fingerprint)


# What was handed over after a day (``handed_over_after``): nothing, so every case counts
# under its unit's column; only first handovers, so a case handed over after the day counts
# under the unit that accepted it; or some case handed over a second time after the day
# (relayed), so such a case counts under the unit its first handover after the day took it
# from (its handling history, ``CaseHandover``).
NO_HANDOVER, HANDED_OVER, RELAYED = 0, 1, 2


def handed_over_after(day: datetime.date) -> int:
    """Tell what was handed over to another unit after the day (index look-ups).

    Each question reads the last day of a partial index (``MAX``, one index entry) rather
    than asking whether a row after the day exists: right after a large import or a merger,
    before PostgreSQL has analysed the table again, it estimates that thousands of cases
    match and reads the table in order to find the first (134 ms over 400,000 cases, each
    report), when none does.
    """
    last = EnforcementCase.objects.aggregate(last=Max("handled_since"))["last"]
    if last is None or last <= day:
        return NO_HANDOVER
    last_relayed = CaseHandover.objects.filter(relayed=True).aggregate(last=Max("on"))["last"]
    return RELAYED if last_relayed is not None and last_relayed > day else HANDED_OVER


def _unit_before(day: datetime.date, prefix: str, handed_over: int) -> Expression:
    # The unit a case handed over after the day belonged to on the day.
    accepting = F(f"{prefix}accepting_unit_id")
    if handed_over != RELAYED:
        return accepting
    case_id = f"{prefix.removesuffix('__')}_id" if prefix else "id"
    first_after = (
        CaseHandover.objects.filter(case_id=OuterRef(case_id), on__gt=day)
        .order_by("on", "pk")
        .values("from_unit_id")[:1]
    )
    # Cases handed over once before the history was kept have no rows: the accepting unit.
    return Coalesce(Subquery(first_after), accepting, output_field=BigIntegerField())


def case_unit_on(day: datetime.date, prefix: str = "", handed_over: int = RELAYED) -> Expression:
    """Return the unit a case belonged to on the day, before following mergers.

    ``prefix`` reaches the case from another model (``case__`` from an event);
    ``handed_over`` (``handed_over_after``) lets the plain column be read when no case was
    handed over after the day, and the history only when a case was handed over twice.
    """
    if not handed_over:
        return F(f"{prefix}unit_id")
    return Case(
        When(
            **{f"{prefix}handled_since__gt": day},
            then=_unit_before(day, prefix, handed_over),
        ),
        default=F(f"{prefix}unit_id"),
        output_field=BigIntegerField(),
    )


def _among(expression: Expression, unit_ids: list[int] | Slot) -> Q:
    # The rows whose expression is one of the units, or one of a slot's, given at each run.
    if isinstance(unit_ids, Slot):
        return Q(IdAmong(unit_ids, expression))
    return Q(In(expression, unit_ids))


def belonging_to(
    unit_ids: Iterable[int] | Slot,
    day: datetime.date,
    prefix: str = "",
    handed_over: int = RELAYED,
) -> Q:
    """Return the cases that belonged to one of the units on the day (before mergers).

    ``unit_ids`` may be a prepared query's ``Slot``: the units are then given when it runs.
    """
    units = unit_ids if isinstance(unit_ids, Slot) else list(unit_ids)
    own = _among(F(f"{prefix}unit_id"), units)
    if not handed_over:
        return own
    later = Q(**{f"{prefix}handled_since__gt": day})
    return (own & ~later) | (later & _among(_unit_before(day, prefix, handed_over), units))
