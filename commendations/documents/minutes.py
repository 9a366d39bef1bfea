"""The minutes of a council session (Biên bản họp Hội đồng) as a document in the state format.

Its day and hours are the meeting's own (``held_on``, ``starts_at``, ``ends_at``); the
members present and absent are named; each nomination's result is given with its tally,
and who voted how only for an open ballot: under a secret ballot the minutes record the
tally alone (Law on Emulation and Commendation 2022 and its decrees: the council votes by
secret ballot where they ask for it). The secretary and the chair sign, their names below.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from commendations.models import CouncilMember, CouncilSession, Vote
from commendations.selectors import session_tally
from commendations.selectors.council import MotionTally, SessionTally
from organizations.documents import printing
from organizations.documents.content import Column, OfficialDocument, Paragraph, Signature, Table
from organizations.formatting import format_percent, paper_date, user_name
from organizations.selectors import unit_name_on

COLUMNS = [
    Column("index", "STT", 12, "C"),
    Column("nominee", "Tập thể, cá nhân được đề nghị", 55),
    Column("proposal", "Danh hiệu, hình thức đề nghị", 45),
    Column("tally", "Đồng ý / Không / Không biểu quyết", 30, "C"),
    Column("result", "Kết quả", 23, "C"),
]
UNSIGNED = "…………………………"


def held_line(session: CouncilSession) -> str:
    """Say when and where the meeting was held: its day and, when recorded, its hours."""
    day = paper_date(session.held_on)
    start = session.starts_at.strftime("%H:%M") if session.starts_at else ""
    # A place not recorded is left out rather than printed as a dash.
    if start and session.place:
        return _("Held from {start} on {date} at {place}.").format(
            start=start, date=day, place=session.place
        )
    if start:
        return _("Held from {start} on {date}.").format(start=start, date=day)
    if session.place:
        return _("Held on {date} at {place}.").format(date=day, place=session.place)
    return _("Held on {date}.").format(date=day)


def minutes_signers(members: Iterable[CouncilMember]) -> tuple[str, str]:
    """Return the names of the secretary and the chair who sign the minutes ("" if none)."""
    by_position: dict[str, str] = {}
    for member in members:
        by_position.setdefault(member.position, member.name)
    position = CouncilMember.Position
    chair = by_position.get(position.CHAIR) or by_position.get(position.VICE_CHAIR, "")
    return by_position.get(position.SECRETARY_MEMBER, ""), chair


def vote_manner(vote: Vote) -> str:
    """Say how a vote was cast: in person, or in writing with its ballot and who entered it."""
    if not vote.written:
        return _("in person")
    return _("in writing, signed ballot “{ballot}”, entered by {user}").format(
        ballot=vote.ballot_name or "–", user=user_name(vote.recorded_by)
    )


def _closing(session: CouncilSession) -> str:
    """Say how the session ended: at the meeting's own hour, never when the system closed it."""
    if not session.closed_at:
        return _("The session is still open: these results are provisional.")
    if session.ends_at:
        return _("The session ended at {time} on {date}.").format(
            time=session.ends_at.strftime("%H:%M"), date=paper_date(session.held_on)
        )
    return _("The session was closed by {user}.").format(user=user_name(session.closed_by))


def _result(tally: SessionTally, motion: MotionTally) -> tuple[str, str]:
    if motion.sealed:
        return "–", _("not closed")
    outcome = _("passed") if tally.passes(motion) else _("not passed")
    return f"{motion.yes} / {motion.no} / {motion.abstain}", outcome


