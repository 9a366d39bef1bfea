"""The catalogue of the official statistics forms the report prints: code, name, legal basis."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportFormQuerySet(models.QuerySet):
    def in_force(self, measure: str, day: datetime.date) -> ReportForm | None:
        """Return the form of a measure in force on a day: the latest that began by then."""
        return self.filter(measure=measure, valid_from__lte=day).order_by("-valid_from").first()


class ReportForm(models.Model):
    """An official statistics form (biểu mẫu thống kê) whose header the printed report carries."""

    class Measure(models.TextChoices):
        CASES = "cases", _("in cases")
        MONEY = "money", _("in money")

    measure = models.CharField(_("measured in"), max_length=10, choices=Measure.choices)
    code = models.CharField(_("form code"), max_length=30)
    name = models.CharField(_("form name"), max_length=255)
    legal_basis = models.CharField(_("issued with"), max_length=255, blank=True)
    valid_from = models.DateField(_("in force from"))

    objects = ReportFormQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistics form")
        verbose_name_plural = _("statistics forms")
        ordering = ["measure", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "valid_from"],
                name="enforcement_reportform_one_per_measure_and_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"
