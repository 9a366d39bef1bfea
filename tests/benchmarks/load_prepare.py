"""The load run's database: a million cases, the demo, the load users and a queue of nominations.

Everything here runs in the load run's own process with Django set up on the run's database.
The database is kept between runs: once it holds the cases asked for (checked by a count),
later runs only refresh the load users and top up the reviewers' queue.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import psycopg
from axes.utils import reset
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from psycopg import sql

from commendations import services as commendation_services
from commendations.demo_dossier import dossier_complete
from commendations.models import AwardForm, Nomination
from emulation.models import Title, TitleAward
from emulation.services import title_award_confer
from enforcement.models import EnforcementCase
from organizations.models import Membership, Person, Unit
from organizations.roles import Role
from organizations.services import membership_grant, membership_revoke
from tests.benchmarks.million import add_provinces, generate_cases

# The demo numbers each unit's decisions from 1 every year; generated cases start far past it.
FIRST_GENERATED_NUMBER = 1_000_001
NOMINATION_YEAR = 2024
# Clerks are spread over the five cities with demo history and some provinces.
CLERK_UNITS = [
    "THADS-HN",
    "THADS-HCM",
    "THADS-DN",
    "THADS-HP",
    "THADS-CT",
    "THADS-P01",
    "THADS-P02",
    "THADS-P03",
]
NOMINEE_UNITS = ["STP-HN", "STP-HCM", "STP-DN", "STP-HP", "STP-CT", "THADS-HN", "THADS-DN"]
# On the national database (``--national``): the agencies of the six centrally-run cities and
# two provinces, and regional offices of the two largest cities, where most cases lie.
NATIONAL_CLERK_UNITS = [
    "THADS-HN",
    "THADS-HCM",
    "THADS-DN",
    "THADS-HP",
    "THADS-CT",
    "THADS-HUE",
    "THADS-HN-KV1",
    "THADS-HCM-KV1",
]
NATIONAL_NOMINEE_UNITS = ["THADS-HN", "THADS-HCM", "THADS-DN", "THADS-HP", "THADS-CT"]
OFFICER = "load.officer"
QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"


@dataclass(frozen=True)
class LoadUser:
    """A signed-in user of the run: their login, role and what they do."""

    username: str
    role: Role
    unit_code: str

    @property
    def kind(self) -> str:
        """Return what the user does in the run: ``clerk``, ``reviewer`` or ``leader``."""
        return {
            Role.ENFORCEMENT_CLERK: "clerk",
            Role.REVIEWER: "reviewer",
            Role.LEADER: "leader",
        }[self.role]


def load_users(count: int, clerk_units: list[str] = CLERK_UNITS) -> list[LoadUser]:
    """Return the run's users: three in five clerks, one in five reviewers, one in five leaders."""
    reviewers = max(1, count // 5)
    leaders = max(1, count // 5) if count > 2 else 0
    clerks = max(0, count - reviewers - leaders)
    users = [
        LoadUser(f"load.clerk.{n:02d}", Role.ENFORCEMENT_CLERK, clerk_units[n % len(clerk_units)])
        for n in range(1, clerks + 1)
    ]
    users += [
        LoadUser(f"load.reviewer.{n:02d}", Role.REVIEWER, "BTP") for n in range(1, reviewers + 1)
    ]
    users += [LoadUser(f"load.leader.{n:02d}", Role.LEADER, "BTP") for n in range(1, leaders + 1)]
    return users


def ensure_database(*, host: str, port: int, user: str, name: str) -> bool:
    """Create the run's database unless it exists; tell whether it was created."""
    with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def case_count() -> int:
    """Count the cases (the check that the database is populated)."""
    return EnforcementCase.objects.count()


def populate(*, cases: int) -> None:
    """Migrate, load the demo and generate cases until the database holds ``cases``."""
    call_command("migrate", "--noinput", verbosity=0)
    if case_count() >= cases:
        return
    started = time.perf_counter()
    # The demo's 2024 and 2025 of the five cities (400,000 cases), loaded once: a second
    # load would find its units' case counts changed by the generated cases and reload them.
    with override_settings(EMAIL_BACKEND=QUIET_MAIL):
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    add_provinces()
    missing = cases - case_count()
    if missing > 0:
        generate_cases(missing, first_number=FIRST_GENERATED_NUMBER)
    print(f"Populated {case_count():,} cases in {time.perf_counter() - started:.0f} s", flush=True)


def populate_national() -> int | None:
    """Migrate the national database; return its cases, or None when it is not built yet.

    It is built by ``national_run --build-only`` (see ``national``), never here: the run
    only adds its users and nominations to it.
    """
    from tests.benchmarks.national import built_cases

    call_command("migrate", "--noinput", verbosity=0)
    return built_cases()


def prepare_users(users: list[LoadUser], password: str) -> None:
    """Create or refresh the load users with one role each, all with this run's password."""
    model = get_user_model()
    hashed = make_password(password)
    wanted = [*users, LoadUser(OFFICER, Role.EMULATION_OFFICER, "BTP")]
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in={u.unit_code for u in wanted})
    }
    with transaction.atomic():
        for load_user in wanted:
            user, _created = model.objects.get_or_create(username=load_user.username)
            user.first_name = f"Người dùng tải {load_user.username.split('.', 1)[1]}"
            user.is_staff = True
            user.is_active = True
            user.password = hashed
            user.save()
            unit = units[load_user.unit_code]
            for stale in Membership.objects.filter(user=user).exclude(
                unit=unit, role=load_user.role
            ):
                membership_revoke(membership=stale)
            membership_grant(user=user, unit=unit, role=load_user.role)
    # Earlier runs' failed logins must not lock anybody out (django-axes).
    for load_user in wanted:
        reset(username=load_user.username)


