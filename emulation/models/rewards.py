"""The base salary (mức lương cơ sở) rewards are multiples of, and what a reward hands over."""

from __future__ import annotations

import datetime
from decimal import ROUND_CEILING, Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.formatting import format_money, paper_date

# Decree 98/2023/NĐ-CP and Decree 152/2025/NĐ-CP, principles of reward money: the multiple
# times the base salary "được làm tròn số lên hàng chục nghìn đồng" — rounded up to the next
# ten thousand đồng.
REWARD_ROUNDING = 10_000


class PhysicalItem(models.TextChoices):
    """What a title or award form hands over besides its money (Decree 98/2023, Art. 54)."""

    CERTIFICATE = "certificate", _("a certificate, framed")
    FLAG = "flag", _("a flag")
    NOTHING = "nothing", _("the money only")


def reward_amount(multiple: Decimal, base_salary: int) -> int:
    """Return the reward in đồng: the multiple of the base salary, rounded up as the law says."""
    exact = Decimal(multiple) * Decimal(base_salary) / REWARD_ROUNDING
    return int(exact.to_integral_value(rounding=ROUND_CEILING)) * REWARD_ROUNDING


class BaseSalaryQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> BaseSalary | None:
        """Return the base salary in force on a day, or None before the first one."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class BaseSalary(models.Model):
    """The base salary set by a decree, in force from a day until the next one starts."""

    valid_from = models.DateField(_("in force from"))
    amount = models.BigIntegerField(_("base salary (VND per month)"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("e.g. Decree 73/2024/NĐ-CP")
    )

    objects = BaseSalaryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"],
                name="emulation_base_salary_unique_start",
                violation_error_message=_("A base salary already takes effect on this day."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="emulation_base_salary_amount_positive",
                violation_error_message=_("The base salary is an amount above zero."),
            ),
        ]

    def __str__(self) -> str:
        return _("{amount} đồng from {day}").format(
            amount=format_money(self.amount), day=paper_date(self.valid_from)
        )
