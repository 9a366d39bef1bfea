"""The statistics report printed on A4 landscape, and downloaded as the official DOCX and PDF."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from pypdf import PdfReader

from enforcement.models import Status
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Person, Unit
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A4 landscape less the print style's 10 mm margins, in CSS pixels (96 per inch).
PRINTABLE_WIDTH = round((297 - 2 * 10) / 25.4 * 96)
PRINTABLE_HEIGHT = round((210 - 2 * 10) / 25.4 * 96)


@pytest.fixture
def national_money(settings) -> None:
    """Every city with cases worth tens of trillions of đồng: the widest figures there are."""
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True
    for number, unit in enumerate(Unit.objects.filter(code__in=["THADS-HN", "THADS-HCM"])):
        for status in (Status.IN_PROGRESS, Status.POSTPONED, Status.SUSPENDED):
            EnforcementCaseFactory(
                unit=unit,
                accepted_on=datetime.date(2023, 11, 2),
                amount_due=98_765_432_109_876 + number,
                status=status,
            )


def _table_overflows(page) -> list[dict]:
    return page.evaluate(
        """(width) => [...document.querySelectorAll('table')].map((table) => {
            const cells = [...table.querySelectorAll('th, td')];
            return {
                right: Math.max(...cells.map((cell) => cell.getBoundingClientRect().right)),
                tableRight: table.getBoundingClientRect().right,
                columns: table.querySelector('thead tr').children.length,
            };
        }).filter((box) => box.right > width || box.tableRight > width)""",
        PRINTABLE_WIDTH,
    )


def test_printed_report_keeps_every_column_of_both_tables_on_the_page(
    page, live_server, national_money, screenshot_dir
):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "leader.moj")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/enforcement/?year=2024")
    page.screenshot(path=str(screenshot_dir / "report-screen.png"), full_page=True)
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": PRINTABLE_HEIGHT})
    page.emulate_media(media="print")

    page.screenshot(path=str(screenshot_dir / "report-print-a4-landscape.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (screenshot_dir / "report-print-a4-landscape.pdf").write_bytes(pdf)

    tables = page.locator("table.statistics-table")
    assert tables.count() == 2
    assert _table_overflows(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH
    money_headers = tables.nth(1).locator("thead tr").first.locator("th")
    assert money_headers.count() == 1 + 16 + 4  # line 10a, reduced or exempted, in money
    assert "98.765.432.110" in tables.nth(1).inner_text()  # thousand đồng
    # One form a page, each page A4 landscape (842 × 595 points).
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    assert all(round(p.mediabox.width) == 842 and round(p.mediabox.height) == 595 for p in pages)
    assert "TÍNH BẰNG TIỀN" in pages[1].extract_text()


def _docx_text(path: str) -> str:
    document = docx.Document(path)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_report_downloads_as_the_official_docx_and_pdf(
    page, live_server, national_money, tmp_path
):
    head = Person.objects.filter(unit__code="THADS-HN", position="Cục trưởng").first()
    assert head is not None  # the demo gives every agency its head
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "leader.moj")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/enforcement/?year=2024&unit=THADS-HN")

    with page.expect_download() as docx_download:
        page.click("#report-docx")
    with page.expect_download() as pdf_download:
        page.click("#report-pdf")

    assert docx_download.value.suggested_filename.endswith(".docx")
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    docx_path, pdf_path = tmp_path / "report.docx", tmp_path / "report.pdf"
    docx_download.value.save_as(docx_path)
    pdf_download.value.save_as(pdf_path)
    text = _docx_text(str(docx_path))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
    assert "Kết quả thi hành án dân sự năm 2024" in text
    assert head.full_name in text
    assert "98.765.432.110" in text  # thousand đồng, as the page prints it
    pages = PdfReader(pdf_path).pages
    printed = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "BÁO CÁO" in printed and head.full_name in printed
    assert "từ ngày 01/10/2023 đến ngày 30/09/2024" in printed
    # The cover on A4 portrait (595 × 842 points), the forms on A4 landscape.
    assert round(pages[0].mediabox.width) == 595
    assert round(pages[1].mediabox.width) == 842
    assert "TÍNH BẰNG TIỀN" in printed
