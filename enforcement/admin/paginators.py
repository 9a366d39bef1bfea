"""A paginator for tables of millions of rows: it never counts past a cap."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

COUNT_CAP = 10_000
# The request attribute holding the counts already made: {the rows' SQL: count}.
COUNTED = "_capped_counts"


def count_cap() -> int:
    """Return the count past which the rows are not counted (read when asked, not imported)."""
    return COUNT_CAP


def _rows(queryset: QuerySet) -> QuerySet:
    # The rows counted: only their keys, in no order (a search's rank is for the page).
    return queryset.order_by().values("pk")


def _key(queryset: QuerySet) -> tuple[str, str] | None:
    try:
        sql, params = _rows(queryset).query.sql_with_params()
    except EmptyResultSet:
        # Rows that are none by construction (a search finding nothing): Django counts them
        # without a query, so there is nothing to remember.
        return None
    return sql, repr(params)


def remember_count(request: HttpRequest, queryset: QuerySet, counted: int) -> None:
    """Note that the queryset's rows were counted up to ``COUNT_CAP + 1`` (or all of them).

    The list's paginator, built later in the same request, then takes the count instead of
    counting the same rows again. ``counted`` must be the exact count if at most the cap.
    """
    key = _key(queryset)
    if key is None:
        return
    counts = getattr(request, COUNTED, None)
    if counts is None:
        counts = {}
        setattr(request, COUNTED, counts)
    counts[key] = min(counted, COUNT_CAP + 1)


def remembered_count(request: HttpRequest, queryset: QuerySet) -> int | None:
    """Return the count noted for exactly these rows in this request, or None."""
    counts = getattr(request, COUNTED, None)
    if not counts or not isinstance(queryset, QuerySet):
        return None
    key = _key(queryset)
    return None if key is None else counts.get(key)


class CappedCountPaginator(Paginator):
    """Count at most ``COUNT_CAP + 1`` rows; past the cap the last pages are not offered."""

    def __init__(self, *args: Any, known_count: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        # COUNT(*) over a LIMITed subquery stops after the cap instead of scanning the table.
        return _rows(self.object_list)[: COUNT_CAP + 1].count()

    @property
    def cap(self) -> int:
        """Return the count past which the rows are not counted."""
        return count_cap()

    @property
    def is_capped(self) -> bool:
        """Tell whether there are more rows than were counted."""
        return self.count > COUNT_CAP
