"""The demo gives each path of the award forms a real example, read by the eligibility service."""

from __future__ import annotations

import pytest
from django.utils import translation

from commendations.models import AwardForm
from commendations.selectors import proposal_eligibility
from organizations.models import Person
from tests.conftest import Demo

pytestmark = pytest.mark.django_db


def _answer(staff_code: str, form_code: str):
    with translation.override("en"):
        return proposal_eligibility(
            year=2024,
            person=Person.objects.get(staff_code=staff_code),
            award_form=AwardForm.objects.get(code=form_code),
        )


def test_a_demo_person_qualifies_for_the_ministers_certificate_by_the_rating_path_alone(
    loaded_demo: Demo,
):
    answer = _answer("HN-STP-003", "minister_certificate")

    titles_path, ratings_path = answer.alternatives
    assert answer.is_eligible
    assert not titles_path.is_met
    assert titles_path.missing == [
        "Needs the title “Grassroots Emulation Fighter” 2 years in a row (2023–2024); "
        "missing for 2023."
    ]
    assert ratings_path.is_met
    assert "Rated “completed tasks excellently” or better in 2023, 2024." in ratings_path.met


def test_a_demo_person_is_refused_the_prime_ministers_certificate_naming_each_condition(
    loaded_demo: Demo,
):
    answer = _answer("DN-STP-003", "prime_minister_certificate")

    assert not answer.is_eligible
    assert answer.reasons == [
        "Needs “Certificate of Merit of the Minister of Justice” received in 2019 or earlier "
        "(5 years before 2024); none is recorded.",
        "Needs a quality rating of “completed tasks excellently” or better 5 years in a row "
        "(2020, 2021, 2022, 2023, 2024); missing for 2020, 2021.",
        "Needs 5 initiatives recognised at grassroots level or higher in 2020–2024; 2 are "
        "recorded.",
    ]
