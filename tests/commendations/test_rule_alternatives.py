"""Award forms' conditions in alternatives: the law's paths, sentences, refusals of circles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from commendations.models import AwardForm, AwardFormRule
from commendations.selectors import proposal_eligibility
from emulation.selectors.alternatives import rules_description
from tests.emulation.factories import InitiativeFactory, award
from tests.factories import rate

pytestmark = pytest.mark.django_db
YEAR = 2024


def _form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def _answer(person, code: str):
    with translation.override("en"):
        return proposal_eligibility(year=YEAR, person=person, award_form=_form(code))


def test_the_ministers_certificate_reads_as_two_cases_for_individuals():
    rules = [r for r in _form("minister_certificate").rules.all() if r.applies(individual=True)]

    with translation.override("en"):
        lines = rules_description(rules)

    assert lines[0] == "One of the following cases:"
    assert lines[1].startswith("(a) Holds “Grassroots Emulation Fighter” 2 years in a row.")
    assert lines[2].startswith(
        "(b) Rated “completed tasks excellently” or better 2 years in a row."
    )
    assert "Art. 74(1)(d)" in lines[2]


def test_two_years_rated_excellent_with_two_initiatives_make_the_ministers_certificate(world):
    person = world.danang_person
    rate(person, [2023, 2024], grade="excellent")
    InitiativeFactory(person=person, year=2023)
    InitiativeFactory(person=person, year=2024)

    answer = _answer(person, "minister_certificate")

    assert answer.is_eligible
    assert [a.is_met for a in answer.alternatives] == [False, True]


def test_two_consecutive_grassroots_fighter_titles_are_the_other_path(world):
    person = world.danang_person
    award("grassroots_emulation_fighter", [2023, 2024], person=person)

    answer = _answer(person, "minister_certificate")

    assert answer.is_eligible
    assert [a.is_met for a in answer.alternatives] == [True, False]


def test_one_initiative_short_names_what_each_case_lacks(world):
    person = world.danang_person
    rate(person, [2023, 2024], grade="excellent")
    InitiativeFactory(person=person, year=2024)

    answer = _answer(person, "minister_certificate")

    assert not answer.is_eligible
    assert answer.reasons[0] == "None of the cases is met:"
    assert answer.reasons[2] == (
        "(b) Needs 2 initiatives recognised at grassroots level or higher in 2023–2024; 1 is "
        "recorded."
    )


def test_a_rule_requiring_its_own_award_form_is_refused():
    form = _form("minister_certificate")
    rule = AwardFormRule(
        award_form=form, kind=AwardFormRule.Kind.PRIOR_AWARD, required_award_form=form, count=5
    )

    with pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert "required_award_form" in refused.value.error_dict
    assert not AwardFormRule.objects.filter(award_form=form, required_award_form=form).exists()


def test_award_forms_requiring_each_other_in_a_circle_are_refused():
    # The Prime Minister's certificate already requires the Minister's.
    rule = AwardFormRule(
        award_form=_form("minister_certificate"),
        kind=AwardFormRule.Kind.PRIOR_AWARD_AT_LEAST,
        required_award_form=_form("prime_minister_certificate"),
        count=1,
    )

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert "go round in a circle" in refused.value.error_dict["required_award_form"][0].message


def test_the_award_form_admin_shows_the_conditions_with_their_articles(administrator):
    client = Client()
    client.force_login(administrator)
    form = _form("prime_minister_certificate")

    response = client.get(reverse("admin:commendations_awardform_change", args=[form.pk]))

    assert response.status_code == 200
    assert "Điều 73 khoản 1 điểm c" in response.content.decode()
    assert 'name="rules-0-alternative"' in response.content.decode()
