"""The PDF of an official document, laid out as Decree 30/2020/NĐ-CP Appendix I asks.

Printed with fpdf2 in Liberation Serif 2 (SIL Open Font License, ``fonts/`` with its licence
beside it): metric-compatible with Times New Roman, which the decree names (Appendix I,
Part I, I.4), and complete for Vietnamese. The sizes and positions cited in ``content``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from fpdf import FPDF, FontFace

from organizations.documents.content import (
    MOTTO,
    NATIONAL_NAME,
    RECIPIENTS_LABEL,
    Annex,
    Column,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    nfc,
)

# fontTools reports every glyph subset at INFO: far too chatty for the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "LiberationSerif"
# Appendix I, Part I, I.3: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
LEFT, RIGHT, TOP, BOTTOM = 30.0, 15.0, 20.0, 20.0
LINE = 6.2  # one line of 13 pt text, single spacing
MARKDOWN_MARKS = ("**", "__", "--", "~~")
ITALIC = FontFace(emphasis="ITALICS")
# An official form's table is wide: it prints on A4 landscape with narrower side margins.
ANNEX_LEFT = 15.0
ANNEX_SIZE = 7.5
# What fpdf2 leaves inside a table cell either side of its text, in millimetres (its default
# padding, with a little room so that a figure never touches the rule).
CELL_PADDING = 2.5
NAME_MIN, FIGURE_MIN, SMALLEST = 26.0, 8.0, 5.5


def new_pdf(title: str) -> FPDF:
    """Return an A4 portrait document with the serif font in its four styles."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    for style, suffix in (("", "Regular"), ("B", "Bold"), ("I", "Italic"), ("BI", "BoldItalic")):
        pdf.add_font(FONT, style, str(FONT_DIR / f"LiberationSerif-{suffix}.ttf"))
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(auto=True, margin=BOTTOM)
    pdf.set_title(nfc(title))
    pdf.set_creator("justice-sector")
    return pdf


def _centred(pdf: FPDF, x: float, width: float, text: str, *, style: str, size: float) -> None:
    pdf.set_x(x)
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(width, size * 0.45, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")


def _rule_under(pdf: FPDF, x: float, width: float, length: float) -> None:
    y = pdf.get_y() + 0.6
    pdf.set_line_width(0.3)
    pdf.line(x + (width - length) / 2, y, x + (width + length) / 2, y)
    pdf.set_y(y + 2)


def _heading(pdf: FPDF, document: OfficialDocument) -> None:
    """Draw the agency on the left and the national name on the right (II.1, II.2, II.4)."""
    left_w, right_x = 72.0, 98.0
    right_w = pdf.w - RIGHT - right_x
    top = pdf.get_y()
    if document.parent_agency:
        _centred(pdf, LEFT - 8, left_w, document.parent_agency.upper(), style="", size=12.5)
    _centred(pdf, LEFT - 8, left_w, document.agency.upper(), style="B", size=12.5)
    pdf.set_font(FONT, "B", 12.5)
    _rule_under(pdf, LEFT - 8, left_w, min(pdf.get_string_width(document.agency) / 2.5, 30))
    if document.number:
        _centred(pdf, LEFT - 8, left_w, "Số: " + document.number, style="", size=13)
    left_bottom = pdf.get_y()

    pdf.set_y(top)
    _centred(pdf, right_x, right_w, NATIONAL_NAME, style="B", size=12.5)
    _centred(pdf, right_x, right_w, MOTTO, style="B", size=13.5)
    pdf.set_font(FONT, "B", 13.5)
    _rule_under(pdf, right_x, right_w, pdf.get_string_width(MOTTO))
    pdf.ln(1)
    _centred(pdf, right_x, right_w, document.place_date, style="I", size=13.5)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 8)


def paragraph(pdf: FPDF, item: Paragraph, *, size: float = 13, align: str = "J") -> None:
    """Print a body paragraph, justified, its bold and italic runs kept (II.6)."""
    pdf.set_x(LEFT)
    text = item.text
    if any(mark in text for mark in MARKDOWN_MARKS) or len(item.runs) == 1:
        run = item.runs[0]
        style = ("B" if run.bold else "") + ("I" if run.italic else "")
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(0, LINE, nfc(text), align=align, new_x="LMARGIN", new_y="NEXT")
    else:
        marked = ""
        for run in item.runs:
            piece = nfc(run.text)
            if run.italic:
                piece = f"__{piece}__"
            if run.bold:
                piece = f"**{piece}**"
            marked += piece
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(0, LINE, marked, align=align, markdown=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.2)


