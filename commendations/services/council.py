"""Writes of the council: sessions, presence, votes, and closing a session with its results."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commendations.models import Council, CouncilMember, CouncilSession, Nomination, Vote
from commendations.selectors import conflict_of_interest, session_tally
from commendations.services.dossier import (
    UploadRefusals,
    upload_content_check,
)
from commendations.services.signed import require_unlocked
from commendations.services.workflow import (
    lock,
    move,
    require_permission,
)
from organizations.files import save_upload
from organizations.formatting import format_percent, user_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.core.files.uploadedfile import UploadedFile

# A signed ballot is a scan or a photograph: PDF or image, checked like a dossier file.
BALLOT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


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
    # Signed minutes are final, whatever the session's state says.
    require_unlocked(current)
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
    """Record which members attend the session, before voting on any motion begins."""
    _require_secretary(user, session.council)
    current = _lock_open(session)
    present = list(present)
    foreign = [member for member in present if member.council_id != current.council_id]
    if foreign:
        raise ValidationError(
            _("{member} is not a member of this council.").format(member=foreign[0])
        )
    if current.voting_has_begun():
        raise ValidationError(
            _("Voting has begun in this session: presence is fixed and can no longer be changed."),
            code="presence_fixed",
        )
    current.present.set(present)
    return current


def ballot_file_check(*, upload: UploadedFile | None) -> str:
    """Refuse a signed ballot that is not a PDF, JPG or PNG of an acceptable size."""
    if upload is None:
        raise ValidationError(
            {"ballot": _("Attach the absent member's signed ballot (PDF, JPG or PNG).")},
            code="ballot_missing",
        )
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in BALLOT_TYPES:
        raise ValidationError(
            {"ballot": _("A signed ballot must be a PDF, JPG or PNG file.")}, code="file_type"
        )
    upload_content_check(
        upload,
        suffix=suffix,
        field="ballot",
        refusals=UploadRefusals(
            empty=_("The ballot file is empty."),
            too_large=_("The ballot file is too large: it may be at most {limit} MB."),
            not_its_kind=_(
                "The ballot file's content is not a {kind} file, whatever its name says."
            ),
        ),
    )
    return suffix


@transaction.atomic
def vote_cast(
    *,
    user: AbstractBaseUser,
    session: CouncilSession,
    nomination: Nomination,
    choice: str,
    member: CouncilMember | None = None,
    ballot: UploadedFile | None = None,
) -> Vote:
    """Record a vote: the user's own in person, or an absent member's written one.

    A member votes once per nomination and may correct an in-person vote until the motion
    closes. A member recorded present votes in person and only in person; a member recorded
    absent votes only in writing: the secretary enters the vote with the member's signed
    ballot, which stays as signed, and is bound by the same separation of duties as the
    members.
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
                    "You are not marked present at this session; an absent member votes only "
                    "in writing, with a signed ballot the secretary enters."
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
    if written:
        reason = conflict_of_interest(user, nomination)
        if reason:
            raise PermissionDenied(
                _("You cannot enter votes on this nomination: {reason}").format(reason=reason)
            )
    reason = conflict_of_interest(member.user, nomination)
    if reason:
        raise PermissionDenied(
            _("{member} cannot vote on this nomination: {reason}").format(
                member=member, reason=reason
            )
        )
    previous = (
        Vote.objects.select_for_update()
        .filter(session=current, nomination=nomination, member=member)
        .first()
    )
    if previous is not None:
        return _vote_correct(previous, choice=choice, written=written)
    if written:
        ballot_file_check(upload=ballot)
    vote = Vote(
        session=current,
        nomination=nomination,
        member=member,
        choice=choice,
        written=written,
        recorded_by=user,
    )
    if written:
        vote.ballot_name = Path(ballot.name or "").name[:255]
        save_upload(vote.ballot, Path(ballot.name or "ballot").name, ballot)
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError:
        if vote.ballot:
            vote.ballot.delete(save=False)
        raise ValidationError(
            _("{member} has just voted on this nomination; a vote cannot be cast twice.").format(
                member=member
            ),
            code="voted",
        ) from None
    except Exception:
        if vote.ballot:
            vote.ballot.delete(save=False)
        raise
    return vote


def _vote_correct(vote: Vote, *, choice: str, written: bool) -> Vote:
    """Change a member's in-person vote while its motion is open; a written one stays as signed."""
    if written or vote.written:
        raise ValidationError(
            _(
                "{member} voted in writing with a signed ballot; a written vote stays as the "
                "member signed it."
            ).format(member=vote.member),
            code="written_vote_final",
        )
    if vote.choice != choice:
        vote.choice = choice
        vote.corrected_at = timezone.now()
        # The history keeps the correction; its reason names no member on a secret ballot.
        vote._change_reason = _("vote corrected before the motion closed")
        vote.save(update_fields=["choice", "corrected_at"])
    return vote


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
    to_decide = [
        motion
        for motion in tally.motions
        if motion.nomination.status == Nomination.Status.COUNCIL_VOTE
    ]
    short = [motion for motion in to_decide if not motion.has_quorum]
    if short:
        raise ValidationError(
            [
                _(
                    "A motion is decided only when the council's quorum of {quorum} of the "
                    "members ({needed} of {members}) voted on it in person; written votes "
                    "count towards the result, not towards this quorum. Nothing was decided."
                ).format(
                    quorum=format_percent(tally.quorum_percent),
                    needed=tally.quorum_needed,
                    members=tally.member_count,
                ),
                *(
                    _("“{nominee}”: {in_person} voted in person.").format(
                        nominee=motion.nomination.nominee, in_person=motion.in_person
                    )
                    for motion in short
                ),
            ],
            code="no_quorum_in_person",
        )
    for motion in to_decide:
        reason = conflict_of_interest(user, motion.nomination)
        if reason:
            raise PermissionDenied(
                _("You cannot record the result on “{nominee}”: {reason}").format(
                    nominee=motion.nomination.nominee, reason=reason
                )
            )
    for motion in to_decide:
        passes = tally.passes(motion)
        action = "approve" if passes else "council_reject"
        comment = _(
            "{yes} yes, {no} no, {abstain} abstentions, {not_voted} not voted, of {members} "
            "members; {needed} yes votes needed ({threshold}). {in_person} voted in person, "
            "{written} in writing."
        ).format(
            in_person=motion.in_person,
            written=motion.written,
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
