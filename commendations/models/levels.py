"""Public comment before a council's vote, the holidays it skips, and forwarding upwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commendations.models.council import CouncilSession
from commendations.models.nominations import Nomination
from organizations.models import Unit
from organizations.scoping import ScopedQuerySet


class PublicHoliday(models.Model):
    """A day off for public servants besides Saturdays and Sundays (Labour Code 2019, Art. 112).

    Tết and compensatory days move every year with the Government's announcement, so the
    days are data the administrator keeps, not code.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("holiday"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.name}"


class PublicCommentQuerySet(ScopedQuerySet):
    scope_field = "nomination__nominating_unit"


class PublicComment(models.Model):
    """A comment a user of the sector left on a nomination published for public comment."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="public_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    text = models.TextField(_("comment"))

    objects = PublicCommentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        ordering = ["nomination", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="commendations_public_comment_not_empty",
                violation_error_message=_("Write the comment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} · {self.at:%d/%m/%Y %H:%M}"


class ForwardingQuerySet(ScopedQuerySet):
    scope_field = "nomination__nominating_unit"


class Forwarding(models.Model):
    """A nomination sent to a higher level (trình cấp trên) with its lower council's result."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="forwardings",
    )
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("submitted to"), on_delete=models.PROTECT, related_name="+"
    )
    council_session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("lower council's session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.PositiveSmallIntegerField(_("council members"), default=0)
    yes_votes = models.PositiveSmallIntegerField(_("yes votes"), default=0)
    no_votes = models.PositiveSmallIntegerField(_("no votes"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    note = models.TextField(_("note"), blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = ForwardingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission to a higher level")
        verbose_name_plural = _("submissions to a higher level")
        ordering = ["nomination", "forwarded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_unit=models.F("to_unit")),
                name="commendations_forwarding_to_another_unit",
                violation_error_message=_("A nomination is submitted to another unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"
