"""Write counters per statistical year: a payment of today no longer outdates last year's figures.

Until now every write of a case or of its events raised its units' one counter (migrations
0019, 0023, 0035), and with it every figure kept for the units, of every period: while
clerks record today's payments, the report of a past year computed their units again at
each reading, which is report time's crunch. A write whose effect on the figures begins on
a known day now raises a counter of the statistical year of that day, and the figures of
earlier years stay kept (``enforcement.selectors.kept``):

- an event (payment, reduction, correction, state change, reassignment…) counts only in
  the periods ending on or after its day: the statistics read events by their day;
- the change of a case's money columns (amount recovered, amount reduced) is the mirror of
  its money events: a period ending before an event's day reads the balance at its end as
  today's balance plus the money moved since, so the two cancel out there. Such a change
  counts from the day of the money events written with it in the same transaction, and only
  when they move exactly the same money; otherwise (a column changed alone, by hand) it
  counts from the beginning;
- a change of an open case's state that moves it forward (the previous state columns take
  the present state, the new state begins on its day, its eligibility unchanged), as the
  services change it, counts from the day the previous state began (from its own day when
  there was none): a period ending while the previous state held read it from the case's
  columns and now reads the case's events, which a case entered without history lacks;
- the opening or import event of a case counts from the beginning: it names the enforcer
  the case came with, whatever its day (``selectors.assignment``);
- every other write (a case entered, deleted or changed in any other column, several cases
  in one statement as imports and mergers write them, an obligation, a legal ground) counts
  from the beginning, as before, in the counter of migration 0019.

A transaction keeps no figures of a unit whose case's money it has changed without the
events that move the same money (``selectors.kept._written_here``): it counts that change
from the beginning meanwhile, and the events it may still write would count it in a later
year at its commit.

PostgreSQL only: the statement triggers note each such write in the pending table, with its
case, year and money, and the commit trigger pairs a case's money with its events before
raising the counters. SQLite's per-row triggers, which see neither the transaction nor the
statement, keep counting every write from the beginning (its year counters stay empty).

The statistical year of a day is the year in which its 1 October…30 September year ends
(``enforcement.models.years.statistical_year_of``): the day plus three months.
"""

import importlib

from django.db import migrations, models

KEPT = importlib.import_module("enforcement.migrations.0019_kept_figures")
LINEAGE = importlib.import_module("enforcement.migrations.0023_case_accepting_unit")
PROBED = importlib.import_module("enforcement.migrations.0035_counters_probe_cases")

# The statistical year of a date (the year starts on 1 October: YEAR_START_MONTH).
YEAR_OF = "extract(year FROM {day} + interval '3 months')::int"

# Each pending row is one write of one unit; a row of a case (case_id set) carries the year
# its effect begins in (null for a change of the case's money columns: the events written
# with it say) and the money it moves, signed so that a case's money columns and its events
# moving the same money sum to zero.
PENDING_COLUMNS = [
    "ALTER TABLE enforcement_pending_count ADD COLUMN case_id bigint, "
    "ADD COLUMN from_year int, ADD COLUMN collected bigint NOT NULL DEFAULT 0, "
    "ADD COLUMN reduced bigint NOT NULL DEFAULT 0",
]
PENDING_COLUMNS_DROPPED = [
    "ALTER TABLE enforcement_pending_count DROP COLUMN case_id, DROP COLUMN from_year, "
    "DROP COLUMN collected, DROP COLUMN reduced",
]

# The year each pending write of this transaction counts from, null: from the beginning. The
# rows of a case and unit count from the earliest year of the case's events when its money
# columns and its events move the same money (none at all: a state change, a reassignment);
# otherwise from the beginning.
PENDING_YEARS = """
    CREATE FUNCTION enforcement_pending_years() RETURNS TABLE (unit_id bigint, from_year int)
    LANGUAGE sql STABLE AS $$
        WITH written_cases AS (
            SELECT case_id, unit_id,
                   CASE WHEN sum(collected) = 0 AND sum(reduced) = 0
                        THEN NULLIF(min(from_year), 0)
                   END AS from_year
            FROM enforcement_pending_count WHERE case_id IS NOT NULL GROUP BY case_id, unit_id
        )
        SELECT p.unit_id, c.from_year FROM enforcement_pending_count p
        LEFT JOIN written_cases c ON c.case_id = p.case_id AND c.unit_id = p.unit_id
    $$
"""