def _motion_paragraphs(tally: SessionTally, index: int, motion: MotionTally) -> list[Paragraph]:
    nomination = motion.nomination
    paragraphs = [
        Paragraph.plain(
            _("{index}. {nominee} ({unit}) — {proposal}, {year}").format(
                index=index,
                nominee=nomination.nominee,
                unit=nomination.nominating_unit.display_name,
                proposal=nomination.proposal.name,
                year=nomination.year,
            ),
            bold=True,
        )
    ]
    if motion.secret:
        # A secret ballot: who took part and the tally, never a member's vote by name.
        paragraphs.append(
            Paragraph.plain(
                _(
                    "Voted by secret ballot: the minutes record who took part and the "
                    "tally, never who voted how."
                ),
                italic=True,
            )
        )
    for member in tally.members:
        vote = motion.vote_of(member)
        if vote is None:
            said = _("not voted")
        elif motion.secret:
            manner = _("in writing") if vote.written else _("in person")
            said = f"{pgettext('secret ballot', 'voted')} {manner}"
        else:
            said = f"{vote.get_choice_display()} {vote_manner(vote)}"
        paragraphs.append(Paragraph.plain(f"- {member.name} {said}"))
    if motion.sealed:
        # The motion is still open: its secret tally is printed once it closes.
        paragraphs.append(
            Paragraph.plain(
                _(
                    "Not voted {not_voted}; the tally of a secret ballot is recorded once "
                    "the motion closes."
                ).format(not_voted=motion.not_voted),
                italic=True,
            )
        )
    else:
        paragraphs.append(
            Paragraph.plain(
                _(
                    "Yes {yes}, no {no}, abstain {abstain}, not voted {not_voted}; yes votes "
                    "needed: {needed} of {members} ({threshold} of all members). Voted in "
                    "person: {in_person} (at least {quorum} needed), in writing: {written}. "
                    "Result: {result}."
                ).format(
                    in_person=motion.in_person,
                    quorum=motion.quorum_needed,
                    written=motion.written,
                    yes=motion.yes,
                    no=motion.no,
                    abstain=motion.abstain,
                    not_voted=motion.not_voted,
                    needed=motion.yes_needed,
                    members=motion.members,
                    threshold=format_percent(motion.threshold),
                    result=_result(tally, motion)[1],
                ),
                italic=True,
            )
        )
    return paragraphs


def minutes_document(session: CouncilSession) -> OfficialDocument:
    """Return the minutes of the session; a session without members has none to write."""
    tally = session_tally(session=session)
    council = session.council
    if not tally.members:
        raise ValidationError(_("The minutes cannot be drafted: the council has no members."))
    with translation.override(settings.LANGUAGE_CODE):
        present = [m for m in tally.members if m.pk in tally.present_ids]
        absent = [m for m in tally.members if m.pk not in tally.present_ids]
        secretary, chair = minutes_signers(tally.members)
        body = [
            Paragraph.plain(held_line(session)),
            Paragraph.plain(
                _(
                    "Members: {members}; present: {present}; quorum of {quorum}: {needed} — "
                    "{verdict}."
                ).format(
                    quorum=format_percent(tally.quorum_percent),
                    members=tally.member_count,
                    present=tally.present_count,
                    needed=tally.quorum_needed,
                    verdict=_("reached") if tally.has_quorum else _("not reached"),
                )
            ),
            Paragraph.plain(
                _("Present: {names}.").format(
                    names=", ".join(f"{m.name} ({m.get_position_display()})" for m in present)
                    or "–"
                )
            ),
            Paragraph.plain(
                _("Absent: {names}.").format(names=", ".join(m.name for m in absent) or "–")
            ),
        ]
        rows = []
        for index, motion in enumerate(tally.motions, start=1):
            body.extend(_motion_paragraphs(tally, index, motion))
            figures, outcome = _result(tally, motion)
            rows.append(
                {
                    "index": str(index),
                    "nominee": str(motion.nomination.nominee),
                    "proposal": motion.nomination.proposal.name,
                    "tally": figures,
                    "result": str(outcome),
                }
            )
        body.append(Paragraph.plain(_closing(session), italic=True))
        secretary_title = _("SECRETARY")
        chair_title = _("CHAIR OF THE COUNCIL")
    return OfficialDocument(
        parent_agency=unit_name_on(council.unit, session.held_on),
        agency=council.name,
        number=session.number,
        place=session.place or "Hà Nội",
        date=session.held_on,
        kind="Biên bản",
        subject=session.title,
        body=body,
        signatures=[
            Signature(title=secretary_title, name=secretary or UNSIGNED),
            Signature(title=chair_title, name=chair or UNSIGNED),
        ],
        table=Table(columns=COLUMNS, rows=rows, title="KẾT QUẢ BIỂU QUYẾT"),
        table_attached=False,
        extra={"session_title": session.title},
    )


def minutes_pdf(session: CouncilSession) -> bytes:
    """Return the minutes as a PDF, printed by the shared layer from the same content."""
    return printing.document_pdf(minutes_document(session))
