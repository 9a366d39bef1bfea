"""Imports under faults and concurrency, on PostgreSQL: killed workers, two imports at once."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.db import connection, connections, transaction
from django.utils import timezone

from enforcement.models import EnforcementCase
from organizations.demo import load_organizations
from organizations.imports.services import import_job_create, import_job_run_through
from organizations.jobs import jobs_fail_stale
from organizations.models import ImportJob, Unit
from tests.benchmarks.casefile import write_case_csv
from tests.imports.helpers import write_csv

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "sqlite" in settings.DATABASES["default"]["ENGINE"],
        reason="a second process and row locks on the same database need PostgreSQL (DATABASE_URL)",
    ),
]


def _child_environment(tmp_path: Path) -> dict[str, str]:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "localhost",
        "SECRET_KEY": "tests-only-" + "x" * 50,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def _copying_backend() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND query LIKE 'COPY enforcement_%%' AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_an_import_killed_while_writing_leaves_nothing_and_its_job_fails(tmp_path):
    load_organizations()
    path = write_case_csv(tmp_path / "cases.csv", 40_000)
    child = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "import_data",
            "enforcementcase",
            str(path),
            "--user",
            "admin",
        ],
        cwd=settings.BASE_DIR,
        env=_child_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    backend = None
    while backend is None and time.monotonic() < deadline and child.poll() is None:
        backend = _copying_backend()
        time.sleep(0.02)
    assert backend is not None, "the import never reached its writing phase"

    child.send_signal(signal.SIGKILL)
    child.wait()
    while _copying_backend() is not None and time.monotonic() < deadline:
        time.sleep(0.1)

    assert EnforcementCase.objects.count() == 0
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.APPLYING
    assert jobs_fail_stale(now=timezone.now() + datetime.timedelta(minutes=16)) == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "không có gì được ghi" in job.message


def _case_file(tmp_path: Path, unit: str) -> Path:
    return write_csv(
        tmp_path / f"{unit}.csv",
        [
            [
                "Đơn vị",
                "Số quyết định THA",
                "Ngày ra quyết định",
                "Ngày thụ lý",
                "Bản án, quyết định",
                "Hình thức thi hành",
                "Người phải thi hành",
                "Điều kiện thi hành",
                "Trạng thái",
            ],
            [
                unit,
                "1/QĐ",
                "10/10/2025",
                "12/10/2025",
                "Bản án số 1",
                "Theo yêu cầu",
                "Nguyễn Văn A",
                "Có điều kiện",
                "Đang thi hành",
            ],
        ],
    )


def _import(path: Path, user: object) -> ImportJob:
    with path.open("rb") as handle:
        job = import_job_create(
            spec_key="enforcement.enforcementcase", upload=File(handle, path.name), user=user
        )
    return import_job_run_through(job=job)


def _hold_unit_lock(unit: Unit, held: threading.Event, seconds: float) -> None:
    try:
        with transaction.atomic():
            list(Unit.objects.select_for_update().filter(pk=unit.pk))
            held.set()
            time.sleep(seconds)
    finally:
        connections.close_all()


def test_two_imports_into_the_same_units_cases_run_one_after_the_other(tmp_path):
    from django.contrib.auth import get_user_model

    load_organizations()
    admin = get_user_model().objects.get(username="admin")
    danang = Unit.objects.get(code="THADS-DN")
    held = threading.Event()
    holder = threading.Thread(target=_hold_unit_lock, args=(danang, held, 2.0))
    holder.start()
    held.wait(timeout=10)

    started = time.monotonic()
    other = _import(_case_file(tmp_path, "THADS-HN"), admin)
    other_seconds = time.monotonic() - started
    same = _import(_case_file(tmp_path, "THADS-DN"), admin)
    same_seconds = time.monotonic() - started
    holder.join()

    assert (other.status, same.status) == (ImportJob.Status.DONE, ImportJob.Status.DONE)
    assert other_seconds < 1.5  # another unit's import does not wait
    assert same_seconds >= 1.9  # the same unit's import waited for the first to finish
    assert EnforcementCase.objects.count() == 2
