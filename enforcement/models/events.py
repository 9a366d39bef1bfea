"""A case's dated events: who recorded what, with the state each left the case in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enforcement.models.cases import Eligibility, EnforcementCase, Status
from organizations.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class CaseEventQuerySet(ScopedQuerySet):
    scope_field = "case__unit"


class CaseEvent(models.Model):
    """A dated change of a case: who recorded what, with the state it left the case in."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        # A case a bulk import brought in: one event, dated the day its imported state began
        # (the closing date of a closed case, else the accepted date), carrying that state.
        IMPORTED = "imported", _("imported from a file")
        ELIGIBILITY_CHANGED = "eligibility_changed", _("eligibility changed")
        POSTPONED = "postponed", _("postponed")
        RESUMED = "resumed", _("resumed")
        SUSPENDED = "suspended", _("suspended")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")
        ENTRUSTED = "entrusted", _("entrusted out")
        WITHDRAWN = "withdrawn", _("withdrawn / cancelled")
        PAYMENT = "payment", _("payment recorded")
        REDUCED = "reduced", _("reduced or exempted")
        PAYMENT_CORRECTED = "payment_corrected", _("payment corrected")
        CORRECTED = "corrected", _("corrected")
        MOVED = "moved", _("moved to successor unit")
        # The enforcer assigned (the first time) or reassigned; ``enforcer`` names them.
        REASSIGNED = "reassigned", _("enforcer assigned")

    # Indexed by (case, occurred_on, id) below, which also serves the foreign key.
    case = models.ForeignKey(
        EnforcementCase,
        verbose_name=_("enforcement case"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Empty on an imported case's first event: its import job names the user (see
    # ``author``). Indexed only where set (see Meta).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    amount = models.BigIntegerField(_("amount (VND)"), default=0)
    # What the event changed in the money collected and in the reductions or exemptions,
    # on ``occurred_on`` (Thông tư 05/2024/TT-BTP counts the money actually collected): a
    # payment adds to ``collected``, a reduction to ``reduced``; a correction of a payment
    # takes effect on the corrected payment's day and holds the difference, negative when
    # it lowers or reverses it. The statistics sum these.
    collected = models.BigIntegerField(_("money collected (VND)"), default=0, db_default=0)
    reduced = models.BigIntegerField(_("reduced or exempted (VND)"), default=0, db_default=0)
    # The payment a correction corrects; indexed only where set (see Meta).
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrected payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        db_index=False,
    )
    note = models.TextField(_("note"), blank=True)
    # The import the event came from: a status-update file, or the file that created the
    # case (its first event, written when the case first changes; see ImportedCases).
    import_job = models.ForeignKey(
        "organizations.ImportJob",
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_events",
    )
    status_after = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    eligibility_after = models.CharField(
        _("eligibility after"), max_length=20, choices=Eligibility.choices
    )
    # The ground the case rested on after the event; indexed only where set (see Meta).
    ground = models.ForeignKey(
        "enforcement.LegalGround",
        verbose_name=_("legal ground"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # The case's enforcer after the event; indexed only where set (see Meta).
    enforcer = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("enforcer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="enforcement_caseevent_amount_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "occurred_on", "id"], name="enforcement_event_case_day"),
            models.Index(
                fields=["recorded_by"],
                name="enforcement_event_recorder",
                condition=Q(recorded_by__isnull=False),
            ),
            models.Index(
                fields=["ground"],
                name="enforcement_event_ground",
                condition=Q(ground__isnull=False),
            ),
            # The statistics sum the money of a period's events (a few in ten events).
            models.Index(
                fields=["occurred_on", "case"],
                name="enforcement_event_money_day",
                condition=~Q(collected=0) | ~Q(reduced=0),
            ),
            # The same events case by case, their amounts in the index: the figures of one
            # unit (kept figures computed again after a write) read its cases' money events
            # from the index alone instead of every event of the period.
            models.Index(
                fields=["case", "occurred_on", "collected", "reduced"],
                name="enforcement_event_money_case",
                condition=~Q(collected=0) | ~Q(reduced=0),
            ),
            models.Index(
                fields=["corrects"],
                name="enforcement_event_corrects",
                condition=Q(corrects__isnull=False),
            ),
            models.Index(
                fields=["enforcer"],
                name="enforcement_event_enforcer",
                condition=Q(enforcer__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()} · {self.occurred_on:%d/%m/%Y}"

    @property
    def paid_amount(self) -> int:
        """Return the payment as it stands after its corrections (0 once reversed)."""
        return self.collected + sum(correction.collected for correction in self.corrections.all())

    @property
    def author(self) -> AbstractBaseUser | None:
        """Return who recorded the event: its user, or the user of the import it came from."""
        if self.recorded_by_id is None and self.import_job_id is not None:
            return self.import_job.uploaded_by
        return self.recorded_by
