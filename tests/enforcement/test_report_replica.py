"""Reports read from a real streaming replica, and from the primary when it lags or fails."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend
from django.test import Client
from django.urls import reverse

from enforcement.models import KeptFigures
from enforcement.selectors import Period, enforcement_statistics
from organizations.replica import REPLICA, from_replica
from tests.enforcement.factories import EnforcementCaseFactory
from tests.replica_server import ReplicaUnavailableError, StreamingReplica, streaming_replica

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="a streaming replica is a PostgreSQL server (set DATABASE_URL)",
    ),
]

PERIOD = Period(2024)


@pytest.fixture(scope="module")
def replica_server() -> Iterator[StreamingReplica]:
    database = settings.DATABASES["default"]
    primary = {
        "host": database["HOST"] or "127.0.0.1",
        "port": str(database["PORT"] or 5432),
        "user": database["USER"] or "postgres",
    }
    try:
        server = streaming_replica(primary)
    except ReplicaUnavailableError as reason:
        pytest.skip(f"no streaming replica can be started here: {reason}")
    yield server
    server.remove()


@pytest.fixture
def replica(replica_server: StreamingReplica) -> Iterator[StreamingReplica]:
    """The replica under the alias the router reads reports from, caught up."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    # Made here rather than in the settings: the test database exists only now, and the
    # test case allows a connection it did not know at its start.
    connections[REPLICA] = load_backend(primary["ENGINE"]).DatabaseWrapper(
        {**primary, "HOST": "127.0.0.1", "PORT": str(replica_server.port), "CONN_MAX_AGE": 0},
        REPLICA,
    )
    replica_server.wait_caught_up()
    yield replica_server
    connections[REPLICA].close()
    del connections[REPLICA]


def _total(units) -> int:
    return enforcement_statistics(units=units, period=PERIOD).total.cases.total


def _replica_queries(tables: str = "enforcement_") -> tuple[list[str], Callable]:
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        if tables in sql:
            seen.append(sql)
        return execute(sql, params, many, context)

    return seen, record


def test_a_report_reads_the_replica_and_keeps_its_figures_on_the_primary(replica, world):
    units = [world.hanoi_agency, world.danang_agency]
    for _ in range(3):
        EnforcementCaseFactory(unit=world.hanoi_agency)
    replica.wait_caught_up()
    seen, record = _replica_queries()

    with connections[REPLICA].execute_wrapper(record):
        total = from_replica(lambda: _total(units))

    assert total == 3
    assert seen, "the report did not read the replica"
    kept = KeptFigures.objects.using(DEFAULT_DB_ALIAS).filter(unit_id=world.hanoi_agency.pk)
    assert kept.exists()
    # The row stored from the replica's counters is not read once the primary's change.
    EnforcementCaseFactory(unit=world.hanoi_agency)
    assert _total(units) == 4


def test_the_report_page_and_its_spreadsheet_read_the_replica(replica, world, leader):
    EnforcementCaseFactory(unit=world.hanoi_agency)
    replica.wait_caught_up()
    client = Client()
    client.force_login(leader)
    seen, record = _replica_queries("enforcement_enforcementcase")

    with connections[REPLICA].execute_wrapper(record):
        page = client.get(reverse("enforcement:report"), {"year": 2024})
        sheet = client.get(reverse("enforcement:report"), {"year": 2024, "format": "xlsx"})
        enforcers = client.get(reverse("enforcement:enforcers"), {"year": 2024})

    assert (page.status_code, sheet.status_code, enforcers.status_code) == (200, 200, 200)
    assert len(seen) >= 3
    seen, record = _replica_queries("emulation_")
    with connections[REPLICA].execute_wrapper(record):
        ranking = client.get(reverse("emulation:ranking"), {"year": 2024})
    assert ranking.status_code == 200
    assert seen, "the cluster ranking did not read the replica"


def test_a_replica_stopped_in_the_middle_of_a_report_gives_way_to_the_primary(
    replica, world, caplog
):
    units = [world.hanoi_agency, world.danang_agency]
    for _ in range(2):
        EnforcementCaseFactory(unit=world.danang_agency)
    replica.wait_caught_up()
    stopped: list[str] = []

    def stop_at_the_cases(execute, sql, params, many, context):
        if "enforcement_enforcementcase" in sql and not stopped:
            replica.stop("immediate")
            stopped.append(sql)
        return execute(sql, params, many, context)

    try:
        with (
            caplog.at_level(logging.WARNING, logger="organizations.replica"),
            connections[REPLICA].execute_wrapper(stop_at_the_cases),
        ):
            total = from_replica(lambda: _total(units))
        assert stopped, "the replica was never stopped mid-report"
        assert total == 2
        assert "failed during a report" in caplog.text

        # Down before the next report: passed over at once, and said so.
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="organizations.replica"):
            assert from_replica(lambda: _total(units)) == 2
        assert "unreachable" in caplog.text
    finally:
        replica.start()


def test_a_replica_behind_the_limit_is_passed_over_for_the_primary(
    replica, world, settings, caplog
):
    units = [world.hanoi_agency]
    EnforcementCaseFactory(unit=world.hanoi_agency)
    replica.wait_caught_up()
    with replica.connect() as control:
        control.execute("SELECT pg_wal_replay_pause()")
        try:
            while control.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != (
                "paused"
            ):
                time.sleep(0.05)
            EnforcementCaseFactory(unit=world.hanoi_agency)
            _wait_received_not_replayed(control)

            # A generous limit reads the replica, one case behind the primary…
            settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 3600
            assert from_replica(lambda: _total(units)) == 1
            # …a limit of none reads the primary, and says why.
            settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 0
            with caplog.at_level(logging.WARNING, logger="organizations.replica"):
                assert from_replica(lambda: _total(units)) == 2
            assert "seconds behind the primary" in caplog.text
        finally:
            control.execute("SELECT pg_wal_replay_resume()")


def _wait_received_not_replayed(control, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        behind = control.execute(
            "SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()"
        ).fetchone()[0]
        if behind:
            return
        time.sleep(0.05)
    raise AssertionError("the primary's write never reached the paused replica")
