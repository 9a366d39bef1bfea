"""Statistical years: which a report offers and opens on, who may change a closed one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from enforcement.models import StatisticalYear, statistical_year_of
from organizations.scoping import has_unit_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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


def may_reopen(user: AbstractBaseUser, unit_id: int | None) -> bool:
    """Tell whether the user may change closed figures of the unit (without one: anywhere)."""
    permission = "enforcement.reopen_statistical_year"
    if unit_id is None:
        return user.has_perm(permission)
    return has_unit_permission(user, permission, unit_id)
