"""What a case orders the debtor to do: pay money, once or by period, hand over, act.

Registers hold decisions such as "APDSST: 150.000đ", "cấp dưỡng nuôi con 1.000.000đ/01 tháng
(10/2025-09/2026)" or "trả lại 590m2 đất": each is one obligation of its case. The case's
``amount_due`` is the sum of its money obligations (one-off amounts and the whole schedule of
the periodic ones), kept by the obligation services (``enforcement.services.obligations``);
the statistics count money only from those (``enforcement.selectors.periodic``).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.scoping import ScopedQuerySet


class ObligationKind(models.TextChoices):
    MONEY = "money", _("money")
    PERIODIC_MONEY = "periodic_money", _("money by period")
    PROPERTY = "property", _("property or land to hand over")
    ACT = "act", _("act to do")
    ABSTENTION = "abstention", _("act not to do")


MONEY_KINDS = (ObligationKind.MONEY, ObligationKind.PERIODIC_MONEY)


class PeriodUnit(models.TextChoices):
    MONTH = "month", _("month")


class QuantityUnit(models.TextChoices):
    SQUARE_METRE = "m2", _("square metres")
    HECTARE = "ha", _("hectares")
    ITEM = "item", _("items")
    KILOGRAM = "kg", _("kilograms")


def months_between(first: datetime.date, last: datetime.date) -> int:
    """Return how many months run from ``first``'s month to ``last``'s, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def month_start(day: datetime.date) -> datetime.date:
    """Return the first day of the day's month: the day a monthly instalment falls due."""
    return day.replace(day=1)


class ObligationQuerySet(ScopedQuerySet):
    scope_field = "case__unit"


class Obligation(models.Model):
    """One obligation of an enforcement case (nghĩa vụ thi hành án)."""

    case = models.ForeignKey(
        "enforcement.EnforcementCase",
        verbose_name=_("enforcement case"),
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    kind = models.CharField(_("obligation"), max_length=20, choices=ObligationKind.choices)
    # What the decision names: "án phí dân sự sơ thẩm", "cấp dưỡng nuôi con", "đất", ...
    description = models.CharField(_("description"), max_length=255, blank=True)
    # Money: the amount; money by period: the amount of one period.
    amount = models.BigIntegerField(_("amount (VND)"), default=0)
    period_unit = models.CharField(
        _("period"), max_length=10, choices=PeriodUnit.choices, blank=True
    )
    # The first and the last period, each stored as its first day: the day its instalment
    # falls due (a statistical period counts what falls due in it).
    first_period = models.DateField(_("first month"), null=True, blank=True)
    last_period = models.DateField(_("last month"), null=True, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    quantity_unit = models.CharField(
        _("unit of quantity"), max_length=10, choices=QuantityUnit.choices, blank=True
    )

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["case", "id"]
        # Part of their case: whoever may change the case changes them (services.obligations).
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in ObligationKind]),
                name="enforcement_obligation_kind_valid",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=MONEY_KINDS) & Q(amount__gt=0))
                | (~Q(kind__in=MONEY_KINDS) & Q(amount=0)),
                name="enforcement_obligation_amount_iff_money",
                violation_error_message=_("A money obligation has an amount; no other has."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ObligationKind.PERIODIC_MONEY)
                    & Q(period_unit=PeriodUnit.MONTH)
                    & Q(first_period__isnull=False)
                    & Q(last_period__gte=models.F("first_period"))
                )
                | (
                    ~Q(kind=ObligationKind.PERIODIC_MONEY)
                    & Q(period_unit="")
                    & Q(first_period__isnull=True)
                    & Q(last_period__isnull=True)
                ),
                name="enforcement_obligation_periods_iff_periodic",
                violation_error_message=_(
                    "Money by period has its period and its first and last periods, in order; "
                    "no other obligation has."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ObligationKind.PROPERTY)
                    & Q(quantity__gt=0)
                    & ~Q(quantity_unit="")
                    & ~Q(description="")
                )
                | (
                    ~Q(kind=ObligationKind.PROPERTY)
                    & Q(quantity__isnull=True)
                    & Q(quantity_unit="")
                ),
                name="enforcement_obligation_quantity_iff_property",
                violation_error_message=_(
                    "Property to hand over has a description, a quantity and its unit; no "
                    "other obligation has a quantity."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[ObligationKind.ACT, ObligationKind.ABSTENTION])
                | ~Q(description=""),
                name="enforcement_obligation_act_described",
                violation_error_message=_("An act to do or not to do is described."),
            ),
        ]
        indexes = [
            # The statistics read the few periodic obligations of the counted cases.
            models.Index(
                fields=["case", "first_period", "last_period"],
                name="enforcement_obligation_period",
                condition=Q(kind=ObligationKind.PERIODIC_MONEY),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def periods(self) -> int:
        """Return how many periods a periodic obligation runs (0 for any other)."""
        if self.first_period is None or self.last_period is None:
            return 0
        return months_between(self.first_period, self.last_period)

    @property
    def total(self) -> int:
        """Return the money the obligation orders in all: its amount, times its periods."""
        if self.kind == ObligationKind.PERIODIC_MONEY:
            return self.amount * self.periods
        return self.amount if self.kind == ObligationKind.MONEY else 0

    def due_by(self, day: datetime.date) -> int:
        """Return the money fallen due by the end of ``day``: what a period counts as due."""
        if self.kind != ObligationKind.PERIODIC_MONEY:
            return self.total
        return self.amount * periods_due(self.first_period, self.last_period, day)


def periods_due(first: datetime.date | None, last: datetime.date | None, day: datetime.date) -> int:
    """Return how many periods of a schedule have fallen due by the end of ``day``.

    Each monthly instalment falls due on the first day of its month.
    """
    if first is None or last is None or day < first:
        return 0
    return months_between(first, min(month_start(day), last))
