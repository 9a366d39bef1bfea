"""Statistical years: their calendar, targets, closing and reopening, and frozen figures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models import Unit
from organizations.scoping import ScopedQuerySet

# The statistical year N runs from 1 October of N-1 to 30 September of N.
YEAR_START_MONTH = 10


def statistical_year_of(day: datetime.date) -> int:
    """Return the statistical year a day belongs to."""
    return day.year + 1 if day.month >= YEAR_START_MONTH else day.year


def statistical_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a statistical year."""
    return datetime.date(year - 1, YEAR_START_MONTH, 1), datetime.date(year, 9, 30)


class TargetQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Target(models.Model):
    """The resolution ratios the ministry assigns to a unit for a statistical year."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="enforcement_targets"
    )
    year = models.PositiveSmallIntegerField(_("statistical year"))
    case_ratio = models.DecimalField(_("target ratio in cases (%)"), max_digits=5, decimal_places=2)
    money_ratio = models.DecimalField(
        _("target ratio in money (%)"), max_digits=5, decimal_places=2
    )

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="enforcement_target_unique_per_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(case_ratio__gte=0) & Q(case_ratio__lte=100),
                name="enforcement_target_case_ratio_percent",
            ),
            models.CheckConstraint(
                condition=Q(money_ratio__gte=0) & Q(money_ratio__lte=100),
                name="enforcement_target_money_ratio_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"


class StatisticalYear(models.Model):
    """A statistical year that has been opened for work, closed or reopened."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    year = models.PositiveSmallIntegerField(_("statistical year"), unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistical year")
        verbose_name_plural = _("statistical years")
        ordering = ["-year"]
        permissions = [
            ("close_statistical_year", _("Can close a statistical year")),
            ("reopen_statistical_year", _("Can reopen a statistical year and correct its cases")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open") | Q(closed_at__isnull=False),
                name="enforcement_statisticalyear_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        """Tell whether the year's figures are frozen."""
        return self.state == self.State.CLOSED

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        """Return the year's first and last day."""
        return statistical_year_bounds(self.year)


class YearLogEntry(models.Model):
    """Who closed or reopened a statistical year, when and why; corrections made meanwhile."""

    class Action(models.TextChoices):
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        CORRECTED = "corrected", _("case corrected in a closed year")
        RECOMPUTED = "recomputed", _("money figures recomputed")

    statistical_year = models.ForeignKey(
        StatisticalYear,
        verbose_name=_("statistical year"),
        on_delete=models.CASCADE,
        related_name="log_entries",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    case = models.ForeignKey(
        "enforcement.EnforcementCase",
        verbose_name=_("enforcement case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statistical year log entry")
        verbose_name_plural = _("statistical year log")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="closed") | ~Q(reason=""),
                name="enforcement_yearlogentry_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statistical_year} · {self.get_action_display()}"


class MoneyBasis(models.TextChoices):
    """How the money lines of a frozen year were counted."""

    AMOUNT_DUE = "amount_due", _("amount due, by the case's outcome (before 2026)")
    COLLECTED = "collected", _("money actually collected (Thông tư 05/2024/TT-BTP)")


class AnnualSnapshotQuerySet(ScopedQuerySet):
    scope_field = "unit"


class AnnualSnapshot(models.Model):
    """The frozen figures of a closed statistical year for one unit's own cases.

    Only the independent lines are stored; totals, ratios and differences are derived
    exactly as for live figures, so a snapshot cannot disagree with itself.
    """

    statistical_year = models.ForeignKey(
        StatisticalYear,
        verbose_name=_("statistical year"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="enforcement_snapshots"
    )
    carried_over = models.PositiveIntegerField(_("carried over"))
    newly_accepted = models.PositiveIntegerField(_("newly accepted"))
    entrusted = models.PositiveIntegerField(_("entrusted out"))
    withdrawn = models.PositiveIntegerField(_("withdrawn / cancelled"))
    not_eligible = models.PositiveIntegerField(_("not yet eligible"))
    completed = models.PositiveIntegerField(_("completed"))
    terminated = models.PositiveIntegerField(_("terminated"))
    # Reductions and exemptions are money only: no case counts here (kept for symmetry).
    reduced = models.PositiveIntegerField(_("reduced or exempted"), default=0, db_default=0)
    postponed = models.PositiveIntegerField(_("postponed"))
    suspended = models.PositiveIntegerField(_("suspended"))
    in_progress = models.PositiveIntegerField(_("in progress"))
    carried_over_money = models.BigIntegerField(_("carried over (VND)"))
    newly_accepted_money = models.BigIntegerField(_("newly accepted (VND)"))
    entrusted_money = models.BigIntegerField(_("entrusted out (VND)"))
    withdrawn_money = models.BigIntegerField(_("withdrawn / cancelled (VND)"))
    not_eligible_money = models.BigIntegerField(_("not yet eligible (VND)"))
    completed_money = models.BigIntegerField(_("completed (VND)"))
    terminated_money = models.BigIntegerField(_("terminated (VND)"))
    reduced_money = models.BigIntegerField(_("reduced or exempted (VND)"), default=0, db_default=0)
    postponed_money = models.BigIntegerField(_("postponed (VND)"))
    suspended_money = models.BigIntegerField(_("suspended (VND)"))
    in_progress_money = models.BigIntegerField(_("in progress (VND)"))
    case_target = models.DecimalField(
        _("target ratio in cases (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    money_target = models.DecimalField(
        _("target ratio in money (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # How the money lines were counted when the year was frozen: snapshots taken before the
    # money collected was counted (Thông tư 05/2024/TT-BTP) summed the amounts due by
    # outcome; an administrator recomputes them, with a reason, when the office asks.
    money_basis = models.CharField(
        _("money counted as"),
        max_length=20,
        choices=MoneyBasis.choices,
        default=MoneyBasis.COLLECTED,
    )

    objects = AnnualSnapshotQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual snapshot")
        verbose_name_plural = _("annual snapshots")
        ordering = ["-statistical_year__year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["statistical_year", "unit"],
                name="enforcement_snapshot_unique_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.statistical_year}"
