"""Pages of nominations: the queue, a nomination with its dossier, history and actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commendations import selectors, services
from commendations.forms import (
    ActionForm,
    DossierUploadForm,
    NominationForm,
    QueueFilterForm,
)
from commendations.models import DossierFile, Nomination
from commendations.views.common import (
    Confirmation,
    ask_confirmation,
    denied,
    is_confirmed,
    requires,
    show_refusal,
)
from organizations.forms import add_service_error
from organizations.params import MAX_ID, int_param, year_param
from organizations.scoping import has_unit_permission

DONE_MESSAGES = {
    "submit": gettext_lazy("The nomination is submitted for review."),
    "take": gettext_lazy("The nomination is yours to review."),
    "recommend": gettext_lazy("The nomination is recommended to the council."),
    "return": gettext_lazy("The nomination is returned to its unit for changes."),
    "reject": gettext_lazy("The nomination is rejected."),
    "put_to_vote": gettext_lazy("The nomination is put to the council's vote."),
    "withdraw": gettext_lazy(
        "The nomination is withdrawn: it is a draft of your unit again and can be changed."
    ),
}
# Steps that cannot be undone by whoever takes them: each is confirmed first.
CONFIRMED_ACTIONS = ("submit", "reject", "withdraw")


@requires("commendations.view_nomination")
def queue(request: HttpRequest) -> HttpResponse:
    """List the nominations the user may see, filtered, with counts per state."""
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            status=data.get("status") or "",
            unit=data["unit"].pk if data.get("unit") else None,
            year=data.get("year"),
            proposal=data.get("proposal") or "",
            search=data.get("search") or "",
        )
    page = Paginator(selectors.nomination_queue(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    counts = selectors.nomination_counts(user=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("status", None)
    return render(
        request,
        "commendations/queue.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "total": sum(count for _value, _label, count in counts),
            "filters": filters,
            "query": query.urlencode(),
            "may_create": request.user.has_perm("commendations.add_nomination"),
        },
    )


def _nomination(request: HttpRequest, pk: int, permission: str | None = None) -> Nomination:
    """Return the nomination if the user holds the permission (default: view) in its unit."""
    return get_object_or_404(
        Nomination.objects.for_user(request.user, permission).select_related(
            "nominating_unit",
            "person__unit",
            "unit",
            "proposed_title",
            "award_form",
            "reviewer",
            "submitted_by",
            "council_session",
            "decision",
        ),
        pk=pk,
    )


def _may_edit(request: HttpRequest, nomination: Nomination) -> bool:
    return nomination.is_editable and has_unit_permission(
        request.user, "commendations.change_nomination", nomination.nominating_unit_id
    )


@requires("commendations.view_nomination")
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a nomination: nominee, achievements, dossier, eligibility, history, actions."""
    nomination = _nomination(request, pk)
    actions = selectors.available_actions(user=request.user, nomination=nomination)
    may_edit = _may_edit(request, nomination)
    eligibility = selectors.nomination_eligibility(nomination=nomination)
    checklist = selectors.dossier_checklist(nomination=nomination)
    return render(
        request,
        "commendations/nomination.html",
        {
            "nomination": nomination,
            "eligibility": eligibility,
            "checklist": checklist,
            # "Every condition is met" is said only of a nomination with a complete dossier.
            "meets_everything": eligibility.is_eligible and checklist.is_complete,
            "events": nomination.events.select_related("actor").order_by("at", "pk"),
            "files": nomination.files.select_related("uploaded_by"),
            "initiatives": nomination.initiatives.select_related("person"),
            "action_form": ActionForm(user=request.user, actions=actions) if actions else None,
            "upload_form": DossierUploadForm() if may_edit else None,
            "may_edit": may_edit,
            "may_delete": selectors.nomination_deletable(nomination)
            and has_unit_permission(
                request.user, "commendations.delete_nomination", nomination.nominating_unit_id
            ),
            "conflict": selectors.conflict_of_interest(request.user, nomination)
            if has_unit_permission(
                request.user, "commendations.review_nomination", nomination.nominating_unit_id
            )
            else None,
            **_levels_context(request, nomination),
            "certificate": getattr(nomination, "certificate", None)
            if nomination.status == Nomination.Status.DECIDED
            else None,
        },
    )


