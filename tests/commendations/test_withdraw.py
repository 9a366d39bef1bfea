"""A unit withdraws its submitted nomination until a reviewer takes it; afterwards it cannot."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from commendations import selectors, services
from commendations.models import Nomination
from organizations.roles import Role
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _steps(nomination: Nomination) -> list[tuple[str, str]]:
    return [(e.from_status, e.to_status) for e in nomination.events.order_by("at", "pk")]


def test_officer_withdraws_a_submitted_nomination_back_to_a_draft(submitted, officer_danang):
    services.nomination_withdraw(user=officer_danang, nomination=submitted)

    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert submitted.is_editable
    last = submitted.events.order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status, last.actor) == (
        Status.SUBMITTED,
        Status.DRAFT,
        officer_danang,
    )
    version = submitted.history.order_by("-history_date", "-history_id").first()
    assert (version.status, version.history_user) == (Status.DRAFT, officer_danang)


def test_a_withdrawn_nomination_leaves_the_reviewers_actions(submitted, officer_danang, reviewer):
    services.nomination_withdraw(user=officer_danang, nomination=submitted)
    submitted.refresh_from_db()

    assert "take" not in selectors.available_actions(user=reviewer, nomination=submitted)
    assert selectors.available_actions(user=officer_danang, nomination=submitted) == ["submit"]


def test_withdrawing_a_nomination_a_reviewer_took_is_refused_and_writes_nothing(
    in_review, officer_danang, reviewer
):
    reviewer.first_name = "Phạm Quốc Hùng"
    reviewer.save()
    steps = _steps(in_review)
    versions = in_review.history.count()

    with pytest.raises(ValidationError) as refused:
        services.nomination_withdraw(user=officer_danang, nomination=in_review)

    assert "Phạm Quốc Hùng" in refused.value.messages[0]
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW and in_review.reviewer == reviewer
    assert _steps(in_review) == steps
    assert in_review.history.count() == versions


def test_withdrawing_after_the_take_on_the_page_shows_the_refusal(
    in_review, officer_danang, reviewer
):
    reviewer.first_name = "Phạm Quốc Hùng"
    reviewer.save()
    client = Client()
    client.force_login(officer_danang)

    response = client.post(
        reverse("commendations:nomination_action", args=[in_review.pk]),
        {"action": "withdraw", "confirmed": "1"},
        follow=True,
    )

    assert "Phạm Quốc Hùng" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_an_officer_of_another_city_cannot_withdraw(world, submitted):
    other = make_persona("p.officer.hn", world.hanoi_agency, Role.EMULATION_OFFICER)

    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(user=other, nomination=submitted)

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_reviewer_cannot_withdraw_a_units_nomination(submitted, reviewer):
    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(user=reviewer, nomination=submitted)

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_withdrawing_on_the_page_asks_first(submitted, officer_danang):
    client = Client()
    client.force_login(officer_danang)
    url = reverse("commendations:nomination_action", args=[submitted.pk])

    asked = client.post(url, {"action": "withdraw"})

    assert asked.status_code == 200 and 'name="confirmed" value="1"' in asked.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED

    client.post(url, {"action": "withdraw", "confirmed": "1"})
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT


def test_a_withdrawn_nomination_can_be_submitted_again(submitted, officer_danang):
    services.nomination_withdraw(user=officer_danang, nomination=submitted)

    services.nomination_submit(user=officer_danang, nomination=submitted)

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert _steps(submitted)[-2:] == [
        (Status.SUBMITTED, Status.DRAFT),
        (Status.DRAFT, Status.SUBMITTED),
    ]
