"""Personas and settings shared by every test: the same people in every permission test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from pytest_django.fixtures import SettingsWrapper

from organizations.models import Person, Unit
from organizations.roles import Role
from organizations.services import membership_grant
from tests.factories import LocalityFactory, PersonFactory, UnitFactory, UserFactory

PASSWORD = "a-Str0ng-test-pass"


@pytest.fixture(autouse=True)
def _test_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    # Hash fast, serve static files without a collected manifest, keep uploads apart and
    # run background tasks at once.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class World:
    """A small sector: the ministry, two cities and one person per unit."""

    ministry: Unit
    hanoi_agency: Unit
    hanoi_office: Unit
    danang_agency: Unit
    danang_office: Unit
    danang_department: Unit
    hanoi_person: Person
    hanoi_office_person: Person
    danang_person: Person
    danang_department_person: Person


@pytest.fixture
def world(db: None) -> World:
    hanoi = LocalityFactory(code="HN", name="Hà Nội")
    danang = LocalityFactory(code="DN", name="Đà Nẵng")
    ministry = UnitFactory(code="BTP", name="Bộ Tư pháp", kind=Unit.Kind.MINISTRY)
    hanoi_agency = UnitFactory(
        code="THADS-HN",
        name="Thi hành án dân sự thành phố Hà Nội",
        locality=hanoi,
        parent=ministry,
    )
    hanoi_office = UnitFactory(
        code="THADS-HN-KV1",
        name="Phòng THADS khu vực 1 – Hà Nội",
        locality=hanoi,
        parent=hanoi_agency,
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
    )
    danang_agency = UnitFactory(
        code="THADS-DN",
        name="Thi hành án dân sự thành phố Đà Nẵng",
        locality=danang,
        parent=ministry,
    )
    danang_office = UnitFactory(
        code="THADS-DN-KV1",
        name="Phòng THADS khu vực 1 – Đà Nẵng",
        locality=danang,
        parent=danang_agency,
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
    )
    danang_department = UnitFactory(
        code="STP-DN",
        name="Sở Tư pháp thành phố Đà Nẵng",
        locality=danang,
        parent=ministry,
        kind=Unit.Kind.DEPARTMENT_OF_JUSTICE,
    )
    return World(
        ministry=ministry,
        hanoi_agency=hanoi_agency,
        hanoi_office=hanoi_office,
        danang_agency=danang_agency,
        danang_office=danang_office,
        danang_department=danang_department,
        hanoi_person=PersonFactory(full_name="Hà Nội Người Một", unit=hanoi_agency),
        hanoi_office_person=PersonFactory(full_name="Hà Nội Khu Vực", unit=hanoi_office),
        danang_person=PersonFactory(full_name="Đà Nẵng Người Một", unit=danang_agency),
        danang_department_person=PersonFactory(
            full_name="Đà Nẵng Sở Tư Pháp", unit=danang_department
        ),
    )


def make_persona(username: str, unit: Unit, role: Role) -> AbstractUser:
    """Create a staff user holding one role in one unit."""
    user = UserFactory(username=username)
    membership_grant(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def clerk_danang(world: World) -> AbstractUser:
    return make_persona("p.clerk.danang", world.danang_agency, Role.ENFORCEMENT_CLERK)


@pytest.fixture
def clerk_hanoi(world: World) -> AbstractUser:
    return make_persona("p.clerk.hanoi", world.hanoi_agency, Role.ENFORCEMENT_CLERK)


@pytest.fixture
def officer_danang(world: World) -> AbstractUser:
    return make_persona("p.officer.danang", world.danang_department, Role.EMULATION_OFFICER)


@pytest.fixture
def reviewer(world: World) -> AbstractUser:
    return make_persona("p.reviewer", world.ministry, Role.REVIEWER)


@pytest.fixture
def council_member(world: World) -> AbstractUser:
    return make_persona("p.council", world.ministry, Role.COUNCIL_MEMBER)


@pytest.fixture
def leader(world: World) -> AbstractUser:
    return make_persona("p.leader", world.ministry, Role.LEADER)


@pytest.fixture
def administrator(world: World) -> AbstractUser:
    return make_persona("p.admin", world.ministry, Role.ADMINISTRATOR)
