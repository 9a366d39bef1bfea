"""Tasks the worker tests enqueue: each records where and how often it ran."""

from __future__ import annotations

import os
import time

from django.db import connection
from django_tasks import task

# Created and dropped by the tests that use it (tests/organizations/test_db_workers.py).
RUNS_TABLE = "test_worker_task_runs"


@task()
def record_run(number: int) -> None:
    """Record one run of task ``number`` by this worker process.

    The first run of each worker waits (a few seconds at most) for a run by another worker:
    the workers are then known to have run side by side, not one after the other.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RUNS_TABLE} (number, worker) VALUES (%s, %s)",
            [number, os.getpid()],
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            cursor.execute(f"SELECT count(DISTINCT worker) FROM {RUNS_TABLE}")
            if cursor.fetchone()[0] > 1:
                return
            time.sleep(0.05)
