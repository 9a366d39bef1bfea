"""Eligibility for titles: every rule of the catalogue, its reasons, quotas and the language."""

from __future__ import annotations

import pytest
from django.utils import translation

from emulation.models import Level, TitleRule
from emulation.selectors import eligible_titles, title_eligibility, title_quota
from tests.emulation.factories import (
    IndicatorResultFactory,
    InitiativeFactory,
    award,
    locked_result,
    title,
)
from tests.factories import rate, staff

pytestmark = pytest.mark.django_db

YEAR = 2024


def _answer(code: str, *, person=None, unit=None, year: int = YEAR):
    with translation.override("en"):
        answers = title_eligibility(year=year, person=person, unit=unit)
    return next(answer for answer in answers if answer.title.code == code)


@pytest.fixture
def person(world):
    return world.danang_department_person


def test_three_grassroots_titles_in_a_row_and_a_ministry_initiative_make_a_ministry_fighter(
    person,
):
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2023, level=Level.MINISTRY)

    answer = _answer("ministry_emulation_fighter", person=person)

    assert answer.is_eligible
    assert answer.reasons == []


def test_a_person_one_year_short_is_told_which_year_is_missing(person):
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    InitiativeFactory(person=person, year=2024, level=Level.MINISTRY)

    answer = _answer("ministry_emulation_fighter", person=person)

    assert not answer.is_eligible
    assert answer.reasons == [
        "Needs the title “Grassroots Emulation Fighter” 3 times in a row (2022, 2023, 2024); "
        "missing for 2022."
    ]


def test_an_initiative_below_the_required_level_is_named_in_the_reason(person):
    award("grassroots_emulation_fighter", [2022, 2023, 2024], person=person)
    InitiativeFactory(person=person, year=2024, level=Level.GRASSROOTS, name="Sổ tay hòa giải")

    answer = _answer("ministry_emulation_fighter", person=person)

    assert answer.reasons == [
        "Needs an initiative recognised at ministry level or higher in 2022–2024; the highest "
        "recorded, “Sổ tay hòa giải”, is at grassroots level."
    ]


def test_an_initiative_older_than_the_window_does_not_count(person):
    award("advanced_worker", [2024], person=person)
    InitiativeFactory(person=person, year=2023)

    answer = _answer("grassroots_emulation_fighter", person=person)

    assert answer.reasons[0] == (
        "Needs an initiative recognised at grassroots level or higher in 2024; none is recorded."
    )


def test_grassroots_fighter_needs_advanced_worker_the_same_year(person):
    award("advanced_worker", [2023], person=person)
    InitiativeFactory(person=person, year=2024)

    answer = _answer("grassroots_emulation_fighter", person=person)

    assert answer.reasons[0] == "Needs the title “Advanced Worker” in 2024; it is not recorded."


def test_grassroots_fighters_are_capped_at_fifteen_percent_of_advanced_workers(world):
    people = staff(world.danang_department, 14)
    for member in people[:13]:
        award("advanced_worker", [YEAR], person=member)
    award("grassroots_emulation_fighter", [YEAR], person=people[0])
    candidate = people[1]
    InitiativeFactory(person=candidate, year=YEAR)

    answer = _answer("grassroots_emulation_fighter", person=candidate)

    # 15 % of 13 advanced workers is 1.95: one grassroots fighter, already awarded.
    assert (answer.quota.base_count, answer.quota.allowed, answer.quota.used) == (13, 1, 1)
    assert answer.reasons == [
        f"The quota is used up in {world.danang_department.name}: 1 of 1 allowed (15% of the 13 "
        "holders of “Advanced Worker”)."
    ]


def test_the_quota_leaves_room_until_it_is_full(world):
    people = staff(world.danang_department, 14)
    for member in people:
        award("advanced_worker", [YEAR], person=member)
    award("grassroots_emulation_fighter", [YEAR], person=people[0])
    InitiativeFactory(person=people[1], year=YEAR)

    answer = _answer("grassroots_emulation_fighter", person=people[1])

    assert (answer.quota.allowed, answer.quota.used) == (2, 1)
    assert answer.is_eligible


