"""A write of a relayed case also counts for the units it passed through.

A case handed over twice (accepted by A, handed to B, then from B to C) counts, in the
periods ending while B held it, under B (``selectors.lineage``). The write counters raised
only the case's present unit (C) and the unit that accepted it (A) (migrations 0023, 0035,
0037), so a payment dated back into B's time left B's kept figures as they were. Every
write of a case, its events or its obligations now also counts for the units its relayed
handovers (``CaseHandover.relayed``) came from: a probe of a partial index of those few rows
per case written. A first handover comes from the accepting unit, already counted.

The kept figures go: some may have been kept across such a write (``manage.py
rebuild_statistics`` computes them again ahead of the reports).

Handovers are only ever written with the case they move (a handover raises the units of the
case's update, the unit it came from among them); they are never changed or deleted.
"""

import importlib

from django.db import migrations, models

KEPT = importlib.import_module("enforcement.migrations.0019_kept_figures")
LINEAGE = importlib.import_module("enforcement.migrations.0023_case_accepting_unit")
OBLIGATIONS = importlib.import_module("enforcement.migrations.0030_obligations")
PROBED = importlib.import_module("enforcement.migrations.0035_counters_probe_cases")
YEARS = importlib.import_module("enforcement.migrations.0037_counters_from_year")

# The units the case (its row: ``{case}``) was relayed through, as an array; a statement
# writing many cases probes only those ever handed over (for the others, null, which ``||``
# leaves out): few cases by far.
RELAYED_PROBE = (
    "ARRAY(SELECT h.from_unit_id FROM enforcement_casehandover h "
    "WHERE h.case_id = {case}.id AND h.relayed)"
)
RELAYED = "CASE WHEN {case}.handled_since IS NOT NULL THEN " + RELAYED_PROBE + " END"
# The one case of a dated change (its id and units only): one probe.
CASE_UNITS = "(ARRAY[{case}.unit_id, {case}.accepting_unit_id] || " + RELAYED_PROBE + ")"
UPDATED_UNITS = (
    YEARS.UPDATED_UNITS
    + "\n                UNION SELECT unnest("
    + RELAYED.format(case="n")
    + ") FROM new_rows n"
)
CASE_UNITS_BY_ID = (
    "SELECT ARRAY[c.unit_id, c.accepting_unit_id] || "
    + RELAYED.format(case="c")
    + " FROM enforcement_enforcementcase c WHERE c.id = {case_id}"
)
EVENT_CASE_UNITS = CASE_UNITS_BY_ID.format(case_id="cases[1]")
PROBED_UNITS = (
    "SELECT unnest(("
    + CASE_UNITS_BY_ID.format(case_id="e.case_id")
    + ")) FROM (SELECT DISTINCT case_id FROM {rows}) e"
)
EVENT_WRITTEN = PROBED.event_written(PROBED_UNITS)


def _replacing(statement: str) -> str:
    return statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")


POSTGRESQL_INSTALL = [
    "DELETE FROM enforcement_keptfigures",
    YEARS.case_written(CASE_UNITS, UPDATED_UNITS),
    _replacing(YEARS.dated_event_written(EVENT_CASE_UNITS, PROBED_UNITS)),
    EVENT_WRITTEN,
]
POSTGRESQL_UNINSTALL = [
    YEARS.CASE_WRITTEN,
    _replacing(YEARS.DATED_EVENT_WRITTEN),
    PROBED.EVENT_WRITTEN,
]

# SQLite: each row's trigger also raises the units its case was relayed through.
RELAYED_OF_ROW = {
    "case": (
        "SELECT from_unit_id, 1 FROM enforcement_casehandover WHERE case_id = {row}.id AND relayed"
    ),
    "event": (
        "SELECT from_unit_id, 1 FROM enforcement_casehandover "
        "WHERE case_id = {row}.case_id AND relayed"
    ),
}
SOURCES = (KEPT.OF_ROW, LINEAGE.ACCEPTING_OF_ROW, RELAYED_OF_ROW)
TABLES = {**KEPT.COUNTED, "obligation": OBLIGATIONS.TABLE}


def _sqlite_trigger(name: str, write: str) -> str:
    rows_of = "case" if name == "case" else "event"
    return (
        f"CREATE TRIGGER enforcement_{name}_{write} AFTER {KEPT.WRITES[write]} "
        f"ON {TABLES[name]} BEGIN "
        + " ".join(
            KEPT.RAISE.format(rows=of_row[rows_of].format(row=row))
            for row in KEPT.ROWS[write]
            for of_row in SOURCES
        )
        + " END"
    )


SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS enforcement_{name}_{write}" for name in TABLES for write in KEPT.WRITES
]
SQLITE_INSTALL = [
    "DELETE FROM enforcement_keptfigures",
    *SQLITE_DROP,
    *(_sqlite_trigger(name, write) for name in TABLES for write in KEPT.WRITES),
]
SQLITE_UNINSTALL = [
    *SQLITE_DROP,
    *(statement for statement in LINEAGE.SQLITE_BOTH if statement.startswith("CREATE")),
    *OBLIGATIONS.SQLITE_INSTALL,
]


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0037_counters_from_year"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="casehandover",
            index=models.Index(
                condition=models.Q(("relayed", True)),
                fields=["case"],
                name="enforcement_handover_relaying",
            ),
        ),
        migrations.RunPython(
            KEPT.run({"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}),
            KEPT.run({"postgresql": POSTGRESQL_UNINSTALL, "sqlite": SQLITE_UNINSTALL}),
            elidable=False,
        ),
    ]
