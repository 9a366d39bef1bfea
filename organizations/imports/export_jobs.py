"""Export jobs: a long list is written by the worker, in chunks, for its requester alone.

The job stores what the export's request held (the list, its filters, search and ordering,
the format, the column set and the columns), never rows: the worker asks the list's admin
for the export's rows again, as the requester, so that the requester's scope and the list's
allow-list of parameters apply exactly as in the request, whatever the stored values say.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup, NotRegistered
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.files import STORAGE_FULL_ERRORS, storage_full_message
from organizations.imports.exporting import write_csv
from organizations.jobs import enqueue_on_commit
from organizations.models import ExportJob, Notification
from organizations.services import NotificationText, notify
from organizations.spreadsheets import SheetHeading, exported_on, scope_of, write_sheet

logger = logging.getLogger(__name__)

# Rows written between two records of progress (and signs of life).
PROGRESS_EVERY = 500


class ExportRefusedError(Exception):
    """The export's list, rows or columns are no longer the requester's to export."""


def exceeds_inline_limit(queryset: models.QuerySet) -> bool:
    """Tell whether the rows are too many to export in the request.

    Counts at most one row past the limit, so that asking costs little on a million rows.
    """
    limit = settings.EXPORT_INLINE_LIMIT
    return queryset.order_by().values("pk")[: limit + 1].count() > limit


@transaction.atomic
def export_job_start(
    *,
    user: AbstractBaseUser,
    model_label: str,
    query: str,
    file_format: str,
    resource_index: int,
    fields: list[str],
    items: list[str] | None,
    file_name: str,
    language: str,
) -> ExportJob:
    """Queue the export of a list for the worker; the rows are chosen again when it runs."""
    if file_format not in ExportJob.Format.values:
        raise ValidationError(_("Long lists can be exported as CSV or XLSX only."))
    job = ExportJob.objects.create(
        requested_by=user,
        model_label=model_label,
        query=query,
        file_format=file_format,
        resource_index=resource_index,
        fields=fields,
        items=items,
        file_name=file_name[:255],
        language=language,
    )
    enqueue_on_commit("organizations.tasks.run_export", job.pk)
    return job


def export_job_run(*, job: ExportJob) -> ExportJob:
    """Write the job's file, recording progress; a failure leaves a message, never a trace."""
    claimed = ExportJob.objects.claim(
        job, source=ExportJob.Status.PENDING, target=ExportJob.Status.RUNNING
    )
    job.refresh_from_db()
    if not claimed:
        return job
    # The file and a failure's message read in the language the export was asked in.
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            _write(job)
        except ExportRefusedError as refusal:
            _fail(job, str(refusal))
        except OSError as error:
            logger.exception("Export job %s could not store its file", job.pk)
            full = error.errno in STORAGE_FULL_ERRORS
            _fail(job, storage_full_message() if full else _unexpected())
        except Exception:
            logger.exception("Export job %s failed", job.pk)
            _fail(job, _unexpected())
    job.refresh_from_db()
    notify_export_finished(job=job)
    return job


def exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the exports kept past ``EXPORT_KEEP_DAYS`` and their files; return how many."""
    expired = list(ExportJob.objects.expired(now=now))
    for job in expired:
        # The file first: a job whose file could not be removed stays, to be tried again.
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)


def _unexpected() -> str:
    return _("The export failed unexpectedly; the administrators have been told.")


def _fail(job: ExportJob, message: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, message=message, finished_at=timezone.now()
    )


def _write(job: ExportJob) -> None:
    model_admin, request = _list_of(job)
    try:
        if not model_admin.has_export_permission(request):
            raise ExportRefusedError(_("Your role no longer allows exporting this list."))
        resource_classes = model_admin.get_export_resource_classes(request)
        queryset = model_admin.get_export_queryset(request)
    except (DisallowedModelAdminLookup, IncorrectLookupParameters, Http404) as error:
        raise ExportRefusedError(
            _("The list's filters can no longer be applied. Export the list again from its page.")
        ) from error
    except PermissionDenied as error:
        raise ExportRefusedError(_("Your role no longer allows exporting this list.")) from error
    try:
        resource_class = resource_classes[job.resource_index]
    except IndexError:
        raise ExportRefusedError(_("This list no longer has these columns.")) from None
    resource = resource_class(**model_admin.get_export_resource_kwargs(request))
    offered = set(resource.get_export_order())
    # Only columns the export form offers; none chosen means all, as in the request.
    selected = [name for name in job.fields if name in offered] or None
    if job.items is not None:
        queryset = queryset.filter(pk__in=job.items)
    resource.before_export(queryset)
    queryset = resource.filter_export(queryset)

    total = queryset.count()
    ExportJob.objects.beat(job, rows_total=total, rows_done=0)
    binary = job.file_format == ExportJob.Format.XLSX
    headers = resource.get_export_headers(selected_fields=selected)
    written = [0]

    def rows() -> Iterator[list[Any]]:
        for instance in resource.iter_queryset(queryset):
            yield resource.export_resource(
                instance, selected_fields=selected, force_native_type=binary
            )
            written[0] += 1
            if written[0] % PROGRESS_EVERY == 0:
                ExportJob.objects.beat(job, rows_done=written[0], rows_total=max(total, written[0]))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{job.file_format}"
        if binary:
            write_sheet(
                path,
                title=_sheet_title(resource),
                heading=list_heading(model=queryset.model, user=job.requested_by),
                headers=headers,
                rows=rows(),
                amount_columns=getattr(resource, "amount_headers", list)(),
            )
        else:
            write_csv(path, headers, rows())
        with path.open("rb") as content:
            job.file.save(f"export-{job.pk}.{job.file_format}", File(content), save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        file=job.file.name,
        rows_done=written[0],
        rows_total=written[0],
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )


def _sheet_title(resource: Any) -> str:
    title: Callable[[], str] | None = getattr(resource, "sheet_title", None)
    if title is not None:
        return title()
    return str(capfirst(resource._meta.model._meta.verbose_name_plural))


def _list_of(job: ExportJob) -> tuple[admin.ModelAdmin, HttpRequest]:
    """Return the exported list's admin and the export's request, rebuilt for its requester.

    The list's admin reads the user, the query string and the language of a request: those
    are all the export's request gave it.
    """
    try:
        model = apps.get_model(job.model_label)
        model_admin = admin.site.get_model_admin(model)
    except (LookupError, ValueError, NotRegistered):
        raise ExportRefusedError(_("This list can no longer be exported.")) from None
    if not hasattr(model_admin, "get_export_queryset"):
        raise ExportRefusedError(_("This list can no longer be exported."))
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(job.query)
    request.user = job.requested_by
    request.path = request.path_info = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_export"
    )
    request.LANGUAGE_CODE = translation.get_language()
    return model_admin, request


def list_heading(*, model: type[models.Model], user: AbstractBaseUser) -> SheetHeading:
    """Return the title block of an exported list: its name, the user's units, the moment."""
    return SheetHeading(
        title=str(capfirst(model._meta.verbose_name_plural)).upper(),
        scope=scope_of(user),
        period=exported_on(),
    )


def list_title(job: ExportJob) -> str:
    """Return the name of the exported list, as its page shows it."""
    try:
        return str(capfirst(apps.get_model(job.model_label)._meta.verbose_name_plural))
    except (LookupError, ValueError):
        return job.model_label


def notify_export_finished(*, job: ExportJob) -> None:
    """Tell the requester that their export is ready to download, or why it failed."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Export #{number} “{name}”: {status}").format(
            number=job.pk, name=list_title(job), status=job.get_status_display()
        )
        if job.status == ExportJob.Status.DONE:
            message = ngettext(
                "{count} row is ready to download until {date}.",
                "{count} rows are ready to download until {date}.",
                job.rows_done,
            ).format(
                count=formats.number_format(job.rows_done, force_grouping=True),
                date=formats.date_format(
                    timezone.localtime(job.expires_at), "SHORT_DATETIME_FORMAT"
                ),
            )
            url = reverse("admin:export_job_file", args=[job.pk])
        else:
            message = str(job.message or "")
            url = job.get_absolute_url()
    notify(
        recipients=[job.requested_by],
        kind=Notification.Kind.EXPORT_FINISHED,
        text=NotificationText(subject=subject, message=message, url=url),
    )