def _levels_context(request: HttpRequest, nomination: Nomination) -> dict[str, object]:
    """Return what the page shows of public comment and of the higher level."""
    handling = nomination.handling_unit_id
    may_forward = (
        nomination.status == Nomination.Status.APPROVED
        and has_unit_permission(request.user, "commendations.submit_nomination", handling)
        and not selectors.decides_here(nomination)
    )
    return {
        "higher_level": selectors.higher_level_state(nomination),
        "forwardings": nomination.forwardings.select_related(
            "from_unit", "to_unit", "forwarded_by", "council_session"
        ),
        "comment_required": selectors.comment_required(nomination),
        "comment_days": selectors.comment_days(nomination),
        "public_comments": selectors.public_comments(nomination),
        "may_publish": nomination.status == Nomination.Status.RECOMMENDED
        and nomination.comment_from is None
        and selectors.comment_required(nomination)
        and has_unit_permission(request.user, "commendations.manage_council_session", handling),
        "forward_targets": selectors.forward_targets(nomination) if may_forward else [],
        "may_forward": may_forward,
    }


@requires("commendations.add_nomination")
def nomination_create(request: HttpRequest) -> HttpResponse:
    """Draft a new nomination for one of the user's units."""
    # Suggested values only: one that is not a number is left out, the form asks for it.
    initial = {
        "unit": int_param(request, "unit", minimum=1, maximum=MAX_ID, invalid=None),
        "year": year_param(request, invalid=None),
    }
    initial = {name: value for name, value in initial.items() if value is not None}
    form = NominationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(
                user=request.user,
                nominating_unit=form.cleaned_data["nominating_unit"],
                **form.content(),
            )
        except PermissionDenied as error:
            return denied(request, error)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The draft is saved. Add its dossier files, then submit it.")
            )
            return redirect(nomination)
    return render(request, "commendations/nomination_form.html", {"form": form, "nomination": None})


@requires("commendations.change_nomination")
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or returned nomination."""
    nomination = _nomination(request, pk)
    if not _may_edit(request, nomination):
        return denied(
            request,
            PermissionDenied(
                _("Only a draft or a returned nomination of your units can be changed.")
            ),
        )
    form = NominationForm(request.POST or None, instance=nomination, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_update(user=request.user, nomination=nomination, **form.content())
        except PermissionDenied as error:
            return denied(request, error)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The nomination is saved."))
            return redirect(nomination)
    return render(
        request, "commendations/nomination_form.html", {"form": form, "nomination": nomination}
    )


@require_POST
@requires("commendations.delete_nomination")
def nomination_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft that was never submitted, once the user confirms."""
    nomination = _nomination(request, pk)
    may_delete = selectors.nomination_deletable(nomination) and has_unit_permission(
        request.user, "commendations.delete_nomination", nomination.nominating_unit_id
    )
    if may_delete and not is_confirmed(request):
        return ask_confirmation(
            request,
            Confirmation(
                question=_("Delete the draft nomination #{number}?").format(number=nomination.pk),
                subject=str(nomination),
                consequences=[
                    _("The draft and every file of its dossier are deleted for good."),
                    _("It cannot be restored; a new draft would have to be written."),
                ],
                button=_("Delete the draft"),
                cancel_url=nomination.get_absolute_url(),
                danger=True,
            ),
        )
    try:
        services.nomination_delete(user=request.user, nomination=nomination)
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect(nomination)
    messages.success(request, _("The draft is deleted."))
    return redirect("commendations:queue")


@require_POST
@requires("commendations.view_nomination")
def nomination_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one step of the workflow; a refusal is shown on the nomination's page."""
    nomination = _nomination(request, pk)
    action = request.POST.get("action", "")
    form = ActionForm(request.POST, user=request.user, actions=list(selectors.TRANSITIONS))
    form.is_valid()
    comment = form.cleaned_data.get("comment", "") if hasattr(form, "cleaned_data") else ""
    session = form.cleaned_data.get("session") if hasattr(form, "cleaned_data") else None
    steps = {
        "submit": lambda: services.nomination_submit(user=request.user, nomination=nomination),
        "take": lambda: services.nomination_take(user=request.user, nomination=nomination),
        "recommend": lambda: services.nomination_recommend(
            user=request.user, nomination=nomination, comment=comment
        ),
        "return": lambda: services.nomination_return(
            user=request.user, nomination=nomination, comment=comment
        ),
        "reject": lambda: services.nomination_reject(
            user=request.user, nomination=nomination, reason=comment
        ),
        "withdraw": lambda: services.nomination_withdraw(user=request.user, nomination=nomination),
        "put_to_vote": lambda: services.nomination_put_to_vote(
            user=request.user, nomination=nomination, session=session
        ),
    }
    if action not in steps:
        messages.error(request, _("Choose one of the actions offered on the page."))
        return redirect(nomination)
    if action == "put_to_vote" and session is None:
        messages.error(request, _("Choose the open council session to put the nomination to."))
        return redirect(nomination)
    if _asks_confirmation(request, nomination, action, comment) and not is_confirmed(request):
        return ask_confirmation(request, _confirmation(nomination, action))
    try:
        steps[action]()
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, DONE_MESSAGES[action])
    return redirect(nomination)


