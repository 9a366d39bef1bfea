"""Commendation types: merit over a period, a movement or theme, one-off.

Rules: a nomination says its type (merit unless told); only the results of merit
commendations count towards merit-based titles and awards; quotas are counted per type.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from commendations import selectors, services
from commendations.models import Nomination
from emulation.models import CommendationType, Level, TitleAward
from emulation.selectors import title_eligibility, title_quota
from tests.commendations.factories import award_form, nomination_in
from tests.emulation.factories import InitiativeFactory, TitleAwardFactory, award, title
from tests.factories import staff

pytestmark = pytest.mark.django_db
Status = Nomination.Status
Type = CommendationType


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reasons(**kwargs) -> list[str]:
    with translation.override("en"):
        return selectors.proposal_eligibility(**kwargs).reasons


def test_a_nomination_is_for_merit_unless_told(world, officer_danang):
    nomination = services.nomination_create(
        user=officer_danang,
        year=2024,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        award_form=award_form(),
        achievements="Hoàn thành xuất sắc nhiệm vụ năm 2024.",
    )

    assert nomination.commendation_type == Type.MERIT


def test_officer_drafts_a_thematic_nomination_on_the_page(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("commendations:nomination_create"),
        {
            "year": 2024,
            "nominating_unit": world.danang_department.pk,
            "unit": world.danang_department.pk,
            "award_form": award_form().pk,
            "commendation_type": Type.THEMATIC,
            "achievements": "Dẫn đầu phong trào thi đua chuyên đề về thi hành án năm 2024.",
        },
    )

    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.commendation_type == Type.THEMATIC
    page = _client(officer_danang).get(nomination.get_absolute_url()).content.decode()
    label = capfirst(nomination.get_commendation_type_display())
    assert f'<span class="commendations-type">{label}</span>' in page


def test_an_unknown_commendation_type_is_refused_and_nothing_written(world, officer_danang):
    with pytest.raises(ValidationError) as refused:
        services.nomination_create(
            user=officer_danang,
            year=2024,
            nominating_unit=world.danang_department,
            unit=world.danang_department,
            award_form=award_form(),
            achievements="Thành tích.",
            commendation_type="forever",
        )

    assert "commendation_type" in refused.value.message_dict
    assert not Nomination.objects.exists()


def test_an_unknown_commendation_type_is_refused_on_the_page(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("commendations:nomination_create"),
        {
            "year": 2024,
            "nominating_unit": world.danang_department.pk,
            "unit": world.danang_department.pk,
            "award_form": award_form().pk,
            "commendation_type": "forever",
            "achievements": "Thành tích.",
        },
    )

    assert response.status_code == 200
    assert "commendation_type" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_a_thematic_nomination_does_not_block_the_years_merit_one(world, officer_danang):
    for kind in (Type.THEMATIC, Type.MERIT):
        services.nomination_create(
            user=officer_danang,
            year=2024,
            nominating_unit=world.danang_department,
            unit=world.danang_department,
            award_form=award_form(),
            achievements="Thành tích.",
            commendation_type=kind,
        )

    assert Nomination.objects.count() == 2


def test_a_thematic_title_does_not_count_for_the_ministers_certificate(world):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2023], person=person)
    TitleAwardFactory(
        title=title("grassroots_emulation_fighter"),
        year=2024,
        person=person,
        commendation_type=Type.THEMATIC,
    )

    reasons = _reasons(year=2024, person=person, award_form=award_form())

    assert any("missing for 2024" in reason for reason in reasons)


def test_merit_titles_in_a_row_make_the_ministers_certificate(world):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2023, 2024], person=person)

    assert _reasons(year=2024, person=person, award_form=award_form()) == []


def test_a_one_off_title_does_not_count_for_a_ministry_emulation_fighter(world):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2022, 2024], person=person)
    TitleAwardFactory(
        title=title("grassroots_emulation_fighter"),
        year=2023,
        person=person,
        commendation_type=Type.ONE_OFF,
    )
    InitiativeFactory(person=person, year=2023, level=Level.MINISTRY)

    with translation.override("en"):
        answer = next(
            answer
            for answer in title_eligibility(year=2024, person=person)
            if answer.title.code == "ministry_emulation_fighter"
        )

    assert any("missing for 2023" in reason for reason in answer.reasons)


def test_a_decided_thematic_nomination_gives_a_thematic_title(world, officer_danang, leader):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2023, level=Level.MINISTRY)
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        person=person,
        proposal=title("ministry_emulation_fighter"),
        created_by=officer_danang,
    )
    nomination.commendation_type = Type.THEMATIC
    nomination.save()

    services.decision_record(
        user=leader,
        number="12/QĐ-BTP",
        date=datetime.date(2025, 1, 15),
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=[nomination],
    )

    held = TitleAward.objects.get(person=person, title__code="ministry_emulation_fighter")
    assert held.commendation_type == Type.THEMATIC


@pytest.fixture
def capped(world):
    """Ten advanced workers: the grassroots fighters' quota (15 %) allows one per type."""
    people = staff(world.danang_department, 10)
    for member in people:
        award("advanced_worker", [2024], person=member)
    for member in people[:3]:
        InitiativeFactory(person=member, year=2024)
    return people


