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
from collections.abc import Iterable
from typing import Any

from enforcement.models import Eligibility, EnforcementCase, LegalGround
from enforcement.selectors.assignment import check_grouping
from enforcement.selectors.grouped import (
    CASES,
    LAST_STATES,
    MOVED,
    PERIODIC,
    UNITS,
    WITHOUT_EVENTS,
    Shape,
    grouped_queries,
    last_events,
)
from enforcement.selectors.kept import Parts, Rebuilt, kept_parts, rebuild_parts, shaped
from enforcement.selectors.lineage import Lineage, handed_over_after, unit_lineage
from enforcement.selectors.lines import LINE_FIELDS, Lines, Period
from enforcement.selectors.outcomes import FEW_UNITS, LATER, cases_counted_in
from enforcement.selectors.periodic import add_periodic_money, periodic_schedules
from enforcement.selectors.prepared import prepared
from enforcement.selectors.settings import SERIAL_UNITS, roomy_aggregates, serial
from organizations.replica import reading_alias

__all__ = ["cases_counted_in", "computed_lines", "direct_lines", "rebuild_lines"]


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
    since need their events: a later query finds those few. The queries are built from the
    computation's shape (``selectors.grouped``) and compiled once per shape.

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
    end = period.end
    # Only when a case was handed over after the end does any case need its accepting unit.
    handed_over = handed_over_after(end)
    origins = None if unit_ids is None else lineage.origins(unit_ids, end)
    shape = Shape(
        period=period,
        some_units=origins is not None,
        by=by,
        split=split,
        handed_over=handed_over,
        few_units=unit_ids is not None and len(unit_ids) <= FEW_UNITS,
        not_eligible_grounds=tuple(
            LegalGround.objects.filter(classification=Eligibility.NOT_ELIGIBLE)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    )
    queries = prepared(shape, reading_alias(), lambda: grouped_queries(shape))
    # The units the queries run for, when not every unit.
    units = {} if origins is None else {UNITS.name: sorted(origins)}
    counts: dict[Any, dict[str, int]] = {}
    amounts: dict[Any, dict[str, int]] = {}
    own, related = shape.own, shape.related

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

    # Whether any case was changed twice since the end (its outcome needs its events).
    later = False
    for name, query in queries.items():
        if not name.startswith(CASES):
            continue
        for row in query.rows(**units):
            unit_id, balance = key(row), row["balance"]
            if row["carried"]:
                add(unit_id, "carried_over", row["number"], balance)
            else:
                add(unit_id, "newly_accepted", row["number"], row["due"])
            if row["outcome"] != LATER:  # otherwise its outcome comes from its events, below
                add(unit_id, row["outcome"], row["number"], balance)
            else:
                later = True
    for row in queries[MOVED].rows(**units):
        unit_id, both = key(row, through_event=True), row["collected"] + row["reduced"]
        if row["carried"]:
            add(unit_id, "carried_over", 0, both)
        if row["within"]:
            add(unit_id, "completed", 0, row["collected"])
            add(unit_id, "reduced", 0, row["reduced"])
        elif row["outcome"] != LATER:
            add(unit_id, row["outcome"], 0, both)
    # The few cases changed twice since the end: only when the cases' query found some
    # (none, most often, for a period ending before today by more than a few days: each
    # costs a look at the units' recent changes).
    if later:
        for row in queries[LAST_STATES].rows(**units):
            at_end = open_outcome(
                row["status_after"], row["eligibility_after"], row["ground__classification"]
            )
            add(key(row, through_event=True), at_end, row["number"], row["money"])
        for row in queries[WITHOUT_EVENTS].rows(**units):
            add(
                key(row),
                open_outcome("in_progress", row["eligibility"], None),
                row["number"],
                row["money"],
            )

    # Money by period counts only what has fallen due (``selectors.periodic``); the few
    # cases with such an obligation changed twice since the end take their outcome from
    # their events.
    def later_outcomes(case_ids: set[int]) -> dict[int, str]:
        # The outcome at the end of each case changed twice since, as ``LAST_STATES`` reads it.
        if not case_ids:
            # Most often none: building the queries alone would cost a few milliseconds.
            return {}
        found = {
            row["case_id"]: open_outcome(
                row["status_after"], row["eligibility_after"], row["ground__classification"]
            )
            for row in last_events(end)
            .filter(case__in=case_ids)
            .values("case_id", "status_after", "eligibility_after", "ground__classification")
        }
        for case_id, eligibility in EnforcementCase.objects.filter(
            pk__in=case_ids - found.keys()
        ).values_list("pk", "eligibility"):
            found[case_id] = open_outcome("in_progress", eligibility, None)
        return found

    add_periodic_money(
        periodic_schedules(period=period, rows=queries[PERIODIC].rows(**units)),
        later=LATER,
        later_outcomes=later_outcomes,
        key=lambda row: key(row, through_event=True),
        add=add,
    )
    return {unit_id: (Lines(**counts[unit_id]), Lines(**amounts[unit_id])) for unit_id in counts}
