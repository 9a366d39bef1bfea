"""Pages of levels: the list published for public comment, publishing, submitting upwards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commendations import selectors, services
from commendations.models import Nomination
from commendations.views.common import denied, requires, show_refusal
from organizations.models import Unit
from organizations.params import MAX_ID, int_value


@login_required
def public_list(request: HttpRequest) -> HttpResponse:
    """List the nominations published for comment now, to every user of the sector."""
    if not selectors.may_see_public_list(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    published = selectors.commented_nominations(today=today)
    mine = {
        nomination.pk
        for nomination in published
        if selectors.comment_refusal(user=request.user, nomination=nomination, today=today)
    }
    return render(
        request,
        "commendations/public_comment.html",
        {"published": published, "cannot_comment": mine, "today": today},
    )


@require_POST
@login_required
def public_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a comment on a published nomination; a refusal is shown on the list."""
    # Only published nominations are reachable here, whatever the reader's units.
    nomination = get_object_or_404(Nomination, pk=pk, comment_from__isnull=False)
    try:
        services.public_comment_add(
            user=request.user, nomination=nomination, text=request.POST.get("text", "")
        )
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Your comment is recorded and shown to the reviewers."))
    return redirect("commendations:public_comment")


@require_POST
@requires("commendations.manage_council_session")
def nomination_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a recommended nomination for public comment."""
    nomination = get_object_or_404(Nomination.objects.for_user(request.user), pk=pk)
    try:
        opened = services.public_comment_open(user=request.user, nomination=nomination)
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("The nomination is published for comment until {date}.").format(
                date=opened.comment_until.strftime("%d/%m/%Y")
            ),
        )
    return redirect(nomination)


@require_POST
@requires("commendations.submit_nomination")
def nomination_forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit an approved nomination to the higher unit chosen on its page."""
    nomination = get_object_or_404(Nomination.objects.for_user(request.user), pk=pk)
    target_id = int_value(
        request.POST.get("target"), name="target", minimum=1, maximum=MAX_ID, invalid=None
    )
    target = Unit.objects.filter(pk=target_id).first() if target_id else None
    try:
        services.nomination_forward(
            user=request.user,
            nomination=nomination,
            target=target,
            note=request.POST.get("note", ""),
        )
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _(
                "The nomination is submitted to {unit} with its dossier and the council's result."
            ).format(unit=target.name),
        )
    return redirect(nomination)
