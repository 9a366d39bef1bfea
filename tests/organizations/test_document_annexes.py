"""Official forms attached to a document print on landscape pages, no figure broken in two."""

from __future__ import annotations

import datetime
import io

from pypdf import PdfReader

from organizations.documents import printing
from organizations.documents.content import (
    Annex,
    Column,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
)

HUGE = "395.061.728.440"


def _form(value: str) -> Table:
    """Return a money form whose every other line holds the value (the others nothing)."""
    columns = [
        Column("unit", "Đơn vị", 38),
        *[Column(f"l{index}", f"Dòng số {index}", 11, "R") for index in range(1, 17)],
        Column("met", "Đạt chỉ tiêu", 13, "C"),
    ]
    row = {"unit": "Thi hành án dân sự thành phố Hà Nội", "met": "đạt"}
    row.update({f"l{index}": value if index % 2 else "0" for index in range(1, 17)})
    return Table(columns=columns, rows=[row], total={**row, "unit": "Tổng số"}, title="BIỂU")


def test_figure_columns_widen_to_their_widest_figure_within_the_page():
    pdf = printing.new_pdf("thử")
    listing = _form(HUGE)

    fitted, size = printing.fit_columns(pdf, listing, printing.ANNEX_SIZE)

    assert round(sum(c.width for c in fitted.columns), 6) == sum(c.width for c in listing.columns)
    pdf.set_font(printing.FONT, "B", size)
    for column in fitted.columns[1:-1:2]:
        assert column.width >= pdf.get_string_width(HUGE) + 2 * pdf.c_margin
    assert fitted.columns[0].width >= printing.NAME_MIN
    assert size >= printing.SMALLEST


def test_small_figures_keep_the_planned_widths_and_size():
    pdf = printing.new_pdf("thử")
    listing = _form("12")

    fitted, size = printing.fit_columns(pdf, listing, printing.ANNEX_SIZE)

    assert size == printing.ANNEX_SIZE
    assert fitted.columns[0].width == 38


def test_a_document_prints_its_forms_after_it_on_landscape_pages():
    document = OfficialDocument(
        parent_agency="Bộ Tư pháp",
        agency="Thi hành án dân sự thành phố Hà Nội",
        number="……/BC-THADS",
        place="Hà Nội",
        date=datetime.date(2025, 1, 5),
        kind="Báo cáo",
        subject="Kết quả thi hành án dân sự năm 2024",
        body=[Paragraph.plain("Nội dung.")],
        signatures=[Signature(title="Cục trưởng", name="Lê Văn Thủ")],
        annexes={
            "cases": Annex(
                table=_form(HUGE),
                form_code="Biểu số: 01/TK-THA",
                unit_of_measure="Đơn vị tính: việc",
                place_date="Hà Nội, ngày 05 tháng 01 năm 2025",
                signatures=[
                    Signature(title="Người lập biểu", name="Trần Thị Lập"),
                    Signature(authority="Thủ trưởng đơn vị", title="Cục trưởng", name="Lê Văn Thủ"),
                ],
            )
        },
    )

    pages = PdfReader(io.BytesIO(printing.document_pdf(document))).pages

    assert [round(page.mediabox.width) for page in pages] == [595, 842]
    text = pages[1].extract_text()
    assert HUGE in text and "Biểu số: 01/TK-THA" in text and "Trần Thị Lập" in text
