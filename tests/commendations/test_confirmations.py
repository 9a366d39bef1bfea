"""Irreversible steps ask first: a request without the confirmation writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commendations.models import CouncilSession, Decision, Nomination, NominationEvent, Vote
from tests.commendations.factories import attach_documents, nomination_in, pdf_upload

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _action(nomination: Nomination) -> str:
    return reverse("commendations:nomination_action", args=[nomination.pk])


def _asks(response, *fields: tuple[str, str]) -> str:
    """Assert that the answer is the confirmation page repeating the fields; return it."""
    assert response.status_code == 200
    assert response.templates[0].name == "commendations/confirm.html"
    content = response.content.decode()
    assert 'name="confirmed" value="1"' in content
    for name, value in fields:
        assert f'<input type="hidden" name="{name}" value="{value}">' in content
    return content


def test_submitting_asks_first_and_writes_nothing_until_confirmed(draft, officer_danang):
    attach_documents(draft)
    events = draft.events.count()

    response = _client(officer_danang).post(_action(draft), {"action": "submit"})

    content = _asks(response, ("action", "submit"))
    assert draft.nominating_unit.display_name in content  # who can no longer change it
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.submitted_at is None
    assert draft.events.count() == events


def test_a_confirmed_submission_is_taken(draft, officer_danang):
    attach_documents(draft)

    response = _client(officer_danang).post(_action(draft), {"action": "submit", "confirmed": "1"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_a_submission_the_service_refuses_is_refused_without_asking(draft, officer_danang):
    # Documents missing: the answer is the refusal, not a confirmation to no purpose.
    response = _client(officer_danang).post(_action(draft), {"action": "submit"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_rejecting_asks_first_and_keeps_the_reason(in_review, reviewer):
    response = _client(reviewer).post(
        _action(in_review), {"action": "reject", "comment": "Thành tích chưa tiêu biểu."}
    )

    _asks(response, ("action", "reject"), ("comment", "Thành tích chưa tiêu biểu."))
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW

    _client(reviewer).post(
        _action(in_review),
        {"action": "reject", "comment": "Thành tích chưa tiêu biểu.", "confirmed": "1"},
    )

    in_review.refresh_from_db()
    assert in_review.status == Status.REJECTED
    assert in_review.events.order_by("-at", "-pk").first().comment == "Thành tích chưa tiêu biểu."


def test_a_step_that_is_not_irreversible_is_taken_at_once(submitted, reviewer):
    response = _client(reviewer).post(_action(submitted), {"action": "take"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


def test_deleting_a_draft_asks_first(draft, officer_danang):
    url = reverse("commendations:nomination_delete", args=[draft.pk])

    _asks(_client(officer_danang).post(url))
    assert Nomination.objects.filter(pk=draft.pk).exists()

    _client(officer_danang).post(url, {"confirmed": "1"})
    assert not Nomination.objects.filter(pk=draft.pk).exists()


def test_a_vote_asks_first_and_names_the_choice(before_council, session, council_member):
    url = reverse("commendations:session_vote", args=[session.pk])
    data = {"nomination": before_council.pk, "choice": "no"}

    _asks(_client(council_member).post(url, data), ("choice", "no"))
    assert not Vote.objects.exists()

    _client(council_member).post(url, {**data, "confirmed": "1"})
    assert Vote.objects.get().choice == "no"


def test_a_written_vote_without_its_confirmation_box_records_nothing(
    before_council, session, reviewer, council_member
):
    absent = session.council.members.exclude(user=council_member).first()
    session.present.remove(absent)

    response = _client(reviewer).post(
        reverse("commendations:session_vote", args=[session.pk]),
        {
            "nomination": before_council.pk,
            "member": absent.pk,
            "choice": "yes",
            "ballot": pdf_upload("phieu.pdf"),
        },
    )

    assert response.status_code == 302
    assert not Vote.objects.exists()


def test_closing_a_session_asks_first(session, reviewer):
    url = reverse("commendations:session_close", args=[session.pk])

    _asks(_client(reviewer).post(url))
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.OPEN

    _client(reviewer).post(url, {"confirmed": "1"})
    session.refresh_from_db()
    assert session.status != CouncilSession.Status.OPEN


def test_recording_a_decision_asks_first_and_lists_the_awards(world, officer_danang, leader):
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    data = {
        "number": "55/QĐ-BTP",
        "date": "15/01/2025",
        "issuing_unit": world.ministry.pk,
        "authority": "Bộ trưởng Bộ Tư pháp",
        "signer_title": "Bộ trưởng",
        "signer_name": "Phan Đức Nghĩa",
        "place": "Hà Nội",
        "nominations": [nomination.pk],
    }
    url = reverse("commendations:decision_create")

    content = _asks(_client(leader).post(url, data), ("date", "15/01/2025"))
    assert world.danang_department.name in content
    assert not Decision.objects.exists()

    _client(leader).post(url, {**data, "confirmed": "1"})
    assert Decision.objects.get().number == "55/QĐ-BTP"


def test_the_admin_submit_action_asks_first(draft, officer_danang):
    attach_documents(draft)
    url = reverse("admin:commendations_nomination_changelist")
    data = {"action": "submit_selected", "_selected_action": [str(draft.pk)], "index": "0"}

    response = _client(officer_danang).post(url, data)

    assert response.status_code == 200
    assert "commendations/admin/confirm_action.html" in [t.name for t in response.templates]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not NominationEvent.objects.filter(nomination=draft, to_status=Status.SUBMITTED)

    _client(officer_danang).post(url, {**data, "apply": "1"})
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_the_admin_close_action_asks_first(session, reviewer):
    url = reverse("admin:commendations_councilsession_changelist")
    data = {"action": "close_selected", "_selected_action": [str(session.pk)], "index": "0"}

    response = _client(reviewer).post(url, data)

    assert "commendations/admin/confirm_action.html" in [t.name for t in response.templates]
    session.refresh_from_db()
    assert session.status == CouncilSession.Status.OPEN
