"""PostgreSQL-only indexes: trigram search over decision numbers, names and judgments.

SQLite has no pg_trgm; there the admin search scans, which is fine at its scale, so this
migration does nothing on it.
"""

from django.db import migrations

TABLE = "enforcement_enforcementcase"
SEARCHED = ("decision_number", "debtor", "creditor", "judgment")
# The admin's icontains search compares UPPER(column::text); the index expression matches it.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS enforcement_case_{column}_trgm "
        f"ON {TABLE} USING gin (UPPER({column}::text) gin_trgm_ops)"
        for column in SEARCHED
    ),
]
DROP = [
    *(f"DROP INDEX IF EXISTS enforcement_case_{column}_trgm" for column in SEARCHED),
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
