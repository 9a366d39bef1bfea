"""Index the words of every case's search text and its unit, where trigrams were indexed.

A search finds a case when each word typed is a whole word of its text (enforcement.search).
On PostgreSQL a GIN index over the text's words and the case's unit (a tsvector of them)
answers that from its posting lists: a Hồ Chí Minh City clerk's "Lê Minh" intersects the
texts holding LE, MINH and one of the city's units, 5,217 of ten million cases, without
reading a text. The trigram index found any three letters of the whole country's texts and
then read each of them to check the rest and its case's unit (164,244 texts, seconds).

The search text therefore carries its case's unit, filled from the cases in chunks. A
trigger on the case table copies a case's new unit to its text whenever the case moves (a
handover, a reassignment, a correction, raw SQL), on both databases. On SQLite, a later
migration that rebuilds the case table drops the trigger and must create it again
(``test_case_search.py`` checks it is installed).
"""

from django.db import migrations, models

CHUNK = 50_000
# enforcement.search.WORDS_SQL over the columns, written here so that the migration keeps
# working whatever that module becomes; a search uses the index only while the two agree.
# The index is built in the transaction that filled the units, over the rows' versions from
# before the fill too (another transaction could still see them), whose unit is NULL: the
# COALESCE keeps their array free of NULL, which a tsvector refuses.
WORDS = (
    "array_to_tsvector(array_append(array_remove(regexp_split_to_array("
    "text, '[^A-Z0-9]+'), ''), 'u' || COALESCE(unit_id::text, '')))"
)
WORDS_INDEX = "enforcement_case_search_words"
TRIGRAM_INDEX = "enforcement_case_search_trgm"
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
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One sorted build after the rows are written, not ten million index updates.
            cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
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


def index_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # PostgreSQL builds no index over rows whose deferred key checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {WORDS_INDEX} "
            f"ON enforcement_casesearchtext USING gin (({WORDS}))"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def index_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} "
            "ON enforcement_casesearchtext USING gin (text gin_trgm_ops)"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


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
        migrations.RunPython(fill_units, index_trigrams),
        migrations.AlterField(
            model_name="casesearchtext",
            name="unit_id",
            field=models.BigIntegerField(verbose_name="unit"),
        ),
        migrations.RunPython(index_words, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
