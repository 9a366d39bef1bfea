"""The signed copy of a decision or of minutes: sent to users in scope, attached, removed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commendations import services
from commendations.models import CouncilSession, Decision
from commendations.views.common import (
    Confirmation,
    ask_confirmation,
    denied,
    is_confirmed,
    requires,
    show_refusal,
)

UPLOAD_FIELD = "signed_copy"


def _decision(request: HttpRequest, pk: int) -> Decision:
    return get_object_or_404(Decision.objects.for_user(request.user), pk=pk)


def _session(request: HttpRequest, pk: int) -> CouncilSession:
    return get_object_or_404(
        CouncilSession.objects.for_user(request.user).select_related("council"), pk=pk
    )


@requires("commendations.view_decision")
@require_http_methods(["GET", "HEAD", "POST"])
def decision_signed_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the decision's signed copy, or attach (or replace) it."""
    return _signed_copy(request, _decision(request, pk))


@requires("commendations.view_councilsession")
@require_http_methods(["GET", "HEAD", "POST"])
def session_signed_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the signed minutes of a session, or attach (or replace) them."""
    return _signed_copy(request, _session(request, pk))


@requires("commendations.replace_signed_copy")
@require_POST
def decision_signed_copy_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the decision's signed copy, once confirmed."""
    return _remove(request, _decision(request, pk))


@requires("commendations.replace_signed_copy")
@require_POST
def session_signed_copy_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the signed minutes of a session, once confirmed."""
    return _remove(request, _session(request, pk))


def signed_copy_context(request: HttpRequest, record: models.Model) -> dict[str, object]:
    """Return what a record's page shows of its signed copy (``_signed_copy.html``)."""
    name = "decision" if isinstance(record, Decision) else "session"
    return {
        "may_attach": not record.is_signed
        and services.may_attach_signed_copy(request.user, record),
        "may_replace": record.is_signed and services.may_replace_signed_copy(request.user, record),
        "remove_url": reverse(f"commendations:{name}_signed_copy_remove", args=[record.pk]),
        "limit_mb": round(services.signed_copy_max_bytes() / (1024 * 1024), 1),
    }


def _signed_copy(request: HttpRequest, record: models.Model) -> HttpResponse:
    if request.method == "POST":
        return _attach(request, record)
    if not record.is_signed:
        raise Http404(_("No signed copy is attached."))
    try:
        content = record.signed_copy.open("rb")
    except FileNotFoundError:
        raise Http404(_("No signed copy is attached.")) from None
    response = FileResponse(
        content,
        as_attachment=request.GET.get("download") == "1",
        filename=record.signed_copy_name or "signed.pdf",
        content_type="application/pdf",
    )
    # The scan is a document of the user's units: no shared cache keeps it, and no browser
    # reads it as anything but a PDF.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attach(request: HttpRequest, record: models.Model) -> HttpResponse:
    replacing = record.is_signed
    try:
        services.signed_copy_attach(
            user=request.user, record=record, upload=request.FILES.get(UPLOAD_FIELD)
        )
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("The signed copy is replaced.")
            if replacing
            else _("The signed copy is attached: the record is now final."),
        )
    return redirect(record)


def _remove(request: HttpRequest, record: models.Model) -> HttpResponse:
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            Confirmation(
                question=_("Remove the signed copy?"),
                subject=str(record),
                consequences=[
                    _("The pages no longer link to the signed copy."),
                    _("The record can be changed again until a signed copy is attached."),
                    _("The removal and its author are kept in the record's history."),
                ],
                button=_("Remove the signed copy"),
                cancel_url=record.get_absolute_url(),
                danger=True,
            ),
        )
    try:
        services.signed_copy_remove(user=request.user, record=record)
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The signed copy is removed."))
    return redirect(record)
