"""The award decision as DOCX and PDF: Decree 30/2020 heading, number, date, list, scope."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from commendations import services
from commendations.models import Nomination
from organizations.roles import Role
from tests.commendations.factories import nomination_in
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def decision(world, officer_danang, leader):
    nominations = [
        nomination_in(
            Status.APPROVED,
            nominating_unit=world.danang_department,
            created_by=officer_danang,
            unit=unit,
        )
        for unit in (world.danang_department, world.danang_agency)
    ]
    return services.decision_record(
        user=leader,
        number="1234/QĐ-BTP",
        date=datetime.date(2025, 1, 5),
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="KT. Bộ trưởng\nThứ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=nominations,
    )


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_decision_downloads_as_docx_in_the_state_format(client, officer_danang, decision):
    client.force_login(officer_danang)

    response = client.get(reverse("commendations:decision_document", args=[decision.pk, "docx"]))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    text = _docx_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 1234/QĐ-BTP" in text
    assert "Hà Nội, ngày 05 tháng 01 năm 2025" in text
    assert "BỘ TƯ PHÁP" in text
    assert "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG" in text
    assert "Phan Đức Nghĩa" in text
    assert "Điều 1." in text


def test_the_attached_list_numbers_the_recipients_with_their_rewards_and_total(
    client, officer_danang, decision
):
    client.force_login(officer_danang)

    response = client.get(reverse("commendations:decision_document", args=[decision.pk, "docx"]))

    table = docx.Document(io.BytesIO(response.content)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    lines = list(decision.lines.order_by("pk"))
    assert rows[1][:2] == ["1", lines[0].recipient_name]
    assert rows[2][:2] == ["2", lines[1].recipient_name]
    assert rows[1][2] == "Sở Tư pháp thành phố Đà Nẵng"
    assert rows[-1][1] == "Tổng cộng"
    total = sum(line.amount for line in lines)
    assert rows[-1][-1] == f"{total:,}".replace(",", ".")


def test_the_decision_pdf_keeps_every_diacritic(client, officer_danang, decision):
    client.force_login(officer_danang)

    response = client.get(reverse("commendations:decision_document", args=[decision.pk, "pdf"]))

    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Hà Nội, ngày 05 tháng 01 năm 2025" in text
    assert "Số: 1234/QĐ-BTP" in text
    assert "Phan Đức Nghĩa" in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in text
    assert "Tổng cộng" in text


def test_a_user_of_another_city_cannot_download_the_decision(client, world, decision):
    stranger = make_persona("p.officer.hanoi", world.hanoi_agency, Role.EMULATION_OFFICER)
    client.force_login(stranger)

    for file_format in ("docx", "pdf"):
        url = reverse("commendations:decision_document", args=[decision.pk, file_format])
        assert client.get(url).status_code == 404


def test_an_unknown_format_is_not_found(client, officer_danang, decision):
    client.force_login(officer_danang)

    url = reverse("commendations:decision_document", args=[decision.pk, "exe"])

    assert client.get(url).status_code == 404


def test_the_decision_page_offers_both_downloads(client, officer_danang, decision):
    client.force_login(officer_danang)

    content = client.get(reverse("commendations:decision", args=[decision.pk])).content.decode()

    assert reverse("commendations:decision_document", args=[decision.pk, "docx"]) in content
    assert reverse("commendations:decision_document", args=[decision.pk, "pdf"]) in content
