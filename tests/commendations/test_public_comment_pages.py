"""Pages of public comment: the sector-wide list, commenting, what reviewers see."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commendations import services
from commendations.models import Nomination, PublicComment
from tests.commendations.factories import nomination_in
from tests.commendations.levels_setup import national_form, set_today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Nomination.Status
MONDAY = datetime.date(2025, 3, 3)


@pytest.fixture
def published(world, officer_danang, reviewer, monkeypatch):
    set_today(monkeypatch, MONDAY)
    nomination = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        person=world.danang_department_person,
        created_by=officer_danang,
        proposal=national_form(),
    )
    services.public_comment_open(user=reviewer, nomination=nomination)
    return nomination


def test_a_clerk_of_another_city_reads_the_published_list(client, published, clerk_hanoi):
    client.force_login(clerk_hanoi)

    page = client.get(reverse("commendations:public_comment"))

    assert page.status_code == 200
    body = page.content.decode()
    assert "Đà Nẵng Sở Tư Pháp" in body
    assert "07/03/2025" in body
    # The list is public within the sector; the nomination's own page stays with its units.
    assert client.get(published.get_absolute_url()).status_code in (403, 404)


def test_an_account_without_a_membership_is_refused_the_list(client, published):
    client.force_login(UserFactory(username="p.nobody"))

    assert client.get(reverse("commendations:public_comment")).status_code == 403


def test_a_comment_posted_on_the_list_is_shown_to_the_reviewer(
    client, published, clerk_hanoi, reviewer
):
    client.force_login(clerk_hanoi)
    client.post(
        reverse("commendations:public_comment_add", args=[published.pk]),
        {"text": "Thành tích được đồng nghiệp ghi nhận."},
    )
    assert PublicComment.objects.get().author == clerk_hanoi

    client.force_login(reviewer)
    body = client.get(published.get_absolute_url()).content.decode()

    assert "Thành tích được đồng nghiệp ghi nhận." in body
    assert 'id="public-comment"' in body


def test_a_comment_on_a_nomination_never_published_answers_404(
    client, world, officer_danang, clerk_hanoi
):
    hidden = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    client.force_login(clerk_hanoi)

    answer = client.post(
        reverse("commendations:public_comment_add", args=[hidden.pk]), {"text": "Ý kiến."}
    )

    assert answer.status_code == 404
    assert not PublicComment.objects.exists()


def test_the_secretariat_sees_the_publish_button_on_a_recommended_nomination(
    client, world, officer_danang, reviewer, monkeypatch
):
    set_today(monkeypatch, MONDAY)
    nomination = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        proposal=national_form(),
    )
    client.force_login(reviewer)
    assert reverse("commendations:nomination_publish", args=[nomination.pk]) in (
        client.get(nomination.get_absolute_url()).content.decode()
    )

    client.post(reverse("commendations:nomination_publish", args=[nomination.pk]))

    nomination.refresh_from_db()
    assert nomination.comment_until == datetime.date(2025, 3, 7)
