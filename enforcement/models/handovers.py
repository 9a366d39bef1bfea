"""Every handing over of a case to another unit, dated: mergers, splits, reassignments."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enforcement.models.cases import EnforcementCase
from organizations.models import Unit


class CaseHandover(models.Model):
    """A case handed from one unit to another on a day (the handling history).

    The case row holds the unit that accepted it, the unit handling it now and since when,
    which is all the statistics need while a case was handed over at most once. A case
    handed over twice (split to one office, that office merged later) also passed through
    the units in between: these rows tell which unit held it on any day, so that each
    period counts it under the unit handling it then (``selectors.lineage``).
    """

    case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="handovers",
    )
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("handed over by"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("handed over to"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("handed over on"))
    # Handed over by a unit other than the one that accepted the case: the case had been
    # handed over before. Only then does a period need this history to tell which unit held
    # the case (``selectors.lineage.handed_over_after``), a question the partial index
    # answers at once instead of joining every handover of a merger to its case.
    relayed = models.BooleanField(
        _("handed over again"), default=False, db_default=False, editable=False
    )

    class Meta:
        verbose_name = _("case handover")
        verbose_name_plural = _("case handovers")
        ordering = ["case", "on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_unit=F("to_unit")),
                name="enforcement_casehandover_to_another_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "on"], name="enforcement_handover_case_day"),
            models.Index(
                fields=["on"], name="enforcement_handover_relayed", condition=Q(relayed=True)
            ),
            # The units a relayed case passed through, found by the write counters for each
            # case written (migration 0038): a probe of the few relayed rows.
            models.Index(
                fields=["case"],
                name="enforcement_handover_relaying",
                condition=Q(relayed=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_unit_id} → {self.to_unit_id} ({self.on:%d/%m/%Y})"
