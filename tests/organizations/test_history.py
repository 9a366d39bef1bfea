"""Every change to our models is kept with who and when, and readable from the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_change_is_recorded_with_its_author(world, administrator):
    unit = world.danang_department
    client = Client()
    client.force_login(administrator)

    client.post(
        reverse("admin:organizations_unit_change", args=[unit.pk]),
        {
            "code": unit.code,
            "name": "Sở Tư pháp TP Đà Nẵng (mới)",
            "short_name": "",
            "kind": unit.kind,
            "locality": unit.locality_id,
            "parent": unit.parent_id,
            "valid_from": "01/01/2000",
            "valid_to": "",
            "successor": "",
        },
    )

    latest = unit.history.first()
    assert latest.name == "Sở Tư pháp TP Đà Nẵng (mới)"
    assert latest.history_user == administrator
    assert latest.history_type == "~"


def test_history_page_shows_the_change_and_its_author(world, administrator):
    person = world.danang_person
    person.full_name = "Tên đã sửa"
    person._history_user = administrator
    person.save()
    client = Client()
    client.force_login(administrator)

    content = client.get(
        reverse("admin:organizations_person_history", args=[person.pk])
    ).content.decode()

    assert administrator.username in content
    assert "Tên đã sửa" in content or "Đà Nẵng Người Một" in content


def test_leader_reads_history_of_any_unit(world, leader):
    client = Client()
    client.force_login(leader)

    response = client.get(
        reverse("admin:organizations_person_history", args=[world.hanoi_person.pk])
    )

    assert response.status_code == 200


def test_history_shows_an_empty_reference_as_a_dash_not_as_a_deleted_record(world, administrator):
    unit = world.danang_office
    unit.successor = world.danang_agency
    unit._history_user = administrator
    unit.save()
    client = Client()
    client.force_login(administrator)

    content = client.get(
        reverse("admin:organizations_unit_history", args=[unit.pk])
    ).content.decode()

    assert "pk=None" not in content
    assert world.danang_agency.name in content
