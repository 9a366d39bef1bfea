"""The case search text carries its case's unit, and its index leads with it.

A clerk of Hồ Chí Minh City searching "Lê Minh" read the matching texts of the whole country
(164,244 of ten million cases) and then found which were the city's (5,217): 2.9 s. With the
unit first in the index (PostgreSQL's btree_gin beside pg_trgm), the search reads only the
texts of the clerk's units.

The unit is filled from the cases in chunks, on PostgreSQL with the trigram index dropped
first and the new one built after (one sorted build instead of ten million insertions). A
trigger on the case table then copies a case's new unit to its text whenever the case moves
(a handover, a reassignment, a correction, raw SQL), on both databases. On SQLite, a later
migration that rebuilds the case table drops the trigger and must create it again
(``test_case_search.py`` checks it is installed).
"""

from django.db import migrations, models

CHUNK = 50_000
OLD_INDEX = "enforcement_case_search_trgm"
NEW_INDEX = "enforcement_case_search_unit_trgm"
CREATE_OLD_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} "
    "ON enforcement_casesearchtext USING gin (text gin_trgm_ops)"
)
CREATE_NEW_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {NEW_INDEX} "
    "ON enforcement_casesearchtext USING gin (unit_id, text gin_trgm_ops)"
)
TRIGGER = "enforcement_case_search_unit"
POSTGRESQL_TRIGGER = [
    f"""
    CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE enforcement_casesearchtext SET unit_id = NEW.unit_id WHERE case_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TRIGGER} AFTER UPDATE OF unit_id ON enforcement_enforcementcase
    FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id)
    EXECUTE FUNCTION {TRIGGER}()
    """,
]
SQLITE_TRIGGER = [
    f"""
    CREATE TRIGGER {TRIGGER} AFTER UPDATE OF unit_id ON enforcement_enforcementcase
    FOR EACH ROW WHEN OLD.unit_id IS NOT NEW.unit_id
    BEGIN
        UPDATE enforcement_casesearchtext SET unit_id = NEW.unit_id WHERE case_id = NEW.id;
    END
    """,
]
DROP_TRIGGER = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON enforcement_enforcementcase",
        f"DROP FUNCTION IF EXISTS {TRIGGER}()",
    ],
    "sqlite": [f"DROP TRIGGER IF EXISTS {TRIGGER}"],
}


def fill_units(apps, schema_editor):
    connection = schema_editor.connection
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        cursor.execute("SELECT MIN(case_id), MAX(case_id) FROM enforcement_casesearchtext")
        first, last = cursor.fetchone()
        for start in range(first or 0, (last or -1) + 1, CHUNK):
            cursor.execute(
                "UPDATE enforcement_casesearchtext SET unit_id = ("
                "SELECT cases.unit_id FROM enforcement_enforcementcase AS cases "
                "WHERE cases.id = enforcement_casesearchtext.case_id) "
                "WHERE case_id BETWEEN %s AND %s",
                [start, min(start + CHUNK - 1, last)],
            )
        if postgresql:
            # PostgreSQL builds no index over rows whose deferred key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
            cursor.execute(CREATE_NEW_INDEX)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {NEW_INDEX}")
        cursor.execute(CREATE_OLD_INDEX)


def create_trigger(apps, schema_editor):
    connection = schema_editor.connection
    statements = POSTGRESQL_TRIGGER if connection.vendor == "postgresql" else SQLITE_TRIGGER
    with connection.cursor() as cursor:
        for statement in DROP_TRIGGER[connection.vendor]:
            cursor.execute(statement)
        for statement in statements:
            cursor.execute(statement)


def drop_trigger(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in DROP_TRIGGER[schema_editor.connection.vendor]:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0035_counters_probe_cases"),
    ]

    operations = [
        migrations.AddField(
            model_name="casesearchtext",
            name="unit_id",
            field=models.BigIntegerField(null=True, verbose_name="unit"),
        ),
        migrations.RunPython(fill_units, restore_index),
        migrations.AlterField(
            model_name="casesearchtext",
            name="unit_id",
            field=models.BigIntegerField(verbose_name="unit"),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
