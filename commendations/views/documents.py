"""Official documents to download: a decision or council minutes as DOCX to edit, PDF to print."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify

from commendations import documents
from commendations.documents.decision import decision_document
from commendations.documents.minutes import minutes_document
from commendations.documents.proposal import proposal_document
from commendations.documents.report import report_document
from commendations.models import Decision, TemplateKind
from commendations.selectors import session_tally
from commendations.views.common import requires
from commendations.views.council import _refuse_voters_of_secret_ballot, _session
from commendations.views.nominations import _nomination
from organizations.documents.content import OfficialDocument
from organizations.documents.word import DOCX_CONTENT_TYPE
from organizations.models import Unit
from organizations.params import refuse_unknown_parameters

FORMATS = ("docx", "pdf")
DOCX = DOCX_CONTENT_TYPE


def send_document(
    kind: str, document: OfficialDocument, *, file_format: str, name: str
) -> HttpResponse:
    """Answer the document as a DOCX from the kind's template or as a PDF, as a download."""
    if file_format == "docx":
        response = HttpResponse(documents.render_docx(kind, document), content_type=DOCX)
    else:
        response = HttpResponse(documents.render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@requires("commendations.view_decision")
def decision_document_file(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """Send the award decision with its attached list as DOCX or PDF."""
    refuse_unknown_parameters(request)
    if file_format not in FORMATS:
        raise Http404
    decision = get_object_or_404(
        Decision.objects.for_user(request.user).select_related("issuing_unit"), pk=pk
    )
    try:
        document = decision_document(decision=decision, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(decision)
    name = slugify(f"quyet-dinh-{decision.number}") or f"quyet-dinh-{decision.pk}"
    return send_document(TemplateKind.DECISION, document, file_format=file_format, name=name)


@requires("commendations.view_councilsession")
def session_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the session's minutes as a DOCX to finish and sign."""
    session = _session(request, pk)
    refused = _refuse_voters_of_secret_ballot(request, session_tally(session=session))
    if refused is not None:
        return refused
    refuse_unknown_parameters(request)
    try:
        document = minutes_document(session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session)
    name = slugify(f"bien-ban-{session.number}") if session.number else ""
    return send_document(
        TemplateKind.MINUTES,
        document,
        file_format="docx",
        name=name or f"bien-ban-phien-hop-{session.pk}",
    )


@requires("commendations.view_nomination")
def proposal_file(request: HttpRequest, unit: int, year: int, file_format: str) -> HttpResponse:
    """Send a unit's proposal for the year with its list, as DOCX or PDF."""
    refuse_unknown_parameters(request)
    if file_format not in FORMATS:
        raise Http404
    found = get_object_or_404(
        Unit.objects.for_user(request.user, "commendations.view_nomination"), pk=unit
    )
    try:
        document = proposal_document(unit=found, year=year, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("commendations:queue")
    name = f"to-trinh-{found.code.lower()}-{year}" if found.code else f"to-trinh-{year}"
    return send_document(
        TemplateKind.PROPOSAL, document, file_format=file_format, name=slugify(name)
    )


@requires("commendations.view_nomination")
def report_file(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """Send the nominee's achievement report, prefilled, as DOCX or PDF."""
    refuse_unknown_parameters(request)
    if file_format not in FORMATS:
        raise Http404
    nomination = _nomination(request, pk)
    document = report_document(nomination)
    return send_document(
        TemplateKind.REPORT,
        document,
        file_format=file_format,
        name=f"bao-cao-thanh-tich-{nomination.pk}",
    )
