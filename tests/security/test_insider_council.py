"""An insider cannot forge a council vote (issue 12, part 2).

Reproduced on the demo as ``reviewer.moj`` on the second council session: mark a present
member absent, record "written votes" in the names of two members, close the session, and
the demo's Minister's certificate for Đà Nẵng's person (nomination 5) was approved; the real
member's own vote was then refused. Each step is refused now, and the member still votes.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import SettingsWrapper

from commendations import selectors
from commendations.demo import CERTIFICATE_PERSON, SECOND_SESSION
from commendations.models import CouncilMember, CouncilSession, Nomination, Vote
from tests.commendations.factories import (
    council_members,
    make_council,
    nomination_in,
    open_session,
    pdf_upload,
)
from tests.conftest import Demo
from tests.security.corpus import bad_files
from tests.security.test_hostile_input import _safe_page

pytestmark = pytest.mark.django_db
Status = Nomination.Status


@pytest.fixture
def demo(loaded_demo: Demo, settings: SettingsWrapper) -> tuple[CouncilSession, Nomination]:
    """Return the demo's second council session and the certificate put to its vote."""
    # The demo logins are refused with DEBUG off.
    settings.DEBUG = True
    session = CouncilSession.objects.get(title=SECOND_SESSION)
    certificate = Nomination.objects.get(
        council_session=session, person__staff_code=CERTIFICATE_PERSON.staff_code
    )
    return session, certificate


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _seat(session: CouncilSession, username: str) -> CouncilMember:
    return session.council.members.get(user__username=username)


def _present(session: CouncilSession) -> set[int]:
    return set(session.present.values_list("pk", flat=True))


def _refused_on_the_session_page(response, session: CouncilSession) -> None:
    # Refusals come back as a message on the session's page, never as a login page.
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()


def _forge_presence(client: Client, session: CouncilSession) -> None:
    others = [pk for pk in _present(session) if pk != _seat(session, "council.moj").pk]
    response = client.post(
        reverse("commendations:session_presence", args=[session.pk]), {"present": others}
    )
    _refused_on_the_session_page(response, session)


def _forge_votes(client: Client, session: CouncilSession, nomination: Nomination) -> None:
    for username in ("council.moj", "hdtdkt.uyvien2"):
        response = client.post(
            reverse("commendations:session_vote", args=[session.pk]),
            {
                "nomination": nomination.pk,
                "member": _seat(session, username).pk,
                "choice": "yes",
                "ballot": pdf_upload(f"phieu-{username}.pdf"),
                "confirmed": "1",
            },
        )
        _refused_on_the_session_page(response, session)


def test_demo_nomination_5_is_the_certificate_waiting_for_council_moj(demo):
    session, certificate = demo
    tally = selectors.session_tally(session=session)
    motion = next(m for m in tally.motions if m.nomination == certificate)

    assert certificate.status == Status.COUNCIL_VOTE
    assert (motion.yes, motion.yes_needed) == (3, 5)
    assert motion.vote_of(_seat(session, "council.moj")) is None


def test_secretary_cannot_mark_a_present_member_absent_once_voting_began(demo):
    session, _certificate = demo
    before = _present(session)

    response = _client("reviewer.moj").post(
        reverse("commendations:session_presence", args=[session.pk]),
        {"present": [pk for pk in before if pk != _seat(session, "council.moj").pk]},
        follow=True,
    )

    assert "đã được chốt" in _safe_page(response)
    assert _present(session) == before


def test_secretary_cannot_record_written_votes_in_the_names_of_present_members(demo):
    session, certificate = demo
    reviewer = _client("reviewer.moj")
    _forge_presence(reviewer, session)

    _forge_votes(reviewer, session, certificate)

    assert not Vote.objects.filter(session=session, nomination=certificate, written=True).exists()
    assert Vote.objects.filter(nomination=certificate).count() == 3


