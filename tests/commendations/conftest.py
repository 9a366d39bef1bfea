"""Fixtures of commendations' tests: a council of the ministry and nominations of Đà Nẵng."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser

from commendations.models import Council, CouncilSession, Nomination
from tests.commendations.factories import council_members, make_council, nomination_in, open_session
from tests.conftest import World


@pytest.fixture
def council(world: World, council_member: AbstractUser) -> Council:
    """The ministry's council: the council_member persona and two more members."""
    return make_council(world.ministry, [council_member, *council_members(world.ministry, 2)])


@pytest.fixture
def session(council: Council) -> CouncilSession:
    return open_session(council)


@pytest.fixture
def draft(world: World, officer_danang: AbstractUser) -> Nomination:
    """Đà Nẵng's department proposed for the Minister's certificate, not yet submitted."""
    return nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )


@pytest.fixture
def submitted(world: World, officer_danang: AbstractUser) -> Nomination:
    return nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )


@pytest.fixture
def in_review(world: World, officer_danang: AbstractUser, reviewer: AbstractUser) -> Nomination:
    return nomination_in(
        Nomination.Status.IN_REVIEW,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        reviewer=reviewer,
    )


@pytest.fixture
def before_council(
    world: World, officer_danang: AbstractUser, session: CouncilSession
) -> Nomination:
    return nomination_in(
        Nomination.Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        session=session,
    )
