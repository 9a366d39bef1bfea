"""Writes to statistical years: close one (freeze its figures), reopen it with a reason."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enforcement.models import (
    AnnualSnapshot,
    MoneyBasis,
    StatisticalYear,
    Target,
    YearLogEntry,
)
from enforcement.selectors import EMPTY, LINE_FIELDS, Period, computed_lines
from enforcement.services.guards import require_everywhere, year_has_ended
from organizations.formatting import short_date


@transaction.atomic
def statistical_year_open(*, user: AbstractBaseUser | None, year: int) -> StatisticalYear:
    """Register a statistical year for work; nothing happens if it exists already."""
    statistical_year, _created = StatisticalYear.objects.get_or_create(year=year)
    return statistical_year


@transaction.atomic
def statistical_year_close(*, user: AbstractBaseUser, year: int) -> StatisticalYear:
    """Freeze a finished year's figures per unit; later edits need the reopen permission."""
    require_everywhere(user, "enforcement.close_statistical_year")
    statistical_year, _created = StatisticalYear.objects.select_for_update().get_or_create(
        year=year
    )
    if statistical_year.is_closed:
        raise ValidationError(
            _("The statistical year %(year)s is already closed."), params={"year": year}
        )
    if not year_has_ended(year):
        raise ValidationError(
            _("The statistical year %(year)s ends on %(end)s; it can be closed only after that."),
            params={"year": year, "end": short_date(statistical_year.bounds[1])},
        )
    period = Period(year=year)
    lines = computed_lines(period=period)
    targets = {target.unit_id: target for target in Target.objects.filter(year=year).order_by()}
    AnnualSnapshot.objects.filter(statistical_year=statistical_year).delete()
    snapshots = []
    for unit_id in sorted(set(lines) | set(targets)):
        cases, money = lines.get(unit_id, (EMPTY, EMPTY))
        target = targets.get(unit_id)
        values = {}
        for name in LINE_FIELDS:
            values[name] = getattr(cases, name)
            values[f"{name}_money"] = getattr(money, name)
        snapshots.append(
            AnnualSnapshot(
                statistical_year=statistical_year,
                unit_id=unit_id,
                case_target=target.case_ratio if target else None,
                money_target=target.money_ratio if target else None,
                **values,
            )
        )
    # Snapshots are written once per unit and year; their history starts at this row.
    AnnualSnapshot.objects.bulk_create(snapshots, batch_size=500)
    statistical_year.state = StatisticalYear.State.CLOSED
    statistical_year.closed_at = timezone.now()
    statistical_year.closed_by = user
    statistical_year._history_user = user
    statistical_year.save()
    YearLogEntry.objects.create(
        statistical_year=statistical_year, action=YearLogEntry.Action.CLOSED, user=user
    )
    return statistical_year


@transaction.atomic
def statistical_year_reopen(*, user: AbstractBaseUser, year: int, reason: str) -> StatisticalYear:
    """Reopen a closed year for corrections; its snapshot goes and the reason is logged."""
    require_everywhere(user, "enforcement.reopen_statistical_year")
    statistical_year = StatisticalYear.objects.select_for_update().filter(year=year).first()
    if statistical_year is None or not statistical_year.is_closed:
        raise ValidationError(
            _("The statistical year %(year)s is not closed."), params={"year": year}
        )
    if not reason.strip():
        raise ValidationError(_("Give a reason for reopening the statistical year."))
    # Reports of an open year are live; the old frozen rows stay in the snapshot history.
    for snapshot in AnnualSnapshot.objects.filter(statistical_year=statistical_year):
        snapshot.delete()
    statistical_year.state = StatisticalYear.State.OPEN
    statistical_year.closed_at = None
    statistical_year.closed_by = None
    statistical_year._history_user = user
    statistical_year.save()
    YearLogEntry.objects.create(
        statistical_year=statistical_year,
        action=YearLogEntry.Action.REOPENED,
        user=user,
        reason=reason.strip(),
    )
    return statistical_year


@transaction.atomic
def statistical_year_recompute_money(
    *, user: AbstractBaseUser, year: int, reason: str
) -> StatisticalYear:
    """Recount the money of a year frozen before the money collected was counted.

    Snapshots taken before then summed the amounts due by outcome; this replaces their money
    lines with the money collected, reduced and left (Thông tư 05/2024/TT-BTP), leaves their
    case lines and targets as frozen, and logs who asked and why.
    """
    require_everywhere(user, "enforcement.close_statistical_year")
    if not reason.strip():
        raise ValidationError(_("Give the reason for recomputing the money figures."))
    statistical_year = StatisticalYear.objects.select_for_update().filter(year=year).first()
    if statistical_year is None or not statistical_year.is_closed:
        raise ValidationError(
            _("The statistical year %(year)s is not closed: its figures are live."),
            params={"year": year},
        )
    snapshots = list(
        AnnualSnapshot.objects.filter(
            statistical_year=statistical_year, money_basis=MoneyBasis.AMOUNT_DUE
        )
    )
    if not snapshots:
        raise ValidationError(
            _("The money figures of %(year)s already count the money collected."),
            params={"year": year},
        )
    lines = computed_lines(period=Period(year=year), unit_ids=[s.unit_id for s in snapshots])
    for snapshot in snapshots:
        _cases, money = lines.get(snapshot.unit_id, (EMPTY, EMPTY))
        for name in LINE_FIELDS:
            setattr(snapshot, f"{name}_money", getattr(money, name))
        snapshot.money_basis = MoneyBasis.COLLECTED
    AnnualSnapshot.objects.bulk_update(
        snapshots, [f"{name}_money" for name in LINE_FIELDS] + ["money_basis"]
    )
    YearLogEntry.objects.create(
        statistical_year=statistical_year,
        action=YearLogEntry.Action.RECOMPUTED,
        user=user,
        reason=reason.strip(),
    )
    return statistical_year
