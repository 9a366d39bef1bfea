"""Import in the admin: an upload page per importable model, a page per import job."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organizations.admin.base import DeclaredParametersAdminMixin, ReadOnlyAdminMixin
from organizations.imports.exporting import escape_formula
from organizations.imports.services import (
    import_job_check,
    import_job_create,
    import_job_start_apply,
    runs_in_background,
)
from organizations.imports.specs import ImportSpec, get_spec
from organizations.imports.values import is_digits, parse_amount
from organizations.imports.workbook import template_workbook
from organizations.models import ImportJob
from organizations.spreadsheets import download_name, xlsx_response


def _readable_sample(spec: ImportSpec, sample: list[dict[str, str]]) -> list[dict[str, str]]:
    """Show a sample's choices by the labels the file uses and its amounts grouped (1.234.567)."""
    shown: dict[str, Callable[[str], str | None]] = {}
    for column in spec.columns:
        if column.allowed:
            labels: dict[str, str] = {}
            for label in column.allowed:
                try:
                    labels[str(column.parse(label))] = label
                except ValueError:
                    continue
            shown[column.header] = labels.get
        elif column.parse is parse_amount:
            shown[column.header] = _grouped
    return [
        {
            header: (shown[header](value) or value) if header in shown else value
            for header, value in row.items()
        }
        for row in sample
    ]


def _grouped(value: str) -> str:
    return f"{int(value):,}".replace(",", ".") if is_digits(value) else value


