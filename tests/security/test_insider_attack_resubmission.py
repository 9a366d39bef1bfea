"""Whoever submitted a nomination once stays its submitter when a colleague resubmits it.

Reproduced as an emulation officer of Đà Nẵng who also reviews at the ministry, or sits on
its council: the officer submits a colleague's draft, the reviewer returns it, the colleague
resubmits it — the nomination's "submitted by" now names the colleague, and the officer
was free to take it for review, recommend it and vote on it. Every submission counts.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied

from commendations import selectors, services
from commendations.models import Nomination, NominationEvent, Vote
from organizations.roles import Role
from organizations.services import membership_grant
from tests.commendations.factories import make_council, nomination_in, open_session
from tests.conftest import World
from tests.factories import make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def colleague(world: World) -> AbstractUser:
    return make_persona("p.officer.colleague", world.danang_department, Role.EMULATION_OFFICER)


def _resubmitted_by_colleague(
    world: World, status: str, *, first_submitter: AbstractUser, colleague: AbstractUser, **extra
) -> Nomination:
    """A colleague's nomination that the first submitter submitted before it was returned."""
    nomination = nomination_in(
        status,
        nominating_unit=world.danang_department,
        created_by=colleague,
        person=world.danang_department_person,
        **extra,
    )
    # Its history: first submitted by the officer, returned, resubmitted by the colleague.
    for from_status, to_status, actor in (
        (Status.DRAFT, Status.SUBMITTED, first_submitter),
        (Status.IN_REVIEW, Status.RETURNED, colleague),
        (Status.RETURNED, Status.SUBMITTED, colleague),
    ):
        NominationEvent.objects.create(
            nomination=nomination, from_status=from_status, to_status=to_status, actor=actor
        )
    return nomination


def test_officer_who_submitted_a_nomination_once_cannot_review_it_after_a_colleague_resubmits(
    world, colleague
):
    officer = make_persona("p.officer.reviewer", world.danang_department, Role.EMULATION_OFFICER)
    membership_grant(user=officer, unit=world.ministry, role=Role.REVIEWER)
    nomination = _resubmitted_by_colleague(
        world, Status.SUBMITTED, first_submitter=officer, colleague=colleague
    )

    with pytest.raises(PermissionDenied):
        services.nomination_take(user=officer, nomination=nomination)

    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED
    assert "take" not in selectors.available_actions(user=officer, nomination=nomination)


def test_council_member_who_submitted_a_nomination_once_cannot_vote_on_it_after_resubmission(
    world, colleague
):
    officer = make_persona("p.officer.council", world.danang_department, Role.EMULATION_OFFICER)
    membership_grant(user=officer, unit=world.ministry, role=Role.COUNCIL_MEMBER)
    council = make_council(world.ministry, [officer])
    session = open_session(council)
    nomination = _resubmitted_by_colleague(
        world, Status.COUNCIL_VOTE, first_submitter=officer, colleague=colleague, session=session
    )

    with pytest.raises(PermissionDenied):
        services.vote_cast(user=officer, session=session, nomination=nomination, choice="yes")

    assert not Vote.objects.filter(nomination=nomination).exists()


def test_colleague_who_never_submitted_the_nomination_is_not_held_to_it(world, colleague):
    reviewer = make_persona("p.reviewer.other", world.ministry, Role.REVIEWER)
    nomination = _resubmitted_by_colleague(
        world, Status.SUBMITTED, first_submitter=colleague, colleague=colleague
    )

    services.nomination_take(user=reviewer, nomination=nomination)

    nomination.refresh_from_db()
    assert nomination.status == Status.IN_REVIEW
