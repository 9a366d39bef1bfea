"""Background import and export jobs."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.jobs import Job, JobQuerySet, progress_percent
from organizations.scoping import unit_scope_ids, view_permission

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


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
    TASKS = ("organizations.tasks.validate_import", "organizations.tasks.apply_import")

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
    # What the uploader chose beside the file (the register's office): the import reads it.
    options = models.JSONField(_("upload options"), default=dict, blank=True)

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
    TASKS = ("organizations.tasks.run_export",)

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
