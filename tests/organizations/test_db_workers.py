"""Two background workers side by side run each task once; a killed one counts nothing."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enforcement.models import EnforcementCase
from organizations.demo import load_organizations
from organizations.imports.services import import_job_create
from organizations.jobs import jobs_fail_stale
from organizations.models import ImportJob
from organizations.tasks import apply_import
from tests.benchmarks.casefile import write_case_csv
from tests.worker_tasks import RUNS_TABLE, record_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "sqlite" in settings.DATABASES["default"]["ENGINE"],
        reason=(
            "workers in other processes need a database server: SQLite's one writer at a "
            "time and its test database in memory are not shared (set DATABASE_URL)"
        ),
    ),
]

TASKS = 40


@pytest.fixture
def database_tasks(settings) -> None:
    """Queue tasks in the database, as in production, for workers in other processes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def runs_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (number integer, worker integer)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RUNS_TABLE}")


def _worker_environment() -> dict[str, str]:
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
        # The directory the tests' uploads are stored in: the workers' shared storage.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def _worker(*arguments: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.05",
            "--no-startup-delay",
            "--no-reload",
            *arguments,
        ],
        cwd=settings.BASE_DIR,
        env=_worker_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_two_workers_side_by_side_run_every_task_exactly_once(database_tasks, runs_table):
    for number in range(TASKS):
        record_run.enqueue(number)

    workers = [_worker("--batch"), _worker("--batch")]
    for worker in workers:
        assert worker.wait(timeout=300) == 0

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, count(*), min(worker) FROM {RUNS_TABLE} GROUP BY number")
        runs = {number: (count, worker) for number, count, worker in cursor.fetchall()}
    assert sorted(runs) == list(range(TASKS))
    assert {count for count, _ in runs.values()} == {1}
    assert len({worker for _, worker in runs.values()}) == 2, "the workers did not share the work"
    results = DBTaskResult.objects.all()
    assert results.count() == TASKS
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}


def _copying_backend() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND query LIKE 'COPY enforcement_%%' AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _confirmed_import(path: Path, user: object) -> ImportJob:
    with path.open("rb") as handle:
        job = import_job_create(
            spec_key="enforcement.enforcementcase", upload=File(handle, path.name), user=user
        )
    # As if checked and confirmed by its uploader: the worker's part is applying it.
    assert ImportJob.objects.claim(
        job, source=ImportJob.Status.PENDING, target=ImportJob.Status.APPLYING
    )
    apply_import.enqueue(job.pk)
    return job


def test_a_worker_killed_mid_task_counts_nothing_and_its_job_is_failed(database_tasks, tmp_path):
    load_organizations()
    user = get_user_model().objects.get(username="admin")
    path = write_case_csv(tmp_path / "cases.csv", 40_000)
    job = _confirmed_import(path, user)
    worker = _worker()
    deadline = time.monotonic() + 180
    # The backend seen copying: asked once, since one COPY of the import may end before the
    # next (the import's transaction goes on across them).
    copying = _copying_backend()
    while copying is None and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.02)
        copying = _copying_backend()
    assert copying is not None, "the worker never reached the writing of the import"

    worker.send_signal(signal.SIGKILL)
    worker.wait()
    while _copying_backend() is not None and time.monotonic() < deadline:
        time.sleep(0.1)

    assert EnforcementCase.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLYING
    task_result = DBTaskResult.objects.get()
    assert task_result.status == "RUNNING"
    assert jobs_fail_stale(now=timezone.now() + datetime.timedelta(minutes=16)) == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    task_result.refresh_from_db()
    assert task_result.status == "FAILED"
    assert task_result.exception_class_path == "organizations.jobs.WorkerDiedError"

    # The file imported again, by a worker that lives: every case once.
    again = _confirmed_import(path, user)
    assert _worker("--batch").wait(timeout=600) == 0
    again.refresh_from_db()
    assert again.status == ImportJob.Status.DONE, again.message
    assert EnforcementCase.objects.count() == 40_000
    assert again.new == 40_000
