"""Localities, units, people and the memberships that give users their roles and scope."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.jobs import Job, JobQuerySet, progress_percent
from organizations.params import FIRST_YEAR, LAST_YEAR
from organizations.roles import Role
from organizations.scoping import ScopedQuerySet, unit_scope_ids, view_permission

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class Locality(models.Model):
    """A province-level locality (tỉnh, thành phố trực thuộc trung ương)."""

    class Kind(models.TextChoices):
        CENTRAL_CITY = "central_city", _("centrally-run city")
        PROVINCE = "province", _("province")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(ScopedQuerySet):
    scope_field = "pk"

    def active_on(self, day: datetime.date) -> UnitQuerySet:
        """Return the units that exist on the given day."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Unit(models.Model):
    """An organisational unit: the ministry, a department of justice, an enforcement agency…"""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        DEPARTMENT_OF_JUSTICE = "department_of_justice", _("department of justice")
        ENFORCEMENT_AGENCY = "enforcement_agency", _("civil judgment enforcement agency")
        REGIONAL_ENFORCEMENT_OFFICE = (
            "regional_enforcement_office",
            _("regional enforcement office"),
        )
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("locality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="organizations_unit_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="organizations_unit_not_own_parent",
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="organizations_unit_not_own_successor",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """Return the short name where there is one, for tight tables."""
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        """Tell whether the unit exists on the given day."""
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class PersonQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Person(models.Model):
    """A civil servant who can be nominated for titles and awards."""

    staff_code = models.CharField(_("staff code"), max_length=30, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    hired_on = models.DateField(
        _("in service from"),
        null=True,
        blank=True,
        help_text=_("Day of recruitment into the sector; blank when not on record."),
    )
    left_on = models.DateField(
        _("in service until"),
        null=True,
        blank=True,
        help_text=_("Last day of service (retired, moved away); blank while in service."),
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "staff_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(hired_on__isnull=True)
                | Q(left_on__gte=F("hired_on")),
                name="organizations_person_left_after_hired",
                violation_error_message=_("The last day of service cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def service_in_year(self, year: int) -> tuple[datetime.date, datetime.date] | None:
        """Return the first and last day of service within the year, or None if not serving.

        A person without a recorded first day counts as serving since before the year: the
        staff files of earlier years carry no dates.
        """
        first = max(self.hired_on or datetime.date(year, 1, 1), datetime.date(year, 1, 1))
        last = min(self.left_on or datetime.date(year, 12, 31), datetime.date(year, 12, 31))
        return (first, last) if first <= last else None

    def months_of_service(self, year: int) -> int:
        """Return the whole months served in the year (1 March to 31 December is ten)."""
        span = self.service_in_year(year)
        if span is None:
            return 0
        first, last = span
        after = last + datetime.timedelta(days=1)
        months = (after.year - first.year) * 12 + after.month - first.month
        return months if after.day >= first.day else months - 1


class PersonOrUnitQuerySet(ScopedQuerySet):
    """Rows that belong to a person or to a unit: scoped by the unit or the person's unit."""

    scope_field = "unit"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the rows of the user's units and of their people."""
        permission = permission or view_permission(self.model)
        scope = unit_scope_ids(user, permission)
        if scope is None:
            return self
        return super().for_user(user, permission) | self.filter(person__unit__in=scope)


class QualityRating(models.Model):
    """The yearly quality rating of a civil servant or a collective (xếp loại chất lượng).

    The rating is decided once a year by the unit's head on the assessment of Decree
    90/2020/NĐ-CP (amended by Decree 48/2023/NĐ-CP); the Law on Emulation and Commendation
    2022 (Art. 24 and following) and its decrees (98/2023/NĐ-CP, then 152/2025/NĐ-CP) read
    it: "Lao động tiên tiến" needs at least "hoàn thành tốt nhiệm vụ".
    """

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("completed tasks excellently")
        GOOD = "good", _("completed tasks well")
        COMPLETED = "completed", _("completed tasks")
        NOT_COMPLETED = "not_completed", _("did not complete tasks")

    # From best to worst: a rule asking for "good" is met by "good" and "excellent".
    GRADE_ORDER = {
        Grade.EXCELLENT: 4,
        Grade.GOOD: 3,
        Grade.COMPLETED: 2,
        Grade.NOT_COMPLETED: 1,
    }

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_ratings",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_ratings",
    )
    grade = models.CharField(_("rating"), max_length=20, choices=Grade.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("issued by"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = PersonOrUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality rating")
        verbose_name_plural = _("quality ratings")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="organizations_quality_rating_one_recipient",
                violation_error_message=_("A rating is of exactly one person or one collective."),
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="organizations_quality_rating_unique_per_person_year",
                violation_error_message=_("This person already has a rating for the year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="organizations_quality_rating_unique_per_unit_year",
                violation_error_message=_("This collective already has a rating for the year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="organizations_quality_rating_year_in_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.year} · {self.get_grade_display()}"

    @property
    def recipient(self) -> Person | Unit | None:
        """Return the person or the collective rated."""
        return self.person if self.person_id else self.unit

    def reaches(self, grade: str) -> bool:
        """Tell whether the rating is the given grade or better."""
        return self.GRADE_ORDER[self.Grade(self.grade)] >= self.GRADE_ORDER[self.Grade(grade)]


class DisciplineQuerySet(ScopedQuerySet):
    scope_field = "person__unit"

    def running_between(self, first: datetime.date, last: datetime.date) -> DisciplineQuerySet:
        """Return the records that run on at least one day from ``first`` to ``last``."""
        return self.filter(starts_on__lte=last).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=first)
        )


class Discipline(models.Model):
    """A disciplinary penalty of a civil servant, or the investigation that may lead to one.

    The penalties are those of the Law on Cadres and Civil Servants (Art. 79, amended 2019)
    and Decree 112/2020/NĐ-CP. While a penalty or an investigation runs the person is not
    considered for titles or awards, and after a penalty ends achievements count again from
    the day after it ended (the decrees detailing the Law on Emulation and Commendation
    2022: 98/2023/NĐ-CP, then 152/2025/NĐ-CP).
    """

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("under investigation or disciplinary review")
        REPRIMAND = "reprimand", _("reprimand")
        WARNING = "warning", _("warning")
        SALARY_DOWNGRADE = "salary_downgrade", _("salary downgrade")
        DEMOTION = "demotion", _("demotion")
        REMOVAL = "removal", _("removal from office")
        DISMISSAL = "dismissal", _("dismissal")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="disciplines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Blank while it still runs.")
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("issued by"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = DisciplineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="organizations_discipline_ends_after_start",
                violation_error_message=_("A discipline record cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.decision_number}"

    @property
    def is_penalty(self) -> bool:
        """Tell whether the record is a penalty (after which achievements count anew)."""
        return self.kind != self.Kind.INVESTIGATION


class MembershipQuerySet(ScopedQuerySet):
    scope_field = "unit"


class Membership(models.Model):
    """A user's role in a unit; it grants the role's group and the unit's scope."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__username", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="organizations_membership_unique_role_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ImportJobQuerySet(JobQuerySet):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> ImportJobQuerySet:
        """Return the jobs the user may follow: their own, and every job of the kinds of
        records they may view in every unit (a job's file, sample and errors hold rows of
        many units).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(uploaded_by=user) | Q(spec__in=_viewable_import_kinds(user)))


def _viewable_import_kinds(user: AbstractBaseUser) -> list[str]:
    """Return the import kinds whose records the user may view in every unit."""
    from organizations.imports.specs import all_specs

    return [
        key
        for key, spec in all_specs().items()
        if unit_scope_ids(user, view_permission(spec.model)) is None
    ]


class ImportJob(Job):
    """One uploaded file on its way through validation to being applied."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        VALIDATING = "validating", _("checking")
        INVALID = "invalid", _("has errors")
        VALID = "valid", _("ready to apply")
        APPLYING = "applying", _("applying")
        DONE = "done", _("applied")
        FAILED = "failed", _("failed")

    RUNNING = (Status.PENDING, Status.VALIDATING, Status.APPLYING)
    STALE_MESSAGE = _(
        "The import stopped before finishing; nothing was written. Upload the file again."
    )

    spec = models.CharField(_("data"), max_length=60)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    problem_count = models.PositiveIntegerField(_("errors"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="org_importjob_status_beat")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def percent(self) -> int:
        """Return how far checking has come, for the progress bar."""
        finished = self.status in (self.Status.DONE, self.Status.INVALID, self.Status.VALID)
        return progress_percent(self.rows_done, self.rows_total, finished=finished)


class ExportJobQuerySet(JobQuerySet):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> ExportJobQuerySet:
        """Return the user's own exports: a file holds what its requester could see, so
        nobody else opens it, an administrator or a superuser included.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(requested_by=user)

    def expired(self, *, now: datetime.datetime | None = None) -> ExportJobQuerySet:
        """Return the finished exports older than ``EXPORT_KEEP_DAYS``."""
        cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
        return self.filter(created_at__lt=cutoff).exclude(status__in=self.model.RUNNING)


def export_job_path(instance: ExportJob, filename: str) -> str:
    return f"exports/{instance.requested_by_id}/{filename}"


class ExportJob(Job):
    """A list too long to export in the request, written to a file by the worker.

    The job keeps what the request had (the list, its filters and search, the format and
    columns) and not the rows: the worker applies them again to the requester's own rows.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("exporting")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    RUNNING = (Status.PENDING, Status.RUNNING)
    STALE_MESSAGE = _("The export stopped before finishing. Export the list again.")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    model_label = models.CharField(_("list"), max_length=100)
    query = models.TextField(_("filters and search"), blank=True)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    resource_index = models.PositiveSmallIntegerField(_("column set"), default=0)
    fields = models.JSONField(_("columns"), default=list, blank=True)
    # The rows ticked on the list's page, when the export was of those only.
    items = models.JSONField(_("selected rows"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_job_path, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="org_exportjob_status_beat"),
            models.Index(fields=["created_at"], name="org_exportjob_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:export_job", args=[self.pk])

    @property
    def percent(self) -> int:
        """Return how far writing has come, for the progress bar."""
        return progress_percent(
            self.rows_done, self.rows_total, finished=self.status == self.Status.DONE
        )

    @property
    def expires_at(self) -> datetime.datetime:
        """Return when ``expire_exports`` removes the job and its file."""
        return self.created_at + datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> NotificationQuerySet:
        """Return the user's own notifications: nobody reads anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user about a step of work that concerns them, read or not yet.

    The text is written once, when the step is taken, so that it reads as it did then;
    ``url`` leads to the record. No history is kept: the row itself is the record, and
    only its reading changes.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("nomination submitted")
        TAKEN = "taken", _("nomination taken for review")
        RETURNED = "returned", _("nomination returned")
        RECOMMENDED = "recommended", _("nomination recommended")
        REJECTED = "rejected", _("nomination rejected")
        PUT_TO_VOTE = "put_to_vote", _("nomination put to the vote")
        VOTED = "voted", _("council vote decided")
        DECIDED = "decided", _("award decision recorded")
        MOVED = "moved", _("nomination moved on")
        IMPORT_FINISHED = "import_finished", _("import finished")
        EXPORT_FINISHED = "export_finished", _("export finished")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header's unread count and the user's list, newest first.
            models.Index(
                fields=["recipient", "read_at", "created_at"], name="org_notification_inbox"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class UnitVersionQuerySet(ScopedQuerySet):
    scope_field = "unit"


class UnitVersion(models.Model):
    """A unit's name, kind and parent from a day on: renamed, not replaced (2025 reform)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("valid from"))
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Unit.Kind.choices)
    parent = models.ForeignKey(
        Unit,
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=255, blank=True, help_text=_("e.g. 1234/QĐ-BTP of 30/06/2025")
    )

    objects = UnitVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dated name of a unit")
        verbose_name_plural = _("dated names of the unit")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="organizations_unitversion_one_per_day",
                violation_error_message=_("The unit already has a version from this date."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("unit")),
                name="organizations_unitversion_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"

    @property
    def display_name(self) -> str:
        """Return the short name where there is one, as ``Unit.display_name``."""
        return self.short_name or self.name


class PostingQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def overlapping(self, start: datetime.date, end: datetime.date) -> PostingQuerySet:
        """Return the postings that last at least one day between start and end."""
        return self.filter(valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )


class Posting(models.Model):
    """A person's time in a unit: transfers close one posting and open the next."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="postings"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="postings"
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    objects = PostingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["person", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="organizations_posting_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="organizations_posting_one_open_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "valid_from"], name="org_posting_unit_from"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit}"
