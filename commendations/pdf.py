"""Printable documents: merit certificates in the formal Vietnamese layout, council minutes.

Drawn with fpdf2 in Liberation Serif 2, the Times-compatible serif shipped in
``organizations/documents/fonts`` (SIL Open Font License, beside it), so that every Vietnamese
letter prints the same on any machine. Documents are official
Vietnamese papers: they are rendered in Vietnamese whatever the interface language.
"""

from __future__ import annotations

import datetime
import logging
import unicodedata
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF

from commendations.models import Certificate, CouncilMember, CouncilSession, Vote
from commendations.selectors import session_tally
from organizations.documents import printing as documents_printing
from organizations.formatting import format_percent, paper_date, user_name
from organizations.selectors import unit_name_on

# fontTools reports every glyph subset at INFO: far too chatty for the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = documents_printing.FONT_DIR
FONT = documents_printing.FONT
RED = (176, 20, 20)
GOLD = (191, 144, 0)
INK = (20, 20, 60)


def _t(text: object) -> str:
    """Return text in composed (NFC) form: one code point per Vietnamese letter."""
    return unicodedata.normalize("NFC", str(text))


def _document(orientation: str, title: str) -> FPDF:
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    for style, suffix in (("", "Regular"), ("B", "Bold"), ("I", "Italic"), ("BI", "BoldItalic")):
        pdf.add_font(FONT, style, str(FONT_DIR / f"LiberationSerif-{suffix}.ttf"))
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(_t(title))
    pdf.set_author(_t(_("Ministry of Justice")))
    pdf.set_creator("justice-sector")
    return pdf


def date_line(place: str, day: datetime.date) -> str:
    """Return the place and date line of a document: Hà Nội, ngày 05 tháng 01 năm 2025."""
    return _("{place}, day {day} month {month} year {year}").format(
        place=place, day=f"{day.day:02d}", month=f"{day.month:02d}", year=day.year
    )


def _national_heading(pdf: FPDF, *, x: float, width: float, y: float, size: float) -> float:
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", size)
    pdf.cell(width, size * 0.5, _t(_("SOCIALIST REPUBLIC OF VIETNAM")), align="C")
    motto = _t(_("Independence - Freedom - Happiness"))
    pdf.set_xy(x, y + size * 0.5 + 1)
    pdf.set_font(FONT, "B", size - 1)
    pdf.cell(width, size * 0.5, motto, align="C")
    line_y = y + size + 2
    half = pdf.get_string_width(motto) / 2
    pdf.set_line_width(0.3)
    pdf.set_draw_color(0, 0, 0)
    pdf.line(x + width / 2 - half, line_y, x + width / 2 + half, line_y)
    return line_y


