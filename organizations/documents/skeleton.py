"""The shipped DOCX templates, built with python-docx in the Decree 30/2020 layout.

``manage.py build_document_templates`` writes them; the files are committed as the defaults
an administrator may replace. Every placeholder they hold is one of ``content.context()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from organizations.documents.content import BODY_SIZE, FONT_NAME, AnnexLayout, Column

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
ALIGNMENTS = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": CENTER, "R": RIGHT}


def _line(
    container: object,
    text: str,
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = CENTER,
    indent: bool = False,
    after: float = 0,
) -> None:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic


def _tag(container: object, tag: str) -> None:
    """Add a paragraph holding only a docxtpl block tag ({%p … %})."""
    container.add_paragraph(tag)


def _first_cell(cell: _Cell) -> _Cell:
    # A new cell holds one empty paragraph: drop it so the cell starts with ours.
    paragraph = cell.paragraphs[0]._element
    paragraph.getparent().remove(paragraph)
    return cell


def _loop(container: object, items: str, *, italic: bool = False) -> None:
    _tag(container, "{%p for p in " + items + " %}")
    paragraph = container.add_paragraph()
    paragraph.alignment = JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    paragraph.paragraph_format.space_after = Pt(4)
    run = paragraph.add_run("{{r p.rich }}")
    run.italic = italic
    _tag(container, "{%p endfor %}")


def _heading(document: Document) -> None:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = (_first_cell(cell) for cell in table.rows[0].cells)
    left.width, right.width = Mm(72), Mm(93)
    _tag(left, "{%p if parent_agency %}")
    _line(left, "{{ parent_agency }}", size=12.5)
    _tag(left, "{%p endif %}")
    _line(left, "{{ agency }}", size=12.5, bold=True)
    _line(left, "__________", size=8, after=4)
    _line(left, "Số: {{ number }}", size=13)
    _line(right, "{{ national_name }}", size=12.5, bold=True)
    _line(right, "{{ motto }}", size=13.5, bold=True)
    _line(right, "______________________", size=8, after=4)
    _line(right, "{{ place_date }}", size=13.5, italic=True)


def _table(
    document: Document,
    columns: Sequence[Column],
    *,
    prefix: str = "",
    numbers: Mapping[str, str] | None = None,
    size: float = 12,
) -> None:
    """Add a table whose rows repeat per list row; ``prefix`` reads an annex's rows and total."""
    heads = 2 if numbers else 1
    table = document.add_table(rows=heads + 6, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    opening, values, closing, total_if, total, total_end = table.rows[heads:]
    for index, column in enumerate(columns):
        for row in table.rows:
            row.cells[index].width = Mm(column.width)
        _line(_first_cell(header.cells[index]), column.header, size=size, bold=True)
        if numbers:
            number = numbers.get(column.key, "")
            _line(_first_cell(table.rows[1].cells[index]), number, size=size, italic=True)
        value_align = ALIGNMENTS.get(column.align, CENTER)
        _line(
            _first_cell(values.cells[index]),
            "{{ row." + column.key + " }}",
            size=size,
            align=value_align,
        )
        _line(
            _first_cell(total.cells[index]),
            "{{ " + prefix + "total." + column.key + " }}",
            size=size,
            bold=True,
            align=value_align,
        )
    for row in table.rows[:heads]:
        # The headers repeat at the top of every page the table runs over.
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    # docxtpl repeats the rows between {%tr for %} and {%tr endfor %} once per list row.
    opening.cells[0].text = "{%tr for row in " + prefix + "rows %}"
    closing.cells[0].text = "{%tr endfor %}"
    total_if.cells[0].text = "{%tr if " + prefix + "total %}"
    total_end.cells[0].text = "{%tr endif %}"


def _annex(document: Document, layout: AnnexLayout, *, first: bool) -> None:
    """Add an official form: its code, title, period, unit of measure, table and closing."""
    key = layout.key
    if layout.optional:
        _tag(document, "{%p if " + key + " %}")
    if not first:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _line(document, "{{ " + key + ".form_code }}", size=11, bold=True, align=RIGHT)
    _line(document, "{{ " + key + ".legal_basis }}", size=9, italic=True, align=RIGHT)
    _line(document, "{{ " + key + ".title }}", size=13, bold=True)
    _line(document, "{{ " + key + ".subtitle }}", size=12, italic=True)
    _line(document, "{{ " + key + ".unit_of_measure }}", size=11, italic=True, align=RIGHT)
    _table(document, layout.columns, prefix=key + ".", numbers=layout.numbers, size=8)
    if layout.closing:
        _line(document, "", size=8)
        closing = document.add_table(rows=1, cols=2)
        left, right = (_first_cell(cell) for cell in closing.rows[0].cells)
        _line(left, "", size=12)
        _line(right, "{{ " + key + ".place_date }}", size=12, italic=True)
        for cell, index in ((left, 0), (right, 1)):
            signature = f"{key}.signatures[{index}]"
            _tag(cell, "{%p for line in " + signature + ".lines %}")
            _line(cell, "{{ line }}", size=12, bold=True)
            _tag(cell, "{%p endfor %}")
            for _blank in range(3):
                _line(cell, "", size=12)
            _line(cell, "{{ " + signature + ".name }}", size=12, bold=True)
    if layout.optional:
        _tag(document, "{%p endif %}")


def _landscape_section(document: Document) -> None:
    """Start a landscape section for the annexes: a form's table is wider than a portrait page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)


def build_template(
    *,
    columns: Sequence[Column] = (),
    table_attached: bool = True,
    two_signatures: bool = False,
    annexes: Sequence[AnnexLayout] = (),
) -> Document:
    """Return the default template of a document kind."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(BODY_SIZE)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
    normal.paragraph_format.space_after = Pt(0)

    _heading(document)
    _line(document, "", size=8)
    _line(document, "{{ kind }}", size=14, bold=True)
    _tag(document, "{%p if subject %}")
    _line(document, "{{ subject }}", size=14, bold=True)
    _line(document, "______________", size=8, after=6)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if authority %}")
    _line(document, "{{ authority }}", size=14, bold=True, after=6)
    _tag(document, "{%p endif %}")
    _loop(document, "preamble", italic=True)
    _tag(document, "{%p if decides %}")
    _line(document, "{{ decides }}", size=14, bold=True, after=6)
    _tag(document, "{%p endif %}")
    _loop(document, "body")
    if columns and not table_attached:
        _table(document, columns)

    _line(document, "", size=8)
    signatures = document.add_table(rows=1, cols=2)
    left, right = (_first_cell(cell) for cell in signatures.rows[0].cells)
    if two_signatures:
        _tag(left, "{%p for line in signatures[0].lines %}")
        _line(left, "{{ line }}", size=13.5, bold=True)
        _tag(left, "{%p endfor %}")
        for _blank in range(4):
            _line(left, "")
        _line(left, "{{ signatures[0].name }}", size=13.5, bold=True)
    else:
        _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=None)
        _tag(left, "{%p for r in recipients %}")
        _line(left, "- {{ r }}", size=11, align=None)
        _tag(left, "{%p endfor %}")
    _tag(right, "{%p for line in signer.lines %}")
    _line(right, "{{ line }}", size=13.5, bold=True)
    _tag(right, "{%p endfor %}")
    for _blank in range(4):
        _line(right, "")
    _line(right, "{{ signer.name }}", size=13.5, bold=True)

    if columns and table_attached:
        paragraph = document.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        _line(document, "{{ table_title }}", size=14, bold=True)
        _line(document, "{{ table_subtitle }}", size=13, italic=True, after=8)
        _table(document, columns)
    if annexes:
        _landscape_section(document)
        for index, layout in enumerate(annexes):
            _annex(document, layout, first=index == 0)
    return document
