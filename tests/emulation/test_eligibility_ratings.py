"""Eligibility reads the staff record: ratings, months of service, discipline and its end."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from commendations.models import AwardForm
from commendations.selectors import proposal_eligibility
from emulation.selectors import title_eligibility
from organizations.models import Discipline, QualityRating
from tests.emulation.factories import InitiativeFactory, award
from tests.factories import DisciplineFactory, rate

pytestmark = pytest.mark.django_db

YEAR = 2024


def _answer(code: str, *, person=None, unit=None, year: int = YEAR):
    with translation.override("en"):
        answers = title_eligibility(year=year, person=person, unit=unit)
    return next(answer for answer in answers if answer.title.code == code)


@pytest.fixture
def person(world):
    return world.danang_department_person


def test_advanced_worker_rated_good_with_a_full_year_is_eligible_and_told_what_is_met(person):
    rate(person, [YEAR], QualityRating.Grade.GOOD)

    answer = _answer("advanced_worker", person=person)

    assert answer.is_eligible
    assert answer.met == [
        "No penalty or investigation runs in 2024 or now.",
        "Rated “completed tasks well” in 2024.",
        "12 months of service in 2024.",
    ]


def test_advanced_worker_rated_only_completed_is_told_the_rating_is_short(person):
    rate(person, [YEAR], QualityRating.Grade.COMPLETED)

    answer = _answer("advanced_worker", person=person)

    assert not answer.is_eligible
    assert answer.reasons == [
        "Needs a quality rating of “completed tasks well” or better in 2024; rated "
        "“completed tasks”."
    ]
    assert "12 months of service in 2024." in answer.met


def test_advanced_worker_without_a_rating_is_told_none_is_recorded(person):
    answer = _answer("advanced_worker", person=person)

    assert answer.reasons == [
        "Needs a quality rating of “completed tasks well” or better in 2024; none is recorded."
    ]


def test_an_excellent_rating_meets_the_good_requirement(person):
    rate(person, [YEAR], QualityRating.Grade.EXCELLENT)

    assert _answer("advanced_worker", person=person).is_eligible


@pytest.mark.parametrize(
    ("hired_on", "eligible"),
    [(datetime.date(2024, 3, 1), True), (datetime.date(2024, 3, 2), False)],
)
def test_advanced_worker_needs_ten_months_of_service_in_the_year(person, hired_on, eligible):
    person.hired_on = hired_on
    person.save()
    rate(person, [YEAR])

    answer = _answer("advanced_worker", person=person)

    assert answer.is_eligible is eligible
    if not eligible:
        assert answer.reasons == ["Needs at least 10 months of service in 2024; 9 on record."]


def test_a_penalty_running_in_the_year_refuses_every_title(person):
    rate(person, [YEAR], QualityRating.Grade.EXCELLENT)
    award("advanced_worker", [YEAR], person=person)
    InitiativeFactory(person=person, year=YEAR)
    DisciplineFactory(
        person=person,
        kind=Discipline.Kind.REPRIMAND,
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2025, 8, 31),
        decision_number="7/QĐ-KL",
    )

    answer = _answer("grassroots_emulation_fighter", person=person)

    assert not answer.is_eligible
    assert answer.reasons[0] == (
        "“reprimand” from 01/09/2024 to 31/08/2025 (decision 7/QĐ-KL) runs in 2024: nobody is "
        "considered for a title or an award while it does."
    )
    # The title and the initiative it needs are on record: only the penalty (and the quota
    # of a one-person unit) stand in the way.
    assert not any("Needs" in reason for reason in answer.reasons)
    assert not any(
        answer.is_eligible
        for answer in title_eligibility(year=YEAR, person=person)
        if not answer.is_held
    )


def test_an_open_investigation_refuses_the_titles_of_an_earlier_year_while_it_runs(person):
    rate(person, [YEAR])
    DisciplineFactory(
        person=person,
        kind=Discipline.Kind.INVESTIGATION,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=None,
        decision_number="3/TB-KT",
    )

    answer = _answer("advanced_worker", person=person)

    assert not answer.is_eligible
    assert "still runs" in answer.reasons[0]
    assert "3/TB-KT" in answer.reasons[0]


def test_a_closed_investigation_in_another_year_neither_blocks_nor_resets_the_count(person):
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2023, level="ministry")
    DisciplineFactory(
        person=person,
        kind=Discipline.Kind.INVESTIGATION,
        starts_on=datetime.date(2021, 2, 1),
        ends_on=datetime.date(2021, 6, 30),
    )

    assert _answer("ministry_emulation_fighter", person=person).is_eligible


def test_achievements_before_a_penalty_ended_are_not_counted(person):
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2023, level="ministry")
    DisciplineFactory(
        person=person,
        kind=Discipline.Kind.WARNING,
        starts_on=datetime.date(2021, 11, 1),
        ends_on=datetime.date(2022, 10, 31),
        decision_number="9/QĐ-KL",
    )

    answer = _answer("ministry_emulation_fighter", person=person)

    assert not answer.is_eligible
    assert answer.reasons == [
        "Needs the title “Grassroots Emulation Fighter” 3 times in a row (2022, 2023, 2024); "
        "missing for 2022.",
        "Achievements before 2023 are not counted: the penalty “warning” (decision 9/QĐ-KL) "
        "ended on 31/10/2022.",
    ]


def test_a_penalty_that_ended_before_the_counted_years_changes_nothing(person):
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2023, level="ministry")
    DisciplineFactory(
        person=person,
        starts_on=datetime.date(2020, 11, 1),
        ends_on=datetime.date(2021, 10, 31),
    )

    assert _answer("ministry_emulation_fighter", person=person).is_eligible


def test_an_award_form_is_refused_while_a_penalty_runs(person):
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    DisciplineFactory(
        person=person, starts_on=datetime.date(2024, 6, 1), ends_on=datetime.date(2025, 5, 31)
    )

    with translation.override("en"):
        result = proposal_eligibility(
            year=YEAR,
            person=person,
            award_form=AwardForm.objects.get(code="minister_certificate"),
        )

    assert not result.is_eligible
    assert result.reasons[0].startswith("“reprimand” from 01/06/2024 to 31/05/2025")


def test_an_award_form_counts_titles_only_after_a_penalty_ended(person):
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    DisciplineFactory(
        person=person, starts_on=datetime.date(2022, 6, 1), ends_on=datetime.date(2023, 5, 31)
    )
    form = AwardForm.objects.get(code="minister_certificate")

    with translation.override("en"):
        result = proposal_eligibility(year=YEAR, person=person, award_form=form)

    # Neither case of the Minister's certificate holds: the titles' one misses 2023, the
    # ratings' one has no rating nor initiative.
    assert not result.is_eligible
    assert result.reasons[0] == "None of the cases is met:"
    assert result.reasons[1].startswith("(a) ") and "missing for 2023" in result.reasons[1]
    assert result.reasons[2].startswith("(b) ")
    assert result.reasons[-1].startswith("Achievements before 2024 are not counted")


def test_a_collective_title_reads_the_collectives_own_rating(world):
    from emulation.models import Title, TitleRule

    collective = Title.objects.get(code="advanced_labour_collective")
    TitleRule.objects.create(
        title=collective, kind=TitleRule.Kind.QUALITY_RATING, min_rating="good", count=1
    )
    QualityRating(
        year=YEAR, unit=world.danang_department, grade="excellent", decision_number="1/QĐ"
    ).save()

    answer = _answer("advanced_labour_collective", unit=world.danang_department)

    assert "Rated “completed tasks excellently” in 2024." in answer.met


def test_the_eligibility_page_lists_what_is_met_and_what_is_missing(person, officer_danang):
    rate(person, [YEAR], QualityRating.Grade.COMPLETED)
    client = Client()
    client.force_login(officer_danang)

    response = client.get(
        reverse("emulation:eligibility"), {"year": YEAR, "person": person.staff_code}
    )

    assert response.status_code == 200
    content = response.content.decode()
    with translation.override("vi"):
        met = gettext("{months} months of service in {year}.").format(months=12, year=YEAR)
        missing = gettext(
            "Needs a quality rating of “{required}” or better in {year}; rated “{grade}”."
        ).format(
            required=QualityRating.Grade.GOOD.label,
            year=YEAR,
            grade=QualityRating.Grade.COMPLETED.label,
        )
    assert met in content
    assert missing.replace("“", "&ldquo;") in content or missing in content
