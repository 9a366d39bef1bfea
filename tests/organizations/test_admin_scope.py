"""A user sees and changes only their units' records on every admin path."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from organizations.models import Person

pytestmark = pytest.mark.django_db


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_clerk_lists_only_people_of_own_city(world, clerk_danang):
    response = _client_for(clerk_danang).get(reverse("admin:organizations_person_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert world.danang_person.full_name in content
    assert world.hanoi_person.full_name not in content
    assert world.hanoi_office_person.full_name not in content


def test_clerk_scope_includes_descendant_units(world, clerk_hanoi):
    response = _client_for(clerk_hanoi).get(reverse("admin:organizations_person_changelist"))

    assert world.hanoi_office_person.full_name in response.content.decode()


def test_clerk_cannot_open_person_of_another_city(world, clerk_danang):
    url = reverse("admin:organizations_person_change", args=[world.hanoi_person.pk])

    response = _client_for(clerk_danang).get(url)

    assert response.status_code == 404


def test_clerk_cannot_open_unit_of_another_city(world, clerk_danang):
    url = reverse("admin:organizations_unit_change", args=[world.hanoi_agency.pk])

    assert _client_for(clerk_danang).get(url).status_code == 404


def test_clerk_cannot_read_history_of_another_city(world, clerk_danang):
    url = reverse("admin:organizations_person_history", args=[world.hanoi_person.pk])

    assert _client_for(clerk_danang).get(url).status_code == 404


def test_officer_cannot_change_person_of_another_city(world, officer_danang):
    url = reverse("admin:organizations_person_change", args=[world.hanoi_person.pk])

    response = _client_for(officer_danang).post(
        url,
        {"staff_code": "X", "full_name": "Changed", "unit": world.hanoi_agency.pk},
    )

    assert response.status_code == 404
    world.hanoi_person.refresh_from_db()
    assert world.hanoi_person.full_name == "Hà Nội Người Một"


def test_officer_cannot_move_own_person_into_another_city(world, officer_danang):
    person = world.danang_department_person
    url = reverse("admin:organizations_person_change", args=[person.pk])

    response = _client_for(officer_danang).post(
        url,
        {
            "staff_code": person.staff_code,
            "full_name": person.full_name,
            "unit": world.hanoi_agency.pk,
            "position": "",
            "email": "",
        },
    )

    assert response.status_code == 200  # the form comes back with an error
    assert "unit" in response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.unit == world.danang_department


def test_officer_changes_person_of_own_unit(world, officer_danang):
    person = world.danang_department_person
    url = reverse("admin:organizations_person_change", args=[person.pk])

    response = _client_for(officer_danang).post(
        url,
        {
            "staff_code": person.staff_code,
            "full_name": "Tên mới",
            "unit": person.unit_id,
            "position": "Chuyên viên chính",
            "email": "",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Tên mới"
    assert person.history.first().history_user == officer_danang


def test_clerk_export_holds_only_own_city(world, clerk_danang):
    url = reverse("admin:organizations_person_export")

    response = _client_for(clerk_danang).post(
        url,
        {
            "format": "0",
            "resource": "0",
            **{
                f"personresource_{field}": "on"
                for field in ("staff_code", "full_name", "unit__code", "position", "email")
            },
        },
    )

    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert world.danang_person.staff_code in content
    assert world.hanoi_person.staff_code not in content


def test_clerk_autocomplete_offers_only_own_units(world, clerk_danang):
    response = _client_for(clerk_danang).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "organizations",
            "model_name": "person",
            "field_name": "unit",
            "term": "Thi hành án",
        },
    )

    assert response.status_code == 200
    names = {result["text"] for result in response.json()["results"]}
    assert world.danang_agency.name in names
    assert world.hanoi_agency.name not in names


def test_leader_reads_people_of_every_city(world, leader):
    response = _client_for(leader).get(reverse("admin:organizations_person_changelist"))

    content = response.content.decode()
    assert world.hanoi_person.full_name in content
    assert world.danang_person.full_name in content


def test_leader_opens_any_person_read_only(world, leader):
    url = reverse("admin:organizations_person_change", args=[world.hanoi_person.pk])

    response = _client_for(leader).get(url)

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_leader_cannot_change_a_person(world, leader):
    url = reverse("admin:organizations_person_change", args=[world.hanoi_person.pk])

    response = _client_for(leader).post(
        url, {"staff_code": "X", "full_name": "Changed", "unit": world.hanoi_agency.pk}
    )

    assert response.status_code == 403
    assert Person.objects.get(pk=world.hanoi_person.pk).full_name == "Hà Nội Người Một"


def test_leader_cannot_add_a_unit(world, leader):
    response = _client_for(leader).post(
        reverse("admin:organizations_unit_add"),
        {"code": "NEW", "name": "New", "kind": "other", "valid_from": "01/01/2025"},
    )

    assert response.status_code == 403


def test_clerk_cannot_add_people(world, clerk_danang):
    response = _client_for(clerk_danang).get(reverse("admin:organizations_person_add"))

    assert response.status_code == 403


def test_reviewer_at_ministry_sees_every_unit(world, reviewer):
    response = _client_for(reviewer).get(reverse("admin:organizations_unit_changelist"))

    content = response.content.decode()
    assert world.hanoi_agency.name in content
    assert world.danang_agency.name in content
