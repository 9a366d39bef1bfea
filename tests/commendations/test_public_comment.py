"""Public comment: national forms are published for five working days before the council votes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commendations import selectors, services
from commendations.models import AwardForm, Nomination, PublicComment, PublicHoliday
from emulation.models import Level, Title
from organizations.roles import Role
from tests.commendations.factories import make_council, nomination_in, open_session
from tests.commendations.levels_setup import level_form, national_form, set_today
from tests.factories import UserFactory, ensure_reference_data, make_persona

pytestmark = pytest.mark.django_db
Status = Nomination.Status
MONDAY = datetime.date(2025, 3, 3)


@pytest.fixture
def recommended(world, officer_danang):
    """Đà Nẵng's department proposed for a national form, recommended by the ministry."""
    return nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        person=world.danang_department_person,
        created_by=officer_danang,
        proposal=national_form(),
    )


@pytest.fixture
def ministry_session(world, council_member):
    return open_session(make_council(world.ministry, [council_member]))


def test_the_law_catalogue_asks_comment_of_national_titles_and_the_prime_ministers_certificate(db):
    ensure_reference_data()

    assert Title.objects.get(code="national_emulation_fighter").public_comment_days == 5
    assert AwardForm.objects.get(code="prime_minister_certificate").public_comment_days == 5
    assert Title.objects.get(code="advanced_worker").public_comment_days == 0
    assert AwardForm.objects.get(code="minister_certificate").public_comment_days == 0


def test_five_working_days_skip_the_weekend_and_the_holidays_of_the_data(db):
    # Friday 24/04/2026; 27/04 (Hùng Kings, moved), 30/04 and 01/05 are holidays of the data.
    first, last = selectors.working_days_from(datetime.date(2026, 4, 24), 5)

    assert (first, last) == (datetime.date(2026, 4, 24), datetime.date(2026, 5, 5))


def test_a_holiday_the_administrator_adds_lengthens_the_period(db):
    before = selectors.working_days_from(MONDAY, 5)
    PublicHoliday.objects.create(date=datetime.date(2025, 3, 5), name="Nghỉ đột xuất")

    after = selectors.working_days_from(MONDAY, 5)

    assert before == (MONDAY, datetime.date(2025, 3, 7))
    assert after == (MONDAY, datetime.date(2025, 3, 10))


def test_a_period_published_on_a_saturday_starts_on_monday(db):
    first, last = selectors.working_days_from(datetime.date(2025, 3, 1), 5)

    assert (first, last) == (MONDAY, datetime.date(2025, 3, 7))


def test_the_council_cannot_vote_before_the_nomination_is_published(
    recommended, reviewer, ministry_session, monkeypatch
):
    set_today(monkeypatch, MONDAY)

    with pytest.raises(ValidationError) as refused:
        services.nomination_put_to_vote(
            user=reviewer, nomination=recommended, session=ministry_session
        )

    assert refused.value.code == "public_comment"
    recommended.refresh_from_db()
    assert recommended.status == Status.RECOMMENDED
    assert recommended.council_session is None


def test_the_secretariat_publishes_and_the_council_votes_only_after_the_period(
    recommended, reviewer, ministry_session, monkeypatch
):
    set_today(monkeypatch, MONDAY)
    services.public_comment_open(user=reviewer, nomination=recommended)
    recommended.refresh_from_db()
    assert (recommended.comment_from, recommended.comment_until) == (
        MONDAY,
        datetime.date(2025, 3, 7),
    )
    assert recommended.events.filter(actor=reviewer, to_status=Status.RECOMMENDED).exists()

    set_today(monkeypatch, datetime.date(2025, 3, 7))
    with pytest.raises(ValidationError):
        services.nomination_put_to_vote(
            user=reviewer, nomination=recommended, session=ministry_session
        )

    set_today(monkeypatch, datetime.date(2025, 3, 10))
    services.nomination_put_to_vote(user=reviewer, nomination=recommended, session=ministry_session)
    recommended.refresh_from_db()
    assert recommended.status == Status.COUNCIL_VOTE