class ImportableAdminMixin:
    """Adds "Import from file" and "Download template" to a model's admin.

    ``import_spec_keys`` lists the kinds of file the model takes (the first is the main one,
    e.g. cases; the next ones are e.g. status updates of those cases).
    """

    import_spec_keys: tuple[str, ...] = ()
    import_export_change_list_template = "admin/imports/change_list.html"

    def get_import_specs(self, request: HttpRequest) -> list[tuple[int, ImportSpec]]:
        """Return the import kinds the user may use, with their index."""
        return [
            (index, get_spec(key))
            for index, key in enumerate(self.import_spec_keys)
            if get_spec(key).has_permission(request.user)
        ]

    def _import_spec(self, request: HttpRequest, index: int) -> ImportSpec:
        for found, spec in self.get_import_specs(request):
            if found == index:
                return spec
        raise PermissionDenied

    def _import_url(self, name: str, index: int) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[index])

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "import-file/<int:index>/",
                self.admin_site.admin_view(self.import_file_view),
                name="{}_{}_import_file".format(*info),
            ),
            path(
                "import-template/<int:index>/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
        ]
        return own + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        imports = [
            (spec.title, self._import_url("import_file", index))
            for index, spec in self.get_import_specs(request)
        ]
        extra_context = {**(extra_context or {}), "import_links": imports}
        return super().changelist_view(request, extra_context)

    def import_template_view(self, request: HttpRequest, index: int) -> HttpResponse:
        self.refuse_query_parameters(request)
        spec = self._import_spec(request, index)
        name = download_name(f"mau-nhap-{spec.title}", timezone.localdate())
        return xlsx_response(template_workbook(spec), name)

    def import_file_view(self, request: HttpRequest, index: int) -> HttpResponse:
        self.refuse_query_parameters(request)
        spec = self._import_spec(request, index)
        error = None
        options_form = spec.options_form(
            user=request.user, data=request.POST if request.method == "POST" else None
        )
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                error = _("Choose a CSV or XLSX file to import.")
            elif options_form is not None and not options_form.is_valid():
                error = _("Correct the choices below the file.")
            else:
                try:
                    job = import_job_create(
                        spec_key=spec.key,
                        upload=upload,
                        user=request.user,
                        options=options_form.cleaned_data if options_form is not None else None,
                    )
                except ValidationError as problem:
                    error = " ".join(problem.messages)
                else:
                    import_job_check(job=job)
                    return HttpResponseRedirect(
                        reverse("admin:organizations_importjob_change", args=[job.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import from a file: %(kind)s") % {"kind": spec.title},
            "spec": spec,
            "error": error,
            "options_form": options_form,
            "template_url": self._import_url("import_template", index),
        }
        return TemplateResponse(request, "admin/imports/upload.html", context)


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, DeclaredParametersAdminMixin, admin.ModelAdmin):
    """Import jobs: read-only records of who imported which file, and what it did."""

    list_display = [
        "id",
        "original_name",
        "spec_title",
        "status",
        "rows_total",
        "new",
        "updated",
        "unchanged",
        "problem_count",
        "uploaded_by",
        "created_at",
    ]
    list_filter = ["status", "spec"]
    list_select_related = ["uploaded_by"]
    search_fields = ["original_name", "sha256", "uploaded_by__username"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).for_user(request.user)

    @admin.display(description=gettext_lazy("data"))
    def spec_title(self, job: ImportJob) -> str:
        try:
            return str(get_spec(job.spec).title)
        except KeyError:
            return job.spec

    def get_urls(self) -> list:
        own = [
            path(
                "<int:job_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="organizations_importjob_progress",
            ),
            path(
                "<int:job_id>/apply/",
                self.admin_site.admin_view(self.apply_view),
                name="organizations_importjob_apply",
            ),
            path(
                "<int:job_id>/errors.csv",
                self.admin_site.admin_view(self.errors_view),
                name="organizations_importjob_errors",
            ),
        ]
        return own + super().get_urls()

    def _job(self, request: HttpRequest, job_id: int | str) -> ImportJob:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=job_id)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        job = self._job(request, object_id)
        if request.method == "POST":
            # The job's page only shows it; applying has its own address.
            raise PermissionDenied
        try:
            spec = get_spec(job.spec)
        except KeyError:
            spec = None
        report = job.report
        if spec is not None and report.get("sample"):
            report = {**report, "sample": _readable_sample(spec, report["sample"])}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import #%(id)s: %(name)s") % {"id": job.pk, "name": job.original_name},
            "job": job,
            "spec": spec,
            "report": report,
            **self._way_back(request, spec),
            "may_apply": job.status == ImportJob.Status.VALID
            and job.uploaded_by_id == request.user.pk
            and (job.new or job.updated),
            "background": runs_in_background(job),
        }
        return TemplateResponse(request, "admin/imports/job.html", context)

    def _way_back(self, request: HttpRequest, spec: ImportSpec | None) -> dict[str, str]:
        """Return links to the records imported and to their upload page, where allowed."""
        try:
            model_admin = self.admin_site.get_model_admin(spec.model) if spec else None
        except NotRegistered:
            return {}
        if not isinstance(model_admin, ImportableAdminMixin):
            return {}
        opts = model_admin.opts
        links = {
            "records_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "records_title": opts.verbose_name_plural,
        }
        for index, allowed in model_admin.get_import_specs(request):
            if allowed.key == spec.key:
                links["upload_url"] = model_admin._import_url("import_file", index)
        return links

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Another user's job answers 404 here too, not the admin's "does not exist" redirect.
        self._job(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def progress_view(self, request: HttpRequest, job_id: int) -> JsonResponse:
        job = self._job(request, job_id)
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

    @staticmethod
    def _redirect(job: ImportJob) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:organizations_importjob_change", args=[job.pk]))

    def apply_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        return require_POST(self._apply)(request, job_id)

    def _apply(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._job(request, job_id)
        try:
            job = import_job_start_apply(job=job, user=request.user)
        except ValidationError as problem:
            self.message_user(request, " ".join(problem.messages), messages.WARNING)
        else:
            if job.status == ImportJob.Status.DONE:
                self.message_user(
                    request,
                    _("Import applied: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
                    % {"new": job.new, "updated": job.updated, "unchanged": job.unchanged},
                    messages.SUCCESS,
                )
        return self._redirect(job)

    def errors_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        self.refuse_query_parameters(request)
        job = self._job(request, job_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="loi-nhap-{job.pk}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([_("Row"), _("Column"), _("Value"), _("Problem")])
        for problem in job.report.get("problems", []):
            writer.writerow(
                [
                    problem["row"] or "",
                    problem["column"],
                    escape_formula(problem["value"]),
                    problem["message"],
                ]
            )
        return response
