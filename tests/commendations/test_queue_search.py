"""The queue's search: nominee or unit typed without accents, exact names first, in scope."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commendations.models import Nomination
from commendations.selectors import QueueFilters, nomination_counts, nomination_queue
from tests.commendations.factories import nomination_in
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _submitted(world, user, **nominee) -> Nomination:
    return nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.danang_department,
        created_by=user,
        **nominee,
    )


def test_reviewer_finds_a_nominee_typed_without_accents_exact_name_first(
    world, officer_danang, reviewer
):
    longer = _submitted(
        world,
        officer_danang,
        person=PersonFactory(full_name="Trần Thị Hồng Nhung", unit=world.danang_department),
    )
    exact = _submitted(
        world,
        officer_danang,
        person=PersonFactory(full_name="Trần Thị Hồng", unit=world.danang_department),
    )
    _submitted(world, officer_danang, unit=world.danang_department)

    found = list(nomination_queue(user=reviewer, filters=QueueFilters(search="tran thi hong")))
    filters = QueueFilters(search="TRAN THI HONG")
    counts = {
        value: count for value, _label, count in nomination_counts(user=reviewer, filters=filters)
    }

    assert found == [exact, longer]
    assert counts[Nomination.Status.SUBMITTED] == 2


def test_queue_page_searches_the_unit_of_a_collective_nomination(world, officer_danang, reviewer):
    collective = _submitted(world, officer_danang, unit=world.danang_department)
    _submitted(world, officer_danang, person=world.danang_department_person)
    client = Client()
    client.force_login(reviewer)

    response = client.get(reverse("commendations:queue"), {"search": "so tu phap thanh pho"})

    assert response.status_code == 200
    assert list(response.context["page"]) == [collective]
    assert 'value="so tu phap thanh pho"' in response.content.decode()


def test_queue_search_keeps_the_users_scope(world, officer_danang, clerk_hanoi):
    other_city = PersonFactory(full_name="Lê Văn Hà", unit=world.hanoi_agency)
    nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.hanoi_agency,
        created_by=clerk_hanoi,
        person=other_city,
    )

    assert list(nomination_queue(user=officer_danang, filters=QueueFilters(search="le van"))) == []
