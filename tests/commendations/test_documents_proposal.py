"""A unit's proposal (Tờ trình) with its list, from the nominations it put forward."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from commendations.models import Nomination
from organizations.roles import Role
from tests.commendations.factories import nomination_in
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def put_forward(world, officer_danang):
    return [
        nomination_in(
            status,
            nominating_unit=world.danang_department,
            created_by=officer_danang,
            unit=unit,
        )
        for status, unit in (
            (Status.SUBMITTED, world.danang_department),
            (Status.DRAFT, world.danang_agency),
        )
    ]


def _url(world, file_format):
    return reverse("commendations:proposal", args=[world.danang_department.pk, 2024, file_format])


def test_the_proposal_lists_what_the_unit_put_forward_and_not_its_drafts(
    client, world, officer_danang, put_forward
):
    client.force_login(officer_danang)

    response = client.get(_url(world, "docx"))

    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    heading = "\n".join(c.text for r in document.tables[0].rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading
    assert "SỞ TƯ PHÁP THÀNH PHỐ ĐÀ NẴNG" in heading
    assert "TỜ TRÌNH" in text
    assert "Về việc đề nghị khen thưởng năm 2024" in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert rows[1][:2] == ["1", str(put_forward[0].nominee)]
    assert len(rows) == 2


def test_the_proposal_pdf_keeps_its_diacritics(client, world, officer_danang, put_forward):
    client.force_login(officer_danang)

    response = client.get(_url(world, "pdf"))

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "TỜ TRÌNH" in text
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text


def test_the_proposal_of_another_citys_unit_is_not_found(client, world, put_forward):
    stranger = make_persona("p.officer.hanoi", world.hanoi_agency, Role.EMULATION_OFFICER)
    client.force_login(stranger)

    assert client.get(_url(world, "docx")).status_code == 404


def test_a_year_without_nominations_answers_a_message(client, world, officer_danang):
    client.force_login(officer_danang)

    response = client.get(_url(world, "docx"), follow=True)

    assert response.redirect_chain
    assert len(list(response.context["messages"])) == 1
