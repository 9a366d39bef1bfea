"""A paginator for tables of millions of rows: it never counts past a cap.

What a search already learnt in the same request is not asked again: how many rows it found
(``remember_count``) and, when it read them all by their ids, their ids in the list's order
(``remember_order``): a page then reads only its own rows, instead of every row found to
sort them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from enforcement.id_lists import narrowed_to

COUNT_CAP = 10_000
# The request attribute holding the counts already made: {the rows' SQL: count}.
COUNTED = "_capped_counts"
# The request attribute holding the rows' ids already sorted: {the rows' SQL: (order, ids)}.
ORDERED = "_ordered_ids"


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


def _noted(request: HttpRequest, attribute: str) -> dict[tuple[str, str], Any]:
    # What this request has noted under the attribute, by the rows' SQL (created empty).
    noted = getattr(request, attribute, None)
    if noted is None:
        noted = {}
        setattr(request, attribute, noted)
    return noted


def remember_count(request: HttpRequest, queryset: QuerySet, counted: int) -> None:
    """Note that the queryset's rows were counted up to ``COUNT_CAP + 1`` (or all of them).

    The list's paginator, built later in the same request, then takes the count instead of
    counting the same rows again. ``counted`` must be the exact count if at most the cap.
    """
    key = _key(queryset)
    if key is not None:
        _noted(request, COUNTED)[key] = min(counted, COUNT_CAP + 1)


def remembered_count(request: HttpRequest, queryset: QuerySet) -> int | None:
    """Return the count noted for exactly these rows in this request, or None."""
    counts = getattr(request, COUNTED, None)
    if not counts or not isinstance(queryset, QuerySet):
        return None
    key = _key(queryset)
    return None if key is None else counts.get(key)


def remember_order(
    request: HttpRequest, queryset: QuerySet, ids: list[int], order: tuple[str, ...]
) -> None:
    """Note the ids of every row of the queryset, sorted by ``order`` (an ``order_by``).

    The list's paginator then reads each page's rows by their ids, when the list is in that
    order (``remembered_order``).
    """
    key = _key(queryset)
    if key is not None:
        _noted(request, ORDERED)[key] = (tuple(order), ids)


def remembered_order(request: HttpRequest, queryset: QuerySet) -> list[int] | None:
    """Return the ids noted for exactly these rows, if the queryset sorts them the same way."""
    ordered = getattr(request, ORDERED, None)
    if not ordered or not isinstance(queryset, QuerySet):
        return None
    key = _key(queryset)
    noted = None if key is None else ordered.get(key)
    if noted is None or noted[0] != tuple(queryset.query.order_by):
        return None
    return noted[1]


class CappedCountPaginator(Paginator):
    """Count at most ``COUNT_CAP + 1`` rows; past the cap the last pages are not offered.

    ``known_order``: every row's id in the queryset's own order (``remembered_order``): a
    page is then read by its ids.
    """

    def __init__(
        self,
        *args: Any,
        known_count: int | None = None,
        known_order: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = known_count
        self.known_order = known_order

    def page(self, number: Any) -> Page:
        if self.known_order is None:
            return super().page(number)
        # Django's own slicing, over the ids.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.known_order[bottom:top]
        return self._get_page(narrowed_to(self.object_list, ids), number, self)

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
