"""PostgreSQL-only indexes: trigram search over names and numbers, a covering statistics index.

SQLite has no pg_trgm and no INCLUDE columns; there the admin search and the statistics use
plain scans, which are fine at its scale, so this migration does nothing on it.
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
    # The yearly statistics read only these columns: an index-only scan over a narrow index
    # instead of the wide table rows.
    f"CREATE INDEX IF NOT EXISTS enforcement_case_statistics ON {TABLE} (accepted_on) "
    "INCLUDE (closed_on, unit_id, status, eligibility, state_changed_on, amount_due)",
]
DROP = [
    *(f"DROP INDEX IF EXISTS enforcement_case_{column}_trgm" for column in SEARCHED),
    "DROP INDEX IF EXISTS enforcement_case_statistics",
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
