"""Award decisions, the merit certificates they issue, and the printing of many at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commendations.models.catalogue import AwardForm
from commendations.models.nominations import Nomination
from commendations.models.signed import SignedCopy
from emulation.models import PhysicalItem, Title
from emulation.models.clusters import year_in_range
from organizations.formatting import format_money, paper_date
from organizations.jobs import Job, JobQuerySet, progress_percent
from organizations.models import Person, Unit
from organizations.scoping import ScopedQuerySet, unit_scope_ids, view_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class DecisionQuerySet(ScopedQuerySet):
    scope_field = "issuing_unit"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the decisions that honour nominations of the user's units.

        A decision follows the scope of the nominations it holds, not of the unit that
        issued it; its certificates are shown to each user for their own units only.
        """
        scope = unit_scope_ids(user, permission or view_permission(self.model))
        if scope is None:
            return self
        concerned = Nomination.objects.filter(nominating_unit__in=scope).values("decision")
        return self.filter(pk__in=concerned)


class Decision(SignedCopy):
    """A signed award decision (quyết định khen thưởng) and what it grants."""

    number = models.CharField(_("decision number"), max_length=60, help_text="1234/QĐ-BTP")
    date = models.DateField(_("decision date"))
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    authority = models.CharField(
        _("issuing authority"), max_length=255, help_text=_("e.g. Bộ trưởng Bộ Tư pháp")
    )
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(
        _("signer's title"), max_length=200, help_text=_("e.g. BỘ TRƯỞNG or KT. BỘ TRƯỞNG")
    )
    place = models.CharField(_("place of signing"), max_length=100, default="Hà Nội")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-date", "-pk"]
        permissions = [
            (
                "replace_signed_copy",
                _("Can replace or remove the signed copy of a decision or of minutes"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="commendations_decision_unique_number",
                violation_error_message=_("A decision with this number is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return _("Decision {number} of {date}").format(
            number=self.number, date=paper_date(self.date)
        )

    def get_absolute_url(self) -> str:
        return reverse("commendations:decision", args=[self.pk])

    def get_signed_copy_url(self) -> str:
        return reverse("commendations:decision_signed_copy", args=[self.pk])


class DecisionLineQuerySet(ScopedQuerySet):
    # A line follows its nomination, as the certificates do.
    scope_field = "nomination__nominating_unit"


class DecisionLine(models.Model):
    """One recipient of a decision's attached list: what they receive and how much money.

    The amount is computed once, when the decision is recorded, from the base salary in
    force on the decision's date, and kept: a later base salary does not rewrite it.
    """

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="lines"
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="decision_line",
    )
    recipient_name = models.CharField(_("recipient"), max_length=255)
    award_name = models.CharField(_("what was awarded"), max_length=255)
    physical_item = models.CharField(_("handed over"), max_length=12, choices=PhysicalItem.choices)
    reward_multiple = models.DecimalField(
        _("times the base salary"), max_digits=5, decimal_places=2
    )
    base_salary = models.BigIntegerField(_("base salary applied (VND)"))
    amount = models.BigIntegerField(_("reward (VND)"))

    objects = DecisionLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recipient of a decision")
        verbose_name_plural = _("recipients of a decision")
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reward_multiple__gte=0, base_salary__gt=0, amount__gte=0),
                name="commendations_decision_line_amounts_not_negative",
                violation_error_message=_(
                    "The multiple and the amount cannot be negative, the base salary is above zero."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} · {self.award_name} · {format_money(self.amount)}"


class CertificateQuerySet(ScopedQuerySet):
    # A certificate follows its nomination: a decision of several units shows each user
    # the certificates of their own units only.
    scope_field = "nomination__nominating_unit"


class Certificate(models.Model):
    """A merit certificate issued by a decision, its texts frozen as printed."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="certificates"
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    year = models.PositiveSmallIntegerField(_("serial year"))
    number = models.PositiveIntegerField(_("serial number"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    award_form = models.ForeignKey(
        AwardForm,
        verbose_name=_("award form"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    title = models.ForeignKey(
        Title,
        verbose_name=_("title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_name = models.CharField(_("recipient"), max_length=255)
    recipient_details = models.CharField(_("position and unit"), max_length=500, blank=True)
    award_name = models.CharField(_("what was awarded"), max_length=255)
    achievement = models.TextField(_("achievement"))

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="commendations_certificate_unique_serial_per_year",
                violation_error_message=_("This serial number is already used this year."),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="commendations_certificate_one_recipient",
                violation_error_message=_("A certificate goes to exactly one person or unit."),
            ),
            models.CheckConstraint(
                condition=year_in_range(),
                name="commendations_certificate_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial} · {self.recipient_name}"

    def get_absolute_url(self) -> str:
        return reverse("commendations:certificate_pdf", args=[self.pk])

    @property
    def serial(self) -> str:
        """Return the serial number as printed: 00012/2025."""
        return f"{self.number:05d}/{self.year}"

    @property
    def is_printable(self) -> bool:
        """Tell whether the law gives a certificate for what was awarded, so it may be printed."""
        awarded = self.award_form if self.award_form_id else self.title
        return awarded is not None and awarded.carries_certificate


class CertificateSerial(models.Model):
    """The last serial number given in a year; locked while numbers are handed out."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last serial number"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate serial counter")
        verbose_name_plural = _("certificate serial counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class PrintJobQuerySet(JobQuerySet, ScopedQuerySet):
    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the print jobs the user may open: every one for ministry-wide users, else
        their own (a job prints the certificates its requester may see)."""
        permission = permission or view_permission(self.model)
        if unit_scope_ids(user, permission) is None:
            return self
        decisions = Decision.objects.for_user(user, permission).values("pk")
        return self.filter(requested_by=user, decision__in=decisions)


def print_job_path(instance: PrintJob, filename: str) -> str:
    return f"commendations/prints/{instance.decision_id}/{filename}"


class PrintJob(Job):
    """Printing every certificate of a decision into one PDF, in the background when many."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("printing")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    RUNNING = (Status.PENDING, Status.RUNNING)
    STALE_MESSAGE = _("Printing stopped before finishing. Start it again.")
    TASKS = ("commendations.tasks.print_certificates",)

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="print_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("printed"), default=0)
    file = models.FileField(_("file"), upload_to=print_job_path, blank=True, max_length=255)

    objects = PrintJobQuerySet.as_manager()
    # The heartbeat is a worker's sign of life, not part of the job's record.
    history = HistoricalRecords(excluded_fields=["heartbeat_at"])

    class Meta:
        verbose_name = _("certificate print job")
        verbose_name_plural = _("certificate print jobs")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.decision}"

    def get_absolute_url(self) -> str:
        return reverse("commendations:print_job", args=[self.pk])

    @property
    def percent(self) -> int:
        """Return how far printing has come, for the progress bar."""
        return progress_percent(self.done, self.total, finished=self.status == self.Status.DONE)
