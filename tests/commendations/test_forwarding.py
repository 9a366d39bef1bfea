"""Levels: a unit's council decides its head's forms; higher forms are submitted upwards."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commendations import selectors, services
from commendations.models import Forwarding, Nomination, Vote
from emulation.models import Level
from organizations.models import Notification
from organizations.roles import Role
from organizations.services import membership_grant
from tests.commendations.factories import (
    council_members,
    make_council,
    nomination_in,
    open_session,
)
from tests.commendations.levels_setup import level_form
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def city_council(world):
    """Đà Nẵng department's own council, deciding grassroots forms (its director's)."""
    return make_council(
        world.danang_department, council_members(world.danang_department, 3, prefix="p.dn")
    )


@pytest.fixture
def approved_below(world, officer_danang, city_council):
    """A ministry-level form Đà Nẵng's council approved: 2 yes, 1 abstention of 3 members."""
    session = open_session(city_council)
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        person=world.danang_department_person,
        created_by=officer_danang,
        proposal=level_form(Level.MINISTRY),
        session=session,
    )
    members = list(city_council.members.order_by("order"))
    for member, choice in zip(members, ["yes", "yes", "abstain"], strict=True):
        Vote.objects.create(
            session=session,
            nomination=nomination,
            member=member,
            choice=choice,
            recorded_by=member.user,
        )
    return nomination


@pytest.fixture
def ministry_council(world, council_member):
    return make_council(world.ministry, [council_member, *council_members(world.ministry, 2)])


def _forward(user, nomination, target):
    return services.nomination_forward(user=user, nomination=nomination, target=target)


def test_the_officer_submits_an_approved_higher_form_to_the_ministry(
    world, approved_below, officer_danang, reviewer, ministry_council
):
    _forward(officer_danang, approved_below, world.ministry)

    approved_below.refresh_from_db()
    assert approved_below.status == Status.FORWARDED
    assert approved_below.forwarded_to == world.ministry
    forwarding = Forwarding.objects.get()
    assert (forwarding.from_unit, forwarding.to_unit) == (world.danang_department, world.ministry)
    assert (forwarding.members, forwarding.yes_votes, forwarding.abstentions) == (3, 2, 1)
    assert approved_below.events.filter(to_status=Status.FORWARDED, actor=officer_danang).exists()
    # The ministry's reviewers hear of it as of any submitted nomination.
    assert Notification.objects.filter(recipient=reviewer, kind="submitted").exists()


def test_the_submitting_unit_sees_where_it_stands_at_the_higher_level(
    world, approved_below, officer_danang, ministry_council, client
):
    _forward(officer_danang, approved_below, world.ministry)
    approved_below.refresh_from_db()

    state = selectors.higher_level_state(approved_below)
    client.force_login(officer_danang)
    body = client.get(approved_below.get_absolute_url()).content.decode()

    assert state.unit == world.ministry
    assert not state.closed
    assert "commendations-higher-level" in body
    assert "Bộ Tư pháp" in body
    assert 'id="forwardings"' in body


def test_a_forward_to_a_unit_that_cannot_decide_the_form_is_refused(
    world, approved_below, officer_danang, ministry_council
):
    make_council(world.danang_agency, [make_persona("p.x", world.danang_agency, Role.REVIEWER)])

    with pytest.raises(ValidationError) as refused:
        _forward(officer_danang, approved_below, world.danang_agency)

    assert "Thi hành án dân sự thành phố Đà Nẵng" in " ".join(refused.value.messages)
    approved_below.refresh_from_db()
    assert approved_below.status == Status.APPROVED
    assert approved_below.forwarded_to is None
    assert not Forwarding.objects.exists()


def test_a_forward_to_a_unit_without_a_council_is_refused(world, approved_below, officer_danang):
    with pytest.raises(ValidationError):
        _forward(officer_danang, approved_below, world.ministry)

    assert not Forwarding.objects.exists()


def test_a_form_the_units_head_decides_is_not_submitted_upwards(
    world, officer_danang, city_council, ministry_council
):
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        proposal=level_form(Level.GRASSROOTS),
    )

    with pytest.raises(ValidationError):
        _forward(officer_danang, nomination, world.ministry)

    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED


def test_an_officer_of_another_city_cannot_submit_it(world, approved_below, ministry_council):
    officer_hanoi = make_persona("p.officer.hanoi", world.hanoi_agency, Role.EMULATION_OFFICER)

    with pytest.raises(PermissionDenied):
        _forward(officer_hanoi, approved_below, world.ministry)

    assert not Forwarding.objects.exists()