def _asks_confirmation(
    request: HttpRequest, nomination: Nomination, action: str, comment: str
) -> bool:
    """Tell whether the step is one to confirm and would be taken if confirmed.

    A step the user may not take, a rejection without its reason and a submission the
    service would refuse (ineligible, documents missing) go straight to the service, which
    says why nothing was done: confirming them first would only delay that answer.
    """
    if action not in CONFIRMED_ACTIONS:
        return False
    if action not in selectors.available_actions(user=request.user, nomination=nomination):
        return False
    if action == "reject":
        return bool(comment.strip())
    if action == "submit":
        return (
            selectors.nomination_eligibility(nomination=nomination).is_eligible
            and selectors.dossier_checklist(nomination=nomination).is_complete
        )
    return True


def _confirmation(nomination: Nomination, action: str) -> Confirmation:
    """Say what the step will do to the nomination, in the words of the people it concerns."""
    number = nomination.pk
    cancel = nomination.get_absolute_url()
    subject = str(nomination)
    if action == "submit":
        return Confirmation(
            question=_("Submit nomination #{number} for review?").format(number=number),
            subject=subject,
            consequences=[
                _(
                    "The nomination and its dossier go to the reviewers of the sector, who "
                    "check the dossier and the conditions."
                ),
                _(
                    "{unit} can no longer change the nomination or its files: it can "
                    "withdraw it only until a reviewer takes it, or change it once a "
                    "reviewer returns it."
                ).format(unit=nomination.nominating_unit.display_name),
            ],
            button=_("Submit for review"),
            cancel_url=cancel,
        )
    if action == "withdraw":
        return Confirmation(
            question=_("Withdraw nomination #{number}?").format(number=number),
            subject=subject,
            consequences=[
                _("The nomination leaves the reviewers' queue and becomes a draft of your unit."),
                _("It goes to review again only when it is submitted again."),
            ],
            button=_("Withdraw the nomination"),
            cancel_url=cancel,
        )
    return Confirmation(
        question=_("Reject nomination #{number}?").format(number=number),
        subject=subject,
        consequences=[
            _(
                "The nomination is rejected for good: it cannot be resubmitted or put to the "
                "council."
            ),
            _("{unit} is told the reason you gave.").format(
                unit=nomination.nominating_unit.display_name
            ),
        ],
        button=_("Reject the nomination"),
        cancel_url=cancel,
        danger=True,
    )


@require_POST
@requires("commendations.add_dossierfile")
def dossier_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a file to the nomination's dossier."""
    nomination = _nomination(request, pk, "commendations.add_dossierfile")
    form = DossierUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(nomination)
    try:
        services.dossier_file_add(
            user=request.user,
            nomination=nomination,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The file is added to the dossier."))
    return redirect(nomination)


@requires("commendations.view_dossierfile")
def dossier_file(request: HttpRequest, pk: int) -> FileResponse:
    """Send a dossier file of a nomination the user may see."""
    dossier = get_object_or_404(DossierFile.objects.for_user(request.user), pk=pk)
    return FileResponse(dossier.file.open("rb"), as_attachment=True, filename=dossier.original_name)


@require_POST
@requires("commendations.delete_dossierfile")
def dossier_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a file from a draft or returned nomination's dossier."""
    dossier = get_object_or_404(DossierFile.objects.for_user(request.user), pk=pk)
    nomination = dossier.nomination
    try:
        services.dossier_file_remove(user=request.user, dossier_file=dossier)
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The file is removed from the dossier."))
    return redirect(nomination)


@requires("commendations.view_nomination")
def suggestions(request: HttpRequest) -> HttpResponse:
    """List units worth nominating: beat their enforcement target, or lead their cluster."""
    year = year_param(request, invalid=None) or selectors.suggestion_year()
    return render(
        request,
        "commendations/suggestions.html",
        {
            "year": year,
            "suggestions": selectors.nominee_suggestions(user=request.user, year=year),
            "may_create": request.user.has_perm("commendations.add_nomination"),
        },
    )
