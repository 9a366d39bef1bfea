"""Write hundreds of thousands of rows fast: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 20_000
# Chunks a ChunkCopy holds ready while its thread stores one: the reader runs that far ahead
# (one is enough to keep both busy; each costs memory).
QUEUED_CHUNKS = 1
Statement = tuple[str, Sequence[object]]
# The case table's columns in the order the bulk writers (demo data, imports) give them.
CASE_COLUMNS = (
    "id",
    "unit_id",
    "issuing_agency_id",
    "decision_number",
    "decision_date",
    "accepted_on",
    "judgment",
    "judgment_kind",
    "initiation",
    "debtor",
    "creditor",
    "amount_due",
    "amount_recovered",
    "eligibility",
    "status",
    "closed_on",
    "state_changed_on",
    "previous_status",
    "previous_eligibility",
    "previous_state_changed_on",
    "entrusted_to_id",
    "notes",
    "enforcer_id",
    "enforcer_since",
)
# The sequence is named once (MATERIALIZED): written inside nextval() it was looked up again
# for every id, and a quarter of a million ids took 0.9 s instead of 0.1 s.
SEQUENCE_VALUES = (
    "WITH named AS MATERIALIZED "
    "(SELECT pg_get_serial_sequence(%s, 'id')::regclass AS sequence) "
    "SELECT nextval(sequence) FROM named, generate_series(1, %s)"
)
# The columns of an entrustment received, which the case writer adds (``CaseWriter``).
RECEIVED_COLUMNS = ("received_from_id", "received_decision_number", "received_decision_date")


def reserve_ids(model: type[models.Model], count: int, *, aside: bool = False) -> list[int]:
    """Return ``count`` new primary keys for rows inserted without the ORM.

    PostgreSQL hands them out from the table's sequence; SQLite, whose writers are
    serialised by the open transaction, continues after the largest id. With ``aside``,
    PostgreSQL's are taken on a short connection of their own: a sequence stands outside
    transactions anyway, and the connection of the open transaction goes on storing what
    it was given meanwhile (``ChunkCopy``) instead of waiting for a quarter of a million
    ``nextval``.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        if aside:
            with (
                connection.wrap_database_errors,
                connection.Database.connect(
                    **connection.get_connection_params(), autocommit=True
                ) as other,
            ):
                return [row[0] for row in other.execute(SEQUENCE_VALUES, [table, count])]
        with connection.cursor() as cursor:
            cursor.execute(SEQUENCE_VALUES, [table, count])
            return [row[0] for row in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


class ChunkCopy:
    """Chunks of rows copied into one table, each followed by the statements derived from it.

    On PostgreSQL a thread of its own sends them through the connection of the open
    transaction, so that the caller reads and checks the next rows of a file while the
    database stores a chunk, checks its constraints and writes what follows from it (the
    parties of new cases, say): the reading and the database each keep one core busy,
    instead of taking turns. psycopg lets one thread use the connection at a time: a query
    of the caller waits for the chunk in hand, inside the same transaction. At most
    ``QUEUED_CHUNKS`` chunks wait, so memory stays bounded. Elsewhere (SQLite) each chunk is
    stored when it is sent.

    ``finish()`` waits for every chunk and raises what failed; ``abandon()`` (on any failure
    of the caller) stops before the transaction is rolled back. One of them must be called:
    the thread must not outlive the transaction.
    """

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.columns = tuple(columns)
        self._threaded = connection.vendor == "postgresql"
        self._error: BaseException | None = None
        self._stopping = False
        self._types = _column_types(model, self.columns) if self._threaded else []
        self._queue: queue.Queue[tuple[list[Sequence[object]], list[Statement]] | None] = (
            queue.Queue(maxsize=QUEUED_CHUNKS)
        )
        # Started with the first chunk, inside the caller's transaction.
        self._thread: threading.Thread | None = None

    def send(self, rows: list[Sequence[object]], statements: Iterable[Statement] = ()) -> None:
        """Store the rows, then run the statements (which may read them)."""
        if not self._threaded:
            self._store(rows, list(statements))
            return
        self._raise()
        if self._thread is None:
            connection.ensure_connection()
            self._psycopg = connection.connection
            self._thread = threading.Thread(target=self._run, name=f"copy {self.table}")
            self._thread.start()
        self._queue.put((rows, list(statements)))

    def finish(self) -> None:
        """Wait until every chunk is stored; raise what failed."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        self._raise()

    def abandon(self) -> None:
        """Stop after the chunk in hand; the transaction is being rolled back."""
        if self._thread is not None:
            self._stopping = True
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            # As Django's own error, as if the caller's query had failed (a deadlock, say).
            with connection.wrap_database_errors:
                raise error

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._stopping or self._error is not None:
                continue  # drain: the caller learns of the error at its next send
            try:
                self._store(*chunk)
            except BaseException as error:  # handed to the caller's thread
                self._error = error

    def _store(self, rows: list[Sequence[object]], statements: list[Statement]) -> None:
        if not self._threaded:
            bulk_insert(self.model, self.columns, rows)
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
            return
        names = ", ".join(self.columns)
        with self._psycopg.cursor() as cursor:
            if rows:
                with cursor.copy(f"COPY {self.table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.set_types(self._types)
                    for row in rows:
                        copy.write_row(row)
            for sql, params in statements:
                cursor.execute(sql, params)


def _column_types(model: type[models.Model], columns: Sequence[str]) -> list[str]:
    """Return the PostgreSQL type of each column, without its length (varchar(50): varchar)."""
    fields = {field.column: field for field in model._meta.concrete_fields}
    return [fields[name].db_type(connection).split("(")[0] for name in columns]


def bulk_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert plain rows (already adapted for the database) into the model's table.

    A COPY on PostgreSQL; batches of INSERTs elsewhere.
    """
    table, names = model._meta.db_table, ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(sql, batch)
