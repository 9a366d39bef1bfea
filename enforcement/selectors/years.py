"""The statistical years a report offers and opens on."""

from __future__ import annotations

from django.utils import timezone

from enforcement.models import StatisticalYear, statistical_year_of


def default_report_year() -> int:
    """Return the latest statistical year with work recorded, else the current one."""
    latest = StatisticalYear.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or statistical_year_of(timezone.localdate())


def available_years() -> list[int]:
    """Return the statistical years a user can pick, newest first: the last ten and any recorded."""
    current = statistical_year_of(timezone.localdate())
    years = set(StatisticalYear.objects.values_list("year", flat=True))
    years.update(range(current - 9, current + 1))
    return sorted(years, reverse=True)