# At commit: the writes counted from the beginning raise the units' counters, then the others
# their year's counters, each in the order of its keys, so that two transactions committing
# writes to the same units never wait for each other in a circle; then the pending rows go
# (the later firings find nothing left).
COUNT_PENDING = """
    CREATE OR REPLACE FUNCTION enforcement_count_pending() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO enforcement_statisticscounter AS counter (unit_id, value)
        SELECT unit_id, count(*) FROM enforcement_pending_years() WHERE from_year IS NULL
        GROUP BY unit_id ORDER BY unit_id
        ON CONFLICT (unit_id) DO UPDATE SET value = counter.value + excluded.value;
        INSERT INTO enforcement_yearcounter AS counter (unit_id, year, value)
        SELECT unit_id, from_year, count(*) FROM enforcement_pending_years()
        WHERE from_year IS NOT NULL GROUP BY unit_id, from_year ORDER BY unit_id, from_year
        ON CONFLICT (unit_id, year) DO UPDATE SET value = counter.value + excluded.value;
        DELETE FROM enforcement_pending_count;
        RETURN NULL;
    END $$
"""
COUNT_PENDING_BEFORE = [
    statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    for statement in KEPT.POSTGRESQL_INSTALL
    if statement.strip().startswith("CREATE FUNCTION enforcement_count_pending")
]

# The columns of a case's state, which a change of state moves forward (services.statuses:
# the previous state takes the present one, the new one begins on its day), and of its money.
STATE_COLUMNS = (
    "status",
    "ground_id",
    "state_changed_on",
    "previous_status",
    "previous_eligibility",
    "previous_ground_id",
    "previous_state_changed_on",
    "closed_on",
)
MONEY_COLUMNS = ("amount_recovered", "amount_reduced")
OTHER_COLUMNS = "ARRAY[" + ", ".join(f"'{name}'" for name in STATE_COLUMNS + MONEY_COLUMNS) + "]"


def _row(alias: str, names: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"{alias}.{name}" for name in names) + ")"


# A forward change of an open case's state, its eligibility unchanged. A period ending before
# the present state began read that state from the case's columns and still does (the
# previous state columns now hold it); one ending before the previous state began read the
# case's events and still does (the new state's event comes later). Only a period ending
# while the previous state held changes its source, from the previous state's columns to the
# events: the change counts from the year the previous state began (from the new state's
# year when there was none).
FORWARD = """
    n.previous_status = o.status
    AND n.previous_eligibility IS NOT DISTINCT FROM o.eligibility
    AND n.previous_ground_id IS NOT DISTINCT FROM o.ground_id
    AND n.previous_state_changed_on IS NOT DISTINCT FROM o.state_changed_on
    AND n.state_changed_on >= o.state_changed_on
    AND n.eligibility = o.eligibility
    AND o.closed_on IS NULL
    AND (n.closed_on IS NULL OR n.closed_on = n.state_changed_on)
"""
PREVIOUS_STATE_BEGAN = "COALESCE(o.previous_state_changed_on, n.state_changed_on)"
# A case written alone whose other columns are unchanged, its state moved forward or left as
# it was and its money changed: a pending row per unit of the case, with the year its state
# change counts from (none for money alone: the events written with it say) and the money.
# Any other update counts from the beginning, as before (migration 0023).
DATED_CASE_CHANGE = f"""
    SELECT n.id, n.unit_id, n.accepting_unit_id,
           CASE WHEN {_row("n", STATE_COLUMNS)} IS DISTINCT FROM {_row("o", STATE_COLUMNS)}
                THEN {YEAR_OF.format(day=PREVIOUS_STATE_BEGAN)}
           END AS from_year,
           o.amount_recovered - n.amount_recovered AS collected,
           o.amount_reduced - n.amount_reduced AS reduced
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (to_jsonb(n) - {OTHER_COLUMNS}::text[]) = (to_jsonb(o) - {OTHER_COLUMNS}::text[])
      AND (
          ({_row("n", STATE_COLUMNS)} IS DISTINCT FROM {_row("o", STATE_COLUMNS)} AND {FORWARD})
          OR ({_row("n", STATE_COLUMNS)} IS NOT DISTINCT FROM {_row("o", STATE_COLUMNS)}
              AND {_row("n", MONEY_COLUMNS)} IS DISTINCT FROM {_row("o", MONEY_COLUMNS)})
      )
"""
# The units a case's write counts for: its unit and the unit that accepted it (``{case}``:
# the case's row; migration 0038 adds the units it was relayed through).
CASE_UNITS = "ARRAY[{case}.unit_id, {case}.accepting_unit_id]"
UPDATED_UNITS = """SELECT unit_id FROM new_rows UNION SELECT unit_id FROM old_rows
                UNION SELECT accepting_unit_id FROM new_rows
                UNION SELECT accepting_unit_id FROM old_rows"""


