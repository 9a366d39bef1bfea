"""Each role's nominations waiting for it, on the home page, within its scope."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from commendations import selectors, services
from commendations.models import Nomination
from organizations.roles import Role
from tests.commendations.factories import nomination_in
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _blocks(selector, user):
    return {block.key: block for block in selector(user)}


def test_officer_sees_a_returned_nomination_first_with_the_reviewers_reason(
    world, in_review, reviewer, officer_danang
):
    services.nomination_return(
        user=reviewer, nomination=in_review, comment="Bổ sung báo cáo thành tích có xác nhận."
    )

    content = _client(officer_danang).get("/").content.decode()

    assert 'id="block-nominations_returned" data-count="1"' in content
    assert "Bổ sung báo cáo thành tích có xác nhận." in content
    # Work sent back comes before everything else on the page.
    assert content.index("block-nominations_returned") < content.index("block-nominations_draft")


def test_another_citys_officer_does_not_see_the_returned_nomination(world, in_review, reviewer):
    services.nomination_return(user=reviewer, nomination=in_review, comment="Thiếu biên bản.")
    hanoi_officer = make_persona("p.officer.hn", world.hanoi_agency, Role.EMULATION_OFFICER)

    block = _blocks(selectors.officer_blocks, hanoi_officer)["nominations_returned"]

    assert block.count == 0
    assert "Thiếu biên bản." not in _client(hanoi_officer).get("/").content.decode()


def test_reviewer_sees_their_own_reviews_then_the_unassigned(
    world, officer_danang, reviewer, submitted
):
    other_reviewer = make_persona("p.reviewer2", world.ministry, Role.REVIEWER)
    mine = nomination_in(
        Status.IN_REVIEW,
        nominating_unit=world.danang_department,
        person=world.danang_department_person,
        created_by=officer_danang,
        reviewer=reviewer,
    )

    blocks = selectors.reviewer_blocks(reviewer)
    others = _blocks(selectors.reviewer_blocks, other_reviewer)

    assert [block.key for block in blocks] == ["reviews_mine", "reviews_unassigned"]
    assert [item.url for item in blocks[0].items] == [mine.get_absolute_url()]
    assert [item.url for item in blocks[1].items] == [submitted.get_absolute_url()]
    assert others["reviews_mine"].count == 0
    assert others["reviews_unassigned"].count == 1


def test_council_member_sees_the_open_votes_they_have_not_cast(
    before_council, session, council_member, council
):
    block = _blocks(selectors.council_member_blocks, council_member)["votes_open"]
    assert block.count == 1
    assert block.items[0].url == session.get_absolute_url()

    services.vote_cast(
        user=council_member, session=session, nomination=before_council, choice="yes"
    )

    assert _blocks(selectors.council_member_blocks, council_member)["votes_open"].count == 0
    other = council.members.exclude(user=council_member).first().user
    assert _blocks(selectors.council_member_blocks, other)["votes_open"].count == 1


def test_a_user_without_a_seat_sees_no_open_votes(before_council, session, reviewer):
    assert selectors.council_member_blocks(reviewer) == []


def test_leader_sees_approved_nominations_waiting_for_a_decision(world, officer_danang, leader):
    approved = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )

    block = _blocks(selectors.leader_blocks, leader)["nominations_approved"]

    assert [item.url for item in block.items] == [approved.get_absolute_url()]


@pytest.mark.parametrize(
    "persona", ["officer_danang", "reviewer", "council_member", "leader", "administrator"]
)
def test_each_roles_home_page_takes_a_bounded_number_of_queries(
    request, persona, world, officer_danang, council, django_assert_max_num_queries
):
    for number in range(8):
        nomination_in(
            Status.RETURNED if number % 2 else Status.SUBMITTED,
            nominating_unit=world.danang_department,
            unit=world.danang_department,
            created_by=officer_danang,
            year=2010 + number,
        )
    client = _client(request.getfixturevalue(persona))

    # The leader's figures are the statistics report's: on PostgreSQL they run in a savepoint
    # with their own settings (two more statements) and read the units' lineage once more
    # where the kept figures are checked (one), and the money of periodic obligations (one);
    # the few units computed for the first time run without parallel workers (set, reset).
    extra = 6 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(28 + extra):
        response = client.get("/")

    assert response.status_code == 200
