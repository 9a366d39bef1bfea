"""Writes of the council: sessions, presence, votes, and closing a session with its results."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commendations.models import Council, CouncilMember, CouncilSession, Nomination, Vote
from commendations.selectors.council import session_tally
from commendations.services.workflow import (
    conflict_of_interest,
    lock,
    move,
    require_permission,
    user_name,
)
from emulation.selectors.eligibility import format_percent

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def _require_secretary(user: AbstractBaseUser, council: Council) -> None:
    require_permission(
        user,
        "commendations.manage_council_session",
        _("Your role does not keep council sessions."),
    )
    managing = "commendations.manage_council_session"
    if not Council.objects.for_user(user, managing).filter(pk=council.pk).exists():
        raise PermissionDenied(_("This council belongs to a unit outside yours."))


def _lock_open(session: CouncilSession) -> CouncilSession:
    current = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if not current.is_open:
        raise ValidationError(
            _("The session “{session}” is closed: nothing more can be recorded in it.").format(
                session=current.title
            ),
            code="session_closed",
        )
    return current


@transaction.atomic
def council_session_create(
    *,
    user: AbstractBaseUser,
    council: Council,
    title: str,
    held_on: datetime.date,
    place: str = "",
) -> CouncilSession:
    """Open a new session of a council."""
    _require_secretary(user, council)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the session a title.")})
    if not council.is_active:
        raise ValidationError({"council": _("This council is no longer in office.")})
    session = CouncilSession(council=council, title=title.strip(), held_on=held_on, place=place)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def council_session_set_presence(
    *, user: AbstractBaseUser, session: CouncilSession, present: Iterable[CouncilMember]
) -> CouncilSession:
    """Record which members attend the session; members who voted in person stay present."""
    _require_secretary(user, session.council)
    current = _lock_open(session)
    present = list(present)
    foreign = [member for member in present if member.council_id != current.council_id]
    if foreign:
        raise ValidationError(
            _("{member} is not a member of this council.").format(member=foreign[0])
        )
    in_person = set(
        current.votes.filter(written=False).values_list("member_id", flat=True).distinct()
    )
    missing = in_person - {member.pk for member in present}
    if missing:
        names = ", ".join(
            str(member) for member in CouncilMember.objects.filter(pk__in=missing).order_by("pk")
        )
        raise ValidationError(
            _("{names} already voted in person and cannot be marked absent.").format(names=names)
        )
    written = set(current.votes.filter(written=True).values_list("member_id", flat=True))
    clash = written & {member.pk for member in present}
    if clash:
        names = ", ".join(
            str(member) for member in CouncilMember.objects.filter(pk__in=clash).order_by("pk")
        )
        raise ValidationError(
            _(
                "{names} sent a written vote as an absent member and cannot be marked present."
            ).format(names=names)
        )
    current.present.set(present)
    return current


@transaction.atomic
def vote_cast(
    *,
    user: AbstractBaseUser,
    session: CouncilSession,
    nomination: Nomination,
    choice: str,
    member: CouncilMember | None = None,
) -> Vote:
    """Record a vote: the user's own in person, or an absent member's written one.

    A member votes once per nomination; a member present votes in person, an absent
    member's written vote is recorded by whoever keeps the session.
    """
    current = _lock_open(session)
    if choice not in Vote.Choice.values:
        raise ValidationError({"choice": _("Vote yes, no or abstain.")})
    own_seat = current.council.members.filter(user=user).select_related("user").first()
    if member is None or (own_seat is not None and member.pk == own_seat.pk):
        require_permission(
            user, "commendations.vote_nomination", _("Your role does not vote in the council.")
        )
        if own_seat is None:
            raise PermissionDenied(_("You are not a member of this council."))
        member, written = own_seat, False
        if not current.present.filter(pk=member.pk).exists():
            raise ValidationError(
                _(
                    "You are not marked present at this session; ask the secretary to record "
                    "your presence, or send a written vote."
                ),
                code="not_present",
            )
    else:
        _require_secretary(user, current.council)
        if member.council_id != current.council_id:
            raise ValidationError(
                _("{member} is not a member of this council.").format(member=member)
            )
        if current.present.filter(pk=member.pk).exists():
            raise ValidationError(
                _(
                    "{member} is present and votes in person; a written vote is for absent members."
                ).format(member=member),
                code="present",
            )
        written = True
    if nomination.council_session_id != current.pk:
        raise ValidationError(
            _("This nomination is not before this session."), code="not_on_agenda"
        )
    if nomination.status != Nomination.Status.COUNCIL_VOTE:
        raise ValidationError(
            _("The vote on this nomination is over: it is “{status}”.").format(
                status=nomination.get_status_display()
            ),
            code="vote_over",
        )
    reason = conflict_of_interest(member.user, nomination)
    if reason:
        raise PermissionDenied(
            _("{member} cannot vote on this nomination: {reason}").format(
                member=member, reason=reason
            )
        )
    previous = Vote.objects.filter(session=current, nomination=nomination, member=member).first()
    if previous is not None:
        raise ValidationError(
            _(
                "{member} already voted “{choice}” on this nomination; a vote cannot be cast twice."
            ).format(member=member, choice=previous.get_choice_display()),
            code="voted",
        )
    try:
        with transaction.atomic():
            return Vote.objects.create(
                session=current,
                nomination=nomination,
                member=member,
                choice=choice,
                written=written,
                recorded_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            _("{member} has just voted on this nomination; a vote cannot be cast twice.").format(
                member=member
            ),
            code="voted",
        ) from None


@transaction.atomic
def council_session_close(*, user: AbstractBaseUser, session: CouncilSession) -> CouncilSession:
    """Close a session with its quorum: each motion is approved or rejected by its votes."""
    _require_secretary(user, session.council)
    current = _lock_open(session)
    tally = session_tally(session=current)
    if not tally.has_quorum:
        raise ValidationError(
            _(
                "The session has no quorum: {present} of {members} members are present, "
                "{needed} are needed. Nothing was decided."
            ).format(
                present=tally.present_count, members=tally.member_count, needed=tally.quorum_needed
            ),
            code="no_quorum",
        )
    for motion in tally.motions:
        if motion.nomination.status != Nomination.Status.COUNCIL_VOTE:
            continue
        passes = tally.passes(motion)
        action = "approve" if passes else "council_reject"
        comment = _(
            "{yes} yes, {no} no, {abstain} abstentions, {not_voted} not voted, of {members} "
            "members; {needed} yes votes needed ({threshold})."
        ).format(
            yes=motion.yes,
            no=motion.no,
            abstain=motion.abstain,
            not_voted=motion.not_voted,
            members=motion.members,
            needed=motion.yes_needed,
            threshold=format_percent(motion.threshold),
        )
        move(lock(motion.nomination, action), action, user=user, comment=comment)
    current.status = CouncilSession.Status.CLOSED
    current.closed_at = timezone.now()
    current.closed_by = user
    current._change_reason = _("closed by {user}").format(user=user_name(user))
    current.save()
    return current