def test_the_quota_counts_the_awards_of_the_same_type(world, capped):
    award("grassroots_emulation_fighter", [2024], person=capped[0])
    fighter = title("grassroots_emulation_fighter")

    merit = title_quota(title=fighter, year=2024, person=capped[1])
    thematic = title_quota(
        title=fighter, year=2024, person=capped[1], commendation_type=Type.THEMATIC
    )

    assert (merit.allowed, merit.used, merit.is_full) == (1, 1, True)
    assert (thematic.allowed, thematic.used, thematic.is_full) == (1, 0, False)


def test_a_thematic_title_does_not_use_the_merit_quota(world, capped):
    TitleAwardFactory(
        title=title("grassroots_emulation_fighter"),
        year=2024,
        person=capped[0],
        commendation_type=Type.THEMATIC,
    )

    quota = title_quota(title=title("grassroots_emulation_fighter"), year=2024, person=capped[1])

    assert quota.used == 0


def test_nominations_on_their_way_use_the_quota_of_their_own_type(world, capped, officer_danang):
    fighter = title("grassroots_emulation_fighter")
    nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        person=capped[0],
        proposal=fighter,
        created_by=officer_danang,
    )
    merit = nomination_in(
        Status.DRAFT,
        nominating_unit=world.danang_department,
        person=capped[1],
        proposal=fighter,
        created_by=officer_danang,
    )
    thematic = nomination_in(
        Status.DRAFT,
        nominating_unit=world.danang_department,
        person=capped[2],
        proposal=fighter,
        created_by=officer_danang,
    )
    thematic.commendation_type = Type.THEMATIC
    thematic.save()

    with translation.override("en"):
        merit_answer = selectors.nomination_eligibility(nomination=merit)
        thematic_answer = selectors.nomination_eligibility(nomination=thematic)

    assert any("quota" in reason for reason in merit_answer.reasons)
    assert thematic_answer.is_eligible
    assert thematic_answer.quota_pending == 0


def test_administrator_records_a_thematic_title_by_hand(world, administrator):
    person = world.danang_department_person

    response = _client(administrator).post(
        reverse("admin:emulation_titleaward_add"),
        {
            "title": title("advanced_worker").pk,
            "year": "2024",
            "person": person.pk,
            "unit": "",
            "decision_number": "15/QĐ-STP",
            "decision_date": "20/12/2024",
            "decided_by": "Giám đốc Sở",
            "commendation_type": Type.THEMATIC,
            "notes": "",
            "reason": "Khen thưởng chuyên đề bị sót khi nhập tệp",
        },
    )

    assert response.status_code == 302
    assert TitleAward.objects.get(person=person).commendation_type == Type.THEMATIC
