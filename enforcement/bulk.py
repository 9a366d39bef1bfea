"""Write hundreds of thousands of rows fast: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 20_000
# The case table's columns in the order the bulk writers (demo data, imports) give them.
CASE_COLUMNS = (
    "id",
    "unit_id",
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
)


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


def bulk_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert plain rows (already adapted for the database) into the model's table."""
    table = model._meta.db_table
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        batch: list[Sequence[object]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
