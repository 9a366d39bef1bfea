"""Checks of the national database's statistics against counts taken straight from the cases.

The lines a report derives (3, 6, 8, 11, 13) are sums of the independent ones, so they can
only be wrong if an independent line is: each is compared with its own count here. Line 3 is
every case counted in the period; lines 4, 5, 9 and 10 the cases closed within it by
entrustment, withdrawal, completion and termination; line 13 the cases still open at its
end, which is also line 7 plus line 12 (every case open at the end is either not yet
eligible, or postponed, suspended or in progress), in cases and in money; and line 1 of a
year is line 13 of the year before. The merger: the successor's year that spans it counts
the predecessor's cases of that year once, and the predecessor then has no figures of its own.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from enforcement.models import EnforcementCase, Status
from enforcement.selectors import Lines, Period, computed_lines
from enforcement.selectors.counting import cases_counted_in
from organizations.models import Unit


def _subtree(unit: Unit) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    found, pending = set(), [unit.pk]
    while pending:
        unit_id = pending.pop()
        if unit_id not in found:
            found.add(unit_id)
            pending.extend(children.get(unit_id, ()))
    return found


def _sum(lines: dict, units: set[int] | None = None) -> tuple[Lines, Lines]:
    cases, money = Lines(), Lines()
    for unit_id, (case_lines, money_lines) in lines.items():
        if units is None or unit_id in units:
            cases += case_lines
            money += money_lines
    return cases, money


def _counts(period: Period, belonging: Q | None = None) -> dict[str, int]:
    """Count the independent lines straight from the case rows."""
    start, end = period.start, period.end
    cases = cases_counted_in(period)
    if belonging is not None:
        cases = cases.filter(belonging)

    def closed(status: str) -> Q:
        return Q(status=status, closed_on__gte=start, closed_on__lte=end)

    return cases.aggregate(
        total=Count("pk"),
        carried_over=Count("pk", filter=Q(accepted_on__lt=start)),
        entrusted=Count("pk", filter=closed(Status.ENTRUSTED)),
        withdrawn=Count("pk", filter=closed(Status.WITHDRAWN)),
        completed=Count("pk", filter=closed(Status.COMPLETED)),
        terminated=Count("pk", filter=closed(Status.TERMINATED)),
        open_at_end=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
    )


def _problems(label: str, lines: tuple[Lines, Lines], counts: dict[str, int]) -> list[str]:
    cases, money = lines
    found = {
        "line 3 (total)": (cases.total, counts["total"]),
        "line 1 (carried over)": (cases.carried_over, counts["carried_over"]),
        "line 4 (entrusted)": (cases.entrusted, counts["entrusted"]),
        "line 5 (withdrawn)": (cases.withdrawn, counts["withdrawn"]),
        "line 9 (completed)": (cases.completed, counts["completed"]),
        "line 10 (terminated)": (cases.terminated, counts["terminated"]),
        "line 13 (carried to next)": (cases.carried_to_next, counts["open_at_end"]),
        "line 13 = 7 + 12 (cases)": (cases.carried_to_next, cases.not_eligible + cases.pending),
        "line 13 = 7 + 12 (money)": (money.carried_to_next, money.not_eligible + money.pending),
        "line 3 = 1 + 2": (cases.total, cases.carried_over + cases.newly_accepted),
        "line 6 = 3 − 4 − 5": (cases.to_enforce, cases.total - cases.entrusted - cases.withdrawn),
        "line 8 = 6 − 7": (cases.eligible, cases.to_enforce - cases.not_eligible),
        "line 11 = 9 + 10": (cases.resolved, cases.completed + cases.terminated),
        "line 13 = 6 − 11": (cases.carried_to_next, cases.to_enforce - cases.resolved),
    }
    return [
        f"{label}: {name}: the report says {reported:,}, the cases say {expected:,}"
        for name, (reported, expected) in found.items()
        if reported != expected
    ]


def check_national(
    *, year: int, successor_code: str, predecessor_code: str
) -> tuple[list[str], list[str]]:
    """Check the statistics of the year and the one before; return (findings, problems)."""
    findings: list[str] = []
    problems: list[str] = []
    successor = Unit.objects.get(code=successor_code)
    predecessor = Unit.objects.get(code=predecessor_code)
    successor_units, predecessor_units = _subtree(successor), _subtree(predecessor)
    merged_on = predecessor.valid_to + datetime.timedelta(days=1)
    carried_to_next: int | None = None
    for period in (Period(year - 1), Period(year)):
        everything = computed_lines(period=period)
        every_unit = _sum(everything)
        problems += _problems(f"{period.year}, all units", every_unit, _counts(period))
        if carried_to_next is not None and every_unit[0].carried_over != carried_to_next:
            problems.append(
                f"{period.year}: line 1 is {every_unit[0].carried_over:,}, the year before's "
                f"line 13 is {carried_to_next:,}"
            )
        carried_to_next = every_unit[0].carried_to_next
        findings.append(
            f"{period.year}, all units: {every_unit[0].carried_over:,} carried over + "
            f"{every_unit[0].newly_accepted:,} new = {every_unit[0].total:,}; "
            f"{every_unit[0].entrusted:,} entrusted, {every_unit[0].withdrawn:,} withdrawn, "
            f"{every_unit[0].not_eligible:,} not yet eligible, {every_unit[0].resolved:,} "
            f"resolved ({every_unit[0].ratio} %), {every_unit[0].carried_to_next:,} carried on"
        )
        # The sample unit: the successor's lines, computed for it alone, against the cases
        # that belonged at the end to it or (after the merger) to its predecessor.
        own = computed_lines(period=period, unit_ids=successor_units)
        sample = _sum(own, successor_units)
        merged = period.end >= merged_on
        units = successor_units | (predecessor_units if merged else set())
        belonging = Q(unit_id__in=units) & (
            Q(handled_since__isnull=True) | Q(handled_since__lte=period.end)
        ) | Q(accepting_unit_id__in=units, handled_since__gt=period.end)
        problems += _problems(
            f"{period.year}, {successor.code}", sample, _counts(period, belonging)
        )
        if sample != _sum(everything, successor_units):
            problems.append(f"{period.year}: {successor.code} alone differs from all units")
        before = _counts(
            period,
            Q(accepting_unit_id__in=predecessor_units)
            | Q(unit_id__in=predecessor_units, accepting_unit__isnull=True),
        )["total"]
        predecessor_own = _sum(everything, predecessor_units)[0].total
        if merged:
            # Its cases of the year count once, in the successor's row, and not in its own.
            if predecessor_own:
                problems.append(
                    f"{period.year}: {predecessor.code} has {predecessor_own:,} cases of its "
                    "own after its merger"
                )
            found = (
                cases_counted_in(period)
                .filter(
                    Q(accepting_unit_id__in=predecessor_units)
                    | Q(unit_id__in=predecessor_units, accepting_unit__isnull=True)
                )
                .count()
            )
            findings.append(
                f"{period.year}: {successor.code} counts {sample[0].total:,} cases, "
                f"{found:,} of them {predecessor.code}'s (merged {merged_on:%d/%m/%Y}); "
                f"{predecessor.code} alone: {predecessor_own:,}"
            )
        else:
            if predecessor_own != before:
                problems.append(
                    f"{period.year}: {predecessor.code} counts {predecessor_own:,} cases, "
                    f"its cases say {before:,}"
                )
            findings.append(
                f"{period.year}: {predecessor.code} counts {predecessor_own:,} cases of its own "
                f"before the merger; {successor.code} {sample[0].total:,} without them"
            )
    total_cases = EnforcementCase.objects.count()
    findings.append(f"{total_cases:,} cases in the database")
    return findings, problems
