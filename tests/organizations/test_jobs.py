"""Background jobs: one claim wins, workers beat while working, the sweep fails the dead ones."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commendations import services
from commendations.models import Decision, Nomination, PrintJob
from organizations.jobs import STALE_AFTER, job_models, jobs_fail_stale
from organizations.models import ImportJob
from tests.commendations.factories import nomination_in

pytestmark = pytest.mark.django_db


def _import_job(user, status=ImportJob.Status.APPLYING, beaten_ago=None) -> ImportJob:
    return ImportJob.objects.create(
        spec="organizations.person",
        original_name="x.csv",
        sha256="0" * 64,
        size=1,
        uploaded_by=user,
        status=status,
        heartbeat_at=None if beaten_ago is None else timezone.now() - beaten_ago,
    )


def _decision(world, officer, leader, count: int = 1) -> Decision:
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
        number="88/QĐ-BTP",
        date=datetime.date(2025, 1, 15),
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=nominations,
    )


def _print_job(decision, user, status=PrintJob.Status.RUNNING, beaten_ago=None) -> PrintJob:
    return PrintJob.objects.create(
        decision=decision,
        requested_by=user,
        total=1,
        status=status,
        heartbeat_at=None if beaten_ago is None else timezone.now() - beaten_ago,
    )


def test_import_and_print_jobs_share_the_job_base():
    assert {ImportJob, PrintJob} <= set(job_models())


def test_only_one_of_two_claims_of_a_job_wins(world, officer_danang):
    job = _import_job(officer_danang, status=ImportJob.Status.VALID)

    first = ImportJob.objects.claim(
        job, source=ImportJob.Status.VALID, target=ImportJob.Status.APPLYING
    )
    second = ImportJob.objects.claim(
        job, source=ImportJob.Status.VALID, target=ImportJob.Status.APPLYING
    )

    job.refresh_from_db()
    assert (first, second) == (True, False)
    assert job.status == ImportJob.Status.APPLYING
    assert job.heartbeat_at is not None


def test_a_print_worker_beats_while_printing(world, officer_danang, leader, settings):
    settings.COMMENDATIONS_PRINT_INLINE_MAX = 1
    decision = _decision(world, officer_danang, leader, count=2)
    job = PrintJob.objects.create(decision=decision, requested_by=leader, total=2)
    started = timezone.now()

    services.print_job_run(job=job)

    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE
    assert job.heartbeat_at is not None and job.heartbeat_at >= started


def test_the_sweep_fails_the_jobs_whose_worker_went_silent(world, officer_danang, leader):
    decision = _decision(world, officer_danang, leader)
    silent = STALE_AFTER + datetime.timedelta(minutes=1)
    dead_import = _import_job(officer_danang, beaten_ago=silent)
    dead_print = _print_job(decision, leader, beaten_ago=silent)
    live_import = _import_job(officer_danang, beaten_ago=datetime.timedelta(minutes=1))
    live_print = _print_job(decision, leader, beaten_ago=datetime.timedelta(minutes=1))
    queued_print = _print_job(decision, leader, status=PrintJob.Status.PENDING)
    finished_import = _import_job(officer_danang, status=ImportJob.Status.DONE, beaten_ago=silent)

    assert jobs_fail_stale() == 2

    for job in (dead_import, dead_print, live_import, live_print, queued_print, finished_import):
        job.refresh_from_db()
    assert dead_import.status == ImportJob.Status.FAILED
    assert "không có gì được ghi" in dead_import.message
    assert dead_print.status == PrintJob.Status.FAILED
    assert dead_print.message == "Việc in bằng bị dừng giữa chừng. Hãy in lại."
    assert live_import.status == ImportJob.Status.APPLYING
    assert live_print.status == PrintJob.Status.RUNNING
    assert queued_print.status == PrintJob.Status.PENDING
    assert finished_import.status == ImportJob.Status.DONE


def test_the_sweep_runs_as_a_command(world, officer_danang):
    job = _import_job(officer_danang, beaten_ago=datetime.timedelta(hours=1))

    call_command("fail_stale_jobs")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_opening_the_page_of_a_silent_job_changes_nothing(world, officer_danang, leader):
    decision = _decision(world, officer_danang, leader)
    import_job = _import_job(officer_danang, beaten_ago=datetime.timedelta(hours=1))
    print_job = _print_job(decision, leader, beaten_ago=datetime.timedelta(hours=1))
    officer, printer = Client(), Client()
    officer.force_login(officer_danang)
    printer.force_login(leader)

    pages = [
        officer.get(reverse("admin:organizations_importjob_change", args=[import_job.pk])),
        officer.get(reverse("admin:organizations_importjob_progress", args=[import_job.pk])),
        printer.get(reverse("commendations:print_job", args=[print_job.pk])),
        printer.get(reverse("commendations:print_job_progress", args=[print_job.pk])),
    ]

    import_job.refresh_from_db()
    print_job.refresh_from_db()
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert import_job.status == ImportJob.Status.APPLYING
    assert print_job.status == PrintJob.Status.RUNNING


def _task_result(job: ImportJob) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path="organizations.tasks.apply_import",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
    )


def test_the_sweep_fails_the_task_a_dead_worker_left_running_and_no_other(world, officer_danang):
    dead = _import_job(officer_danang, beaten_ago=STALE_AFTER + datetime.timedelta(minutes=1))
    alive = _import_job(officer_danang, beaten_ago=datetime.timedelta(seconds=5))
    dead_task, alive_task = _task_result(dead), _task_result(alive)

    assert jobs_fail_stale() == 1

    dead_task.refresh_from_db()
    alive_task.refresh_from_db()
    assert dead_task.status == "FAILED"
    assert dead_task.exception_class_path == "organizations.jobs.WorkerDiedError"
    assert alive_task.status == "RUNNING"