def test_a_form_without_comment_goes_to_the_vote_at_once(
    world, officer_danang, reviewer, ministry_session
):
    nomination = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        proposal=level_form(Level.MINISTRY),
    )

    services.nomination_put_to_vote(user=reviewer, nomination=nomination, session=ministry_session)

    nomination.refresh_from_db()
    assert nomination.status == Status.COUNCIL_VOTE


def test_a_lower_council_votes_without_comment_before_it_submits_upwards(world, officer_danang):
    make_council(world.danang_department, [officer_danang])
    nomination = nomination_in(
        Status.RECOMMENDED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        proposal=national_form(),
    )

    assert not selectors.comment_required(nomination)


def test_publishing_twice_is_refused(recommended, reviewer, monkeypatch):
    set_today(monkeypatch, MONDAY)
    services.public_comment_open(user=reviewer, nomination=recommended)

    with pytest.raises(ValidationError):
        services.public_comment_open(user=reviewer, nomination=recommended)


def test_a_unit_officer_cannot_publish(recommended, officer_danang, monkeypatch):
    set_today(monkeypatch, MONDAY)

    with pytest.raises(PermissionDenied):
        services.public_comment_open(user=officer_danang, nomination=recommended)

    recommended.refresh_from_db()
    assert recommended.comment_from is None


def test_a_user_of_another_city_comments_and_the_comment_is_recorded(
    recommended, reviewer, clerk_hanoi, monkeypatch
):
    set_today(monkeypatch, MONDAY)
    services.public_comment_open(user=reviewer, nomination=recommended)

    comment = services.public_comment_add(
        user=clerk_hanoi, nomination=recommended, text="  Đồng chí có nhiều đóng góp.  "
    )

    assert comment.author == clerk_hanoi
    assert comment.text == "Đồng chí có nhiều đóng góp."
    assert comment.at is not None


def test_the_nominee_cannot_comment_on_their_own_nomination(
    world, recommended, reviewer, monkeypatch
):
    nominee = make_persona("p.nominee", world.danang_department, Role.EMULATION_OFFICER)
    world.danang_department_person.user = nominee
    world.danang_department_person.save()
    set_today(monkeypatch, MONDAY)
    services.public_comment_open(user=reviewer, nomination=recommended)

    with pytest.raises(PermissionDenied):
        services.public_comment_add(user=nominee, nomination=recommended, text="Tôi xứng đáng.")

    assert not PublicComment.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 4001])
def test_an_empty_or_overlong_comment_is_refused(
    recommended, reviewer, clerk_hanoi, monkeypatch, text
):
    set_today(monkeypatch, MONDAY)
    services.public_comment_open(user=reviewer, nomination=recommended)

    with pytest.raises(ValidationError):
        services.public_comment_add(user=clerk_hanoi, nomination=recommended, text=text)

    assert not PublicComment.objects.exists()


def test_a_comment_after_the_period_is_refused(recommended, reviewer, clerk_hanoi, monkeypatch):
    set_today(monkeypatch, MONDAY)
    services.public_comment_open(user=reviewer, nomination=recommended)
    set_today(monkeypatch, datetime.date(2025, 3, 10))

    with pytest.raises(ValidationError) as refused:
        services.public_comment_add(user=clerk_hanoi, nomination=recommended, text="Muộn.")

    assert "07/03/2025" in " ".join(refused.value.messages)
    assert not PublicComment.objects.exists()


def test_a_comment_on_an_unpublished_nomination_is_refused(recommended, clerk_hanoi):
    with pytest.raises(ValidationError):
        services.public_comment_add(user=clerk_hanoi, nomination=recommended, text="Sớm.")


def test_an_account_outside_the_sector_cannot_comment(recommended, reviewer, monkeypatch):
    set_today(monkeypatch, MONDAY)
    services.public_comment_open(user=reviewer, nomination=recommended)

    with pytest.raises(PermissionDenied):
        services.public_comment_add(
            user=UserFactory(username="p.outsider"), nomination=recommended, text="Ý kiến."
        )
