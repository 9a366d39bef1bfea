"""Exports of long lists run in the background worker, for their requester alone (issue 18)."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from enforcement.models import EnforcementCase, JudgmentKind
from organizations.imports import export_jobs
from organizations.jobs import STALE_AFTER
from organizations.models import ExportJob, ExportJobQuerySet, Notification
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UserFactory
from tests.sheets import table_rows

pytestmark = pytest.mark.django_db

CASES_EXPORT = "admin:enforcement_enforcementcase_export"
# In the order of the case file's columns.
COLUMNS = ("unit", "number", "judgment_kind", "debtor", "amount_due")
CSV, XLSX = "0", "1"
CIVIL_ONLY = "?judgment_kind__exact=" + JudgmentKind.CIVIL


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _export(client: Client, query: str = CIVIL_ONLY, file_format: str = CSV, columns=COLUMNS):
    return client.post(
        reverse(CASES_EXPORT) + query,
        {
            "format": file_format,
            "resource": "0",
            **{f"caseresource_{name}": "on" for name in columns},
        },
    )


@pytest.fixture
def cases(world):
    """Three civil and one criminal case in Hà Nội, two civil cases in Đà Nẵng."""
    hanoi = [
        EnforcementCaseFactory(unit=world.hanoi_agency, debtor=f"Hà Nội dân sự {n}")
        for n in range(3)
    ]
    criminal = EnforcementCaseFactory(
        unit=world.hanoi_agency, debtor="Hà Nội hình sự", judgment_kind=JudgmentKind.CRIMINAL
    )
    danang = [
        EnforcementCaseFactory(unit=world.danang_agency, debtor=f"Đà Nẵng dân sự {n}")
        for n in range(2)
    ]
    return {"hanoi": hanoi, "criminal": criminal, "danang": danang}


def _queued(client: Client, **kwargs) -> ExportJob:
    with override_settings(EXPORT_INLINE_LIMIT=2):
        response = _export(client, **kwargs)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:export_job", args=[job.pk])
    return job


def _run(job: ExportJob) -> ExportJob:
    return export_jobs.export_job_run(job=job)


def _file_text(job: ExportJob) -> str:
    with default_storage.open(job.file.name, "rb") as file:
        return file.read().decode("utf-8")


def test_a_small_export_is_still_written_in_the_request(cases, clerk_hanoi):
    response = _export(_client(clerk_hanoi))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "Hà Nội dân sự 0" in response.content.decode("utf-8-sig")
    assert not ExportJob.objects.exists()


def test_an_export_over_the_limit_queues_a_job_instead_of_a_file(cases, clerk_hanoi):
    job = _queued(_client(clerk_hanoi))

    assert job.status == ExportJob.Status.PENDING
    assert job.requested_by == clerk_hanoi
    assert job.model_label == "enforcement.enforcementcase"
    assert job.query == CIVIL_ONLY[1:]
    assert job.file_format == ExportJob.Format.CSV
    assert job.fields == list(COLUMNS)
    assert not job.file


def test_the_queued_export_is_run_by_the_worker_once_the_request_commits(
    cases, clerk_hanoi, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = _queued(_client(clerk_hanoi))

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.rows_done == job.rows_total == 3


def test_the_background_file_holds_exactly_what_the_request_would_have_written(cases, clerk_hanoi):
    client = _client(clerk_hanoi)
    in_request = _export(client).content.decode("utf-8")

    job = _run(_queued(client))

    text = _file_text(job)
    assert text == in_request
    assert sorted(row[3] for row in list(csv.reader(io.StringIO(text)))[1:]) == [
        "Hà Nội dân sự 0",
        "Hà Nội dân sự 1",
        "Hà Nội dân sự 2",
    ]


def test_a_clerk_never_gets_another_citys_rows_even_from_tampered_job_parameters(
    cases, clerk_hanoi
):
    job = _queued(_client(clerk_hanoi))
    # Whatever the stored job says: no filter, Đà Nẵng's cases ticked, unknown columns.
    ExportJob.objects.filter(pk=job.pk).update(
        query="",
        items=[str(case.pk) for case in cases["danang"] + cases["hanoi"][:1]],
        fields=["debtor", "id", "unit__parent__code"],
    )

    job = _run(ExportJob.objects.get(pk=job.pk))

    text = _file_text(job)
    assert job.status == ExportJob.Status.DONE
    assert text.splitlines()[1:] == ["Hà Nội dân sự 0"]
    assert "Đà Nẵng" not in text


def test_a_tampered_filter_the_list_does_not_declare_fails_the_job_without_rows(cases, clerk_hanoi):
    job = _queued(_client(clerk_hanoi))
    ExportJob.objects.filter(pk=job.pk).update(query="unit__code=THADS-DN")

    job = _run(ExportJob.objects.get(pk=job.pk))

    assert job.status == ExportJob.Status.FAILED
    assert not job.file
    assert job.message == gettext(
        "The list's filters can no longer be applied. Export the list again from its page."
    )


def test_an_export_in_the_background_records_its_progress(cases, clerk_hanoi, monkeypatch):
    job = _queued(_client(clerk_hanoi))
    beats: list[tuple[int, int]] = []
    beat = ExportJobQuerySet.beat

    def recording(self, job, **progress):
        beats.append((progress.get("rows_done"), progress.get("rows_total")))
        return beat(self, job, **progress)

    monkeypatch.setattr(ExportJobQuerySet, "beat", recording)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)

    job = _run(job)

    assert beats == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert (job.rows_done, job.rows_total, job.percent) == (3, 3, 100)
    assert job.heartbeat_at is not None


def test_the_job_page_shows_progress_and_follows_without_scripts(cases, clerk_hanoi):
    client = _client(clerk_hanoi)
    job = _queued(client)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_done=1, rows_total=3
    )

    page = client.get(reverse("admin:export_job", args=[job.pk]))
    progress = client.get(reverse("admin:export_job_progress", args=[job.pk])).json()

    content = page.content.decode()
    assert page.status_code == 200
    assert '<progress id="job-bar" max="100" value="33">' in content
    assert "1 / 3" in content
    assert '<noscript><meta http-equiv="refresh"' in content
    assert progress == {
        "status": "running",
        "status_label": str(ExportJob.Status.RUNNING.label),
        "running": True,
        "rows_done": 1,
        "rows_total": 3,
        "percent": 33,
    }


def test_a_finished_export_notifies_its_requester_with_the_download_link(cases, clerk_hanoi):
    job = _run(_queued(_client(clerk_hanoi)))

    notification = Notification.objects.get(recipient=clerk_hanoi)
    assert notification.kind == Notification.Kind.EXPORT_FINISHED
    assert notification.url == reverse("admin:export_job_file", args=[job.pk])
    assert f"#{job.pk}" in notification.subject


def test_the_requester_downloads_the_file_as_an_attachment(cases, clerk_hanoi):
    client = _client(clerk_hanoi)
    job = _run(_queued(client))

    page = client.get(reverse("admin:export_job", args=[job.pk]))
    response = client.get(reverse("admin:export_job_file", args=[job.pk]))

    assert reverse("admin:export_job_file", args=[job.pk]) in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert job.file_name in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).decode("utf-8") == _file_text(job)


@pytest.mark.parametrize("other", ["clerk_danang", "administrator", "superuser"])
def test_nobody_else_opens_an_export_not_even_a_superuser(cases, clerk_hanoi, other, request):
    job = _run(_queued(_client(clerk_hanoi)))
    if other == "superuser":
        user = UserFactory(username="root", is_superuser=True)
    else:
        user = request.getfixturevalue(other)
    client = _client(user)

    for name in ("admin:export_job", "admin:export_job_progress", "admin:export_job_file"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_an_unfinished_export_has_no_file_to_download(cases, clerk_hanoi):
    client = _client(clerk_hanoi)
    job = _queued(client)

    assert client.get(reverse("admin:export_job_file", args=[job.pk])).status_code == 404


def test_an_xlsx_export_in_the_background_names_its_sheet_as_the_request_does(cases, clerk_hanoi):
    client = _client(clerk_hanoi)
    in_request = openpyxl.load_workbook(io.BytesIO(_export(client, file_format=XLSX).content))

    job = _run(_queued(client, file_format=XLSX))

    with default_storage.open(job.file.name, "rb") as file:
        workbook = openpyxl.load_workbook(io.BytesIO(file.read()))
    sheet, expected = workbook.active, in_request.active
    with translation.override("vi"):
        title = str(capfirst(EnforcementCase._meta.verbose_name_plural))
    assert sheet.title == expected.title == title != "Tablib Dataset"
    assert table_rows(sheet) == table_rows(expected)
    assert sheet["A1"].value == expected["A1"].value
    assert sheet.freeze_panes == expected.freeze_panes
    assert job.file_name.endswith(".xlsx")


def test_a_failing_export_is_marked_failed_with_a_readable_message(cases, clerk_hanoi, monkeypatch):
    job = _queued(_client(clerk_hanoi))

    def broken(*args, **kwargs):
        raise RuntimeError("disk controller on fire")

    monkeypatch.setattr(export_jobs, "write_csv", broken)
    job = _run(job)
    page = _client(clerk_hanoi).get(reverse("admin:export_job", args=[job.pk]))

    assert job.status == ExportJob.Status.FAILED
    assert job.message == gettext(
        "The export failed unexpectedly; the administrators have been told."
    )
    assert "RuntimeError" not in page.content.decode()
    assert "Traceback" not in page.content.decode()
    assert job.message in page.content.decode()
    assert Notification.objects.get(recipient=clerk_hanoi).url == job.get_absolute_url()


def test_a_requester_who_lost_the_role_gets_a_failed_job_and_no_file(cases, clerk_hanoi):
    job = _queued(_client(clerk_hanoi))
    clerk_hanoi.memberships.all().delete()
    clerk_hanoi.groups.clear()

    job = _run(ExportJob.objects.get(pk=job.pk))

    assert job.status == ExportJob.Status.FAILED
    assert not job.file


def test_expire_exports_deletes_old_files_and_jobs_and_keeps_recent_ones(
    cases, clerk_hanoi, settings
):
    client = _client(clerk_hanoi)
    old = _run(_queued(client))
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS + 1)
    )
    with override_settings(EXPORT_INLINE_LIMIT=2):
        _export(client)
    recent = _run(ExportJob.objects.latest("pk"))

    call_command("expire_exports")

    assert not default_storage.exists(old.file.name)
    assert list(ExportJob.objects.all()) == [recent]
    assert default_storage.exists(recent.file.name)


def test_an_export_whose_worker_died_is_failed_by_the_stale_sweep(cases, clerk_hanoi):
    job = _queued(_client(clerk_hanoi))
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING,
        heartbeat_at=timezone.now() - STALE_AFTER - datetime.timedelta(minutes=1),
    )

    call_command("fail_stale_jobs")

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.message == str(ExportJob.STALE_MESSAGE)


@pytest.mark.django_db(transaction=True)
def test_the_worker_streams_rows_and_records_progress_outside_any_transaction(
    cases, clerk_hanoi, monkeypatch
):
    # As the worker runs it: autocommit, rows read a chunk at a time while progress is written.
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    job = _queued(_client(clerk_hanoi))

    job = _run(job)

    assert job.status == ExportJob.Status.DONE, job.message
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert len(_file_text(job).splitlines()) == 4
