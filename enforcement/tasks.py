"""Background tasks of enforcement: the search text of bulk-imported cases."""

from __future__ import annotations

from django_tasks import task

from enforcement.search import index_backlog


@task()
def index_case_search() -> int:
    """Write the search text of the cases a bulk import left in the backlog."""
    return index_backlog()
