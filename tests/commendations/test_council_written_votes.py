"""Written votes and presence: fixed presence, signed ballots, and no decision by the secretary.

Rules: presence is fixed once voting on any motion of
the session has begun; a member recorded present votes in person only, a member recorded
absent in writing only, with their signed ballot entered by the secretariat; whoever enters
a vote is held to the members' separation of duties; a motion is decided only when two thirds
of all members voted on it in person.
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commendations import selectors, services
from commendations.documents.minutes import minutes_pdf
from commendations.models import Nomination, Vote
from tests.commendations.factories import (
    council_members,
    make_council,
    nomination_in,
    open_session,
    pdf_upload,
)

pytestmark = pytest.mark.django_db
Status = Nomination.Status
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _members(council):
    return list(council.members.order_by("order"))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _written(secretary, session, nomination, member, choice="yes", ballot=None):
    return services.vote_cast(
        user=secretary,
        session=session,
        nomination=nomination,
        choice=choice,
        member=member,
        ballot=ballot if ballot is not None else pdf_upload("phieu-bieu-quyet.pdf"),
    )


@pytest.fixture
def six(world, officer_danang):
    """A council of six (quorum 4; 70 % needs 5 yes), four present, and a motion before it."""
    council = make_council(world.ministry, council_members(world.ministry, 6, prefix="p.six"))
    members = _members(council)
    session = open_session(council, present=members[:4])
    motion = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        session=session,
    )
    return members, session, motion


def test_presence_may_be_changed_before_any_vote(council, session, reviewer):
    members = _members(council)

    services.council_session_set_presence(user=reviewer, session=session, present=members[:2])

    assert set(session.present.all()) == set(members[:2])


def test_presence_is_fixed_once_a_vote_on_any_motion_is_cast(
    world, council, session, before_council, officer_danang, reviewer, council_member
):
    nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        session=session,
    )
    services.vote_cast(
        user=council_member, session=session, nomination=before_council, choice="yes"
    )
    others = _members(council)[1:]

    with pytest.raises(ValidationError, match="đã được chốt"):
        services.council_session_set_presence(user=reviewer, session=session, present=others)

    assert session.present.count() == 3


def test_a_written_vote_needs_the_signed_ballot(council, before_council, session, reviewer):
    absent = _members(council)[2]
    session.present.set(_members(council)[:2])

    with pytest.raises(ValidationError) as refused:
        services.vote_cast(
            user=reviewer, session=session, nomination=before_council, choice="yes", member=absent
        )

    assert "ballot" in refused.value.error_dict
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("phieu.pdf", b"MZ\x90\x00 renamed executable", "không phải là tệp PDF"),
        ("phieu.png", b"%PDF-1.4 a PDF named as an image", "không phải là tệp PNG"),
        ("phieu.docx", b"PK\x03\x04", "PDF, JPG hoặc PNG"),
        ("phieu.exe", b"MZ\x90\x00", "PDF, JPG hoặc PNG"),
        ("phieu.pdf", b"", "rỗng"),
    ],
)
def test_a_ballot_that_is_not_a_pdf_or_an_image_is_refused(
    council, before_council, session, reviewer, name, content, words
):
    absent = _members(council)[2]
    session.present.set(_members(council)[:2])

    with pytest.raises(ValidationError, match=words):
        _written(
            reviewer, session, before_council, absent, ballot=SimpleUploadedFile(name, content)
        )

    assert not Vote.objects.exists()


def test_a_ballot_larger_than_a_dossier_file_is_refused(
    settings, council, before_council, session, reviewer
):
    settings.COMMENDATIONS_DOSSIER_MAX_BYTES = 1024
    absent = _members(council)[2]
    session.present.set(_members(council)[:2])

    with pytest.raises(ValidationError, match="quá lớn"):
        _written(reviewer, session, before_council, absent, ballot=pdf_upload(size=2048))

    assert not Vote.objects.exists()


def test_a_photographed_ballot_is_kept_with_who_entered_it(
    council, before_council, session, reviewer
):
    absent = _members(council)[2]
    session.present.set(_members(council)[:2])

    vote = _written(
        reviewer, session, before_council, absent, ballot=SimpleUploadedFile("a.png", PNG)
    )

    vote.refresh_from_db()
    assert vote.written and vote.recorded_by == reviewer
    assert vote.ballot.name.startswith(f"commendations/ballots/{session.pk}/")
    assert vote.ballot.read() == PNG


def test_a_member_who_voted_in_person_cannot_be_given_a_written_vote(
    council, before_council, session, reviewer
):
    first = _members(council)[0]
    services.vote_cast(user=first.user, session=session, nomination=before_council, choice="no")

    with pytest.raises(ValidationError):
        _written(reviewer, session, before_council, first, choice="yes")

    assert list(Vote.objects.values_list("choice", "written")) == [("no", False)]


def test_secretary_cannot_enter_votes_on_a_nomination_they_submitted(
    world, council, session, reviewer
):
    own = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=reviewer,
        session=session,
    )
    session.present.set(_members(council)[:2])

    with pytest.raises(PermissionDenied, match="nhập phiếu"):
        _written(reviewer, session, own, _members(council)[2])

    assert not Vote.objects.exists()


def test_secretary_cannot_close_a_session_deciding_their_own_nomination(
    world, council, session, reviewer
):
    own = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=reviewer,
        session=session,
    )
    for member in _members(council):
        services.vote_cast(user=member.user, session=session, nomination=own, choice="yes")

    with pytest.raises(PermissionDenied):
        services.council_session_close(user=reviewer, session=session)

    assert Nomination.objects.get(pk=own.pk).status == Status.COUNCIL_VOTE


def test_written_votes_do_not_make_up_the_quorum_of_a_motion(six, reviewer):
    members, session, motion = six
    for member in members[:3]:
        services.vote_cast(user=member.user, session=session, nomination=motion, choice="yes")
    for member in members[4:]:
        _written(reviewer, session, motion, member)

    with pytest.raises(ValidationError) as refused:
        services.council_session_close(user=reviewer, session=session)

    assert "3 thành viên biểu quyết trực tiếp" in refused.value.messages[1]
    session.refresh_from_db()
    assert session.is_open
    assert Nomination.objects.get(pk=motion.pk).status == Status.COUNCIL_VOTE


def test_written_votes_count_towards_the_yes_votes_once_the_quorum_voted_in_person(six, reviewer):
    members, session, motion = six
    for member, choice in zip(members[:4], ["yes", "yes", "yes", "no"], strict=True):
        services.vote_cast(user=member.user, session=session, nomination=motion, choice=choice)
    for member in members[4:]:
        _written(reviewer, session, motion, member)

    services.council_session_close(user=reviewer, session=session)

    motion.refresh_from_db()
    assert motion.status == Status.APPROVED  # 5 yes of 6 members reach 70 %
    assert "4 thành viên biểu quyết trực tiếp, 2 bằng văn bản" in motion.events.last().comment


def test_the_tally_counts_in_person_and_written_votes_apart(six, reviewer):
    members, session, motion = six
    services.vote_cast(user=members[0].user, session=session, nomination=motion, choice="yes")
    _written(reviewer, session, motion, members[5])

    tallied = selectors.session_tally(session=session).motions[0]

    assert (tallied.in_person, tallied.written, tallied.quorum_needed) == (1, 1, 4)
    assert not tallied.has_quorum


def test_the_session_page_shows_a_written_vote_and_who_entered_it(six, reviewer):
    members, session, motion = six
    vote = _written(reviewer, session, motion, members[5])

    html = _client(reviewer).get(session.get_absolute_url()).content.decode()

    assert "bằng văn bản, do p.reviewer nhập" in html
    assert reverse("commendations:vote_ballot", args=[vote.pk]) in html
    assert "danh sách thành viên có mặt đã được chốt" in html


def test_the_minutes_show_a_written_vote_its_ballot_and_who_entered_it(six, reviewer):
    members, session, motion = six
    services.vote_cast(user=members[0].user, session=session, nomination=motion, choice="yes")
    _written(reviewer, session, motion, members[5], choice="no")

    reader = PdfReader(io.BytesIO(minutes_pdf(session)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    assert "bằng văn bản, phiếu có chữ ký “phieu-bieu-quyet.pdf”, do p.reviewer nhập" in text
    assert "trực tiếp" in text
    assert "Biểu quyết trực tiếp: 1 (cần ít nhất 4), bằng văn bản: 1" in text


def test_a_council_member_downloads_the_signed_ballot(six, reviewer, council_member):
    members, session, motion = six
    vote = _written(reviewer, session, motion, members[5])

    response = _client(council_member).get(reverse("commendations:vote_ballot", args=[vote.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "phieu-bieu-quyet.pdf" in response["Content-Disposition"]


def test_an_in_person_vote_has_no_ballot_to_download(six, council_member):
    members, session, motion = six
    vote = services.vote_cast(
        user=members[0].user, session=session, nomination=motion, choice="yes"
    )

    response = _client(council_member).get(reverse("commendations:vote_ballot", args=[vote.pk]))

    assert response.status_code == 404


def test_the_secretary_enters_a_written_vote_with_its_ballot_on_the_session_page(six, reviewer):
    members, session, motion = six

    response = _client(reviewer).post(
        reverse("commendations:session_vote", args=[session.pk]),
        {
            "nomination": motion.pk,
            "member": members[5].pk,
            "choice": "yes",
            "ballot": pdf_upload("phieu-so-6.pdf"),
            "confirmed": "1",
        },
    )

    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.member, vote.written, vote.ballot_name) == (members[5], True, "phieu-so-6.pdf")


def test_the_admin_links_a_ballot_through_its_scoped_page_not_its_stored_path(six, reviewer):
    members, session, motion = six
    vote = _written(reviewer, session, motion, members[5])

    html = (
        _client(reviewer)
        .get(reverse("admin:commendations_vote_change", args=[vote.pk]))
        .content.decode()
    )

    assert reverse("commendations:vote_ballot", args=[vote.pk]) in html
    assert "commendations/ballots/" not in html
