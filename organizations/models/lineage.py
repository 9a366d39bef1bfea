"""Dated lineage of units: which unit took over from which, from what day, by what decision."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.models.units import Unit
from organizations.scoping import ScopedQuerySet


class UnitLineageQuerySet(ScopedQuerySet):
    scope_field = "successor"


class UnitLineage(models.Model):
    """A predecessor that a successor took over from a day on (2025 reorganisation).

    A merger hands the whole predecessor to one successor; a split hands it to several,
    each case to the one that takes it. The predecessor's ``valid_to`` (the day before) and
    ``successor`` (a merger's) are copies kept by ``enforcement.services.lineage``: this
    record is the source.
    """

    class Kind(models.TextChoices):
        MERGER = "merger", _("merger")
        SPLIT = "split", _("split")

    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successions",
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="origins",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MERGER)
    taken_over_on = models.DateField(
        _("taken over on"),
        help_text=_("The successor's first day (the predecessor's last is the day before)."),
    )
    decision_number = models.CharField(_("ordering decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("ordering decision date"), null=True, blank=True)
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Required when the date falls in a closed statistical year."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = UnitLineageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["taken_over_on", "predecessor"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="organizations_unitlineage_not_own_predecessor",
                violation_error_message=_("A unit cannot be its own predecessor."),
            ),
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="organizations_unitlineage_once_per_pair",
                violation_error_message=_("This predecessor already has this successor."),
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(kind="merger"),
                name="organizations_unitlineage_one_merger_per_predecessor",
                violation_error_message=_("The unit has already been merged into a successor."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.taken_over_on:%d/%m/%Y})"

    @property
    def predecessor_last_day(self) -> datetime.date:
        """Return the predecessor's last day, the day before the successor took over."""
        return self.taken_over_on - datetime.timedelta(days=1)
