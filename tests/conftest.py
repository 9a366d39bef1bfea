"""Personas, settings and the demo shared by every test: the same people in every test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import SettingsWrapper

from commendations.demo import load_commendations
from emulation.demo import load_emulation
from enforcement.demo import load_enforcement
from organizations.demo import load_organizations
from organizations.models import Person, Unit
from organizations.roles import Role
from tests.factories import (
    LocalityFactory,
    PersonFactory,
    UnitFactory,
    ensure_reference_data,
    make_persona,
)


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


@pytest.fixture(autouse=True)
def _interface_language() -> Iterator[None]:
    # Every test starts in the interface's language, whatever a request of an earlier test
    # (served in this thread, by the language middleware) left active.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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


@pytest.fixture
def hanoi_department(world: World) -> Unit:
    return UnitFactory(
        code="STP-HN",
        name="Sở Tư pháp thành phố Hà Nội",
        locality=world.hanoi_agency.locality,
        parent=world.ministry,
        kind=Unit.Kind.DEPARTMENT_OF_JUSTICE,
    )


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


@dataclass(frozen=True)
class Demo:
    """What each app's demo loader returned when the session loaded the demo."""

    enforcement: dict[str, object]
    emulation: dict[str, object]
    commendations: dict[str, object]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests on the shared demo together and last, in whatever order they came."""
    # The demo is committed once for all of them; no other test may see its rows.
    on_demo = [item for item in items if "loaded_demo" in getattr(item, "fixturenames", ())]
    if on_demo:
        others = [item for item in items if "loaded_demo" not in getattr(item, "fixturenames", ())]
        items[:] = [*others, *on_demo]


@pytest.fixture(scope="session")
def _demo_database(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Demo, Path]]:
    """Load the whole demo once, committed, with its files in a folder of the session.

    Keeping 400,000 rows in an open outer transaction would make PostgreSQL re-check their
    deferred foreign keys at the end of every test; committing them is much cheaper.
    """
    media = tmp_path_factory.mktemp("demo") / "media"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        # A transactional test run earlier may have flushed the catalogues the demo names.
        ensure_reference_data()
        try:
            load_organizations()
            demo = Demo(
                enforcement=load_enforcement(),
                emulation=load_emulation(),
                commendations=load_commendations(),
            )
            yield demo, media
        finally:
            # Nothing runs after these tests; only a database kept for the next run needs
            # emptying (and its catalogues back).
            if request.config.getoption("reuse_db"):
                call_command("flush", interactive=False, verbosity=0)
                ensure_reference_data()


@pytest.fixture
def loaded_demo(
    _demo_database: tuple[Demo, Path], _test_settings: None, settings: SettingsWrapper
) -> Demo:
    """Return the session's demo, with a copy of its files for this test to change at will."""
    demo, media = _demo_database
    if media.exists():
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return demo
