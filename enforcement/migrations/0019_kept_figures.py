"""Kept statistics per unit, and the triggers that count each unit's writes.

The counters of ``enforcement.models.kept_figures``: every write of a case or an event
raises its unit's counter, every write of a legal ground raises counter 0, with the
writer's own transaction. PostgreSQL counts once per statement (a bulk import raises each
of its units once, a merger both units), at commit; SQLite, which has no statement
triggers and one writer at a time, once per row, at once.
"""

from django.db import migrations, models

WRITES = {"inserted": "INSERT", "updated": "UPDATE", "deleted": "DELETE"}
# The rows each kind of write hands its statement trigger (PostgreSQL).
TRANSITIONS = {
    "inserted": "NEW TABLE AS new_rows",
    "updated": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "deleted": "OLD TABLE AS old_rows",
}
COUNTED = {"case": "enforcement_enforcementcase", "event": "enforcement_caseevent"}
EVENT_UNITS = (
    "SELECT c.unit_id FROM {rows} e JOIN enforcement_enforcementcase c ON c.id = e.case_id"
)

# PostgreSQL: a statement notes the units it wrote in a table of pending counts; at commit, a
# deferred trigger raises their counters and empties it. A transaction thus holds a unit's
# counter row only while it commits: a long import does not hold up the clerks of its unit.
# Until then a transaction's own pending rows are visible to it alone (see selectors.kept).
POSTGRESQL_INSTALL = [
    "CREATE UNLOGGED TABLE enforcement_pending_count (unit_id bigint NOT NULL)",
    """
    CREATE FUNCTION enforcement_raise_counters(units bigint[]) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO enforcement_pending_count (unit_id)
        SELECT DISTINCT unit_id FROM unnest(units) AS unit_id
        WHERE unit_id IS NOT NULL ORDER BY unit_id
    $$
    """,
    """
    CREATE FUNCTION enforcement_count_pending() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- This transaction's pending rows (no other's is visible here) become its counters,
        -- all at the first firing and in the order of the units, so that two transactions
        -- committing writes to the same units never wait for each other in a circle; the
        -- later firings find nothing left.
        WITH counted AS (DELETE FROM enforcement_pending_count RETURNING unit_id)
        INSERT INTO enforcement_statisticscounter AS counter (unit_id, value)
        SELECT unit_id, count(*) FROM counted GROUP BY unit_id ORDER BY unit_id
        ON CONFLICT (unit_id) DO UPDATE SET value = counter.value + excluded.value;
        RETURN NULL;
    END $$
    """,
    "CREATE CONSTRAINT TRIGGER enforcement_count_pending AFTER INSERT "
    "ON enforcement_pending_count DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
    "EXECUTE FUNCTION enforcement_count_pending()",
    """
    CREATE FUNCTION enforcement_case_written() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM enforcement_raise_counters(ARRAY(SELECT DISTINCT unit_id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM enforcement_raise_counters(
                ARRAY(SELECT unit_id FROM new_rows UNION SELECT unit_id FROM old_rows)
            );
        ELSE
            PERFORM enforcement_raise_counters(ARRAY(SELECT DISTINCT unit_id FROM old_rows));
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION enforcement_event_written() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM enforcement_raise_counters(ARRAY({EVENT_UNITS.format(rows="new_rows")}));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM enforcement_raise_counters(ARRAY(
                {EVENT_UNITS.format(rows="new_rows")}
                UNION {EVENT_UNITS.format(rows="old_rows")}
            ));
        ELSE
            PERFORM enforcement_raise_counters(ARRAY({EVENT_UNITS.format(rows="old_rows")}));
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION enforcement_ground_written() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM enforcement_raise_counters(ARRAY[0]::bigint[]);
        RETURN NULL;
    END $$
    """,
    *(
        f"CREATE TRIGGER enforcement_{name}_{write} AFTER {WRITES[write]} ON {table} "
        f"REFERENCING {TRANSITIONS[write]} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION enforcement_{name}_written()"
        for name, table in COUNTED.items()
        for write in WRITES
    ),
    "CREATE TRIGGER enforcement_ground_written AFTER INSERT OR UPDATE OR DELETE "
    "ON enforcement_legalground FOR EACH STATEMENT EXECUTE FUNCTION enforcement_ground_written()",
]
POSTGRESQL_UNINSTALL = [
    *(
        f"DROP TRIGGER IF EXISTS enforcement_{name}_{write} ON {table}"
        for name, table in COUNTED.items()
        for write in WRITES
    ),
    "DROP TRIGGER IF EXISTS enforcement_ground_written ON enforcement_legalground",
    "DROP FUNCTION IF EXISTS enforcement_case_written()",
    "DROP FUNCTION IF EXISTS enforcement_event_written()",
    "DROP FUNCTION IF EXISTS enforcement_ground_written()",
    "DROP FUNCTION IF EXISTS enforcement_raise_counters(bigint[])",
    "DROP TABLE IF EXISTS enforcement_pending_count",
    "DROP FUNCTION IF EXISTS enforcement_count_pending()",
]

# SQLite: one trigger per table and write, raising the counter of each row's unit. An
# INSERT … SELECT needs its WHERE before ON CONFLICT (SQLite's parser).
RAISE = (
    "INSERT INTO enforcement_statisticscounter (unit_id, value) {rows} "
    "ON CONFLICT (unit_id) DO UPDATE SET value = value + 1;"
)
OF_ROW = {
    "case": "SELECT {row}.unit_id, 1 WHERE true",
    "event": "SELECT unit_id, 1 FROM enforcement_enforcementcase WHERE id = {row}.case_id",
}
ROWS = {"inserted": ["NEW"], "updated": ["OLD", "NEW"], "deleted": ["OLD"]}
SQLITE_INSTALL = [
    *(
        f"CREATE TRIGGER enforcement_{name}_{write} AFTER {WRITES[write]} ON {table} BEGIN "
        + " ".join(RAISE.format(rows=OF_ROW[name].format(row=row)) for row in ROWS[write])
        + " END"
        for name, table in COUNTED.items()
        for write in WRITES
    ),
    *(
        f"CREATE TRIGGER enforcement_ground_{write} AFTER {WRITES[write]} "
        f"ON enforcement_legalground BEGIN {RAISE.format(rows='VALUES (0, 1)')} END"
        for write in WRITES
    ),
]
SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS enforcement_{name}_{write}"
    for name in (*COUNTED, "ground")
    for write in WRITES
]


def run(statements: dict[str, list[str]]):
    def operation(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0018_case_enforcers"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatisticsCounter",
            fields=[
                ("unit_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="KeptFigures",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("unit_id", models.BigIntegerField()),
                ("grouping", models.CharField(max_length=10)),
                ("split", models.CharField(blank=True, max_length=20)),
                ("year", models.PositiveSmallIntegerField()),
                ("months", models.PositiveSmallIntegerField()),
                ("unit_counter", models.BigIntegerField()),
                ("grounds_counter", models.BigIntegerField()),
                ("formula", models.CharField(max_length=16)),
                ("lines", models.JSONField()),
                ("computed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit_id", "grouping", "split", "year", "months"),
                        name="kept_figures_one_per_unit_and_period",
                    )
                ],
            },
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}),
            run({"postgresql": POSTGRESQL_UNINSTALL, "sqlite": SQLITE_UNINSTALL}),
            elidable=False,
        ),
    ]
