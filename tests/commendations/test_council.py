"""The council: presence and quorum, votes against all members, written votes, closing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commendations import selectors, services
from commendations.models import Nomination, Vote
from organizations.roles import Role
from tests.commendations.factories import (
    council_members,
    make_council,
    nomination_in,
    open_session,
    pdf_upload,
)
from tests.emulation.factories import title
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _members(council):
    return list(council.members.order_by("order"))


def _vote_all(session, nomination, choices):
    for member, choice in zip(session.council.members.order_by("order"), choices, strict=False):
        services.vote_cast(user=member.user, session=session, nomination=nomination, choice=choice)


@pytest.mark.parametrize(
    ("members", "threshold", "needed"),
    [(7, Decimal(70), 5), (7, Decimal(90), 7), (10, Decimal(90), 9), (3, Decimal(70), 3)],
)
def test_yes_votes_are_counted_against_all_members(members, threshold, needed):
    assert selectors.yes_votes_needed(members=members, threshold=threshold) == needed


@pytest.mark.parametrize(("members", "needed"), [(3, 2), (7, 5), (9, 6), (10, 7)])
def test_quorum_is_two_thirds_of_the_members(members, needed):
    assert selectors.quorum_needed(members, Decimal("66.67")) == needed


def test_member_votes_and_the_tally_counts_it(before_council, session, council_member):
    services.vote_cast(
        user=council_member, session=session, nomination=before_council, choice="yes"
    )

    motion = selectors.session_tally(session=session).motions[0]
    assert (motion.yes, motion.no, motion.abstain, motion.not_voted) == (1, 0, 0, 2)
    assert motion.yes_needed == 3  # 70 % of 3 members, rounded up


def test_voting_again_corrects_the_vote_instead_of_adding_one(
    before_council, session, council_member
):
    services.vote_cast(
        user=council_member, session=session, nomination=before_council, choice="yes"
    )

    services.vote_cast(user=council_member, session=session, nomination=before_council, choice="no")

    vote = Vote.objects.get()
    assert (vote.choice, vote.corrected_at is not None) == ("no", True)


def test_a_non_member_cannot_vote(before_council, session, world):
    outsider = make_persona("p.council.other", world.ministry, Role.COUNCIL_MEMBER)

    with pytest.raises(PermissionDenied, match="không phải là thành viên"):
        services.vote_cast(user=outsider, session=session, nomination=before_council, choice="yes")

    assert not Vote.objects.exists()


def test_reviewer_without_a_seat_cannot_vote_for_themselves(before_council, session, reviewer):
    with pytest.raises(PermissionDenied):
        services.vote_cast(user=reviewer, session=session, nomination=before_council, choice="yes")


def test_a_member_absent_from_the_session_cannot_vote_in_person(council, before_council, session):
    first = _members(council)[0]
    session.present.set(_members(council)[1:])

    with pytest.raises(ValidationError, match="chưa được ghi là có mặt"):
        services.vote_cast(
            user=first.user, session=session, nomination=before_council, choice="yes"
        )


def test_secretary_records_the_written_vote_of_an_absent_member(
    council, before_council, session, reviewer
):
    absent = _members(council)[2]
    session.present.set(_members(council)[:2])

    vote = services.vote_cast(
        user=reviewer,
        session=session,
        nomination=before_council,
        choice="no",
        member=absent,
        ballot=pdf_upload("phieu.pdf"),
    )

    assert vote.written
    assert vote.ballot_name == "phieu.pdf"
    assert vote.recorded_by == reviewer
    assert vote.member == absent


def test_a_written_vote_is_refused_for_a_member_present(council, before_council, session, reviewer):
    with pytest.raises(ValidationError, match="có mặt"):
        services.vote_cast(
            user=reviewer,
            session=session,
            nomination=before_council,
            choice="yes",
            member=_members(council)[0],
        )


def test_a_member_cannot_vote_on_a_nomination_that_names_them(
    world, council, session, officer_danang
):
    member = _members(council)[1]
    person = member.user.person
    from tests.emulation.factories import award

    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    naming = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.ministry,
        person=person,
        created_by=officer_danang,
        session=session,
    )

    with pytest.raises(PermissionDenied, match="cho chính bạn"):
        services.vote_cast(user=member.user, session=session, nomination=naming, choice="yes")


def test_closing_approves_a_motion_that_reaches_the_threshold(before_council, session, reviewer):
    _vote_all(session, before_council, ["yes", "yes", "yes"])

    services.council_session_close(user=reviewer, session=session)

    before_council.refresh_from_db()
    assert before_council.status == Status.APPROVED
    assert "3 đồng ý" in before_council.events.last().comment


def test_closing_rejects_a_motion_short_of_the_threshold(before_council, session, reviewer):
    _vote_all(session, before_council, ["yes", "yes", "no"])  # 2 of 3 < 70 %

    services.council_session_close(user=reviewer, session=session)

    before_council.refresh_from_db()
    assert before_council.status == Status.REJECTED


def test_ministry_level_fighter_needs_ninety_percent_of_all_members(
    world, officer_danang, reviewer
):
    users = council_members(world.ministry, 10, prefix="p.m")
    council = make_council(world.ministry, users)
    session = open_session(council)
    fighter = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        person=world.danang_department_person,
        proposal=title("ministry_emulation_fighter"),
        created_by=officer_danang,
        session=session,
    )
    _vote_all(session, fighter, ["yes"] * 8 + ["abstain", "no"])  # 80 % < 90 %

    tally = selectors.session_tally(session=session)
    assert tally.motions[0].yes_needed == 9
    assert not tally.passes(tally.motions[0])
    services.council_session_close(user=reviewer, session=session)
    assert Nomination.objects.get(pk=fighter.pk).status == Status.REJECTED


def test_a_session_without_quorum_cannot_close(council, before_council, session, reviewer):
    session.present.set(_members(council)[:1])  # 1 of 3; two thirds need 2

    with pytest.raises(ValidationError, match="chưa đủ số thành viên"):
        services.council_session_close(user=reviewer, session=session)

    session.refresh_from_db()
    assert session.is_open
    assert Nomination.objects.get(pk=before_council.pk).status == Status.COUNCIL_VOTE


def test_no_vote_is_recorded_after_the_session_closed(
    before_council, session, reviewer, council_member
):
    _vote_all(session, before_council, ["yes", "yes"])
    services.council_session_close(user=reviewer, session=session)

    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.vote_cast(
            user=council_member, session=session, nomination=before_council, choice="yes"
        )


def test_council_member_cannot_close_a_session(before_council, session, council_member):
    with pytest.raises(PermissionDenied):
        services.council_session_close(user=council_member, session=session)


def test_reviewer_puts_a_recommended_nomination_to_the_vote(
    world, officer_danang, reviewer, session
):
    recommended = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )

    services.nomination_put_to_vote(user=reviewer, nomination=recommended, session=session)

    recommended.refresh_from_db()
    assert recommended.status == Status.COUNCIL_VOTE
    assert recommended.council_session == session
