"""Printable merit certificates in the formal Vietnamese layout.

Council minutes print from the shared documents layer (``commendations.documents.minutes``).

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
from fpdf import FPDF

from commendations.models import Certificate
from organizations.documents import printing as documents_printing
from organizations.formatting import paper_date
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
