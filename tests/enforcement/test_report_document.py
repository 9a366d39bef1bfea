"""The statistics report as DOCX and PDF: a cover report in the state format and the forms.

The figures are the selector's (``unit_statistics_table``) as the page prints them; the
agency is named as it was called at the period's end; a clerk gets only their own units.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commendations.models import TemplateKind
from enforcement import services
from enforcement.report import printed_rows
from enforcement.selectors import Period, unit_statistics_table
from organizations.formatting import format_money
from organizations.models import Unit
from organizations.services import unit_rename
from tests.enforcement.factories import EnforcementCaseFactory, TargetFactory
from tests.factories import PersonFactory, ensure_reference_data

pytestmark = pytest.mark.django_db

URL = "/reports/enforcement/"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AGENCY = "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI"


@pytest.fixture(autouse=True)
def _forms(db) -> None:
    # The forms come with a data migration; a transactional test elsewhere may have flushed them.
    ensure_reference_data()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hanoi_head(world):
    return PersonFactory(unit=world.hanoi_agency, full_name="Lê Văn Thủ", position="Cục trưởng")


@pytest.fixture
def cases_2024(world, administrator):
    """Hà Nội: 5 cases of 2.500.000 đồng, 3 completed; Đà Nẵng: 2 cases, 1 completed."""
    hanoi = [
        EnforcementCaseFactory(
            unit=world.hanoi_office, amount_due=2_500_000, accepted_on=datetime.date(2024, 3, 1)
        )
        for _ in range(5)
    ]
    danang = [EnforcementCaseFactory(unit=world.danang_agency) for _ in range(2)]
    for case in [*hanoi[:3], danang[0]]:
        services.case_complete(user=administrator, case=case, on=datetime.date(2024, 4, 1))
    TargetFactory(unit=world.hanoi_agency, case_ratio=Decimal("70.00"))


def _docx_text(content: bytes) -> tuple[str, list]:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(parts), document.tables


def _pdf_text(content: bytes) -> str:
    """Return the PDF's words joined by single spaces: a heading may wrap over two lines."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _total_lines(world, *, money: bool):
    table, _rows = unit_statistics_table(unit=world.hanoi_agency, period=Period(year=2024))
    return printed_rows(table, money=money)[-1][1]


def _row_of(tables, first_cell: str, header: str) -> list[str]:
    """Return the cells of the row led by ``first_cell`` in the first table headed ``header``."""
    for table in tables:
        if header in [cell.text for cell in table.rows[0].cells]:
            for row in table.rows:
                if row.cells[0].text == first_cell:
                    return [cell.text for cell in row.cells]
    raise AssertionError(f"no row {first_cell!r} under {header!r}")


def test_docx_has_the_cover_report_and_the_forms_with_the_selectors_figures(
    world, clerk_hanoi, hanoi_head, cases_2024
):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert "bao-cao-thi-hanh-an-dan-su-2024-12-thang" in response["Content-Disposition"]
    text, tables = _docx_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BỘ TƯ PHÁP" in text and AGENCY in text
    assert "Số: ……/BC-THADS" in text
    assert "BÁO CÁO" in text
    assert "Kết quả thi hành án dân sự năm 2024" in text
    assert "năm 2024 (từ ngày 01/10/2023 đến ngày 30/09/2024) như sau:" in text
    assert "Hà Nội, ngày" in text
    assert "Nơi nhận:" in text and "Bộ Tư pháp (để báo cáo);" in text
    assert "CỤC TRƯỞNG" in text and "Lê Văn Thủ" in text
    assert "01/TK-THA" in text and "02/TK-THA" in text
    cases = _total_lines(world, money=False)
    money = _total_lines(world, money=True)
    assert (cases.total, cases.resolved, money.total) == (5, 3, 12_500)
    # The total rows of both forms: lines 3 (total), 8 (eligible), 11 (resolved), 13.
    case_total = _row_of(tables, "Tổng số", "Thụ lý mới")
    assert case_total[3] == format_money(cases.total)
    assert case_total[8] == format_money(cases.eligible)
    assert case_total[11] == format_money(cases.resolved)
    assert case_total[15] == format_money(cases.carried_to_next)
    assert case_total[16] == "60,00"  # 3 of 5
    assert case_total[17] == "70,00"
    money_total = _row_of(tables, "Tổng số", "Giảm, miễn thi hành án")
    assert money_total[3] == "12.500"  # thousand đồng
    assert money_total[12] == format_money(money.resolved)
    assert f"đã giải quyết xong {cases.resolved} việc, đạt tỷ lệ 60,00% (chỉ tiêu 70,00%)" in text


def test_the_agencys_own_row_says_it_counts_its_own_cases(world, clerk_hanoi, hanoi_head):
    EnforcementCaseFactory(unit=world.hanoi_agency, accepted_on=datetime.date(2024, 3, 1))
    EnforcementCaseFactory(unit=world.hanoi_office, accepted_on=datetime.date(2024, 3, 1))

    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "docx"})

    # The catalogue's words for "own cases", as the page shows them.
    own = f"{world.hanoi_agency.name} (việc do đơn vị trực tiếp thi hành)"
    assert _row_of(_docx_text(response.content)[1], own, "Thụ lý mới")[3] == "1"


