"""Postings: people transferred keep their history; collective titles count a year's members."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from emulation.selectors import title_eligibility
from organizations.models import Person, Posting, Unit, UnitVersion
from organizations.selectors import unit_members_during
from organizations.services import person_transfer
from tests.emulation.factories import award
from tests.factories import PersonFactory, UnitFactory, staff

pytestmark = pytest.mark.django_db

MOVED_ON = datetime.date(2025, 3, 1)
opening = importlib.import_module("organizations.migrations.0007_opening_versions_and_postings")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answer(code: str, *, unit: Unit, year: int):
    with translation.override("en"):
        answers = title_eligibility(year=year, unit=unit)
    return next(answer for answer in answers if answer.title.code == code)


def test_a_transfer_closes_the_current_posting_and_moves_the_person(world, administrator):
    person = world.danang_person

    posting = person_transfer(
        person=person, unit=world.danang_office, on=MOVED_ON, user=administrator
    )

    person.refresh_from_db()
    assert person.unit == world.danang_office
    assert list(person.postings.values_list("unit__code", "valid_from", "valid_to")) == [
        ("THADS-DN", world.danang_agency.valid_from, datetime.date(2025, 2, 28)),
        ("THADS-DN-KV1", MOVED_ON, None),
    ]
    assert posting.history.get().history_user == administrator


def test_a_second_transfer_keeps_every_earlier_posting(world, administrator):
    person = world.danang_person
    person_transfer(person=person, unit=world.danang_office, on=MOVED_ON, user=administrator)
    person_transfer(
        person=person, unit=world.danang_agency, on=datetime.date(2025, 9, 1), user=administrator
    )

    assert person.postings.count() == 3
    assert person.postings.filter(valid_to__isnull=True).get().unit == world.danang_agency


def test_members_during_a_year_follow_the_postings(world, administrator):
    person = world.danang_person
    person_transfer(person=person, unit=world.danang_office, on=MOVED_ON, user=administrator)

    in_2024 = unit_members_during(
        world.danang_agency, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    )
    in_2026 = unit_members_during(
        world.danang_agency, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    )
    assert person in in_2024
    assert person not in in_2026
    # The year of the transfer counts them in both units.
    assert person in unit_members_during(
        world.danang_office, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    )


def test_member_share_counts_the_members_of_the_year_under_review(world, administrator):
    unit = world.danang_agency
    people = staff(unit, 3)  # with the world's own person: four members in 2024
    for member in people[:2]:
        award("advanced_worker", [2024], person=member)
    # Early in 2025 one of the members without the title leaves: two of three would be
    # more than half today, but in 2024 two of four were not.
    person_transfer(person=people[2], unit=world.danang_office, on=MOVED_ON, user=administrator)

    answer = _answer("advanced_labour_collective", unit=unit, year=2024)

    assert answer.reasons == [
        "Needs more than 50% of its members holding “Advanced Worker” in 2024; 2 of 4 do (50%)."
    ]


def test_a_holder_transferred_away_still_counts_for_the_year_they_served(world, administrator):
    unit = world.danang_agency
    people = staff(unit, 4)  # five members in 2024
    for member in people[:3]:
        award("advanced_worker", [2024], person=member)
    person_transfer(person=people[0], unit=world.danang_office, on=MOVED_ON, user=administrator)

    assert _answer("advanced_labour_collective", unit=unit, year=2024).is_eligible


# --- Bad input ----------------------------------------------------------------------------


def _refused(person: Person, user, field: str, *, unit: Unit, on: datetime.date) -> None:
    postings = list(Posting.objects.values_list("pk", "unit_id", "valid_to"))
    with pytest.raises(ValidationError) as caught:
        person_transfer(person=person, unit=unit, on=on, user=user)
    assert field in caught.value.message_dict
    assert list(Posting.objects.values_list("pk", "unit_id", "valid_to")) == postings
    assert Person.objects.get(pk=person.pk).unit_id == person.unit_id


def test_a_transfer_dated_in_the_future_is_refused(world, administrator):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    _refused(
        world.danang_person, administrator, "valid_from", unit=world.danang_office, on=tomorrow
    )


def test_a_transfer_before_the_current_posting_began_is_refused(world, administrator):
    person = world.danang_person
    person_transfer(person=person, unit=world.danang_office, on=MOVED_ON, user=administrator)
    person.refresh_from_db()

    _refused(
        person, administrator, "valid_from", unit=world.danang_agency, on=datetime.date(2025, 1, 1)
    )


def test_a_transfer_to_the_same_unit_is_refused(world, administrator):
    _refused(world.danang_person, administrator, "unit", unit=world.danang_agency, on=MOVED_ON)


def test_a_transfer_to_a_unit_that_did_not_exist_yet_is_refused(world, administrator):
    later = UnitFactory(code="NEW", parent=world.ministry, valid_from=datetime.date(2025, 7, 1))
    _refused(world.danang_person, administrator, "unit", unit=later, on=MOVED_ON)


def test_an_officer_cannot_move_a_person_out_of_their_units(world, officer_danang):
    with pytest.raises(PermissionDenied):
        person_transfer(
            person=world.hanoi_person,
            unit=world.danang_department,
            on=MOVED_ON,
            user=officer_danang,
        )
    assert not Posting.objects.exists()


# --- Admin --------------------------------------------------------------------------------


def _person_form(person: Person, **posting) -> dict[str, object]:
    data = {
        "staff_code": person.staff_code,
        "full_name": person.full_name,
        "unit": person.unit_id,
        "position": person.position,
        "email": person.email,
        "postings-TOTAL_FORMS": 1,
        "postings-INITIAL_FORMS": 0,
        "postings-MIN_NUM_FORMS": 0,
        "postings-MAX_NUM_FORMS": 1000,
    }
    data.update({f"postings-0-{key}": value for key, value in posting.items()})
    return data


def test_an_officer_transfers_a_person_through_the_admin_page(world, officer_danang):
    person = world.danang_department_person
    office = UnitFactory(code="STP-DN-P1", parent=world.danang_department)
    url = reverse("admin:organizations_person_change", args=[person.pk])

    response = _client(officer_danang).post(
        url, _person_form(person, unit=office.pk, valid_from="01/03/2025")
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.unit == office
    assert person.postings.count() == 2


def test_the_admin_page_refuses_a_transfer_in_the_future(world, officer_danang):
    person = world.danang_department_person
    office = UnitFactory(code="STP-DN-P1", parent=world.danang_department)
    url = reverse("admin:organizations_person_change", args=[person.pk])
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    response = _client(officer_danang).post(
        url, _person_form(person, unit=office.pk, valid_from=tomorrow)
    )

    assert response.status_code == 200
    assert not Posting.objects.exists()
    assert Person.objects.get(pk=person.pk).unit == world.danang_department


def test_correcting_a_persons_unit_corrects_their_open_posting(world, officer_danang):
    person = world.danang_department_person
    Posting.objects.create(person=person, unit=person.unit, valid_from=datetime.date(2020, 1, 1))
    office = UnitFactory(code="STP-DN-P1", parent=world.danang_department)
    url = reverse("admin:organizations_person_change", args=[person.pk])
    data = {key: value for key, value in _person_form(person).items() if "postings" not in key}
    data["unit"] = office.pk

    response = _client(officer_danang).post(url, data)

    assert response.status_code == 302
    assert person.postings.get().unit == office


# --- Data migration -----------------------------------------------------------------------


def test_the_data_migration_opens_a_version_per_unit_and_a_posting_per_person(world):
    later = UnitFactory(code="LATE", parent=world.ministry, valid_from=datetime.date(2025, 7, 1))
    newcomer = PersonFactory(unit=later)

    opening.open_versions_and_postings(apps, None)
    opening.open_versions_and_postings(apps, None)  # a second run adds nothing

    assert UnitVersion.objects.count() == Unit.objects.count()
    assert later.versions.get().valid_from == datetime.date(2025, 7, 1)
    assert Posting.objects.count() == Person.objects.count()
    assert newcomer.postings.get().valid_from == datetime.date(2025, 7, 1)

    opening.remove_versions_and_postings(apps, None)

    assert not UnitVersion.objects.exists() and not Posting.objects.exists()