def table(pdf: FPDF, listing: Table, *, size: float = 11.5, line_height: float = 5.6) -> None:
    """Print a numbered list with its header row and, if any, its total row.

    An official form's row of column numbers prints under the headers, in italics, and
    repeats with them on every page the table runs over.
    """
    pdf.set_font(FONT, "", size)
    pdf.set_x(pdf.l_margin)
    widths = tuple(column.width for column in listing.columns)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        line_height=line_height,
        first_row_as_headings=True,
        num_heading_rows=2 if listing.numbers else 1,
        text_align=tuple(column.align for column in listing.columns),
        v_align="M",
        align="L",
    ) as drawn:
        header = drawn.row()
        for column in listing.columns:
            header.cell(nfc(column.header), align="C")
        if listing.numbers:
            numbers = drawn.row()
            for column in listing.columns:
                numbers.cell(nfc(listing.numbers.get(column.key, "")), align="C", style=ITALIC)
        for values in listing.rows:
            cells = drawn.row()
            for column in listing.columns:
                cells.cell(nfc(values.get(column.key, "")))
        if listing.total:
            pdf.set_font(FONT, "B", size)
            cells = drawn.row()
            for column in listing.columns:
                cells.cell(nfc(listing.total.get(column.key, "")))
    pdf.ln(3)


def _signature(pdf: FPDF, signature: Signature, x: float, width: float, top: float) -> float:
    pdf.set_y(top)
    for line in signature.lines:
        _centred(pdf, x, width, line, style="B", size=13.5)
    # Room for the handwritten signature and the seal.
    pdf.set_y(pdf.get_y() + 24)
    _centred(pdf, x, width, signature.name, style="B", size=13.5)
    return pdf.get_y()


def signatures(pdf: FPDF, document: OfficialDocument) -> None:
    """Print "Nơi nhận" on the left and the signer on the right, or two signers side by side."""
    if pdf.get_y() > pdf.h - BOTTOM - 55:
        pdf.add_page()
    top = pdf.get_y() + 4
    half = (pdf.w - LEFT - RIGHT) / 2
    bottoms = [top]
    if len(document.signatures) >= 2:
        bottoms.append(_signature(pdf, document.signatures[0], LEFT, half, top))
    elif document.recipients:
        pdf.set_xy(LEFT, top)
        pdf.set_font(FONT, "BI", 12)
        pdf.cell(half, 6, RECIPIENTS_LABEL, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 11)
        for recipient in document.recipients:
            pdf.set_x(LEFT)
            pdf.multi_cell(half - 4, 5, "- " + nfc(recipient), new_x="LMARGIN", new_y="NEXT")
        bottoms.append(pdf.get_y())
    if document.signatures:
        bottoms.append(_signature(pdf, document.signatures[-1], LEFT + half, half, top))
    pdf.set_y(max(bottoms) + 4)


def _widest(pdf: FPDF, listing: Table, column: Column, size: float) -> float:
    """Return the width the column needs at the size: its widest figure or header word."""
    widest = 0.0
    for style, rows in (("", listing.rows), ("B", [listing.total or {}])):
        pdf.set_font(FONT, style, size)
        for values in rows:
            widest = max(widest, pdf.get_string_width(nfc(values.get(column.key, ""))))
    # A header breaks between its words, never inside one: its longest word must fit too.
    pdf.set_font(FONT, "B", size)
    for word in nfc(column.header).split():
        widest = max(widest, pdf.get_string_width(word))
    return widest + CELL_PADDING


def fit_columns(pdf: FPDF, listing: Table, size: float) -> tuple[Table, float]:
    """Return the table with its figures' columns as wide as they need, and the font size.

    A figure broken over two lines misreads (98.765.4 / 32.110): the columns of figures
    widen to their widest figure, taking room from the first (the units' names) down to
    ``NAME_MIN``; when even that is not enough the table prints smaller, down to a size
    still legible, and only then may a figure break.
    """
    total = sum(column.width for column in listing.columns)
    figures = [column for column in listing.columns if column.align == "R"]
    if not figures:
        return listing, size
    first, fixed = listing.columns[0], [c for c in listing.columns[1:] if c.align != "R"]
    room = total - sum(column.width for column in fixed) - NAME_MIN
    needed = {c.key: max(FIGURE_MIN, _widest(pdf, listing, c, size)) for c in figures}
    while sum(needed.values()) > room and size > SMALLEST:
        size = max(SMALLEST, size - 0.25)
        needed = {c.key: max(FIGURE_MIN, _widest(pdf, listing, c, size)) for c in figures}
    scale = min(1.0, room / sum(needed.values()))
    # What is left goes first to the names, up to their planned width, then to the figures.
    left = total - sum(column.width for column in fixed) - scale * sum(needed.values())
    name_width = min(first.width, left) if first.align != "R" else 0.0
    spare = (left - name_width) / len(figures)
    columns = [
        replace(column, width=needed[column.key] * scale + spare)
        if column.key in needed
        else replace(column, width=name_width)
        if column is first
        else column
        for column in listing.columns
    ]
    return replace(listing, columns=columns), size