def test_pdf_prints_the_same_report(world, clerk_hanoi, hanoi_head, cases_2024):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert AGENCY in text and "BÁO CÁO" in text
    assert "từ ngày 01/10/2023 đến ngày 30/09/2024" in text
    assert "Lê Văn Thủ" in text
    assert "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC" in text
    assert "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG TIỀN" in text
    assert "12.500" in text and "60,00" in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 3


def test_the_agency_is_named_as_it_was_called_in_the_period(
    world, clerk_hanoi, administrator, hanoi_head, cases_2024
):
    unit = world.hanoi_agency
    Unit.objects.filter(pk=unit.pk).update(
        name="Cục Thi hành án dân sự thành phố Hà Nội", valid_from=datetime.date(2020, 1, 1)
    )
    unit.refresh_from_db()
    unit_rename(
        unit=unit,
        on=datetime.date(2025, 7, 1),
        name="Thi hành án dân sự thành phố Hà Nội",
        kind=unit.kind,
        parent=unit.parent,
        user=administrator,
    )

    old = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "docx"})
    new = _client(clerk_hanoi).get(URL, {"year": 2025, "unit": "THADS-HN", "format": "docx"})

    assert "CỤC THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI" in _docx_text(old.content)[0]
    new_text = _docx_text(new.content)[0]
    assert AGENCY in new_text and "CỤC THI HÀNH ÁN" not in new_text


def test_a_breakdown_adds_its_two_tables(world, clerk_hanoi, hanoi_head, cases_2024):
    plain = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "docx"})
    broken = _client(clerk_hanoi).get(
        URL, {"year": 2024, "unit": "THADS-HN", "breakdown": "initiation", "format": "docx"}
    )

    assert len(_docx_text(broken.content)[1]) == len(_docx_text(plain.content)[1]) + 2


def test_a_report_without_a_head_to_sign_says_so_instead_of_failing(world, clerk_hanoi, cases_2024):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "pdf"})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2024&unit=THADS-HN"
    message = " ".join(str(item) for item in get_messages(response.wsgi_request))
    assert "Cục trưởng" in message


def test_a_clerk_of_another_city_cannot_get_its_report(world, clerk_danang, hanoi_head, cases_2024):
    client = _client(clerk_danang)
    PersonFactory(unit=world.danang_agency, full_name="Trần Văn Đà", position="Cục trưởng")

    for file_format in ("docx", "pdf"):
        asked = client.get(URL, {"year": 2024, "unit": "THADS-HN", "format": file_format})
        assert asked.status_code == 404
        child = client.get(URL, {"year": 2024, "unit": "THADS-HN-KV1", "format": file_format})
        assert child.status_code == 404
    own = client.get(URL, {"year": 2024, "format": "docx"})
    text = _docx_text(own.content)[0]
    assert own.status_code == 200
    assert "ĐÀ NẴNG" in text and "Trần Văn Đà" in text
    assert "Hà Nội" not in text and "Lê Văn Thủ" not in text


def test_the_report_page_links_both_documents(world, clerk_hanoi, cases_2024):
    page = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN"}).content.decode()

    assert "format=docx" in page and "format=pdf" in page


def test_an_uploaded_report_template_replaces_the_default(
    world, clerk_hanoi, administrator, hanoi_head, cases_2024, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    template = docx.Document()
    template.add_paragraph("Mẫu riêng: {{ agency }} — {{ period }}")
    template.add_paragraph("{% for row in cases.rows %}{{ row.unit }}: {{ row.l11 }}; {% endfor %}")
    template.add_paragraph("Tổng: {{ cases.total.l3 }}")
    output = io.BytesIO()
    template.save(output)
    admin = _client(administrator)
    uploaded = admin.post(
        reverse("admin:commendations_documenttemplate_add"),
        {
            "kind": TemplateKind.STATISTICS,
            "file": SimpleUploadedFile("mau.docx", output.getvalue()),
        },
    )
    wrong = admin.post(
        reverse("admin:commendations_documenttemplate_add"),
        {"kind": TemplateKind.STATISTICS, "file": SimpleUploadedFile("sai.docx", b"not a docx")},
    )

    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "docx"})

    assert uploaded.status_code == 302
    assert wrong.status_code == 200  # the form again, with its message
    text = _docx_text(response.content)[0]
    assert f"Mẫu riêng: {AGENCY} — năm 2024" in text
    assert "Phòng THADS khu vực 1 – Hà Nội: 3;" in text
    assert "Tổng: 5" in text


def test_the_ministry_issues_the_national_report_under_its_own_sign(world, leader, cases_2024):
    PersonFactory(unit=world.ministry, full_name="Nguyễn Văn Trưởng", position="Bộ trưởng")

    response = _client(leader).get(URL, {"year": 2024, "format": "pdf"})

    text = _pdf_text(response.content)
    assert response.status_code == 200
    assert "Số: ……/BC-BTP" in text and "BỘ TƯ PHÁP" in text
    assert "Nguyễn Văn Trưởng" in text
    assert "Thi hành án dân sự thành phố Hà Nội" in text and "Đà Nẵng" in text
