"""Import jobs: upload, check in the request or in the background, apply once."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.files import local_copy, save_upload
from organizations.imports.checking import ImportReport
from organizations.imports.engine import run_import
from organizations.imports.reading import ImportFileError, file_kind
from organizations.imports.specs import get_spec
from organizations.jobs import enqueue_on_commit
from organizations.models import ImportJob, Notification
from organizations.services import NotificationText, notify

logger = logging.getLogger(__name__)


@transaction.atomic
def import_job_create(
    *,
    spec_key: str,
    upload: UploadedFile,
    user: AbstractBaseUser,
    options: dict[str, object] | None = None,
) -> ImportJob:
    """Store an uploaded file as a new import job, refusing wrong types and sizes.

    ``options`` are what the uploader chose beside the file, checked by the spec's
    ``options_form``.
    """
    spec = get_spec(spec_key)
    if not spec.has_permission(user):
        raise PermissionDenied(_("Your role does not allow importing these records."))
    try:
        file_kind(upload.name or "")
    except ImportFileError as error:
        raise ValidationError(str(error)) from None
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(limit)s MB can be imported at once.")
            % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    job = ImportJob(
        spec=spec_key,
        original_name=Path(upload.name or "upload").name[:255],
        sha256=digest.hexdigest(),
        size=upload.size,
        uploaded_by=user,
        options=options or {},
    )
    # The file first: on a full disk nothing is saved and no job points at a missing file.
    save_upload(
        job.file, f"{spec_key}-{job.sha256[:12]}{Path(job.original_name).suffix.lower()}", upload
    )
    try:
        job.save()
    except Exception:
        job.file.delete(save=False)
        raise
    return job


def runs_in_background(job: ImportJob) -> bool:
    """Tell whether a job is large enough to leave the request for a worker."""
    return job.size > settings.IMPORT_INLINE_MAX_BYTES


def import_job_check(*, job: ImportJob) -> ImportJob:
    """Check a new job now when it is small, or hand it to a background worker."""
    if runs_in_background(job):
        enqueue_on_commit("organizations.tasks.validate_import", job.pk)
        return job
    return import_job_validate(job=job)


def import_job_start_apply(*, job: ImportJob, user: AbstractBaseUser) -> ImportJob:
    """Apply a checked job now when it is small, or in the background; refuse a second go."""
    if not import_job_confirm(job=job, user=user):
        raise ValidationError(
            _("This import is already being applied or has been applied: nothing was done twice.")
        )
    if runs_in_background(job):
        enqueue_on_commit("organizations.tasks.apply_import", job.pk)
        return job
    return import_job_apply(job=job)


def import_job_validate(*, job: ImportJob) -> ImportJob:
    """Check every row of the job's file and record the report; writes no records."""
    claimed = ImportJob.objects.claim(
        job, source=ImportJob.Status.PENDING, target=ImportJob.Status.VALIDATING
    )
    if not claimed:
        job.refresh_from_db()
        return job
    report = _run(job, apply=False)
    job.refresh_from_db()
    if report is not None:
        _record(job, report, ok_status=ImportJob.Status.VALID)
    return job


def import_job_confirm(*, job: ImportJob, user: AbstractBaseUser) -> bool:
    """Claim a checked job for applying; exactly one of two simultaneous confirmations wins."""
    if job.uploaded_by_id != user.pk:
        raise PermissionDenied(_("Only the person who uploaded the file can apply it."))
    claimed = ImportJob.objects.claim(
        job, source=ImportJob.Status.VALID, target=ImportJob.Status.APPLYING
    )
    job.refresh_from_db()
    return bool(claimed)


def import_job_apply(*, job: ImportJob) -> ImportJob:
    """Apply a claimed job: all rows in one transaction, or nothing."""
    if job.status != ImportJob.Status.APPLYING:
        return job
    report = _run(job, apply=True)
    job.refresh_from_db()
    if report is not None:
        _record(job, report, ok_status=ImportJob.Status.DONE)
    return job


