"""Pages of the council: sessions, presence, votes and tallies, closing, printed minutes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commendations import selectors, services
from commendations.documents.minutes import minutes_pdf
from commendations.forms import PresenceForm, VoteForm
from commendations.models import CouncilSession, Vote
from commendations.views.common import (
    Confirmation,
    ask_confirmation,
    denied,
    is_confirmed,
    requires,
    show_refusal,
)
from commendations.views.signed import signed_copy_context
from organizations.scoping import has_unit_permission


@requires("commendations.view_councilsession")
def sessions(request: HttpRequest) -> HttpResponse:
    """List the council sessions the user may see, open ones first."""
    found = (
        CouncilSession.objects.for_user(request.user)
        .select_related("council")
        .order_by("status", "-held_on", "-pk")
    )
    return render(request, "commendations/sessions.html", {"sessions": found})


def _session(request: HttpRequest, pk: int) -> CouncilSession:
    return get_object_or_404(
        CouncilSession.objects.for_user(request.user).select_related("council__unit"), pk=pk
    )


# Parameters that would ask a page for who voted how.
VOTER_PARAMETERS = ("voters", "by_name", "names", "member", "members")


def _refuse_voters_of_secret_ballot(
    request: HttpRequest, tally: selectors.SessionTally
) -> HttpResponse | None:
    """Refuse a request for the votes by name of a session with a secret ballot."""
    if tally.has_secret_ballot and any(name in request.GET for name in VOTER_PARAMETERS):
        return denied(
            request,
            PermissionDenied(
                _(
                    "This session votes by secret ballot: only the tallies are shown, never "
                    "who voted how."
                )
            ),
        )
    return None


@requires("commendations.view_councilsession")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a session: presence and quorum, each motion's tally, and the user's ballot."""
    session = _session(request, pk)
    tally = selectors.session_tally(session=session)
    refused = _refuse_voters_of_secret_ballot(request, tally)
    if refused is not None:
        return refused
    seat = selectors.member_of(session=session, user=request.user)
    may_vote = request.user.has_perm("commendations.vote_nomination") and seat is not None
    is_secretary = request.user.has_perm("commendations.manage_council_session")
    presence_fixed = session.voting_has_begun()
    rows = []
    for motion in tally.motions:
        own = motion.vote_of(seat) if seat is not None else None
        conflict = selectors.conflict_of_interest(request.user, motion.nomination)
        rows.append(
            {
                "motion": motion,
                "passes": None if motion.sealed else tally.passes(motion),
                "may_decide": tally.may_decide(motion),
                "own_vote": own,
                # A member corrects an in-person vote until the motion closes.
                "may_vote": may_vote
                and session.is_open
                and (own is None or not own.written)
                and seat.pk in tally.present_ids
                and conflict is None
                and motion.nomination.status == motion.nomination.Status.COUNCIL_VOTE,
                "conflict": conflict if may_vote else None,
                # Whoever enters written votes is bound by the members' separation of duties.
                "may_enter_written": is_secretary and session.is_open and conflict is None,
                "absent_without_vote": [
                    member
                    for member in tally.members
                    if member.pk not in tally.present_ids and motion.vote_of(member) is None
                ],
                # A secret ballot shows who took part, never who voted how.
                "cells": [
                    (member, None if motion.secret else motion.vote_of(member))
                    for member in tally.members
                ],
                "voted": {member.pk for member in tally.members if motion.has_voted(member)},
            }
        )
    return render(
        request,
        "commendations/session.html",
        {
            "session": session,
            "signed": signed_copy_context(request, session),
            "tally": tally,
            "rows": rows,
            "seat": seat,
            "seat_present": seat is not None and seat.pk in tally.present_ids,
            "is_secretary": is_secretary and session.is_open,
            "presence_fixed": presence_fixed,
            "presence_form": PresenceForm(session=session)
            if is_secretary and session.is_open and not presence_fixed
            else None,
            "choices": Vote.Choice.choices,
        },
    )


@require_POST
@requires("commendations.manage_council_session")
def session_presence(request: HttpRequest, pk: int) -> HttpResponse:
    """Record which members attend the session."""
    session = _session(request, pk)
    form = PresenceForm(request.POST, session=session)
    if form.is_valid():
        try:
            services.council_session_set_presence(
                user=request.user, session=session, present=form.cleaned_data["present"]
            )
        except PermissionDenied as error:
            return denied(request, error)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Presence is recorded."))
    else:
        messages.error(request, _("Choose the members present from the list."))
    return redirect(session)


