"""Write hundreds of thousands of rows fast: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 20_000
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
# The columns of an entrustment received, which the case writer adds (``CaseWriter``).
RECEIVED_COLUMNS = ("received_from_id", "received_decision_number", "received_decision_date")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Return ``count`` new primary keys for rows inserted without the ORM.

    PostgreSQL hands them out from the table's sequence; SQLite, whose writers are
    serialised by the open transaction, continues after the largest id.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


class BulkWriter:
    """Rows streamed into one table: a COPY on PostgreSQL, batches of INSERTs elsewhere.

    The connection cannot run other queries while a COPY is open: ``pause()`` ends the
    current one (or sends the pending batch) and the next ``write()`` starts another.
    """

    def __init__(
        self, model: type[models.Model], columns: Sequence[str], *, typed: bool = False
    ) -> None:
        self.table = model._meta.db_table
        self.columns = tuple(columns)
        self.written = 0
        self._copying = connection.vendor == "postgresql"
        # Typed rows (ints, dates, text as the columns declare them) can go as binary COPY:
        # a third of the client's work of the text format, and less for the server to parse.
        self._types = _column_types(model, self.columns) if typed and self._copying else None
        self._open: contextlib.ExitStack | None = None
        self._copy: object = None
        self._batch: list[Sequence[object]] = []

    def write(self, row: Sequence[object]) -> None:
        self.written += 1
        if not self._copying:
            self._batch.append(row)
            if len(self._batch) >= BATCH:
                self.pause()
            return
        if self._open is None:
            self._open = contextlib.ExitStack()
            cursor = self._open.enter_context(connection.cursor())
            names = ", ".join(self.columns)
            binary = " (FORMAT BINARY)" if self._types else ""
            self._copy = self._open.enter_context(
                cursor.cursor.copy(f"COPY {self.table} ({names}) FROM STDIN{binary}")
            )
            if self._types:
                self._copy.set_types(self._types)
        self._copy.write_row(row)

    def pause(self) -> None:
        """Finish what was sent so that the connection can run other queries."""
        if self._open is not None:
            stack, self._open, self._copy = self._open, None, None
            stack.close()
        if self._batch:
            names = ", ".join(self.columns)
            placeholders = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {self.table} ({names}) VALUES ({placeholders})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, self._batch)
            self._batch = []

    close = pause

    def abandon(self) -> None:
        """Drop what is unsent after a failure; the transaction is rolled back anyway."""
        self._batch = []
        if self._open is not None:
            stack, self._open, self._copy = self._open, None, None
            with contextlib.suppress(Exception):
                stack.__exit__(RuntimeError, RuntimeError("import abandoned"), None)


def _column_types(model: type[models.Model], columns: Sequence[str]) -> list[str]:
    """Return the PostgreSQL type of each column, without its length (varchar(50): varchar)."""
    fields = {field.column: field for field in model._meta.concrete_fields}
    return [fields[name].db_type(connection).split("(")[0] for name in columns]


def bulk_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert plain rows (already adapted for the database) into the model's table."""
    writer = BulkWriter(model, columns)
    for row in rows:
        writer.write(row)
    writer.close()