def case_written(case_units: str = CASE_UNITS, updated_units: str = UPDATED_UNITS) -> str:
    """Return the case table's statement function, counting for the units given."""
    return f"""
    CREATE OR REPLACE FUNCTION enforcement_case_written() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM enforcement_raise_counters(ARRAY(
                SELECT unit_id FROM new_rows UNION SELECT accepting_unit_id FROM new_rows
            ));
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            -- Nested: PL/pgSQL may read both sides of an AND, and a DELETE has no new rows.
            IF (SELECT count(*) FROM new_rows) = 1 THEN
                INSERT INTO enforcement_pending_count
                    (unit_id, case_id, from_year, collected, reduced)
                SELECT DISTINCT unit, d.id, d.from_year, d.collected, d.reduced
                FROM ({DATED_CASE_CHANGE}) d,
                     unnest({case_units.format(case="d")}) AS unit
                WHERE unit IS NOT NULL;
                IF FOUND THEN
                    RETURN NULL;
                END IF;
            END IF;
            PERFORM enforcement_raise_counters(ARRAY(
                {updated_units}
            ));
        ELSE
            PERFORM enforcement_raise_counters(ARRAY(
                SELECT unit_id FROM old_rows UNION SELECT accepting_unit_id FROM old_rows
            ));
        END IF;
        RETURN NULL;
    END $$
"""


CASE_WRITTEN = case_written()
CASE_WRITTEN_BEFORE = [
    statement for statement in LINEAGE.POSTGRESQL_BOTH if "enforcement_case_written" in statement
]

# The events of one case written by one statement (what the services write): a pending row
# per unit of the case and event, with the event's year and its money (+ written, − removed).
# A statement writing the events of several cases (an import) counts from the beginning.
# The opening or import of a case names the enforcer it came with, read by the statistics
# whatever the event's day (selectors.assignment): such an event counts from the beginning
# (year 0, which ``enforcement_pending_years`` reads as none).
UNDATED_KINDS = "('opened', 'imported')"
EVENT_ROWS = (
    "SELECT e.case_id, CASE WHEN e.kind IN " + UNDATED_KINDS + " THEN 0 ELSE "
    + YEAR_OF.format(day="e.occurred_on")
    + " END AS from_year, "
    "{sign}e.collected AS collected, {sign}e.reduced AS reduced FROM {rows} e"
)
WRITTEN_EVENTS = {
    "INSERT": EVENT_ROWS.format(sign="", rows="new_rows"),
    "UPDATE": EVENT_ROWS.format(sign="", rows="new_rows")
    + " UNION ALL "
    + EVENT_ROWS.format(sign="-", rows="old_rows"),
    "DELETE": EVENT_ROWS.format(sign="-", rows="old_rows"),
}
PENDING_EVENTS = """
            INSERT INTO enforcement_pending_count
                (unit_id, case_id, from_year, collected, reduced)
            SELECT unit, w.case_id, w.from_year, w.collected, w.reduced
            FROM ({events}) w
            CROSS JOIN (
                -- Each unit once: a case handed back to its accepting unit has it twice.
                SELECT DISTINCT unit FROM unnest(({units})) AS unit
                WHERE unit IS NOT NULL
            ) units;"""
# The units of the one case written (``cases[1]``), read by its primary key.
EVENT_CASE_UNITS = """
                    SELECT ARRAY[c.unit_id, c.accepting_unit_id]
                    FROM enforcement_enforcementcase c WHERE c.id = cases[1]
                """
