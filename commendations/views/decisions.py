"""Pages of decisions: recording one, its certificates as PDF, its list as XLSX, bulk printing."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commendations import pdf, services
from commendations.forms import DecisionForm
from commendations.imports import DecisionRewardsResource
from commendations.models import Certificate, Decision, PrintJob
from commendations.selectors import decision_list, printable_certificates
from commendations.views.common import (
    Confirmation,
    ask_confirmation,
    denied,
    is_confirmed,
    requires,
    show_refusal,
)
from commendations.views.signed import signed_copy_context
from organizations.formatting import paper_date
from organizations.forms import add_service_error
from organizations.params import refuse_unknown_parameters
from organizations.spreadsheets import SheetHeading, download_name, write_sheet, xlsx_response


@requires("commendations.view_decision")
def decisions(request: HttpRequest) -> HttpResponse:
    """List the decisions the user may see."""
    own_certificates = Certificate.objects.for_user(request.user).values("pk")
    found = (
        Decision.objects.for_user(request.user)
        .select_related("issuing_unit")
        .annotate(
            certificate_count=Count("certificates", filter=Q(certificates__in=own_certificates))
        )
        .order_by("-date", "-pk")
    )
    return render(
        request,
        "commendations/decisions.html",
        {
            "decisions": found,
            "may_record": request.user.has_perm("commendations.decide_nomination"),
        },
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.for_user(request.user).select_related("issuing_unit", "recorded_by"),
        pk=pk,
    )


@requires("commendations.view_decision")
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a decision's recipients with their rewards and the total, and its certificates."""
    decision = _decision(request, pk)
    may_print = request.user.has_perm("commendations.print_certificate")
    return render(
        request,
        "commendations/decision.html",
        {
            "decision": decision,
            "signed": signed_copy_context(request, decision),
            "listing": decision_list(user=request.user, decision=decision),
            "printable": may_print
            and bool(printable_certificates(user=request.user, decision=decision)),
            "may_print": may_print,
            "jobs": decision.print_jobs.filter(requested_by=request.user)[:5],
        },
    )


def _record_confirmation(data: dict[str, Any]) -> Confirmation:
    """Say which nominations the decision will award, and that it is final."""
    nominations = list(data["nominations"])
    return Confirmation(
        question=_("Record decision {number} of {date}?").format(
            number=data["number"], date=data["date"].strftime("%d/%m/%Y")
        ),
        subject=_("Signed by {title} {name}, {authority}").format(
            title=data["signer_title"], name=data["signer_name"], authority=data["authority"]
        ),
        consequences=[
            *(
                _("“{nominee}” is awarded “{proposal}” ({year}).").format(
                    nominee=nomination.nominee, proposal=nomination.proposal, year=nomination.year
                )
                for nomination in nominations
            ),
            _(
                "Each nomination becomes “decided” and receives a certificate number; a "
                "recorded decision cannot be changed or deleted."
            ),
        ],
        button=_("Record the decision"),
        cancel_url=reverse("commendations:decisions"),
    )


@requires("commendations.decide_nomination")
def decision_create(request: HttpRequest) -> HttpResponse:
    """Record a signed decision over approved nominations."""
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not is_confirmed(request):
            return ask_confirmation(request, _record_confirmation(data))
        try:
            decision = services.decision_record(
                user=request.user,
                **{name: data[name] for name in services.DECISION_FIELDS},
            )
        except PermissionDenied as error:
            return denied(request, error)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Decision {number} is recorded with {count} certificates.").format(
                    number=decision.number, count=decision.certificates.count()
                ),
            )
            return redirect(decision)
    return render(request, "commendations/decision_form.html", {"form": form})


@requires("commendations.view_decision")
def decision_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the decision's list of recipients and their rewards, with the total, as a sheet."""
    refuse_unknown_parameters(request)
    decision = _decision(request, pk)
    listing = decision_list(user=request.user, decision=decision)
    resource = DecisionRewardsResource()
    dataset = resource.export_list(decision=decision, listing=listing)
    # The resource escapes cells that a spreadsheet would run as formulas (SafeModelResource).
    buffer = io.BytesIO()
    write_sheet(
        buffer,
        title=_("Attached list"),
        heading=SheetHeading(
            title=_("LIST ATTACHED TO DECISION No. %(number)s") % {"number": decision.number},
            scope=decision.issuing_unit.name,
            period=_("Dated %(date)s") % {"date": paper_date(decision.date)},
        ),
        headers=dataset.headers,
        rows=dataset,
        amount_columns=resource.amount_headers(),
    )
    name = download_name(f"danh-sach-kem-theo-qd-{decision.number}", decision.date)
    return xlsx_response(buffer.getvalue(), name)


@requires("commendations.print_certificate")
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Send one certificate as a PDF."""
    certificate = get_object_or_404(
        Certificate.objects.for_user(request.user).select_related(
            "decision", "award_form", "title"
        ),
        pk=pk,
    )
    try:
        content = pdf.certificate_pdf(certificate)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect(certificate.decision)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"bang-khen-{certificate.year}-{certificate.number:05d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
@requires("commendations.print_certificate")
def decision_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Print every certificate of a decision: at once when few, in the background when many."""
    decision = _decision(request, pk)
    try:
        job = services.print_job_start(user=request.user, decision=decision)
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect(decision)
    return redirect(job)


def _job(request: HttpRequest, pk: int) -> PrintJob:
    return get_object_or_404(
        PrintJob.objects.for_user(request.user).select_related("decision"), pk=pk
    )


@requires("commendations.print_certificate")
def print_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a print job's progress, and its file once ready."""
    return render(request, "commendations/print_job.html", {"job": _job(request, pk)})


@requires("commendations.print_certificate")
def print_job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Answer how far a print job has come, for the progress bar."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "running": job.is_running,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
        }
    )


@requires("commendations.print_certificate")
def print_job_file(request: HttpRequest, pk: int) -> FileResponse:
    """Send the printed certificates of a finished job."""
    job = _job(request, pk)
    if job.status != PrintJob.Status.DONE or not job.file:
        raise Http404(_("These certificates are not printed yet."))
    return FileResponse(
        job.file.open("rb"),
        content_type="application/pdf",
        filename=f"bang-khen-{slugify(job.decision.number) or job.decision.pk}.pdf",
    )
