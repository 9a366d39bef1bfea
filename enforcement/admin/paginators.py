"""A paginator for tables of millions of rows: it never counts past a cap."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Count at most ``COUNT_CAP + 1`` rows; past the cap the last pages are not offered."""

    @cached_property
    def count(self) -> int:
        # COUNT(*) over a LIMITed subquery stops after the cap instead of scanning the table.
        # Only the keys are read: a search's rank (enforcement.search) is for the page.
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        """Tell whether there are more rows than were counted."""
        return self.count > COUNT_CAP