UNDATED = {
    "INSERT": "ARRAY({new})",
    "UPDATE": "ARRAY({new} UNION {old})",
    "DELETE": "ARRAY({old})",
}


def dated_event_written(
    case_units: str = EVENT_CASE_UNITS, probed_units: str = PROBED.PROBED_UNITS
) -> str:
    """Return the events' statement function, counting for the units given.

    ``case_units``: the array of the units of the one case written; ``probed_units``: the
    units of the cases of a statement writing several (``{rows}``: its transition table).
    """
    return (
        """
    CREATE FUNCTION enforcement_dated_event_written() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        cases bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            cases := ARRAY(SELECT DISTINCT case_id FROM new_rows);
        ELSIF TG_OP = 'UPDATE' THEN
            cases := ARRAY(SELECT case_id FROM new_rows UNION SELECT case_id FROM old_rows);
        ELSE
            cases := ARRAY(SELECT DISTINCT case_id FROM old_rows);
        END IF;
        IF cardinality(cases) <> 1 THEN"""
        + "".join(
            f"""
            {"IF" if write == "INSERT" else "ELSIF"} TG_OP = '{write}' THEN
                PERFORM enforcement_raise_counters({
                units.format(
                    new=probed_units.format(rows="new_rows"),
                    old=probed_units.format(rows="old_rows"),
                )
            });"""
            for write, units in UNDATED.items()
        )
        + """
            END IF;
            RETURN NULL;
        END IF;"""
        + "".join(
            f"""
        {"IF" if write == "INSERT" else "ELSIF"} TG_OP = '{write}' THEN"""
            + PENDING_EVENTS.format(events=events, units=case_units)
            for write, events in WRITTEN_EVENTS.items()
        )
        + """
        END IF;
        RETURN NULL;
    END $$
"""
    )


DATED_EVENT_WRITTEN = dated_event_written()
EVENT_TABLE = KEPT.COUNTED["event"]
EVENT_TRIGGERS = [
    f"DROP TRIGGER enforcement_event_{write} ON {EVENT_TABLE}" for write in KEPT.WRITES
]
DATED_EVENT_TRIGGERS = [
    *EVENT_TRIGGERS,
    *(
        f"CREATE TRIGGER enforcement_event_{write} AFTER {KEPT.WRITES[write]} ON {EVENT_TABLE} "
        f"REFERENCING {KEPT.TRANSITIONS[write]} FOR EACH STATEMENT "
        "EXECUTE FUNCTION enforcement_dated_event_written()"
        for write in KEPT.WRITES
    ),
]
UNDATED_EVENT_TRIGGERS = [
    *EVENT_TRIGGERS,
    *(
        f"CREATE TRIGGER enforcement_event_{write} AFTER {KEPT.WRITES[write]} ON {EVENT_TABLE} "
        f"REFERENCING {KEPT.TRANSITIONS[write]} FOR EACH STATEMENT "
        "EXECUTE FUNCTION enforcement_event_written()"
        for write in KEPT.WRITES
    ),
]

POSTGRESQL_INSTALL = [
    *PENDING_COLUMNS,
    PENDING_YEARS,
    COUNT_PENDING,
    CASE_WRITTEN,
    DATED_EVENT_WRITTEN,
    *DATED_EVENT_TRIGGERS,
]
POSTGRESQL_UNINSTALL = [
    # Kept rows were kept at counters that included the year counters: back on the units'
    # counters alone, a later write could bring a unit's counter back to such a value.
    "DELETE FROM enforcement_keptfigures",
    *UNDATED_EVENT_TRIGGERS,
    "DROP FUNCTION enforcement_dated_event_written()",
    *CASE_WRITTEN_BEFORE,
    *COUNT_PENDING_BEFORE,
    "DROP FUNCTION enforcement_pending_years()",
    *PENDING_COLUMNS_DROPPED,
]


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0036_case_search_words_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="YearCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("unit_id", models.BigIntegerField()),
                ("year", models.PositiveSmallIntegerField()),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit_id", "year"), name="year_counter_one_per_unit_and_year"
                    )
                ],
            },
        ),
        migrations.RunPython(
            KEPT.run({"postgresql": POSTGRESQL_INSTALL}),
            KEPT.run({"postgresql": POSTGRESQL_UNINSTALL}),
            elidable=False,
        ),
    ]