def _certificate_page(pdf: FPDF, certificate: Certificate, issuer: str) -> None:
    decision = certificate.decision
    pdf.add_page()
    width, height = pdf.w, pdf.h
    # A red frame with a gold rule inside it, as certificates are printed.
    pdf.set_draw_color(*RED)
    pdf.set_line_width(2.2)
    pdf.rect(8, 8, width - 16, height - 16)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.6)
    pdf.rect(12.5, 12.5, width - 25, height - 25)

    y = _national_heading(pdf, x=20, width=width - 40, y=22, size=14)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(20, y + 8)
    pdf.set_font(FONT, "B", 17)
    pdf.cell(width - 40, 9, _t(decision.authority.upper()), align="C")

    pdf.set_text_color(*RED)
    pdf.set_xy(20, y + 21)
    if certificate.award_form_id:
        pdf.set_font(FONT, "B", 36)
        heading = _("AWARDS THE {certificate}").format(
            certificate=certificate.award_form.certificate_title.upper()
        )
        pdf.cell(width - 40, 16, _t(heading), align="C")
        next_y = y + 44
    else:
        pdf.set_font(FONT, "B", 26)
        pdf.cell(width - 40, 12, _t(_("CONFERS THE TITLE")), align="C")
        pdf.set_xy(20, y + 35)
        pdf.set_font(FONT, "B", 24)
        pdf.cell(width - 40, 12, _t(certificate.award_name.upper()), align="C")
        next_y = y + 54

    pdf.set_text_color(*INK)
    pdf.set_xy(30, next_y)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(width - 60, 11, _t(certificate.recipient_name), align="C")
    if certificate.recipient_details:
        pdf.set_x(30)
        pdf.set_font(FONT, "I", 14)
        pdf.multi_cell(width - 60, 7, _t(certificate.recipient_details), align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_x(40)
    pdf.ln(4)
    pdf.set_x(40)
    pdf.set_font(FONT, "I", 16)
    pdf.multi_cell(width - 80, 8, _t(certificate.achievement), align="C")

    # Lower left: the issuing unit, the decision and the serial number; lower right: place,
    # date, signer.
    base = height - 62
    pdf.set_xy(26, base + 6)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(110, 6, _t(issuer.upper()))
    pdf.set_font(FONT, "", 12)
    pdf.set_xy(26, base + 14)
    pdf.cell(
        110,
        6,
        _t(_("Decision No. {number}").format(number=decision.number)),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_xy(26, base + 21)
    pdf.cell(110, 6, _t(_("dated {date}").format(date=paper_date(decision.date))))
    pdf.set_xy(26, base + 28)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(110, 6, _t(_("Register No.: {serial}").format(serial=certificate.serial)))

    right_x, right_w = width - 140, 118
    pdf.set_xy(right_x, base)
    pdf.set_font(FONT, "I", 13)
    pdf.cell(right_w, 6, _t(date_line(decision.place, decision.date)), align="C")
    pdf.set_xy(right_x, base + 8)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(right_w, 6, _t(decision.signer_title.upper()), align="C")
    pdf.set_xy(right_x, base + 38)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(right_w, 7, _t(decision.signer_name), align="C")


def certificates_pdf(
    certificates: Iterable[Certificate], *, progress: Callable[[int], None] | None = None
) -> bytes:
    """Return one PDF with a page per certificate, reporting progress every ten pages."""
    certificates = list(certificates)
    refused = [certificate for certificate in certificates if not certificate.is_printable]
    if refused:
        # Advanced Worker, Advanced Labour Collective, the flags: the law gives no paper.
        raise ValidationError(
            _("The law gives no certificate with “{award}”: it is not printed.").format(
                award=refused[0].award_name
            )
        )
    with translation.override(settings.LANGUAGE_CODE):
        pdf = _document("L", _("Merit certificates"))
        count = 0
        # The issuing unit as it was called on the decision's date: one lookup per decision.
        issuers: dict[int, str] = {}
        for certificate in certificates:
            decision = certificate.decision
            if decision.pk not in issuers:
                issuers[decision.pk] = unit_name_on(decision.issuing_unit, decision.date)
            _certificate_page(pdf, certificate, issuers[decision.pk])
            count += 1
            if progress is not None and count % 10 == 0:
                progress(count)
        if progress is not None:
            progress(count)
        return bytes(pdf.output())


def certificate_pdf(certificate: Certificate) -> bytes:
    """Return the PDF of one certificate."""
    return certificates_pdf([certificate])


def _minutes_text(pdf: FPDF, text: str, *, style: str = "", size: float = 11, h: float = 6) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(0, h, _t(text), new_x="LMARGIN", new_y="NEXT")


def vote_manner(vote: Vote) -> str:
    """Say how a vote was cast: in person, or in writing with its ballot and who entered it."""
    if not vote.written:
        return _("in person")
    return _("in writing, signed ballot “{ballot}”, entered by {user}").format(
        ballot=vote.ballot_name or "–", user=user_name(vote.recorded_by)
    )


def minutes_pdf(session: CouncilSession) -> bytes:
    """Return the minutes of a council session: presence, who voted how, tallies and results."""
    tally = session_tally(session=session)
    council = session.council
    with translation.override(settings.LANGUAGE_CODE):
        pdf = _document("P", _("Minutes of {session}").format(session=session.title))
        pdf.set_margins(18, 15, 15)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_page()
        pdf.set_font(FONT, "B", 11)
        pdf.set_xy(18, 15)
        # The council's unit as it was called on the day of the session.
        unit_name = unit_name_on(council.unit, session.held_on)
        pdf.multi_cell(75, 5.5, _t(unit_name.upper()), align="C")
        pdf.set_x(18)
        pdf.multi_cell(75, 5.5, _t(council.name), align="C")
        if session.number:
            pdf.set_x(18)
            pdf.set_font(FONT, "", 11)
            pdf.multi_cell(75, 5.5, _t(_("No. {number}").format(number=session.number)), align="C")
        _national_heading(pdf, x=90, width=110, y=15, size=11)
        pdf.set_xy(90, 30)
        pdf.set_font(FONT, "I", 11)
        pdf.cell(110, 6, _t(date_line(session.place or "Hà Nội", session.held_on)), align="C")
        pdf.set_xy(18, 48)
        pdf.set_font(FONT, "B", 15)
        pdf.cell(0, 8, _t(_("MINUTES")), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 6.5, _t(session.title), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        present = [m for m in tally.members if m.pk in tally.present_ids]
        absent = [m for m in tally.members if m.pk not in tally.present_ids]
        _minutes_text(pdf, held_line(session))
        _minutes_text(
            pdf,
            _(
                "Members: {members}; present: {present}; quorum of {quorum}: {needed} — {verdict}."
            ).format(
                quorum=format_percent(tally.quorum_percent),
                members=tally.member_count,
                present=tally.present_count,
                needed=tally.quorum_needed,
                verdict=_("reached") if tally.has_quorum else _("not reached"),
            ),
        )
        _minutes_text(
            pdf,
            _("Present: {names}.").format(
                names=", ".join(f"{m.name} ({m.get_position_display()})" for m in present) or "–"
            ),
        )
        _minutes_text(
            pdf, _("Absent: {names}.").format(names=", ".join(m.name for m in absent) or "–")
        )
        for index, motion in enumerate(tally.motions, start=1):
            nomination = motion.nomination
            pdf.ln(3)
            _minutes_text(
                pdf,
                _("{index}. {nominee} ({unit}) — {proposal}, {year}").format(
                    index=index,
                    nominee=nomination.nominee,
                    unit=nomination.nominating_unit.display_name,
                    proposal=nomination.proposal.name,
                    year=nomination.year,
                ),
                style="B",
            )
            rows = [(_("Member"), _("Vote"), _("How"))]
            if motion.secret:
                _minutes_text(
                    pdf,
                    _(
                        "Voted by secret ballot: the minutes record who took part and the "
                        "tally, never who voted how."
                    ),
                    style="I",
                    size=10.5,
                )
            for member in tally.members:
                vote = motion.vote_of(member)
                if vote is None:
                    rows.append((member.name, _("not voted"), ""))
                elif motion.secret:
                    manner = _("in writing") if vote.written else _("in person")
                    rows.append((member.name, pgettext("secret ballot", "voted"), manner))
                else:
                    rows.append((member.name, vote.get_choice_display(), vote_manner(vote)))
            pdf.set_font(FONT, "", 10)
            with pdf.table(
                col_widths=(62, 38, 75), line_height=6, first_row_as_headings=True
            ) as table:
                for row in rows:
                    cells = table.row()
                    for value in row:
                        cells.cell(_t(value))
            if motion.sealed:
                # The motion is still open: its secret tally is printed once it closes.
                _minutes_text(
                    pdf,
                    _(
                        "Not voted {not_voted}; the tally of a secret ballot is recorded once "
                        "the motion closes."
                    ).format(not_voted=motion.not_voted),
                    style="I",
                    size=10.5,
                )
                continue
            result = _("passed") if tally.passes(motion) else _("not passed")
            _minutes_text(
                pdf,
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
                    result=result,
                ),
                style="I",
                size=10.5,
            )
        pdf.ln(4)
        if not session.closed_at:
            closing = _("The session is still open: these results are provisional.")
        elif session.ends_at:
            # The meeting's own end, on the day it was held: the moment the session was
            # closed in the system may come later and is not the meeting's.
            closing = _("The session ended at {time} on {date}.").format(
                time=session.ends_at.strftime("%H:%M"), date=paper_date(session.held_on)
            )
        else:
            closing = _("The session was closed by {user}.").format(
                user=user_name(session.closed_by)
            )
        _minutes_text(pdf, closing, style="I", size=10.5)
        pdf.ln(6)
        y = pdf.get_y()
        if y > pdf.h - 50:
            pdf.add_page()
            y = pdf.get_y()
        pdf.set_font(FONT, "B", 11)
        pdf.set_xy(18, y)
        pdf.cell(85, 6, _t(_("SECRETARY")), align="C")
        pdf.set_xy(110, y)
        pdf.cell(85, 6, _t(_("CHAIR OF THE COUNCIL")), align="C")
        # Room for the signatures, then the names under their lines.
        secretary, chair = minutes_signers(tally.members)
        pdf.set_font(FONT, "B", 12)
        pdf.set_xy(18, y + 28)
        pdf.cell(85, 6, _t(secretary), align="C")
        pdf.set_xy(110, y + 28)
        pdf.cell(85, 6, _t(chair), align="C")
        return bytes(pdf.output())


def held_line(session: CouncilSession) -> str:
    """Say when and where the meeting was held: its day and, when recorded, its hours."""
    if session.starts_at:
        return _("Held from {start} on {date} at {place}.").format(
            start=session.starts_at.strftime("%H:%M"),
            date=paper_date(session.held_on),
            place=session.place or "–",
        )
    return _("Held on {date} at {place}.").format(
        date=paper_date(session.held_on), place=session.place or "–"
    )


def minutes_signers(members: Iterable[CouncilMember]) -> tuple[str, str]:
    """Return the names of the secretary and the chair who sign the minutes ("" if none)."""
    by_position: dict[str, str] = {}
    for member in members:
        by_position.setdefault(member.position, member.name)
    position = CouncilMember.Position
    chair = by_position.get(position.CHAIR) or by_position.get(position.VICE_CHAIR, "")
    return by_position.get(position.SECRETARY_MEMBER, ""), chair
