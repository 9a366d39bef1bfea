"""Background exports in the admin: the job's page, its progress and its file, for its owner."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organizations.imports.export_jobs import list_title
from organizations.models import ExportJob


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
