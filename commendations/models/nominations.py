"""Nominations, the events of their review, and the files of their dossiers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commendations.models.catalogue import AwardForm, DocumentKind
from emulation.models import CommendationType, Initiative, Title
from emulation.models.clusters import YEAR_VALIDATORS, year_in_range
from organizations.models import Person, Unit
from organizations.scoping import ScopedQuerySet


class NominationQuerySet(ScopedQuerySet):
    scope_field = "nominating_unit"


class Nomination(models.Model):
    """A unit's proposal to honour a person or a unit with a title or an award form."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        RETURNED = "returned", _("returned for changes")
        RECOMMENDED = "recommended", _("recommended")
        COUNCIL_VOTE = "council_vote", _("council vote")
        APPROVED = "approved", _("approved")
        # Approved by the unit's council for a form its head cannot confer: sent up with its
        # dossier and the council's result (trình cấp trên), to be reviewed there.
        FORWARDED = "forwarded", _("submitted to the higher level")
        REJECTED = "rejected", _("rejected")
        DECIDED = "decided", _("decided")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    nominating_unit = models.ForeignKey(
        Unit,
        verbose_name=_("nominating unit"),
        on_delete=models.PROTECT,
        related_name="nominations_made",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("nominated person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("nominated unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    proposed_title = models.ForeignKey(
        Title,
        verbose_name=_("proposed title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("proposed award form"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    commendation_type = models.CharField(
        _("commendation type"),
        max_length=10,
        choices=CommendationType.choices,
        default=CommendationType.MERIT,
        help_text=_(
            "Merit over a period, a movement or theme, or one-off: only merit counts towards "
            "later merit-based awards, and quotas are counted per type."
        ),
    )
    achievements = models.TextField(_("achievements"))
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    council_session = models.ForeignKey(
        "commendations.CouncilSession",
        verbose_name=_("council session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    secret_ballot = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_(
            "Fixed when the nomination is put to the council's vote, from the title or award "
            "form: the tally is shown, never a member's vote by name."
        ),
    )
    comment_from = models.DateField(
        _("public comment from"),
        null=True,
        blank=True,
        help_text=_("First day the nomination is published for comment."),
    )
    comment_until = models.DateField(
        _("public comment until"),
        null=True,
        blank=True,
        help_text=_("Last working day of the public comment; the council votes after it."),
    )
    forwarded_to = models.ForeignKey(
        Unit,
        verbose_name=_("submitted to (higher level)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_received",
        help_text=_("The higher unit that reviews and decides the nomination now."),
    )
    decision = models.ForeignKey(
        "commendations.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "-updated_at", "-pk"]
        permissions = [
            ("submit_nomination", _("Can submit the nominations of own units")),
            ("review_nomination", _("Can review nominations")),
            ("vote_nomination", _("Can vote on nominations in the council")),
            ("manage_council_session", _("Can keep council sessions: presence, written votes")),
            ("decide_nomination", _("Can record signed award decisions")),
            ("print_certificate", _("Can print merit certificates")),
        ]
        indexes = [
            models.Index(fields=["status", "year"], name="commendations_nom_status_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="commendations_nomination_one_nominee",
                violation_error_message=_("Nominate exactly one person or one unit."),
            ),
            models.CheckConstraint(
                condition=Q(proposed_title__isnull=False, award_form__isnull=True)
                | Q(proposed_title__isnull=True, award_form__isnull=False),
                name="commendations_nomination_one_proposal",
                violation_error_message=_("Propose exactly one title or one award form."),
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="commendations_nomination_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee} · {self.proposal} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("commendations:nomination", args=[self.pk])

    @property
    def nominee(self) -> Person | Unit | None:
        """Return the person or unit nominated."""
        return self.person if self.person_id else self.unit

    @property
    def proposal(self) -> Title | AwardForm | None:
        """Return the title or award form proposed."""
        return self.proposed_title if self.proposed_title_id else self.award_form

    @property
    def is_editable(self) -> bool:
        """Tell whether the nominating unit may still change the nomination."""
        return self.status in self.EDITABLE

    @property
    def counts_as_merit(self) -> bool:
        """Tell whether the result counts towards later merit-based titles and awards."""
        return self.commendation_type == CommendationType.MERIT

    @property
    def handling_unit_id(self) -> int:
        """Return the unit whose reviewers, council and head act on the nomination now."""
        return self.forwarded_to_id or self.nominating_unit_id

    @property
    def vote_threshold(self) -> Decimal:
        """Return the share of all council members whose yes votes pass the motion."""
        return self.proposal.council_vote_threshold


class NominationEventQuerySet(ScopedQuerySet):
    scope_field = "nomination__nominating_unit"


class NominationEvent(models.Model):
    """One step of a nomination's way: from which state to which, who, when and why."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Nomination.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Nomination.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = NominationEventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination event")
        verbose_name_plural = _("nomination events")
        ordering = ["nomination", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '–'} → {self.get_to_status_display()}"


class DossierFileQuerySet(ScopedQuerySet):
    scope_field = "nomination__nominating_unit"


def dossier_path(instance: DossierFile, filename: str) -> str:
    """Store each nomination's files together, under a name that keeps only the extension."""
    suffix = Path(filename).suffix.lower()
    return f"commendations/dossiers/{instance.nomination_id}/{instance.kind}{suffix}"


class DossierFile(models.Model):
    """A file of a nomination's dossier: the proposal letter, achievement report, minutes."""

    Kind = DocumentKind

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=dossier_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = DossierFileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["nomination", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("commendations:dossier_file", args=[self.pk])