def test_closing_after_the_forgery_does_not_approve_nomination_5(demo):
    session, certificate = demo
    reviewer = _client("reviewer.moj")
    _forge_presence(reviewer, session)
    _forge_votes(reviewer, session, certificate)

    response = reviewer.post(
        reverse("commendations:session_close", args=[session.pk]), {"confirmed": "1"}, follow=True
    )

    assert "trực tiếp biểu quyết" in _safe_page(response)
    certificate.refresh_from_db()
    assert certificate.status == Status.COUNCIL_VOTE
    session.refresh_from_db()
    assert session.is_open


def test_the_real_member_still_votes_after_the_attempted_forgery(demo):
    session, certificate = demo
    reviewer = _client("reviewer.moj")
    _forge_presence(reviewer, session)
    _forge_votes(reviewer, session, certificate)
    _refused_on_the_session_page(
        reviewer.post(
            reverse("commendations:session_close", args=[session.pk]), {"confirmed": "1"}
        ),
        session,
    )

    response = _client("council.moj").post(
        reverse("commendations:session_vote", args=[session.pk]),
        {"nomination": certificate.pk, "choice": "no", "confirmed": "1"},
    )

    assert response.status_code == 302
    vote = Vote.objects.get(nomination=certificate, member=_seat(session, "council.moj"))
    assert (vote.choice, vote.written, vote.recorded_by.username) == ("no", False, "council.moj")
    motion = next(
        m for m in selectors.session_tally(session=session).motions if m.nomination == certificate
    )
    assert (motion.yes, motion.no, motion.in_person) == (3, 1, 4)


def test_a_written_vote_of_the_absent_member_shows_its_ballot_in_the_demo(demo):
    session, _certificate = demo

    vote = Vote.objects.get(session=session, written=True)

    assert vote.member == _seat(session, "hdtdkt.uyvien3")
    assert vote.recorded_by.username == "reviewer.moj"
    assert vote.ballot_name.endswith(".pdf") and vote.ballot.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    "bad", [bad for bad in bad_files() if not bad.heavy], ids=lambda bad: bad.key
)
def test_a_hostile_ballot_file_is_refused_in_vietnamese(bad, world, reviewer, officer_danang):
    council = make_council(world.ministry, council_members(world.ministry, 3))
    absent = council.members.order_by("order").last()
    session = open_session(council, present=list(council.members.exclude(pk=absent.pk)))
    motion = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        session=session,
    )
    client = Client()
    client.force_login(reviewer)
    for name in (bad.name, "phieu.pdf", "phieu.png", "phieu.jpg"):
        response = client.post(
            reverse("commendations:session_vote", args=[session.pk]),
            {
                "nomination": motion.pk,
                "member": absent.pk,
                "choice": "yes",
                "ballot": SimpleUploadedFile(name, bad.content),
                "confirmed": "1",
            },
            follow=True,
        )
        _safe_page(response)
    # Only a file whose content really is a PDF is kept, under its .pdf name.
    kept = set(Vote.objects.values_list("ballot_name", flat=True))
    assert kept <= ({"phieu.pdf"} if bad.content.startswith(b"%PDF") else set())


def test_an_oversized_ballot_is_refused_on_the_session_page(
    settings, world, reviewer, officer_danang
):
    settings.COMMENDATIONS_DOSSIER_MAX_BYTES = 4096
    council = make_council(world.ministry, council_members(world.ministry, 3))
    absent = council.members.order_by("order").last()
    session = open_session(council, present=list(council.members.exclude(pk=absent.pk)))
    motion = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        session=session,
    )
    client = Client()
    client.force_login(reviewer)

    response = client.post(
        reverse("commendations:session_vote", args=[session.pk]),
        {
            "nomination": motion.pk,
            "member": absent.pk,
            "choice": "yes",
            "ballot": pdf_upload("phieu.pdf", size=8192),
            "confirmed": "1",
        },
        follow=True,
    )

    assert "quá lớn" in _safe_page(response)
    assert not Vote.objects.exists()
