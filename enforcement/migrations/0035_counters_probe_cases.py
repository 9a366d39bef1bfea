# The write counter of an event or obligation finds its case's units by one index probe per
# case written, whatever the planner believes of the case table. Joined (migration 0023),
# the planner read the whole case table for each statement when its statistics were older
# than the table (a first import into a new database): the longer the import, the slower
# each of its chunks.

import importlib

from django.db import migrations

BEFORE = importlib.import_module("enforcement.migrations.0023_case_accepting_unit")
KEPT = importlib.import_module("enforcement.migrations.0019_kept_figures")
PROBED_UNITS = (
    "SELECT unnest((SELECT ARRAY[c.unit_id, c.accepting_unit_id] "
    "FROM enforcement_enforcementcase c WHERE c.id = e.case_id)) "
    "FROM (SELECT DISTINCT case_id FROM {rows}) e"
)


def event_written(probed_units: str = PROBED_UNITS) -> str:
    """Return the events' (and obligations') function: ``probed_units`` of ``{rows}``."""
    return f"""
    CREATE OR REPLACE FUNCTION enforcement_event_written() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM enforcement_raise_counters(ARRAY({probed_units.format(rows="new_rows")}));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM enforcement_raise_counters(ARRAY(
                {probed_units.format(rows="new_rows")}
                UNION {probed_units.format(rows="old_rows")}
            ));
        ELSE
            PERFORM enforcement_raise_counters(ARRAY({probed_units.format(rows="old_rows")}));
        END IF;
        RETURN NULL;
    END $$
    """


EVENT_WRITTEN = event_written()
EVENT_WRITTEN_BEFORE = [
    statement
    for statement in BEFORE.POSTGRESQL_BOTH
    if "FUNCTION enforcement_event_written" in statement
]


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0034_handover_relayed"),
    ]

    operations = [
        migrations.RunPython(
            KEPT.run({"postgresql": [EVENT_WRITTEN]}),
            KEPT.run({"postgresql": EVENT_WRITTEN_BEFORE}),
            elidable=False,
        ),
    ]
