"""Background exports in the admin: the job's page, its progress and its file, for its owner."""

from __future__ import annotations

import io

from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from import_export.formats.base_formats import CSV, XLSX, Format
from import_export.forms import ExportForm as LibraryExportForm
from import_export.signals import post_export

from organizations.imports.export_jobs import (
    exceeds_inline_limit,
    export_job_start,
    list_heading,
    list_title,
)
from organizations.models import ExportJob
from organizations.spreadsheets import download_name, write_sheet, xlsx_response


class BackgroundExportMixin:
    """Write a list longer than ``EXPORT_INLINE_LIMIT`` in the worker, not in the request.

    Goes before import-export's ExportMixin, whose file writing it takes over for long lists.
    """

    # The formats a long list can also be written in by the worker (export_jobs).
    export_formats = [CSV, XLSX]

    def _do_file_export(
        self,
        file_format: Format,
        request: HttpRequest,
        queryset: models.QuerySet,
        export_form: LibraryExportForm | None = None,
    ) -> HttpResponse:
        # The library writes every export's file here, once the form has chosen the format
        # and columns; a list longer than the limit leaves the request for the worker.
        if not exceeds_inline_limit(queryset):
            if isinstance(file_format, XLSX):
                return self._xlsx_export(request, queryset, export_form)
            return super()._do_file_export(file_format, request, queryset, export_form)
        selected = export_form is not None and "export_items" in export_form.changed_data
        job = export_job_start(
            user=request.user,
            model_label=self.opts.label_lower,
            query=request.GET.urlencode(),
            file_format=file_format.get_extension(),
            resource_index=self.get_resource_index(export_form),
            fields=list(self.get_export_resource_fields_from_form(export_form) or []),
            items=[str(pk) for pk in export_form.cleaned_data["export_items"]]
            if selected
            else None,
            file_name=self.get_export_filename(request, queryset, file_format),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        limit = settings.EXPORT_INLINE_LIMIT
        self.message_user(
            request,
            ngettext(
                "The list holds more than %(limit)s row, so it is exported in the background. "
                "You will be notified when the file is ready to download.",
                "The list holds more than %(limit)s rows, so it is exported in the background. "
                "You will be notified when the file is ready to download.",
                limit,
            )
            % {"limit": number_format(limit, force_grouping=True)},
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:export_job", args=[job.pk]))

    def _xlsx_export(
        self,
        request: HttpRequest,
        queryset: models.QuerySet,
        export_form: LibraryExportForm | None,
    ) -> HttpResponse:
        """Send the list as a workbook in the shared layout (``organizations.spreadsheets``)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = self.get_data_for_export(
            request, queryset, force_native_type=True, export_form=export_form
        )
        resource_class = self.get_export_resource_classes(request)[
            self.get_resource_index(export_form)
        ]
        resource = resource_class(**self.get_export_resource_kwargs(request))
        amounts = getattr(resource, "amount_headers", list)()
        buffer = io.BytesIO()
        write_sheet(
            buffer,
            title=dataset.title or list_title_of(self.model),
            heading=list_heading(model=self.model, user=request.user),
            headers=list(dataset.headers or []),
            rows=dataset,
            amount_columns=amounts,
        )
        post_export.send(sender=None, model=self.model)
        return xlsx_response(buffer.getvalue(), self.get_export_filename(request, queryset, XLSX()))

    def get_export_filename(
        self, request: HttpRequest, queryset: models.QuerySet, file_format: Format
    ) -> str:
        # The list's name in the reader's language, without diacritics, and the day.
        return download_name(
            list_title_of(self.model), timezone.localdate(), file_format.get_extension()
        )


def list_title_of(model: type[models.Model]) -> str:
    """Return the name of a list as its page shows it."""
    return str(capfirst(model._meta.verbose_name_plural))


def _job(request: HttpRequest, pk: int) -> ExportJob:
    # Another user's job answers 404, as if it did not exist: a file holds its requester's rows.
    return get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)


def _list_url(request: HttpRequest, job: ExportJob) -> str:
    """Return the address of the exported list when the user may still open it."""
    try:
        model = apps.get_model(job.model_label)
        model_admin = admin.site.get_model_admin(model)
    except (LookupError, ValueError, NotRegistered):
        return ""
    if not model_admin.has_view_or_change_permission(request):
        return ""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@require_GET
def export_job_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an export's progress, and its file once written."""
    job = _job(request, pk)
    context = {
        **admin.site.each_context(request),
        "title": _("Export #%(id)s: %(list)s") % {"id": job.pk, "list": list_title(job)},
        "job": job,
        "list_title": list_title(job),
        "list_url": _list_url(request, job),
    }
    return TemplateResponse(request, "admin/exports/job.html", context)


@never_cache
@require_GET
def export_job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Answer how far an export has come, for its page's progress bar."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "running": job.is_running,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
        }
    )


@require_GET
def export_job_file(request: HttpRequest, pk: int) -> FileResponse:
    """Send a finished export's file to its requester, as an attachment."""
    job = _job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(_("This export has no file to download."))
    try:
        content = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This export has no file to download.")) from None
    response = FileResponse(content, as_attachment=True, filename=job.file_name)
    # The file is the requester's rows: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
