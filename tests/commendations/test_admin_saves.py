"""The admin's add forms of council sessions, nominations and decisions save through the services.

Each form is posted as the browser sends it, with the management forms of its inlines; a
refusal of the service while saving comes back on the form, never as a server error.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from commendations.models import CouncilSession, Decision, Nomination
from emulation.models import TitleAward
from tests.commendations.factories import award_form, nomination_in
from tests.emulation.factories import InitiativeFactory, award, title

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _inlines(*prefixes: str) -> dict[str, str]:
    """Return the management forms of empty inlines, as the admin's page sends them."""
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def _session_form(council, **changes) -> dict[str, object]:
    return {
        "council": council.pk,
        "title": "Phiên họp thứ ba năm 2025",
        "held_on": "20/03/2025",
        "place": "Hà Nội",
        **_inlines("votes"),
        **changes,
    }


def _nomination_form(world, **changes) -> dict[str, object]:
    return {
        "year": "2024",
        "nominating_unit": world.danang_department.pk,
        "person": "",
        "unit": world.danang_department.pk,
        "proposed_title": "",
        "award_form": award_form().pk,
        "achievements": "Dẫn đầu cụm thi đua năm 2024.",
        **_inlines("files", "events", "forwardings", "public_comments"),
        **changes,
    }


def _decision_form(world, nominations, **changes) -> dict[str, object]:
    return {
        "number": "77/QĐ-BTP",
        "date": "15/01/2025",
        "issuing_unit": world.ministry.pk,
        "authority": "Bộ trưởng Bộ Tư pháp",
        "signer_title": "Bộ trưởng",
        "signer_name": "Phan Đức Nghĩa",
        "place": "Hà Nội",
        "nominations": [nomination.pk for nomination in nominations],
        "confirmed": "on",
        **_inlines("certificates"),
        **changes,
    }


def _form_errors(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def test_reviewer_opens_a_council_session_in_the_admin(council, reviewer):
    response = _client(reviewer).post(
        reverse("admin:commendations_councilsession_add"), _session_form(council)
    )

    assert response.status_code == 302
    session = CouncilSession.objects.get()
    assert (session.title, session.held_on) == (
        "Phiên họp thứ ba năm 2025",
        datetime.date(2025, 3, 20),
    )
    assert session.is_open


def test_a_session_of_a_council_out_of_office_is_refused_on_the_admin_form(council, reviewer):
    council.is_active = False
    council.save()

    response = _client(reviewer).post(
        reverse("admin:commendations_councilsession_add"), _session_form(council)
    )

    assert response.status_code == 200
    assert "không còn" in _form_errors(response)
    assert not CouncilSession.objects.exists()


def test_administrator_records_presence_in_the_admin_before_voting(council, session, administrator):
    first = council.members.order_by("order").first()
    url = reverse("admin:commendations_councilsession_change", args=[session.pk])

    response = _client(administrator).post(url, {"present": [first.pk], **_inlines("votes")})

    assert response.status_code == 302
    assert list(session.present.all()) == [first]


def test_presence_is_read_only_in_the_admin_once_voting_began(
    council, session, before_council, administrator, council_member
):
    from commendations import services

    services.vote_cast(
        user=council_member, session=session, nomination=before_council, choice="yes"
    )
    first = council.members.order_by("order").first()
    url = reverse("admin:commendations_councilsession_change", args=[session.pk])
    client = _client(administrator)

    assert "present" not in client.get(url).context["adminform"].form.fields
    client.post(url, {"present": [first.pk], **_inlines("votes")})
    assert session.present.count() == 3


def test_officer_drafts_a_nomination_in_the_admin(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("admin:commendations_nomination_add"), _nomination_form(world)
    )

    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.status == Status.DRAFT
    assert nomination.created_by == officer_danang
    assert nomination.events.get().to_status == Status.DRAFT


def test_a_refusal_of_the_nomination_service_while_saving_is_a_form_error(
    world, officer_danang, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError({"achievements": "Thành tích đã bị người khác sửa."})

    monkeypatch.setattr("commendations.services.nomination_create", refuse)

    response = _client(officer_danang).post(
        reverse("admin:commendations_nomination_add"), _nomination_form(world)
    )

    assert response.status_code == 200
    assert "Thành tích đã bị người khác sửa." in _form_errors(response)
    assert not Nomination.objects.exists()


def test_leader_records_a_decision_in_the_admin_and_its_title_enters_the_history(
    world, officer_danang, leader
):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2023, level="ministry")
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        person=person,
        proposal=title("ministry_emulation_fighter"),
        created_by=officer_danang,
    )

    response = _client(leader).post(
        reverse("admin:commendations_decision_add"), _decision_form(world, [nomination])
    )

    assert response.status_code == 302
    decision = Decision.objects.get(number="77/QĐ-BTP")
    nomination.refresh_from_db()
    assert nomination.status == Status.DECIDED and nomination.decision == decision
    held = TitleAward.objects.get(person=person, title__code="ministry_emulation_fighter")
    assert held.decision_number == "77/QĐ-BTP"
    assert not leader.has_perm("emulation.add_titleaward")


def test_a_refusal_of_the_decision_service_while_saving_is_a_form_error(
    world, officer_danang, leader, monkeypatch
):
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )

    def refuse(**kwargs):
        raise PermissionDenied("Đề nghị này vừa được người khác quyết định.")

    monkeypatch.setattr("commendations.services.decision_record", refuse)

    response = _client(leader).post(
        reverse("admin:commendations_decision_add"), _decision_form(world, [nomination])
    )

    assert response.status_code == 200
    assert "vừa được người khác quyết định" in _form_errors(response)
    assert not Decision.objects.exists()


def test_an_admin_decision_without_the_confirmation_records_nothing(world, officer_danang, leader):
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    data = _decision_form(world, [nomination])
    del data["confirmed"]

    response = _client(leader).post(reverse("admin:commendations_decision_add"), data)

    assert response.status_code == 200
    assert "không thể hoàn tác" in _form_errors(response).lower() or _form_errors(response)
    assert not Decision.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED
