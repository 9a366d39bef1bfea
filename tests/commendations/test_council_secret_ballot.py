"""Council settings and secret ballot: quorum and thresholds as data, tallies without names.

Rules: the quorum is a setting of the council and the threshold one of the title or award
form; a motion put to the vote takes the secret ballot of its proposal, and then no page,
admin list, history, export or minutes shows a member's vote by name, only the tally; a
member corrects an in-person vote until the motion closes; a written vote stays as signed.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.admin import site as admin_site
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commendations import selectors, services
from commendations.documents.minutes import minutes_pdf
from commendations.models import Council, Nomination, Vote
from tests.commendations.factories import (
    award_form,
    council_members,
    make_council,
    nomination_in,
    open_session,
    pdf_upload,
)
from tests.emulation.factories import title

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _members(council):
    return list(council.members.order_by("order"))


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def secret_form():
    """The Minister's certificate, voted by secret ballot at 60 % (settings, not code)."""
    form = award_form()
    form.secret_ballot = True
    form.council_vote_threshold = Decimal(60)
    form.save()
    return form


@pytest.fixture
def five(world, officer_danang, reviewer, secret_form):
    """A council of five named members, four present, and a secret motion put to it."""
    users = council_members(world.ministry, 5, prefix="p.secret")
    for user, name in zip(users, ["An", "Bình", "Cường", "Dung", "Em"], strict=True):
        user.first_name = f"Ủy viên {name}"
        user.save()
    council = make_council(world.ministry, users)
    members = _members(council)
    session = open_session(council, present=members[:4])
    recommended = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    services.nomination_put_to_vote(user=reviewer, nomination=recommended, session=session)
    recommended.refresh_from_db()
    return members, session, recommended


def _vote(members, session, motion, choices):
    for member, choice in zip(members, choices, strict=False):
        services.vote_cast(user=member.user, session=session, nomination=motion, choice=choice)


def test_the_law_asks_a_secret_ballot_and_90_percent_for_emulation_fighters():
    for code in ("ministry_emulation_fighter", "national_emulation_fighter"):
        fighter = title(code)
        assert (fighter.secret_ballot, fighter.council_vote_threshold) == (True, 90)
        assert "Điều 45 Nghị định 91/2017/NĐ-CP" in fighter.council_basis
    assert not title("advanced_worker").secret_ballot


def test_a_motion_takes_the_secret_ballot_of_its_award_form_when_put_to_the_vote(five):
    motion = five[2]

    assert motion.secret_ballot


def test_a_later_change_of_the_setting_does_not_reveal_a_motion_by_secret_ballot(five, secret_form):
    members, session, motion = five
    _vote(members, session, motion, ["yes"])
    secret_form.secret_ballot = False
    secret_form.save()

    motion.refresh_from_db()
    assert motion.secret_ballot
    assert selectors.session_tally(session=session).motions[0].secret


def test_the_tally_of_a_secret_ballot_counts_every_vote(five, reviewer):
    members, session, motion = five
    _vote(members, session, motion, ["yes", "yes", "no", "abstain"])
    services.vote_cast(
        user=reviewer,
        session=session,
        nomination=motion,
        choice="yes",
        member=members[4],
        ballot=pdf_upload("phieu-em.pdf"),
    )

    tally = selectors.session_tally(session=session)
    motion_tally = tally.motions[0]
    assert (motion_tally.yes, motion_tally.no, motion_tally.abstain) == (3, 1, 1)
    assert motion_tally.yes_needed == 3  # 60 % of five members
    assert tally.passes(motion_tally)

    services.council_session_close(user=reviewer, session=session)

    motion.refresh_from_db()
    assert motion.status == Status.APPROVED
    comment = motion.events.order_by("-pk").first().comment
    assert "Ủy viên" not in comment


def test_the_session_page_shows_who_voted_but_not_how(five):
    members, session, motion = five
    _vote(members, session, motion, ["yes", "no"])

    page = _client(members[2].user).get(session.get_absolute_url()).content.decode()

    assert "Ủy viên An" in page  # presence and participation are public
    assert "commendations-secret-ballot" in page
    assert "commendations-vote-yes" not in page
    assert "commendations-vote-no" not in page


