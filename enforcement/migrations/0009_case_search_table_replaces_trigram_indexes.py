"""Search the case search table instead of the case table: one trigram index, off the import.

The four trigram indexes on the case table made a bulk import's COPY write some 90 index
entries per case; the search table (0008) is written after the import, under one index. This
fills it for the existing cases on both databases, and on PostgreSQL swaps the indexes.
"""

from django.db import migrations

CASE_TABLE = "enforcement_enforcementcase"
SEARCHED = ("decision_number", "debtor", "creditor", "judgment")
# The text is stored in capitals and compared as it is (enforcement.search): the index is on
# the column itself.
CREATE_SEARCH_INDEX = (
    "CREATE INDEX IF NOT EXISTS enforcement_case_search_trgm "
    "ON enforcement_casesearchtext USING gin (text gin_trgm_ops)"
)
DROP_SEARCH_INDEX = "DROP INDEX IF EXISTS enforcement_case_search_trgm"
CREATE_CASE_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS enforcement_case_{column}_trgm "
    f"ON {CASE_TABLE} USING gin (UPPER({column}::text) gin_trgm_ops)"
    for column in SEARCHED
]
DROP_CASE_INDEXES = [f"DROP INDEX IF EXISTS enforcement_case_{column}_trgm" for column in SEARCHED]


def fill_search_table(apps, schema_editor):
    # The same text as enforcement.search builds, written here so that the migration keeps
    # working whatever that module becomes.
    case_table = apps.get_model("enforcement", "EnforcementCase")._meta.db_table
    search_table = apps.get_model("enforcement", "CaseSearchText")._meta.db_table
    postgresql = schema_editor.connection.vendor == "postgresql"
    with schema_editor.connection.cursor() as cursor:
        if postgresql:
            for statement in DROP_CASE_INDEXES:
                cursor.execute(statement)
        cursor.execute(
            f"INSERT INTO {search_table} (case_id, text) "  # noqa: S608
            "SELECT id, "
            "UPPER(decision_number || %s || debtor || %s || creditor || %s || judgment) "
            f"FROM {case_table}",
            ["\n"] * 3,
        )
        if postgresql:
            # Built after the rows are in: one sorted build instead of a million insertions.
            # PostgreSQL builds no index over rows whose deferred key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(CREATE_SEARCH_INDEX)


def restore_case_indexes(apps, schema_editor):
    # The search table itself goes with the reverse of 0008.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(DROP_SEARCH_INDEX)
        for statement in CREATE_CASE_INDEXES:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0008_case_search_text"),
    ]

    operations = [migrations.RunPython(fill_search_table, restore_case_indexes)]
