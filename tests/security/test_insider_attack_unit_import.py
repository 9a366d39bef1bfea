"""A units file changes only the units its importer may change; it cannot move others.

Reproduced as the administrator of Đà Nẵng's enforcement agency (a membership in a city,
not at the ministry): a units file whose row names Hà Nội's agency with Đà Nẵng as its
parent was applied, Hà Nội's agency moved under Đà Nẵng, and with it every case, person
and nomination of Hà Nội fell inside the Đà Nẵng administrator's units. A row naming a
stored unit outside the importer's units is now an error of that row.
"""

from __future__ import annotations

import contextlib

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from organizations.models import ImportJob, Unit
from organizations.roles import Role
from organizations.scoping import unit_in_scope
from tests.conftest import World
from tests.factories import make_persona
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Đơn vị cấp trên", "Hiệu lực từ"]
AGENCY = str(Unit.Kind.ENFORCEMENT_AGENCY.label)
OFFICE = str(Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE.label)


@pytest.fixture
def danang_administrator(world: World) -> AbstractUser:
    return make_persona("p.admin.dn", world.danang_agency, Role.ADMINISTRATOR)


def _import(tmp_path, user: AbstractUser, rows: list[list[str]]) -> ImportJob:
    path = write_csv(tmp_path / "units.csv", [HEADERS, *rows])
    with contextlib.suppress(CommandError):
        call_command("import_data", "unit", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def test_city_administrator_cannot_move_another_citys_unit_under_their_own(
    world, danang_administrator, tmp_path
):
    job = _import(
        tmp_path,
        danang_administrator,
        [["THADS-HN", "Thi hành án dân sự thành phố Hà Nội", AGENCY, "THADS-DN", "01/01/2020"]],
    )

    assert job.status == ImportJob.Status.INVALID
    assert [problem["row"] for problem in job.report["problems"]] == [2]
    world.hanoi_agency.refresh_from_db()
    assert world.hanoi_agency.parent == world.ministry
    assert not unit_in_scope(
        danang_administrator, world.hanoi_agency.pk, "organizations.change_unit"
    )


def test_city_administrator_cannot_rename_the_ministry(world, danang_administrator, tmp_path):
    job = _import(
        tmp_path,
        danang_administrator,
        [["BTP", "Bộ Giả mạo", str(Unit.Kind.MINISTRY.label), "", "01/01/2020"]],
    )

    assert job.status == ImportJob.Status.INVALID
    world.ministry.refresh_from_db()
    assert world.ministry.name == "Bộ Tư pháp"


def test_city_administrator_still_imports_a_new_office_of_their_agency(
    world, danang_administrator, tmp_path
):
    job = _import(
        tmp_path,
        danang_administrator,
        [["THADS-DN-KV2", "Phòng THADS khu vực 2 – Đà Nẵng", OFFICE, "THADS-DN", "01/07/2025"]],
    )

    assert job.status == ImportJob.Status.DONE, job.report
    assert Unit.objects.get(code="THADS-DN-KV2").parent == world.danang_agency


def _unit_form(unit: Unit, **changes: str) -> dict[str, str]:
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "locality": str(unit.locality_id or ""),
        "parent": str(unit.parent_id or ""),
        "valid_from": unit.valid_from.strftime("%d/%m/%Y"),
        "valid_to": "",
        "successor": "",
    }
    data.update(changes)
    return data


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_city_administrator_cannot_make_one_of_their_units_a_ministry(world, danang_administrator):
    # A membership in a ministry-level unit covers every unit: with the office made a
    # ministry, a membership there would make the city's administrator the sector's.
    url = reverse("admin:organizations_unit_change", args=[world.danang_office.pk])

    response = _client(danang_administrator).post(
        url, _unit_form(world.danang_office, kind=Unit.Kind.MINISTRY)
    )

    assert response.status_code == 200
    assert "kind" in response.context["adminform"].form.errors
    world.danang_office.refresh_from_db()
    assert world.danang_office.kind == Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE


def test_city_administrator_cannot_add_a_ministry_under_their_unit(world, danang_administrator):
    template = Unit(
        code="BTP-2",
        name="Bộ thứ hai",
        kind=Unit.Kind.MINISTRY,
        parent=world.danang_agency,
        valid_from=world.danang_agency.valid_from,
    )

    response = _client(danang_administrator).post(
        reverse("admin:organizations_unit_add"), _unit_form(template)
    )

    assert response.status_code == 200
    assert not Unit.objects.filter(code="BTP-2").exists()


def test_city_administrator_cannot_import_a_ministry_under_their_unit(
    world, danang_administrator, tmp_path
):
    job = _import(
        tmp_path,
        danang_administrator,
        [["BTP-2", "Bộ thứ hai", str(Unit.Kind.MINISTRY.label), "THADS-DN", "01/07/2025"]],
    )

    assert job.status == ImportJob.Status.INVALID
    assert not Unit.objects.filter(code="BTP-2").exists()


def test_city_administrator_still_renames_an_office_of_their_agency(world, danang_administrator):
    url = reverse("admin:organizations_unit_change", args=[world.danang_office.pk])

    response = _client(danang_administrator).post(
        url, _unit_form(world.danang_office, name="Phòng THADS khu vực 1 (mới)")
    )

    assert response.status_code == 302
    world.danang_office.refresh_from_db()
    assert world.danang_office.name == "Phòng THADS khu vực 1 (mới)"


def test_a_unit_cannot_be_placed_under_one_of_its_own_offices(world, danang_administrator):
    url = reverse("admin:organizations_unit_change", args=[world.danang_office.pk])
    office = Unit.objects.create(
        code="THADS-DN-KV1-A",
        name="Tổ thi hành án khu vực 1A",
        kind=Unit.Kind.OTHER,
        parent=world.danang_office,
        valid_from=world.danang_office.valid_from,
    )

    response = _client(danang_administrator).post(
        url, _unit_form(world.danang_office, parent=str(office.pk))
    )

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    world.danang_office.refresh_from_db()
    assert world.danang_office.parent == world.danang_agency
