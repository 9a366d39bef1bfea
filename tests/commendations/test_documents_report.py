"""The nominee's achievement report, prefilled with titles, initiatives and ratings."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from commendations.models import Nomination
from organizations.models import QualityRating
from organizations.roles import Role
from tests.commendations.factories import nomination_in
from tests.emulation.factories import InitiativeFactory, award
from tests.factories import make_persona, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(world, officer_danang):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2023], person=person)
    InitiativeFactory(person=person, year=2023, level="ministry", name="Số hóa hồ sơ thi hành án")
    rate(person, [2024], QualityRating.Grade.EXCELLENT)
    return nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.danang_department,
        created_by=officer_danang,
        person=person,
    )


def test_the_report_is_prefilled_with_titles_initiatives_and_ratings(
    client, officer_danang, nomination
):
    client.force_login(officer_danang)

    response = client.get(reverse("commendations:report", args=[nomination.pk, "docx"]))

    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert nomination.person.full_name in text + cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Sáng kiến: Số hóa hồ sơ thi hành án" in cells
    assert "Chiến sĩ thi đua cơ sở" in cells
    assert "Xếp loại:" in cells


def test_the_report_pdf_reads_back_in_vietnamese(client, officer_danang, nomination):
    client.force_login(officer_danang)

    response = client.get(reverse("commendations:report", args=[nomination.pk, "pdf"]))

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "Số hóa hồ sơ thi hành án" in text


def test_the_report_of_another_citys_nomination_is_not_found(client, world, nomination):
    stranger = make_persona("p.officer.hanoi", world.hanoi_agency, Role.EMULATION_OFFICER)
    client.force_login(stranger)

    response = client.get(reverse("commendations:report", args=[nomination.pk, "docx"]))

    assert response.status_code == 404
