"""A report whose figures outlast the statement timeout has them computed in the background."""

from __future__ import annotations

import datetime

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enforcement import views
from enforcement.tasks import keep_figures
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

REPORT = "/reports/enforcement/"
ENFORCERS = "/reports/enforcement/enforcers/"


class _QueryCanceledError(Exception):
    """What psycopg raises when PostgreSQL cuts a statement at its statement timeout."""

    sqlstate = "57014"


def _timed_out(*args: object, **kwargs: object) -> None:
    error = OperationalError("canceling statement due to statement timeout")
    raise error from _QueryCanceledError()


@pytest.fixture
def database_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queued() -> list[list[object]]:
    return [
        row["args"]
        for row in DBTaskResult.objects.filter(task_path="enforcement.tasks.keep_figures")
        .order_by("enqueued_at")
        .values_list("args_kwargs", flat=True)
    ]


def test_a_report_too_long_to_compute_queues_its_figures_and_says_so(
    world, leader, database_tasks, monkeypatch
):
    EnforcementCaseFactory(unit=world.hanoi_office)
    computed = []

    def too_long(**kwargs: object) -> None:
        computed.append(kwargs)
        _timed_out()

    monkeypatch.setattr(views, "enforcement_statistics", too_long)
    client = _client(leader)

    response = client.get(REPORT, {"year": 2025, "months": 9, "breakdown": "initiation"})

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Thống kê của kỳ này đang được tính" in page
    assert _queued() == [[2025, 9, "unit", None], [2025, 9, "unit", "initiation"]]
    # Asked again while the task waits: answered at once, nothing computed or queued again.
    again = client.get(REPORT, {"year": 2025, "months": 9, "breakdown": "initiation"})
    assert again.status_code == 503
    assert len(computed) == 1
    assert len(_queued()) == 2
    # Another period is not waiting: it is computed.
    client.get(REPORT, {"year": 2025, "months": 3})
    assert len(computed) == 2


def test_once_the_worker_kept_the_figures_the_report_reads_them(world, leader, database_tasks):
    EnforcementCaseFactory(unit=world.hanoi_office)
    keep_figures.enqueue(2025, 12, "unit", None)
    client = _client(leader)
    assert client.get(REPORT, {"year": 2025}).status_code == 503

    task = DBTaskResult.objects.get()
    # What the worker does: run the task and mark it done.
    assert keep_figures.call(*task.args_kwargs["args"]) > 0
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())

    response = client.get(REPORT, {"year": 2025})
    assert response.status_code == 200
    assert world.hanoi_agency.name in response.content.decode()


def test_a_task_left_long_ago_by_a_dead_worker_no_longer_holds_the_report(
    world, leader, database_tasks
):
    keep_figures.enqueue(2025, 12, "unit", None)
    DBTaskResult.objects.update(
        status="RUNNING", enqueued_at=timezone.now() - datetime.timedelta(minutes=31)
    )

    assert _client(leader).get(REPORT, {"year": 2025}).status_code == 200


def test_the_report_by_enforcer_queues_its_own_grouping(world, leader, database_tasks, monkeypatch):
    monkeypatch.setattr(views, "enforcer_statistics", _timed_out)

    response = _client(leader).get(ENFORCERS, {"year": 2024, "months": 6})

    assert response.status_code == 503
    assert _queued() == [[2024, 6, "enforcer", None]]


def test_other_database_errors_are_not_taken_for_a_long_computation(
    world, leader, database_tasks, monkeypatch
):
    def broken(**kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "enforcement_statistics", broken)

    # The "database unavailable" page, as for any page; nothing queued.
    assert _client(leader).get(REPORT, {"year": 2025}).status_code == 503
    assert _queued() == []


def test_a_real_statement_timeout_queues_the_figures(
    world, leader, database_tasks, settings, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no statement timeout")
    settings.DB_STATEMENT_TIMEOUT_MS = 300

    def slow(**kwargs: object) -> None:
        # In a transaction of its own, as the statistics' queries run.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")

    monkeypatch.setattr(views, "enforcement_statistics", slow)

    response = _client(leader).get(REPORT, {"year": 2025})

    assert response.status_code == 503
    assert "Thống kê của kỳ này đang được tính" in response.content.decode()
    assert _queued() == [[2025, 12, "unit", None]]


def test_while_figures_are_computed_others_get_the_answer_they_always_get(
    world, leader, clerk_hanoi, officer_danang, database_tasks
):
    keep_figures.enqueue(2025, 12, "unit", None)

    # No permission to read statistics: refused, as always.
    assert _client(officer_danang).get(REPORT, {"year": 2025}).status_code == 403
    # A unit outside the user's units: not found, as always.
    outside = {"year": 2025, "unit": world.danang_agency.code}
    assert _client(clerk_hanoi).get(REPORT, outside).status_code == 404
    # A user who may read it: told the figures are being computed.
    assert _client(clerk_hanoi).get(REPORT, {"year": 2025}).status_code == 503
    mine = {"year": 2025, "unit": world.hanoi_agency.code}
    assert _client(clerk_hanoi).get(REPORT, mine).status_code == 503