def test_quota_of_a_title_without_one_is_none(person):
    assert title_quota(title=title("advanced_worker"), year=YEAR, person=person) is None


def test_a_title_already_held_is_answered_as_awarded(person):
    award("advanced_worker", [YEAR], person=person)

    answer = _answer("advanced_worker", person=person)

    assert answer.is_held
    assert answer.held.year == YEAR


def test_conditions_checked_on_the_dossier_are_listed_apart_from_reasons(person):
    rate(person, [YEAR])

    answer = _answer("advanced_worker", person=person)

    assert answer.is_eligible
    assert len(answer.checks) == 1
    assert "abides by policy and law" in answer.checks[0].lower()


def test_more_than_half_advanced_workers_make_an_advanced_labour_collective(world):
    unit = world.danang_agency
    people = staff(unit, 4)  # with the world's own person: five members
    for member in people[:3]:
        award("advanced_worker", [YEAR], person=member)

    assert _answer("advanced_labour_collective", unit=unit).is_eligible


def test_exactly_half_is_not_more_than_half(world):
    unit = world.danang_agency
    people = staff(unit, 3)
    for member in people[:2]:
        award("advanced_worker", [YEAR], person=member)

    answer = _answer("advanced_labour_collective", unit=unit)

    assert answer.reasons == [
        "Needs more than 50% of its members holding “Advanced Worker” in 2024; 2 of 4 do (50%)."
    ]


def test_excellent_labour_collective_needs_seventy_percent_and_a_grassroots_fighter(world):
    unit = world.danang_agency
    people = staff(unit, 4)
    for member in people[:3]:
        award("advanced_worker", [YEAR], person=member)

    answer = _answer("excellent_labour_collective", unit=unit)

    assert answer.reasons == [
        "Needs at least 70% of its members holding “Advanced Worker” in 2024; 3 of 5 do (60%).",
        "Needs at least 1 member holding “Grassroots Emulation Fighter” in 2024; 0 does.",
    ]


def test_ministry_flag_goes_to_the_cluster_leader_once_the_ranking_is_final(cluster_world):
    locked_result(cluster_world.danang, cluster_world.documents, 60)
    locked_result(cluster_world.danang, cluster_world.access, 97)
    locked_result(cluster_world.hanoi, cluster_world.documents, 50)
    locked_result(cluster_world.hanoi, cluster_world.access, 96)

    leader = _answer("ministry_emulation_flag", unit=cluster_world.danang)
    second = _answer("ministry_emulation_flag", unit=cluster_world.hanoi)

    assert leader.is_eligible
    assert second.reasons == [
        "Ranks 2 of 2 in Cụm thi đua thử nghiệm (2024); only the leader qualifies."
    ]


def test_members_sharing_first_place_are_told_the_cluster_decides(cluster_world):
    for unit in (cluster_world.danang, cluster_world.hanoi):
        locked_result(unit, cluster_world.documents, 60)
        locked_result(unit, cluster_world.access, 95)

    answer = _answer("ministry_emulation_flag", unit=cluster_world.hanoi)

    assert answer.reasons == [
        "Shares first place in Cụm thi đua thử nghiệm (2024); the cluster decides between the "
        "leaders."
    ]


def test_ministry_flag_waits_for_a_final_ranking(cluster_world):
    locked_result(cluster_world.danang, cluster_world.documents, 60)
    IndicatorResultFactory(unit=cluster_world.danang, criterion=cluster_world.access, value=97)

    answer = _answer("ministry_emulation_flag", unit=cluster_world.danang)

    assert answer.reasons == [
        "The ranking of Cụm thi đua thử nghiệm (2024) is not final yet: 3 results are not locked."
    ]


