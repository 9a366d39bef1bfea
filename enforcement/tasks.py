"""Background tasks of enforcement: the search text of imported cases, a period's figures."""

from __future__ import annotations

from django_tasks import task

from enforcement.search import index_backlog
from enforcement.selectors import Period, direct_lines


@task()
def index_case_search() -> int:
    """Write the search text of the cases a bulk import left in the backlog."""
    return index_backlog()


@task()
def keep_figures(year: int, months: int, by: str = "unit", split: str | None = None) -> int:
    """Compute and keep every unit's figures of a period for one grouping.

    What a report asks when it outlasts the web's statement timeout (every unit's figures
    outdated at once: a release changing the computation, a year nobody has read yet): the
    worker has no statement timeout, and the report reads the kept figures once they are
    stored. Units kept fresh meanwhile are read, not computed again. Returns how many
    figures (units or enforcers) it holds.
    """
    return len(direct_lines(period=Period(year, months), by=by, split=split))