def annex_pages(pdf: FPDF, annex: Annex) -> None:
    """Print an official form on landscape pages: its heading, its table, its closing block."""
    pdf.set_margins(ANNEX_LEFT, TOP, RIGHT)
    pdf.add_page(orientation="L")
    width = pdf.w - ANNEX_LEFT - RIGHT
    top = pdf.get_y()
    if annex.form_code:
        right_w = 90.0
        _centred(pdf, pdf.w - RIGHT - right_w, right_w, annex.form_code, style="B", size=11)
        if annex.legal_basis:
            _centred(pdf, pdf.w - RIGHT - right_w, right_w, annex.legal_basis, style="I", size=9)
    pdf.set_y(max(top, pdf.get_y()) + 2)
    listing = annex.table
    _centred(pdf, ANNEX_LEFT, width, listing.title, style="B", size=13)
    if listing.subtitle:
        _centred(pdf, ANNEX_LEFT, width, listing.subtitle, style="I", size=12)
    if annex.unit_of_measure:
        pdf.set_font(FONT, "I", 11)
        pdf.set_x(ANNEX_LEFT)
        pdf.cell(width, 6, nfc(annex.unit_of_measure), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    listing, size = fit_columns(pdf, listing, ANNEX_SIZE)
    table(pdf, listing, size=size, line_height=size * 0.48)
    if annex.signatures:
        _closing(pdf, annex, width)
    pdf.set_margins(LEFT, TOP, RIGHT)


def _closing(pdf: FPDF, annex: Annex, width: float) -> None:
    """Print the form's closing: the date over the last signer, the signers side by side."""
    if pdf.get_y() > pdf.h - BOTTOM - 45:
        pdf.add_page(orientation="L")
    share = width / len(annex.signatures)
    last_x = ANNEX_LEFT + share * (len(annex.signatures) - 1)
    top = pdf.get_y() + 2
    if annex.place_date:
        pdf.set_y(top)
        _centred(pdf, last_x, share, annex.place_date, style="I", size=12)
        top = pdf.get_y()
    captions = []
    for index, signature in enumerate(annex.signatures):
        pdf.set_y(top)
        for line in signature.lines:
            _centred(pdf, ANNEX_LEFT + share * index, share, line, style="B", size=12)
        captions.append(pdf.get_y())
    # The names on one line, under room for the signatures and the seal.
    names_y = max(captions) + 18
    for index, signature in enumerate(annex.signatures):
        pdf.set_y(names_y)
        _centred(pdf, ANNEX_LEFT + share * index, share, signature.name, style="B", size=12)


def document_pdf(document: OfficialDocument) -> bytes:
    """Return the PDF of the document: heading, title, body, signatures, attached list."""
    pdf = new_pdf(f"{document.kind} {document.number}".strip())
    pdf.add_page()
    pdf.set_y(TOP)
    _heading(pdf, document)
    width = pdf.w - LEFT - RIGHT
    _centred(pdf, LEFT, width, document.kind.upper(), style="B", size=14)
    if document.subject:
        _centred(pdf, LEFT, width, document.subject, style="B", size=14)
        pdf.set_font(FONT, "B", 14)
        _rule_under(pdf, LEFT, width, 40)
    pdf.ln(4)
    if document.authority:
        _centred(pdf, LEFT, width, document.authority.upper(), style="B", size=14)
        pdf.ln(3)
    for item in document.preamble:
        paragraph(pdf, item)
    if document.decides:
        pdf.ln(1)
        _centred(pdf, LEFT, width, document.decides, style="B", size=14)
        pdf.ln(3)
    for item in document.body:
        paragraph(pdf, item)
    listing = document.table
    if listing is not None and not document.table_attached:
        table(pdf, listing)
    signatures(pdf, document)
    if listing is not None and document.table_attached:
        pdf.add_page()
        _centred(pdf, LEFT, width, listing.title, style="B", size=14)
        if listing.subtitle:
            _centred(pdf, LEFT, width, listing.subtitle, style="I", size=13)
        pdf.ln(5)
        table(pdf, listing)
    for annex in document.annexes.values():
        annex_pages(pdf, annex)
    return bytes(pdf.output())