def import_job_run_through(*, job: ImportJob) -> ImportJob:
    """Check a new job and, when every row is valid, apply it in the same pass (command line)."""
    claimed = ImportJob.objects.claim(
        job, source=ImportJob.Status.PENDING, target=ImportJob.Status.APPLYING
    )
    if not claimed:
        job.refresh_from_db()
        return job
    report = _run(job, apply=True)
    job.refresh_from_db()
    if report is not None:
        _record(
            job,
            report,
            ok_status=ImportJob.Status.DONE if report.applied else ImportJob.Status.VALID,
        )
    return job


class _Progress:
    """Rows done so far, where the job's page sees them while the import is still running.

    Applying happens inside the import's one transaction, so on PostgreSQL the figures go
    through a connection of their own and are committed at once. SQLite allows one writer at
    a time: there they go through the import's connection and show when it ends.
    """

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.own = connection.copy() if connection.vendor == "postgresql" else None

    def __call__(self, rows: int, estimated: int) -> None:
        progress = {"rows_done": rows, "rows_total": max(estimated, rows)}
        if self.own is None:
            ImportJob.objects.beat(self.job, **progress)
            return
        values = {**progress, "heartbeat_at": timezone.now()}
        table = ImportJob._meta.db_table
        assignments = ", ".join(f"{name} = %s" for name in values)
        with self.own.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                [*values.values(), self.job.pk],
            )

    def close(self) -> None:
        if self.own is not None:
            self.own.close()


def _run(job: ImportJob, *, apply: bool) -> ImportReport | None:
    progress = _Progress(job)
    try:
        # The file was stored by the app server that took the upload: read it through the
        # storage, which every server shares.
        with local_copy(job.file) as path:
            return run_import(
                get_spec(job.spec),
                path,
                name=job.original_name,
                user=job.uploaded_by,
                apply=apply,
                job=job,
                progress=progress,
            )
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            message=_(
                "The import failed unexpectedly; nothing was written. The administrators "
                "have been told."
            ),
        )
        job.refresh_from_db()
        notify_import_finished(job=job)
        return None
    finally:
        progress.close()


def _record(job: ImportJob, report: ImportReport, *, ok_status: str) -> None:
    job.status = ok_status if report.ok else ImportJob.Status.INVALID
    job.rows_total = report.total
    job.rows_done = report.total
    job.new, job.updated, job.unchanged = report.new, report.updated, report.unchanged
    job.problem_count = report.problem_count
    job.report = report.as_dict()
    job.heartbeat_at = timezone.now()
    if report.applied:
        job.applied_at = timezone.now()
    job.save()
    notify_import_finished(job=job)


def notify_import_finished(*, job: ImportJob) -> None:
    """Tell the uploader that a file checked or applied in the background is through.

    A file handled in the request shows its result at once: only the worker's jobs, which
    the uploader may have left, are worth a notification and an e-mail.
    """
    if not runs_in_background(job):
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Import #{number} “{name}”: {status}").format(
            number=job.pk, name=job.original_name, status=job.get_status_display()
        )
        if job.status == ImportJob.Status.VALID:
            message = _(
                "Every row of the file is valid: {new} new, {updated} changed, {unchanged} "
                "unchanged. Nothing is written until you apply it."
            ).format(new=job.new, updated=job.updated, unchanged=job.unchanged)
        elif job.status == ImportJob.Status.DONE:
            message = _("Applied: {new} new, {updated} changed, {unchanged} unchanged.").format(
                new=job.new, updated=job.updated, unchanged=job.unchanged
            )
        elif job.status == ImportJob.Status.INVALID:
            message = ngettext(
                "The file has {count} error; nothing was written.",
                "The file has {count} errors; nothing was written.",
                job.problem_count,
            ).format(count=job.problem_count)
        else:
            message = str(job.message or "")
    notify(
        recipients=[job.uploaded_by],
        kind=Notification.Kind.IMPORT_FINISHED,
        text=NotificationText(
            subject=subject,
            message=message,
            url=reverse("admin:organizations_importjob_progress", args=[job.pk]),
        ),
    )
