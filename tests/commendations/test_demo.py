"""The demo: Đà Nẵng's 2024 Minister's certificate decided, and real work for every demo user."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from commendations import selectors
from commendations.demo import load_commendations
from commendations.models import Certificate, CouncilSession, Nomination, Vote
from commendations.pdf import certificate_pdf
from commendations.selectors import available_actions
from tests.conftest import Demo

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def loaded(loaded_demo: Demo) -> dict[str, object]:
    """Return what loading the session's commendations demo returned."""
    return loaded_demo.commendations


def _user(username):
    return get_user_model().objects.get(username=username)


def test_da_nang_department_holds_the_ministers_certificate_of_2024(loaded):
    certificate = Certificate.objects.get(unit__code="STP-DN")

    assert certificate.nomination.year == 2024
    assert certificate.award_form.code == "minister_certificate"
    assert certificate.decision.number == "1234/QĐ-BTP"
    text = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0].extract_text()
    assert "Sở Tư pháp thành phố Đà Nẵng" in text
    assert "TẶNG BẰNG KHEN" in text


def test_nominations_wait_in_every_state(loaded):
    states = set(Nomination.objects.values_list("status", flat=True))

    # The demo has one ministry council: nothing of it is submitted to a higher level.
    assert states == set(Status.values) - {Status.FORWARDED}


def test_reviewer_finds_nominations_to_take_decide_on_and_put_to_the_vote(loaded):
    reviewer = _user("reviewer.moj")
    queue = selectors.nomination_queue(user=reviewer)

    actions = {
        action
        for nomination in queue
        for action in available_actions(user=reviewer, nomination=nomination)
    }
    assert {"take", "recommend", "put_to_vote"} <= actions


def test_council_member_has_votes_to_cast_in_an_open_session(loaded):
    council = _user("council.moj")
    session = CouncilSession.objects.get(status=CouncilSession.Status.OPEN)
    seat = selectors.member_of(session=session, user=council)
    tally = selectors.session_tally(session=session)

    assert seat.pk in tally.present_ids
    assert tally.has_quorum
    assert len(tally.motions) == 2
    assert all(motion.vote_of(seat) is None for motion in tally.motions)
    assert Vote.objects.filter(session=session, written=True).exists()


def test_leader_has_an_approved_nomination_to_decide(loaded):
    leader = _user("leader.moj")

    assert Nomination.objects.for_user(leader).filter(status=Status.APPROVED).exists()
    assert leader.has_perm("commendations.decide_nomination")


def test_officer_has_a_returned_nomination_and_a_draft_held_back_by_its_quota(loaded):
    officer = _user("officer.danang")
    mine = Nomination.objects.for_user(officer)

    returned = mine.get(status=Status.RETURNED)
    assert "bổ sung" in returned.events.last().comment
    draft = mine.get(status=Status.DRAFT)
    reasons = selectors.nomination_eligibility(nomination=draft).reasons
    assert any("tỷ lệ khống chế" in reason for reason in reasons)


def test_loading_again_changes_nothing(loaded):
    before = (Nomination.objects.count(), Vote.objects.count(), Certificate.objects.count())

    again = load_commendations()

    assert (Nomination.objects.count(), Vote.objects.count(), Certificate.objects.count()) == before
    assert again == loaded