def test_the_tally_of_an_open_secret_ballot_is_withheld_until_the_motion_closes(
    five, leader, reviewer
):
    # Beside who has voted, a live tally would give away each new vote to whoever reloads.
    members, session, motion = five
    client = _client(leader)
    _vote(members, session, motion, ["yes", "yes"])
    before = client.get(session.get_absolute_url()).content.decode()
    _vote(members[2:], session, motion, ["no", "abstain"])
    after = client.get(session.get_absolute_url()).content.decode()

    for page in (before, after):
        assert "commendations-sealed-tally" in page
        assert "Đồng ý:" not in page and "Không đồng ý:" not in page
        assert "Thông qua" not in page
    minutes = _pdf_text(minutes_pdf(session))
    assert "đồng ý 2" not in minutes.lower()
    admin_page = _client(reviewer).get(
        reverse("admin:commendations_councilsession_change", args=[session.pk])
    )
    assert "đồng ý 2" not in admin_page.content.decode().lower()

    services.council_session_close(user=reviewer, session=session)

    closed = client.get(session.get_absolute_url()).content.decode()
    assert "commendations-sealed-tally" not in closed
    assert "Đồng ý: 2" in closed and "Không đồng ý: 1" in closed


def test_a_member_is_not_shown_their_own_secret_vote_by_name(five):
    members, session, motion = five
    _vote(members, session, motion, ["no"])

    page = _client(members[0].user).get(session.get_absolute_url()).content.decode()

    assert "Bạn đã biểu quyết “không đồng ý”" not in page
    assert "commendations-vote-no" not in page


@pytest.mark.parametrize("parameter", ["voters=1", "by_name=1", "member=1"])
def test_asking_the_session_page_for_voters_of_a_secret_ballot_is_refused(five, parameter):
    members, session, motion = five
    _vote(members, session, motion, ["yes"])

    response = _client(members[1].user).get(f"{session.get_absolute_url()}?{parameter}")

    assert response.status_code == 403
    assert "commendations-ballot" not in response.content.decode()


def test_asking_the_minutes_for_voters_of_a_secret_ballot_is_refused(five):
    members, session, motion = five
    _vote(members, session, motion, ["yes"])
    url = reverse("commendations:session_minutes", args=[session.pk])

    response = _client(members[1].user).get(f"{url}?voters=1")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_the_minutes_of_a_secret_ballot_give_the_tally_without_names_of_votes(five, reviewer):
    members, session, motion = five
    _vote(members, session, motion, ["yes", "yes", "no", "abstain"])
    services.council_session_close(user=reviewer, session=session)

    text = _pdf_text(minutes_pdf(session))

    assert "Ủy viên An" in text  # the members present are named, as the law asks
    assert "Đồng ý 2, không đồng ý 1, không biểu quyết 1" in text.replace("Không", "không")
    assert "đồng ý" not in text.split("Ủy viên An", 2)[-1].split("Ủy viên Bình")[0].lower()


def test_the_minutes_of_an_open_ballot_still_list_who_voted_how(five, world, officer_danang):
    members, session, _secret = five
    open_motion = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        person=world.danang_person,
        proposal=award_form("unit_head_letter"),
        created_by=officer_danang,
        session=session,
    )
    _vote(members, session, open_motion, ["no"])

    text = _pdf_text(minutes_pdf(session))

    assert "Ủy viên An không đồng ý trực tiếp" in text


def test_the_admin_lists_no_vote_of_a_secret_ballot(five, administrator):
    members, session, motion = five
    _vote(members, session, motion, ["yes", "no"])
    vote = Vote.objects.filter(nomination=motion).first()
    client = _client(administrator)

    listing = client.get(reverse("admin:commendations_vote_changelist")).content.decode()
    change = client.get(reverse("admin:commendations_vote_change", args=[vote.pk]))
    history = client.get(reverse("admin:commendations_vote_history", args=[vote.pk]))
    session_page = client.get(
        reverse("admin:commendations_councilsession_change", args=[session.pk])
    ).content.decode()

    assert "Ủy viên An" not in listing
    assert (change.status_code, history.status_code) == (404, 404)
    assert "Ủy viên An ·" not in session_page
    # An open secret ballot's tally waits for the motion to close (see the sealed tally).
    assert "đồng ý 1" not in session_page.lower()


def test_the_export_of_votes_leaves_out_a_secret_ballot(
    five, world, officer_danang, administrator, rf
):
    members, session, motion = five
    open_motion = nomination_in(
        Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        person=world.danang_person,
        proposal=award_form("unit_head_letter"),
        created_by=officer_danang,
        session=session,
    )
    _vote(members, session, motion, ["yes"])
    _vote(members, session, open_motion, ["no"])
    model_admin = admin_site._registry[Vote]
    request = rf.get(reverse("admin:commendations_vote_export"))
    request.user = administrator

    exported = model_admin.get_export_queryset(request)

    assert [vote.nomination_id for vote in exported] == [open_motion.pk]


