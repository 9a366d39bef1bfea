"""Searches ignore diacritics and case, keep their scope and rank exact matches first."""

from __future__ import annotations

import unicodedata

import pytest
from django.test import Client
from django.urls import reverse

from commendations.models import Nomination
from organizations.folding import search_keys, strip_diacritics
from organizations.imports.values import fold
from tests.commendations.factories import nomination_in
from tests.factories import PersonFactory

PEOPLE = reverse("admin:organizations_person_changelist")
NOMINATIONS = reverse("admin:commendations_nomination_changelist")
AUTOCOMPLETE = reverse("admin:autocomplete")


def _listed(user, url: str, term: str) -> list:
    client = Client()
    client.force_login(user)
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_strip_diacritics_leaves_the_letters_and_their_case():
    assert strip_diacritics("Đặng Thị Ánh Ðào") == "Dang Thi Anh Dao"
    assert strip_diacritics(unicodedata.normalize("NFD", "Nguyễn ưởng")) == "Nguyen uong"
    assert strip_diacritics("15/QĐ-CTHADS") == "15/QD-CTHADS"


def test_the_imports_fold_strips_diacritics_as_the_search_does():
    assert fold("  Chấp hành viên  trung-cấp ") == "chap hanh vien trung cap"
    assert fold("Ðội") == "doi"


@pytest.mark.django_db
def test_the_database_folds_words_as_python_strips_them():
    words = ["Hoàng Thị Trung", unicodedata.normalize("NFD", "Hoàng Thị Trung"), "đ", "x_%"]

    assert search_keys(words) == ["HOANG THI TRUNG", "HOANG THI TRUNG", "D", "X_%"]


@pytest.mark.django_db
def test_people_are_found_without_accents_exact_name_first(world, administrator):
    PersonFactory(full_name="Hoàng Thị Trung Anh", unit=world.hanoi_agency)
    exact = PersonFactory(full_name="Hoàng Thị Trung", unit=world.hanoi_agency)
    PersonFactory(full_name="Hoàng Thị Lan", unit=world.hanoi_agency)

    found = _listed(administrator, PEOPLE, "hoang thi trung")

    assert [person.full_name for person in found] == ["Hoàng Thị Trung", "Hoàng Thị Trung Anh"]
    assert found[0] == exact


@pytest.mark.django_db
def test_people_are_found_by_staff_code_in_any_case(world, administrator):
    person = PersonFactory(staff_code="CB-ĐN-007", unit=world.danang_agency)

    assert _listed(administrator, PEOPLE, "cb-dn-007") == [person]


@pytest.mark.django_db
def test_people_search_keeps_the_users_scope(world, officer_danang):
    # The officer's department sees its own staff, not the Hà Nội or the agency's people.
    assert [person.full_name for person in _listed(officer_danang, PEOPLE, "nguoi")] == []
    found = _listed(officer_danang, PEOPLE, "da nang")

    assert [person.full_name for person in found] == ["Đà Nẵng Sở Tư Pháp"]


@pytest.mark.django_db
def test_person_autocomplete_finds_names_typed_without_accents(world, administrator):
    client = Client()
    client.force_login(administrator)

    response = client.get(
        AUTOCOMPLETE,
        {
            "term": "da nang nguoi",
            "app_label": "commendations",
            "model_name": "nomination",
            "field_name": "person",
        },
    )

    assert [row["text"] for row in response.json()["results"]] == ["Đà Nẵng Người Một"]


@pytest.mark.django_db
def test_nominations_are_found_by_nominee_and_unit_without_accents(world, administrator):
    person = nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.danang_agency,
        created_by=administrator,
        person=world.danang_person,
    )
    collective = nomination_in(
        Nomination.Status.SUBMITTED,
        nominating_unit=world.danang_department,
        created_by=administrator,
        unit=world.danang_department,
    )

    assert _listed(administrator, NOMINATIONS, "DA NANG nguoi mot") == [person]
    assert _listed(administrator, NOMINATIONS, "so tu phap") == [collective]
    assert set(_listed(administrator, NOMINATIONS, "đà nẵng")) == {person, collective}
