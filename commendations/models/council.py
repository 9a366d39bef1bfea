"""The emulation and commendation council, its sessions and its members' votes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from commendations.models.nominations import Nomination
from commendations.models.signed import SignedCopy
from emulation.models import Level
from organizations.models import Person, Unit
from organizations.scoping import ScopedQuerySet

# Two thirds of the members, as the councils' rules of procedure ask; a setting per council.
DEFAULT_QUORUM_PERCENT = Decimal("66.67")
QUORUM_RANGE_MESSAGE = _("The quorum lies above 0 and at most 100 per cent of the members.")


class CouncilQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Council(models.Model):
    """A unit's emulation and commendation council (Hội đồng thi đua – khen thưởng)."""

    name = models.CharField(_("name"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="councils"
    )
    established_by = models.CharField(_("establishing decision"), max_length=255, blank=True)
    quorum_percent = models.DecimalField(
        _("quorum (%)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_QUORUM_PERCENT,
        validators=[
            MinValueValidator(Decimal("0.01"), message=QUORUM_RANGE_MESSAGE),
            MaxValueValidator(100, message=QUORUM_RANGE_MESSAGE),
        ],
        help_text=_(
            "Share of all members who must be present, and vote in person on a motion, for "
            "the council to decide; 66.67 is two thirds. Reached when the share present, "
            "rounded to two decimals, is at least this."
        ),
    )
    quorum_basis = models.CharField(_("legal basis of the quorum"), max_length=500, blank=True)
    level = models.CharField(
        _("level it decides"),
        max_length=12,
        choices=Level.choices,
        default=Level.GRASSROOTS,
        help_text=_(
            "Highest level of titles and award forms decided on this council's advice: "
            "grassroots (the unit head's Letter of Commendation), ministry (the Minister's), "
            "national (forms the ministry proposes to the Prime Minister or the President "
            "and whose decisions it records). Higher forms are submitted to a higher unit."
        ),
    )
    is_active = models.BooleanField(_("in office"), default=True)

    objects = CouncilQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_percent__gt=0, quorum_percent__lte=100),
                name="commendations_council_quorum_in_range",
                violation_error_message=QUORUM_RANGE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CouncilMemberQuerySet(ScopedQuerySet):
    scope_field = "council__unit"


class CouncilMember(models.Model):
    """A member of a council; every member counts towards quorum and vote thresholds."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")
        SECRETARY_MEMBER = "secretary_member", _("member and secretary")

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_memberships",
    )
    position = models.CharField(
        _("position in the council"),
        max_length=20,
        choices=Position.choices,
        default=Position.MEMBER,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CouncilMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                name="commendations_council_member_unique_user",
                violation_error_message=_("This user is already a member of the council."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Return the member's full name, from the staff record or the user account."""
        if self.person_id:
            return self.person.full_name
        return self.user.get_full_name() or self.user.get_username()


class CouncilSessionQuerySet(ScopedQuerySet):
    scope_field = "council__unit"


class CouncilSession(SignedCopy):
    """A meeting of a council at which members vote on the nominations put before it."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("session", "open")
        CLOSED = "closed", pgettext_lazy("session", "closed")

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(pgettext_lazy("session", "title"), max_length=255)
    number = models.CharField(_("minutes number"), max_length=60, blank=True)
    held_on = models.DateField(_("held on"))
    # The meeting's own hours, as the minutes state them; closing the session in the system
    # (closed_at) may happen later and is not the end of the meeting.
    starts_at = models.TimeField(_("started at"), null=True, blank=True)
    ends_at = models.TimeField(_("ended at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    present = models.ManyToManyField(
        CouncilMember, verbose_name=_("members present"), blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(pgettext_lazy("session", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("session", "closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CouncilSessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="commendations_session_ends_after_it_starts",
                violation_error_message=_("The session ends after it starts, on the same day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("commendations:session", args=[self.pk])

    def get_signed_copy_url(self) -> str:
        return reverse("commendations:session_signed_copy", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Tell whether votes may still be recorded."""
        return self.status == self.Status.OPEN

    def voting_has_begun(self) -> bool:
        """Tell whether any vote is recorded in the session: its presence is then fixed."""
        return self.votes.exists()


class VoteQuerySet(ScopedQuerySet):
    scope_field = "session__council__unit"

    def shown_by_name(self) -> VoteQuerySet:
        """Return the votes of open ballots: a secret ballot's votes are never listed by name."""
        return self.filter(nomination__secret_ballot=False)


def ballot_path(instance: Vote, filename: str) -> str:
    """Store a session's ballots together, under a name that keeps only the extension."""
    suffix = Path(filename).suffix.lower()
    return (
        f"commendations/ballots/{instance.session_id}/"
        f"{instance.nomination_id}-{instance.member_id}{suffix}"
    )


class Vote(models.Model):
    """A member's vote on one nomination in a session; written for an absent member."""

    class Choice(models.TextChoices):
        YES = "yes", pgettext_lazy("vote", "yes")
        NO = "no", pgettext_lazy("vote", "no")
        ABSTAIN = "abstain", pgettext_lazy("vote", "abstain")

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="votes"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="votes"
    )
    member = models.ForeignKey(
        CouncilMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="votes"
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    written = models.BooleanField(
        _("written vote"),
        default=False,
        help_text=_("Sent in writing by a member absent from the session."),
    )
    ballot = models.FileField(
        _("signed ballot"),
        upload_to=ballot_path,
        max_length=255,
        blank=True,
        help_text=_("The absent member's signed ballot (PDF, JPG or PNG), for a written vote."),
    )
    ballot_name = models.CharField(_("ballot file name"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)

    objects = VoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["session", "nomination", "member__order", "member__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination", "member"],
                name="commendations_vote_once_per_member",
                violation_error_message=_("This member has already voted on this nomination."),
            ),
            models.CheckConstraint(
                condition=models.Q(written=True) | models.Q(ballot=""),
                name="commendations_vote_ballot_only_when_written",
                violation_error_message=_("Only a written vote carries a signed ballot."),
            ),
        ]

    def __str__(self) -> str:
        if self.nomination.secret_ballot:
            # Logs, breadcrumbs and histories name a vote by this: a secret one stays secret.
            return str(_("a vote by secret ballot"))
        return f"{self.member} · {self.get_choice_display()}"
