"""The PostgreSQL settings the statistics' queries run with, local to their transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections, transaction

from organizations.replica import reading_alias

# Memory PostgreSQL may give each sort and hash of the statistics' queries: their groups are
# few, but the rows they sort or hash are the hundreds of thousands of a year's cases, which
# the default 4 MB sends to disk.
STATISTICS_WORK_MEM = "64MB"


@contextlib.contextmanager
def roomy_aggregates() -> Iterator[None]:
    """Run the statistics' queries with room to sort and hash in memory (PostgreSQL).

    Without JIT compilation: the queries' estimated cost on a large table triggers it, and
    compiling their expressions takes longer (~200 ms) than one unit's figures take to run.
    """
    alias = reading_alias()
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        # Local settings end with the transaction: nothing else runs with them.
        cursor.execute(
            "SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true)",
            [STATISTICS_WORK_MEM],
        )
        yield


# Up to how many units (a unit with the units merged into it) a computation runs without
# PostgreSQL's parallel workers: the figures of one office after a clerk's write read a few
# thousand cases, which two workers take longer to start and gather than to read (on the
# national benchmark, one office's yearly figures 115 → 99 ms, its 9-month figures
# 59 → 29 ms); a province's or the country's many rows still gain from them.
SERIAL_UNITS = 8


@contextlib.contextmanager
def serial() -> Iterator[None]:
    """Run the queries within without parallel workers, in the statistics' transaction.

    The setting is local to the transaction (``roomy_aggregates``) and set back on the way
    out; a failure within rolls the transaction back, and the setting with it.
    """
    connection = connections[reading_alias()]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        # The setting as it was, read before it changes (OFFSET 0: a subquery run first).
        cursor.execute(
            "SELECT before.value, set_config('max_parallel_workers_per_gather', '0', true) "
            "FROM (SELECT current_setting('max_parallel_workers_per_gather') AS value "
            "OFFSET 0) AS before"
        )
        before = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('max_parallel_workers_per_gather', %s, true)", [before])
