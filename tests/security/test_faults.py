"""Faults: a worker killed while printing, the database lost mid-request, a full disk on upload."""

from __future__ import annotations

import datetime
import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commendations import services
from commendations.models import Decision, DossierFile, Nomination, PrintJob
from organizations.jobs import jobs_fail_stale
from organizations.models import ImportJob, Unit
from tests.commendations.factories import nomination_in
from tests.conftest import World

ON_SQLITE = "sqlite" in settings.DATABASES["default"]["ENGINE"]
postgresql_only = pytest.mark.skipif(
    ON_SQLITE,
    reason="killing a worker's or a request's database connection needs PostgreSQL "
    "(DATABASE_URL); SQLite has no server connection to lose",
)
STORAGE_FULL = "Máy chủ không còn chỗ để lưu tệp này"
DATABASE_LOST = "Không có gì được lưu"


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# --- A background worker killed while printing certificates --------------------------------


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
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def _decision_of(world: World, officer: AbstractUser, leader: AbstractUser, count: int) -> Decision:
    nominations = [
        nomination_in(
            Nomination.Status.APPROVED,
            nominating_unit=world.danang_department,
            created_by=officer,
            unit=world.danang_department,
        )
        for _ in range(count)
    ]
    return services.decision_record(
        user=leader,
        number="77/QĐ-BTP",
        date=datetime.date(2025, 1, 15),
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=nominations,
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_print_worker_killed_mid_task_leaves_no_file_and_its_job_can_be_printed_again(
    world, officer_danang, leader, reviewer, settings, tmp_path
):
    settings.COMMENDATIONS_PRINT_INLINE_MAX = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    decision = _decision_of(world, officer_danang, leader, 150)
    job = services.print_job_start(user=reviewer, decision=decision)  # enqueued for a worker
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR,
        env=_child_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and worker.poll() is None:
            job.refresh_from_db()
            if job.status == PrintJob.Status.RUNNING and job.done > 0:
                break
            time.sleep(0.02)
        assert job.status == PrintJob.Status.RUNNING and job.done > 0, "never caught printing"
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()

    job.refresh_from_db()
    assert job.status == PrintJob.Status.RUNNING  # nobody is left to say otherwise ...
    assert not job.file  # ... and nothing half-printed is offered
    assert _files_under(Path(settings.MEDIA_ROOT) / "commendations" / "prints") == []

    assert jobs_fail_stale(now=timezone.now() + datetime.timedelta(hours=2)) == 1
    page = _client(reviewer).get(reverse("commendations:print_job", args=[job.pk]))
    assert "Việc in bằng bị dừng giữa chừng. Hãy in lại." in page.content.decode()

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    again = services.print_job_start(user=reviewer, decision=decision)
    again.refresh_from_db()
    assert (again.status, again.done) == (PrintJob.Status.DONE, 150)


# --- The database lost in the middle of a request, and between two requests ----------------


def _terminate(pid: int) -> None:
    """End a backend of this test database from a second connection, as a restart would."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=database["NAME"],
        autocommit=True,
    ) as other:
        other.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid = %s",
            [pid],
        )


def _terminate_after(marker: str) -> Callable[..., Any]:
    """Return a query wrapper that loses the connection right after a query holding marker."""

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        result = execute(sql, params, many, context)
        if marker in sql and not getattr(wrapper, "fired", False):
            wrapper.fired = True  # type: ignore[attr-defined]
            _terminate(context["connection"].connection.info.backend_pid)
        return result

    return wrapper


UNIT_FORM = {
    "code": "THADS-MOI",
    "name": "Phòng THADS khu vực mới",
    "short_name": "",
    "kind": Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
    "valid_from": "01/01/2025",
    "valid_to": "",
}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_request_answers_503_in_vietnamese_and_saves_nothing(
    world, administrator
):
    client = _client(administrator)
    form = {
        **UNIT_FORM,
        "parent": world.danang_agency.pk,
        "locality": world.danang_agency.locality_id or "",
    }

    with connection.execute_wrapper(_terminate_after('INSERT INTO "organizations_unit"')):
        response = client.post(reverse("admin:organizations_unit_add"), form)

    content = response.content.decode()
    assert response.status_code == 503
    assert DATABASE_LOST in content
    assert "Traceback" not in content
    assert not Unit.objects.filter(code="THADS-MOI").exists()  # rolled back with the backend
    retried = client.post(reverse("admin:organizations_unit_add"), form)
    assert retried.status_code == 302
    assert Unit.objects.filter(code="THADS-MOI").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_between_requests_is_replaced_before_the_next_one(world, administrator):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    client = _client(administrator)
    assert client.get(reverse("admin:organizations_unit_changelist")).status_code == 200
    kept = connection.connection.info.backend_pid

    _terminate(kept)
    # What a server does as each request starts; Django's test client skips it on purpose.
    close_old_connections()
    response = client.get(reverse("admin:organizations_unit_changelist"))

    assert response.status_code == 200
    assert "Đà Nẵng" in response.content.decode()
    assert connection.connection.info.backend_pid != kept


@pytest.mark.django_db
def test_a_database_error_in_any_view_answers_503_not_the_error_page(
    world, administrator, monkeypatch
):
    def lost(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("organizations.views.workplaces_for", lost)

    response = _client(administrator).get(reverse("home"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert DATABASE_LOST in response.content.decode()


# --- A full disk while an upload is stored --------------------------------------------------


def _inside_media(fd: int) -> bool:
    return str(Path(f"/proc/self/fd/{fd}").readlink()).startswith(str(settings.MEDIA_ROOT))


@pytest.fixture(params=["in-memory upload", "temporary-file upload"])
def full_disk(request: pytest.FixtureRequest, monkeypatch, settings, tmp_path) -> Iterator[Path]:
    """Make every write into the media folder fail half-way with ENOSPC; yield the temp dir."""
    temporary = tmp_path / "upload-temp"
    temporary.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temporary)
    real_write, real_fdopen, real_rename = os.write, os.fdopen, os.rename

    def write(fd: int, data: bytes) -> int:
        if _inside_media(fd) and data:
            real_write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    class HalfFile:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, data: bytes) -> int:
            return write(self.handle.fileno(), data)

        def close(self) -> None:
            self.handle.close()

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        return HalfFile(handle) if _inside_media(fd) else handle

    def rename(source: str, target: str) -> None:
        if str(target).startswith(str(settings.MEDIA_ROOT)):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))  # another disk: copy instead
        real_rename(source, target)

    if request.param == "temporary-file upload":
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
        monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fdopen", fdopen)
    yield temporary


@pytest.mark.django_db
def test_a_dossier_upload_on_a_full_disk_is_refused_clearly_and_leaves_no_file(
    world, officer_danang, full_disk
):
    draft = nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    upload = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n" + b"0" * 200_000)

    response = _client(officer_danang).post(
        reverse("commendations:dossier_upload", args=[draft.pk]),
        {"kind": "proposal_letter", "file": upload},
        follow=True,
    )

    assert response.status_code == 200
    assert STORAGE_FULL in response.content.decode()
    assert not DossierFile.objects.exists()
    assert _files_under(Path(settings.MEDIA_ROOT)) == []
    assert _files_under(full_disk) == []


@pytest.mark.django_db
def test_an_import_upload_on_a_full_disk_is_refused_clearly_and_leaves_no_job(
    world, officer_danang, full_disk
):
    content = "Đơn vị,Mã công chức,Họ và tên\n" + "STP-DN,DN-1,Lê Văn A\n" * 10_000
    upload = SimpleUploadedFile("nhan-su.csv", content.encode())

    response = _client(officer_danang).post(
        reverse("admin:organizations_person_import_file", args=[0]), {"file": upload}
    )

    assert response.status_code == 200
    assert STORAGE_FULL in response.content.decode()
    assert not ImportJob.objects.exists()
    assert _files_under(Path(settings.MEDIA_ROOT)) == []
    assert _files_under(full_disk) == []