def _nominee(officer: AbstractBaseUser, number: int, units: list[Unit], advanced: Title) -> Person:
    unit = units[number % len(units)]
    person, _created = Person.objects.get_or_create(
        staff_code=f"LOAD-{number:05d}",
        defaults={
            "full_name": f"Cán bộ thử tải {number:05d}",
            "unit": unit,
            "position": "Chuyên viên",
        },
    )
    if not TitleAward.objects.filter(person=person, title=advanced, year=NOMINATION_YEAR).exists():
        title_award_confer(
            title=advanced,
            year=NOMINATION_YEAR,
            person=person,
            decision_number=f"{number}/QĐ-LOAD",
        )
    return person


def top_up_nominations(target: int, nominee_units: list[str] = NOMINEE_UNITS) -> int:
    """Make at least ``target`` nominations wait in the queue; return how many wait.

    Each is a unit head's Letter of Commendation for a member of staff who was an Advanced
    Worker in 2024, drafted and submitted by the load officer through the services. Returned
    nominations of earlier runs are submitted again first.
    """
    officer = get_user_model().objects.get(username=OFFICER)
    letter = AwardForm.objects.get(code="unit_head_letter")
    advanced = Title.objects.get(code="advanced_worker")
    units = list(Unit.objects.filter(code__in=nominee_units).order_by("code"))
    # Each kind's PDF is made once and attached to every nomination.
    dossier: dict[str, bytes] = {}
    with override_settings(EMAIL_BACKEND=QUIET_MAIL):
        returned = Nomination.objects.filter(
            created_by=officer, status=Nomination.Status.RETURNED
        ).order_by("pk")
        for nomination in returned:
            commendation_services.nomination_submit(user=officer, nomination=nomination)
        waiting = Nomination.objects.filter(status=Nomination.Status.SUBMITTED).count()
        number = Person.objects.filter(staff_code__startswith="LOAD-").count()
        while waiting < target:
            with transaction.atomic():
                for _ in range(min(100, target - waiting)):
                    number += 1
                    person = _nominee(officer, number, units, advanced)
                    nomination = commendation_services.nomination_create(
                        user=officer,
                        year=NOMINATION_YEAR,
                        nominating_unit=person.unit,
                        person=person,
                        award_form=letter,
                        achievements=(
                            "Hoàn thành xuất sắc nhiệm vụ năm 2024; đạt danh hiệu Lao động "
                            "tiên tiến."
                        ),
                    )
                    dossier_complete(
                        user=officer,
                        nomination=nomination,
                        lines=["Hồ sơ của lần chạy thử tải."],
                        made=dossier,
                    )
                    commendation_services.nomination_submit(user=officer, nomination=nomination)
                    waiting += 1
    return waiting


def analyse() -> None:
    """Refresh the planner's statistics of the tables the run reads most."""
    with connection.cursor() as cursor:
        for table in ("commendations_nomination", "commendations_nominationevent"):
            cursor.execute(f"ANALYZE {table}")