def test_the_signed_ballot_of_a_secret_written_vote_is_not_sent(five, reviewer):
    members, session, motion = five
    vote = services.vote_cast(
        user=reviewer,
        session=session,
        nomination=motion,
        choice="no",
        member=members[4],
        ballot=pdf_upload("phieu-em.pdf"),
    )

    response = _client(reviewer).get(reverse("commendations:vote_ballot", args=[vote.pk]))

    assert response.status_code == 404


def test_a_member_corrects_a_vote_until_the_motion_closes(five, reviewer):
    members, session, motion = five
    _vote(members, session, motion, ["yes", "yes", "yes"])

    services.vote_cast(user=members[0].user, session=session, nomination=motion, choice="no")

    assert Vote.objects.get(member=members[0]).choice == "no"
    assert Vote.objects.filter(nomination=motion).count() == 3


def test_a_correction_after_the_motion_closed_is_refused(five, reviewer):
    members, session, motion = five
    _vote(members, session, motion, ["yes", "yes", "yes", "yes"])
    services.council_session_close(user=reviewer, session=session)

    with pytest.raises(ValidationError) as refused:
        services.vote_cast(user=members[0].user, session=session, nomination=motion, choice="no")

    assert refused.value.code == "session_closed"
    assert Vote.objects.get(member=members[0]).choice == "yes"


def test_a_written_vote_stays_as_the_absent_member_signed_it(five, reviewer):
    members, session, motion = five
    services.vote_cast(
        user=reviewer,
        session=session,
        nomination=motion,
        choice="yes",
        member=members[4],
        ballot=pdf_upload("phieu-em.pdf"),
    )

    with pytest.raises(ValidationError) as refused:
        services.vote_cast(
            user=reviewer,
            session=session,
            nomination=motion,
            choice="no",
            member=members[4],
            ballot=pdf_upload("phieu-em-2.pdf"),
        )

    assert refused.value.code == "written_vote_final"
    assert Vote.objects.get(member=members[4]).choice == "yes"


def test_correcting_on_the_page_changes_the_tally(five):
    members, session, motion = five
    client = _client(members[0].user)
    url = reverse("commendations:session_vote", args=[session.pk])
    client.post(url, {"nomination": motion.pk, "choice": "yes", "confirmed": "1"})

    client.post(url, {"nomination": motion.pk, "choice": "no", "confirmed": "1"})

    motion_tally = selectors.session_tally(session=session).motions[0]
    assert (motion_tally.yes, motion_tally.no) == (0, 1)


def test_the_threshold_is_read_from_the_award_form(five, secret_form):
    members, session, motion = five
    _vote(members, session, motion, ["yes", "yes", "yes", "no"])
    assert selectors.session_tally(session=session).passes(
        selectors.session_tally(session=session).motions[0]
    )

    secret_form.council_vote_threshold = Decimal(80)
    secret_form.save()

    tally = selectors.session_tally(session=session)
    assert tally.motions[0].yes_needed == 4
    assert not tally.passes(tally.motions[0])


def test_the_quorum_is_read_from_the_council(five):
    session = five[1]
    council = session.council
    assert selectors.session_tally(session=session).quorum_needed == 4  # 66.67 % of five

    council.quorum_percent = Decimal(80)
    council.save()
    assert selectors.session_tally(session=session).quorum_needed == 4
    council.quorum_percent = Decimal("80.01")
    council.save()

    tally = selectors.session_tally(session=session)
    assert tally.quorum_needed == 5
    assert not tally.has_quorum


@pytest.mark.parametrize("quorum", ["0", "-5", "100.5", "150"])
def test_a_quorum_out_of_range_is_refused_in_the_admin(world, administrator, quorum):
    council = make_council(world.ministry, council_members(world.ministry, 3, prefix="p.q"))
    url = reverse("admin:commendations_council_change", args=[council.pk])
    client = _client(administrator)
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "unit": council.unit_id,
            "quorum_percent": quorum,
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "quorum_percent" in response.context["adminform"].form.errors
    assert Council.objects.get(pk=council.pk).quorum_percent == Decimal("66.67")


def test_a_quorum_out_of_range_is_refused_by_the_model(world):
    council = Council(name="Hội đồng", unit=world.ministry, quorum_percent=Decimal(0))

    with pytest.raises(ValidationError) as refused:
        council.full_clean()

    assert "quorum_percent" in refused.value.message_dict


@pytest.mark.parametrize("threshold", ["0", "100.01"])
def test_a_threshold_out_of_range_is_refused(threshold):
    form = award_form()
    form.council_vote_threshold = Decimal(threshold)

    with pytest.raises(ValidationError) as refused:
        form.full_clean()

    assert "council_vote_threshold" in refused.value.message_dict