def test_a_unit_outside_every_cluster_cannot_lead_one(world):
    answer = _answer("ministry_emulation_flag", unit=world.danang_agency)

    assert answer.reasons == ["Is not a member of any emulation cluster in 2024."]


def test_government_flag_needs_the_ministry_flag_of_the_same_year(world):
    unit = world.danang_agency
    award("ministry_emulation_flag", [2023], unit=unit)

    answer = _answer("government_emulation_flag", unit=unit)

    assert answer.reasons == [
        "Needs the title “Emulation Flag of the Ministry of Justice” in 2024; it is not recorded."
    ]


def test_national_fighter_needs_two_consecutive_ministry_titles(person):
    # Law on Emulation and Commendation 2022, Art. 21: two consecutive ministry-level titles.
    award("ministry_emulation_fighter", [2023, 2024], person=person)
    InitiativeFactory(person=person, year=2022, level=Level.NATIONAL)

    assert _answer("national_emulation_fighter", person=person).is_eligible


def test_national_fighter_with_ministry_titles_three_years_apart_is_told_the_missing_year(
    person,
):
    award("ministry_emulation_fighter", [2021, 2024], person=person)
    InitiativeFactory(person=person, year=2024, level=Level.NATIONAL)

    answer = _answer("national_emulation_fighter", person=person)

    assert answer.reasons == [
        "Needs the title “Ministry-level Emulation Fighter” 2 times in a row (2023, 2024); "
        "missing for 2023."
    ]


def test_reasons_are_written_in_the_users_language(person):
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    InitiativeFactory(person=person, year=2024, level=Level.MINISTRY)

    with translation.override("vi"):
        answers = title_eligibility(year=YEAR, person=person)
    answer = next(a for a in answers if a.title.code == "ministry_emulation_fighter")

    assert answer.reasons == [
        "Cần có danh hiệu “Chiến sĩ thi đua cơ sở” 3 lần liên tục (2022, 2023, 2024); còn "
        "thiếu năm 2022."
    ]


def test_a_rule_changed_by_an_administrator_changes_the_answer(person):
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    InitiativeFactory(person=person, year=2024, level=Level.MINISTRY)
    rule = title("ministry_emulation_fighter").rules.get(kind=TitleRule.Kind.CONSECUTIVE_TITLES)
    rule.count = 2
    rule.save()

    assert _answer("ministry_emulation_fighter", person=person).is_eligible


def test_a_title_no_longer_in_use_is_not_offered(person):
    retired = title("national_emulation_fighter")
    retired.is_active = False
    retired.save()

    codes = {answer.title.code for answer in title_eligibility(year=YEAR, person=person)}

    assert "national_emulation_fighter" not in codes


def test_people_are_offered_individual_titles_and_units_collective_ones(world, person):
    for_person = {a.title.recipient for a in title_eligibility(year=YEAR, person=person)}
    for_unit = {a.title.recipient for a in title_eligibility(year=YEAR, unit=world.danang_agency)}

    assert for_person == {"individual"}
    assert for_unit == {"collective"}


def test_eligible_titles_lists_what_the_person_may_be_proposed_for(world, person):
    # Seven advanced workers leave room for one grassroots fighter (15 % of 7 is 1.05).
    for member in [person, *staff(world.danang_department, 6)]:
        award("advanced_worker", [YEAR], person=member)
    InitiativeFactory(person=person, year=YEAR)

    codes = {t.code for t in eligible_titles(year=YEAR, person=person)}

    assert codes == {"grassroots_emulation_fighter"}


def test_asking_about_both_a_person_and_a_unit_is_a_programming_error(world, person):
    with pytest.raises(ValueError, match="exactly one"):
        title_eligibility(year=YEAR, person=person, unit=world.danang_agency)


def test_share_is_rounded_for_reading(world):
    unit = world.danang_agency
    people = staff(unit, 2)
    award("advanced_worker", [YEAR], person=people[0])

    answer = _answer("advanced_labour_collective", unit=unit)

    assert "1 of 3 do (33.33%)" in answer.reasons[0]
