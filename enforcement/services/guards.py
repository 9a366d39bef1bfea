"""Checks every enforcement write shares: permission, scope, dates and closed years."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import (
    EnforcementCase,
    StatisticalYear,
    YearLogEntry,
    statistical_year_bounds,
    statistical_year_of,
)
from enforcement.selectors import may_reopen
from organizations.formatting import short_date
from organizations.models import Unit
from organizations.scoping import unit_in_scope, unit_scope_ids


def require_permission(user: AbstractBaseUser, permission: str) -> None:
    """Refuse users who lack the permission."""
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role does not allow this change."))


def require_everywhere(user: AbstractBaseUser, permission: str) -> None:
    """Refuse a sector-wide act to users who do not hold its permission in every unit."""
    require_permission(user, permission)
    if unit_scope_ids(user, permission) is not None:
        raise PermissionDenied(
            _("Only an administrator at the ministry closes or reopens a statistical year.")
        )


def require_unit_in_scope(user: AbstractBaseUser, unit: Unit, permission: str) -> None:
    """Refuse a unit where the user does not hold the permission (outside their units)."""
    if not unit_in_scope(user, unit.pk, permission):
        raise PermissionDenied(_("This unit is outside your units."))


def lock_case_in_scope(
    user: AbstractBaseUser, case: EnforcementCase, permission: str
) -> EnforcementCase:
    """Return the case row locked for update; refuse it where the user lacks the permission."""
    locked = (
        EnforcementCase.objects.for_user(user, permission)
        .select_for_update()
        .filter(pk=case.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("This case is outside your units."))
    return locked


def today() -> datetime.date:
    """Return today's date in the sector's time zone."""
    return timezone.localdate()


def check_event_date(case: EnforcementCase, on: datetime.date) -> None:
    """Refuse a date before acceptance, before the last change, or in the future."""
    if on > today():
        raise ValidationError(
            _("The date %(date)s is in the future."), params={"date": short_date(on)}, code="future"
        )
    if on < case.accepted_on:
        raise ValidationError(
            _("The date %(date)s is before the case was accepted (%(accepted)s)."),
            params={"date": short_date(on), "accepted": short_date(case.accepted_on)},
            code="before_accepted",
        )
    if on < case.state_changed_on:
        raise ValidationError(
            _(
                "The date %(date)s is before the case's last change (%(last)s): "
                "record changes in the order they happened."
            ),
            params={"date": short_date(on), "last": short_date(case.state_changed_on)},
            code="before_last_change",
        )


def closed_years_between(first: datetime.date, last: datetime.date) -> list[StatisticalYear]:
    """Return the closed statistical years that overlap the days from first to last."""
    return list(
        StatisticalYear.objects.filter(
            state=StatisticalYear.State.CLOSED,
            year__gte=statistical_year_of(first),
            year__lte=statistical_year_of(last),
        ).order_by("year")
    )


def closed_years_check(
    *, user: AbstractBaseUser, years: list[StatisticalYear], reason: str, unit_id: int | None
) -> None:
    """Let a change touch closed years only with the reopen permission and a reason."""
    if not years:
        return
    labels = ", ".join(str(year.year) for year in years)
    if not may_reopen(user, unit_id):
        raise ValidationError(
            _(
                "The statistical year %(years)s is closed: only a user who may reopen it can "
                "change the figures of its cases."
            ),
            params={"years": labels},
            code="closed_year",
        )
    if not reason.strip():
        raise ValidationError(
            _("Give a reason for changing a case of the closed statistical year %(years)s."),
            params={"years": labels},
            code="reason_required",
        )


def guard_closed_years(
    *,
    user: AbstractBaseUser,
    years: list[StatisticalYear],
    reason: str,
    case: EnforcementCase | None = None,
) -> None:
    """Check a change that touches closed years (``closed_years_check``), then log it."""
    if not years:
        return
    closed_years_check(
        user=user, years=years, reason=reason, unit_id=case.unit_id if case is not None else None
    )
    YearLogEntry.objects.bulk_create(
        YearLogEntry(
            statistical_year=year,
            action=YearLogEntry.Action.CORRECTED,
            user=user,
            reason=reason.strip(),
            case=case,
        )
        for year in years
    )


def closed_years_of_case(case: EnforcementCase) -> list[StatisticalYear]:
    """Return the closed years whose figures count the case as it stands."""
    return closed_years_between(case.accepted_on, case.closed_on or today())


def year_has_ended(year: int) -> bool:
    """Tell whether the statistical year is over."""
    return statistical_year_bounds(year)[1] < today()
