"""The replica router: reports read where they are told, writes always reach the primary."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.utils import load_backend

from enforcement.models import KeptFigures
from organizations import replica
from organizations.models import Unit
from organizations.replica import REPLICA, from_replica, reading_alias

pytestmark = pytest.mark.django_db


def test_without_a_replica_a_report_reads_the_primary():
    assert from_replica(reading_alias) == DEFAULT_DB_ALIAS


def test_outside_a_report_everything_reads_and_writes_the_primary():
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS
    assert router.db_for_write(KeptFigures) == DEFAULT_DB_ALIAS


def test_inside_a_report_reads_go_to_the_replica_and_writes_to_the_primary(monkeypatch):
    monkeypatch.setattr(replica, "usable_replica", lambda: REPLICA)

    def routes() -> tuple[str, str]:
        return router.db_for_read(KeptFigures), router.db_for_write(KeptFigures)

    assert from_replica(routes) == (REPLICA, DEFAULT_DB_ALIAS)
    assert router.db_for_read(KeptFigures) == DEFAULT_DB_ALIAS


@pytest.fixture
def unreachable_replica() -> Iterator[None]:
    """A replica configured on a port where no server listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    connections[REPLICA] = load_backend(primary["ENGINE"]).DatabaseWrapper(
        {**primary, "HOST": "127.0.0.1", "PORT": str(port), "CONN_MAX_AGE": 0}, REPLICA
    )
    yield
    connections[REPLICA].close()
    del connections[REPLICA]


@pytest.mark.skipif(
    "postgresql" not in connections[DEFAULT_DB_ALIAS].settings_dict["ENGINE"],
    reason="a streaming replica is a PostgreSQL server (set DATABASE_URL)",
)
def test_a_replica_that_does_not_answer_is_passed_over_and_logged(unreachable_replica, caplog):
    with caplog.at_level(logging.WARNING, logger="organizations.replica"):
        alias = from_replica(reading_alias)

    assert alias == DEFAULT_DB_ALIAS
    assert "The read replica is unreachable" in caplog.text
    assert "reads the primary database" in caplog.text
