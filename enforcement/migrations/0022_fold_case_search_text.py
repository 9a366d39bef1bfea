"""Rewrite every case's search text folded: without diacritics, in capitals (0019's unaccent).

One UPDATE per chunk of case ids, set-based, so that a million cases take seconds. On
PostgreSQL the trigram index is dropped first and built again after: one sorted build
instead of a million index updates.
"""

from django.db import migrations

CHUNK = 50_000
SEARCH_INDEX = "enforcement_case_search_trgm"
CREATE_SEARCH_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} "
    "ON enforcement_casesearchtext USING gin (text gin_trgm_ops)"
)
# The same text as enforcement.search builds, written here so that the migration keeps
# working whatever that module becomes.
FOLDED = "UPPER(UNACCENT(decision_number || %s || debtor || %s || creditor || %s || judgment))"
CAPITALS = "UPPER(decision_number || %s || debtor || %s || creditor || %s || judgment)"


def _rewrite(schema_editor, text_sql: str) -> None:
    connection = schema_editor.connection
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(case_id), MAX(case_id) FROM enforcement_casesearchtext")
        first, last = cursor.fetchone()
        if first is None:
            return
        if postgresql:
            cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        for start in range(first, last + 1, CHUNK):
            cursor.execute(
                f"UPDATE enforcement_casesearchtext SET text = {text_sql} "  # noqa: S608
                "FROM enforcement_enforcementcase AS cases "
                "WHERE cases.id = enforcement_casesearchtext.case_id "
                "AND enforcement_casesearchtext.case_id BETWEEN %s AND %s",
                ["\n"] * 3 + [start, min(start + CHUNK - 1, last)],
            )
        if postgresql:
            # PostgreSQL builds no index over rows whose deferred key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(CREATE_SEARCH_INDEX)


def fold_search_texts(apps, schema_editor):
    _rewrite(schema_editor, FOLDED)


def restore_capitals(apps, schema_editor):
    _rewrite(schema_editor, CAPITALS)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0021_unaccent_extension"),
    ]

    operations = [migrations.RunPython(fold_search_texts, restore_capitals)]
