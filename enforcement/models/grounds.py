"""The catalogue of legal grounds: why a case was postponed, suspended, ended, not eligible."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enforcement.models.cases import Eligibility, Status


class GroundAction(models.TextChoices):
    POSTPONEMENT = "postponement", _("postponement")
    SUSPENSION = "suspension", _("suspension")
    TERMINATION = "termination", _("termination")
    NOT_ELIGIBLE = "not_eligible", _("not yet eligible")


# The statuses that rest on a ground, and the action whose grounds they take; marking a
# case not yet eligible takes a ground of GroundAction.NOT_ELIGIBLE.
STATUS_GROUND_ACTIONS = {
    Status.POSTPONED: GroundAction.POSTPONEMENT,
    Status.SUSPENDED: GroundAction.SUSPENSION,
    Status.TERMINATED: GroundAction.TERMINATION,
}


class LegalGroundQuerySet(models.QuerySet):
    def for_action(self, action: str) -> LegalGroundQuerySet:
        """Return the grounds in use for one action, in the catalogue's order."""
        return self.filter(action=action, is_active=True)


class LegalGround(models.Model):
    """A ground of the Law on Civil Judgment Enforcement (căn cứ pháp lý), kept as data.

    Each ground belongs to one action (postponement — Art. 48, suspension — Art. 49,
    termination — Art. 50, not yet eligible — Art. 44a) and says how a case resting on it
    counts in the statistics; administrators of the whole sector keep the catalogue.
    """

    Action = GroundAction

    code = models.CharField(
        _("code"), max_length=20, help_text=_("Article, clause and point, e.g. 48.1.a.")
    )
    provision = models.CharField(
        _("provision of the law"),
        max_length=255,
        help_text=_("As cited in decisions, e.g. điểm a khoản 1 Điều 48."),
    )
    law = models.CharField(_("law"), max_length=255)
    description = models.CharField(_("description (Vietnamese)"), max_length=500)
    action = models.CharField(_("applies to"), max_length=20, choices=Action.choices)
    classification = models.CharField(
        _("counts the case as"),
        max_length=20,
        choices=Eligibility.choices,
        help_text=_("How an open case resting on this ground counts in the statistics."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = LegalGroundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal ground")
        verbose_name_plural = _("legal grounds")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="enforcement_ground_unique_code"),
            models.CheckConstraint(
                condition=Q(action__in=GroundAction.values),
                name="enforcement_ground_action_valid",
            ),
            models.CheckConstraint(
                condition=Q(classification__in=Eligibility.values),
                name="enforcement_ground_classification_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.description}"
