"""Rebuilding the kept statistics: every unit's figures computed again from its cases.

Reports keep each unit's figures until its cases change (``selectors.kept``); a report
that finds a unit written since computes that unit at once. Rebuilding does the same
ahead of the reports, for every grouping the reports ask (by unit, by enforcer, the
official forms' breakdowns) and every period of the years still worked on, and it
checks the figures that were still fresh against the cases: a difference means a write
the counters did not see, which is reported and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from enforcement.models import StatisticalYear, statistical_year_of
from enforcement.selectors import BREAKDOWNS, Period, Rebuilt, rebuild_lines
from enforcement.services.guards import today

logger = logging.getLogger(__name__)

# Every grouping a report reads kept figures by: (by, split).
KEPT_GROUPINGS: tuple[tuple[str, str | None], ...] = (
    ("unit", None),
    ("enforcer", None),
    *(("unit", split) for split in BREAKDOWNS),
)
MONTHS = tuple(range(1, 13))


def figures_years() -> list[int]:
    """Return the statistical years still worked on: the present one and every one not closed.

    A closed year's whole-year figures are its snapshot; its shorter periods are kept as
    any others, and can be rebuilt by naming the year.
    """
    present = statistical_year_of(today())
    closed = set(
        StatisticalYear.objects.filter(state=StatisticalYear.State.CLOSED).values_list(
            "year", flat=True
        )
    )
    started = StatisticalYear.objects.exclude(year__in=closed).values_list("year", flat=True)
    return sorted({*started, *([present] if present not in closed else [])})


def figures_rebuild(
    *,
    years: Iterable[int],
    months: Iterable[int] = MONTHS,
    only_outdated: bool = False,
    progress: Callable[[Rebuilt], None] | None = None,
) -> list[Rebuilt]:
    """Rebuild the kept figures of the periods of the years, for every grouping.

    ``only_outdated`` computes only the figures a report has kept and a write has since
    made outdated (a refresh ahead of the next report); otherwise every unit is computed
    and the fresh figures are compared. Each difference is logged as an error.
    """
    done = []
    for year in years:
        for count in months:
            period = Period(year, count)
            for by, split in KEPT_GROUPINGS:
                rebuilt = rebuild_lines(
                    period=period, by=by, split=split, only_outdated=only_outdated
                )
                for difference in rebuilt.differences:
                    logger.error(
                        "Kept statistics differed from the cases: unit %s, %s/%s months, "
                        "by %s%s, key %s, %s of line %s: kept %s, computed %s. A write "
                        "did not raise the unit's counter; the figures are now rebuilt.",
                        difference.unit_id,
                        year,
                        count,
                        by,
                        f" split by {split}" if split else "",
                        difference.rest,
                        difference.measure,
                        difference.line,
                        difference.kept,
                        difference.computed,
                    )
                done.append(rebuilt)
                if progress is not None:
                    progress(rebuilt)
    return done