@require_POST
@requires("commendations.view_councilsession")
def session_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the user's vote, or an absent member's written vote with their signed ballot."""
    session = _session(request, pk)
    form = VoteForm(request.POST, request.FILES, session=session)
    if not form.is_valid():
        messages.error(request, _("Choose a nomination of this session and a vote."))
        return redirect(session)
    if not is_confirmed(request):
        if form.cleaned_data.get("member") is not None:
            # A written vote carries its signed ballot: it is confirmed on its own form.
            messages.error(
                request,
                _(
                    "Nothing was recorded: tick the box confirming that the written vote is "
                    "final, then send the ballot again."
                ),
            )
            return redirect(session)
        if session.is_open and selectors.member_of(session=session, user=request.user):
            return ask_confirmation(request, _vote_confirmation(session, form))
    try:
        vote = services.vote_cast(
            user=request.user,
            session=session,
            nomination=form.cleaned_data["nomination"],
            choice=form.cleaned_data["choice"],
            member=form.cleaned_data.get("member"),
            ballot=form.cleaned_data.get("ballot"),
        )
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        if vote.nomination.secret_ballot:
            messages.success(request, _("Your vote is recorded by secret ballot."))
        else:
            messages.success(
                request,
                _("Vote recorded: {member} — {choice}.").format(
                    member=vote.member, choice=vote.get_choice_display()
                ),
            )
    return redirect(session)


@require_POST
@requires("commendations.manage_council_session")
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the session, once confirmed: each motion is approved or rejected by its votes."""
    session = _session(request, pk)
    managing = has_unit_permission(
        request.user, "commendations.manage_council_session", session.council.unit_id
    )
    confirmation = _close_confirmation(session) if managing and session.is_open else None
    if confirmation is not None and not is_confirmed(request):
        return ask_confirmation(request, confirmation)
    try:
        services.council_session_close(user=request.user, session=session)
    except PermissionDenied as error:
        return denied(request, error)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The session is closed and its results are recorded."))
    return redirect(session)


def _vote_confirmation(session: CouncilSession, form: VoteForm) -> Confirmation:
    """Say which vote will be recorded on which nomination, for good."""
    nomination = form.cleaned_data["nomination"]
    choice = dict(Vote.Choice.choices)[form.cleaned_data["choice"]]
    return Confirmation(
        question=_("Vote “{choice}” on this nomination?").format(choice=choice),
        subject=str(nomination),
        consequences=[
            _("Your vote is recorded in {session} and counted in the tally.").format(
                session=session
            ),
            _("You may correct your vote until the motion closes; it cannot be withdrawn."),
        ],
        button=_("Record my vote “{choice}”").format(choice=choice),
        cancel_url=session.get_absolute_url(),
    )


def _close_confirmation(session: CouncilSession) -> Confirmation | None:
    """Say what closing will record for each motion, and that no vote can follow.

    None when the service would refuse to close (no quorum): it says why straight away.
    """
    tally = selectors.session_tally(session=session)
    to_decide = [
        motion
        for motion in tally.motions
        if motion.nomination.status == motion.nomination.Status.COUNCIL_VOTE
    ]
    if not all(tally.may_decide(motion) for motion in to_decide) or not tally.has_quorum:
        return None
    outcomes = [
        _("“{nominee}” will be decided by its secret tally, shown once the session closes.").format(
            nominee=motion.nomination.nominee
        )
        if motion.sealed
        else (
            _("“{nominee}” will be approved: {yes} yes votes, {needed} needed.")
            if tally.passes(motion)
            else _("“{nominee}” will be rejected: {yes} yes votes, {needed} needed.")
        ).format(nominee=motion.nomination.nominee, yes=motion.yes, needed=motion.yes_needed)
        for motion in to_decide
    ]
    return Confirmation(
        question=_("Close {session}?").format(session=session),
        consequences=[
            *outcomes,
            _("The session is closed: no vote can be added or changed afterwards."),
        ],
        button=_("Close the session and record the results"),
        cancel_url=session.get_absolute_url(),
        danger=True,
    )


@requires("commendations.view_vote")
def vote_ballot(request: HttpRequest, pk: int) -> FileResponse:
    """Send the signed ballot of a written vote in a session the user may see."""
    # A secret ballot's signed ballots are not sent by name: the tallies say what counts.
    vote = get_object_or_404(
        Vote.objects.for_user(request.user).shown_by_name().exclude(ballot=""), pk=pk
    )
    return FileResponse(vote.ballot.open("rb"), as_attachment=True, filename=vote.ballot_name)


@requires("commendations.view_councilsession")
def session_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the session's minutes as a PDF."""
    session = _session(request, pk)
    refused = _refuse_voters_of_secret_ballot(request, selectors.session_tally(session=session))
    if refused is not None:
        return refused
    try:
        content = minutes_pdf(session)
    except ValidationError as error:
        # A council with no members has no minutes to print: the page says so.
        messages.error(request, " ".join(error.messages))
        return redirect(session)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-phien-hop-{session.pk}.pdf"'
    return response