def test_only_the_higher_levels_reviewers_take_it(
    world, approved_below, officer_danang, reviewer, ministry_council
):
    city_reviewer = make_persona("p.reviewer.dn", world.danang_department, Role.REVIEWER)
    _forward(officer_danang, approved_below, world.ministry)
    approved_below.refresh_from_db()

    assert "take" not in selectors.available_actions(user=city_reviewer, nomination=approved_below)
    with pytest.raises(PermissionDenied):
        services.nomination_take(user=city_reviewer, nomination=approved_below)

    assert "take" in selectors.available_actions(user=reviewer, nomination=approved_below)
    services.nomination_take(user=reviewer, nomination=approved_below)
    approved_below.refresh_from_db()
    assert approved_below.status == Status.IN_REVIEW


def test_the_submitter_cannot_review_it_at_the_higher_level(
    world, approved_below, officer_danang, ministry_council
):
    _forward(officer_danang, approved_below, world.ministry)
    membership_grant(user=officer_danang, unit=world.ministry, role=Role.REVIEWER)

    with pytest.raises(PermissionDenied):
        services.nomination_take(user=officer_danang, nomination=approved_below)


def test_the_higher_level_votes_in_its_own_council(
    world, approved_below, officer_danang, reviewer, city_council, ministry_council
):
    _forward(officer_danang, approved_below, world.ministry)
    services.nomination_take(user=reviewer, nomination=approved_below)
    services.nomination_recommend(user=reviewer, nomination=approved_below)
    city_reviewer = make_persona("p.secretary.dn", world.danang_department, Role.REVIEWER)
    city_session = open_session(city_council)

    with pytest.raises(PermissionDenied):
        services.nomination_put_to_vote(
            user=city_reviewer, nomination=approved_below, session=city_session
        )
    with pytest.raises(ValidationError):
        services.nomination_put_to_vote(
            user=reviewer, nomination=approved_below, session=city_session
        )

    services.nomination_put_to_vote(
        user=reviewer, nomination=approved_below, session=open_session(ministry_council)
    )
    approved_below.refresh_from_db()
    assert approved_below.status == Status.COUNCIL_VOTE


def _record(leader, unit, nominations, number):
    return services.decision_record(
        user=leader,
        number=number,
        date=datetime.date(2025, 1, 15),
        issuing_unit=unit,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=nominations,
    )


def test_the_higher_levels_decision_closes_the_nomination(
    world, approved_below, officer_danang, leader, ministry_council
):
    _forward(officer_danang, approved_below, world.ministry)
    Nomination.objects.filter(pk=approved_below.pk).update(status=Status.APPROVED)
    approved_below.refresh_from_db()

    _record(leader, world.ministry, [approved_below], "77/QĐ-BTP")

    approved_below.refresh_from_db()
    assert approved_below.status == Status.DECIDED
    state = selectors.higher_level_state(approved_below)
    assert state.closed


def test_the_lower_unit_cannot_decide_a_nomination_it_submitted_upwards(
    world, approved_below, officer_danang, ministry_council
):
    _forward(officer_danang, approved_below, world.ministry)
    Nomination.objects.filter(pk=approved_below.pk).update(status=Status.APPROVED)
    city_leader = make_persona("p.leader.dn", world.danang_department, Role.LEADER)

    with pytest.raises(ValidationError):
        _record(city_leader, world.danang_department, [approved_below], "5/QĐ-STP")

    approved_below.refresh_from_db()
    assert approved_below.status == Status.APPROVED


def test_a_unit_whose_council_decides_lower_forms_cannot_confer_a_higher_one(world, approved_below):
    city_leader = make_persona("p.leader.dn", world.danang_department, Role.LEADER)

    with pytest.raises(ValidationError) as refused:
        _record(city_leader, world.danang_department, [approved_below], "6/QĐ-STP")

    assert "Sở Tư pháp thành phố Đà Nẵng" in " ".join(refused.value.messages)
    approved_below.refresh_from_db()
    assert approved_below.status == Status.APPROVED


def test_the_unit_decides_its_heads_form_itself(world, officer_danang, city_council):
    nomination = nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        proposal=level_form(Level.GRASSROOTS),
    )
    city_leader = make_persona("p.leader.dn", world.danang_department, Role.LEADER)

    _record(city_leader, world.danang_department, [nomination], "7/QĐ-STP")

    nomination.refresh_from_db()
    assert nomination.status == Status.DECIDED


def test_the_forward_form_offers_only_units_that_decide_the_form(
    world, approved_below, officer_danang, ministry_council, client
):
    client.force_login(officer_danang)

    body = client.get(approved_below.get_absolute_url()).content.decode()

    assert 'id="forward"' in body
    assert f'value="{world.ministry.pk}"' in body
    assert f'value="{world.danang_agency.pk}"' not in body
