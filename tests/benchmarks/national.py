"""The national benchmark database: 34 agencies, 355 offices, ten million cases over ten years.

Built once, server-side, and kept: ``build`` plans each calendar year's cases in a temporary
table (``national_sql.PLAN``) and writes from it, one statement per table, the cases, their
events (opening, payments, reductions, changes of state, reassignments, the handover of 1 July
2025), their parties and handovers, then their search texts, and commits the year. The
tables' secondary indexes are dropped before and built again after the load, which is faster
than keeping them up row by row; foreign keys and triggers are not checked during the load
(``session_replication_role``): every id written comes from the units just created. A row of
``MARKER_TABLE`` then records the version of the generator and the number of cases, and a
later run with both unchanged reuses the database.

Statistical years 2016 … 2025 (1 October 2015 to 30 September 2025), about a million cases a
year, of which about a third are still open when the next year starts; changes of state go on
until ``CUTOFF`` (a month into statistical year 2026, when the yearly report is made).
"""

from __future__ import annotations

import datetime
import itertools
import time

from django.db import connection, transaction

from enforcement.search import SEPARATOR, TEXT_PARAMS, _text_sql
from tests.benchmarks import national_sql as sql
from tests.benchmarks.national_run import MARKER_TABLE, VERSION
from tests.benchmarks.national_units import REFORM, NationalUnits, build_units

START = datetime.date(2015, 10, 1)
END = datetime.date(2025, 9, 30)
CUTOFF = datetime.date(2025, 10, 31)
DAYS = (END - START).days + 1
# Secondary indexes dropped for the load and built again after it (constraints stay).
REINDEXED = (
    "enforcement_enforcementcase",
    "enforcement_caseevent",
    "enforcement_casesearchtext",
)
VACUUMED = (
    "enforcement_enforcementcase",
    "enforcement_caseevent",
    "enforcement_caseparty",
    "enforcement_casesearchtext",
    "enforcement_casehandover",
)
CITIES = ("Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ")
MOVED_NOTE = "Chuyển giao khi sắp xếp đơn vị ngày 01/07/2025."


def built_cases() -> int | None:
    """Return how many cases the database was built with by this version, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [MARKER_TABLE])
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(f"SELECT version, cases FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return row[1] if row is not None and row[0] == VERSION else None


def year_batches(total: int) -> list[tuple[int, int]]:
    """Return the case numbers of each calendar year: decision numbers restart every year."""
    bounds = [1]
    for year in range(START.year + 1, END.year + 1):
        offset = (datetime.date(year, 1, 1) - START).days
        bounds.append(-(-offset * total // DAYS) + 1)
    bounds.append(total + 1)
    return [(first, last - 1) for first, last in itertools.pairwise(bounds)]


def _fill_units(cursor: object, units: NationalUnits) -> None:
    before = {unit_id: n for n, unit_id in enumerate(units.agencies_before)}
    after = {unit_id: n for n, unit_id in enumerate(units.agencies_after)}
    offices_before = set(units.offices_before)
    cursor.execute(sql.UNIT_TABLE)
    rows = []
    for unit_id, (agency_id, successor_id, enforcers, province) in units.info.items():
        # The agency of 1 July 2025 on: the agency's successor, or the agency itself.
        new_agency = units.info[agency_id][1] or agency_id
        issuer = agency_id if unit_id in units.offices_after else unit_id
        suffix = "CCTHADS" if unit_id in offices_before else "CTHADS"
        place = (
            province
            if province.startswith("Thành phố")
            else f"thành phố {province}"
            if province in CITIES
            else f"tỉnh {province}"
        )
        rows.append(
            (
                unit_id,
                before.get(agency_id, 0),
                after.get(new_agency, 0),
                successor_id,
                enforcers,
                place,
                issuer,
                suffix,
            )
        )
    cursor.executemany("INSERT INTO national_unit VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)


def _secondary_indexes(cursor: object) -> list[tuple[str, str]]:
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = ANY(%s)
          AND indexname NOT IN (SELECT conname FROM pg_constraint)
        ORDER BY tablename, indexname
        """,
        [list(REINDEXED)],
    )
    return cursor.fetchall()


def _parameters(units: NationalUnits, total: int, first: int, last: int) -> dict[str, object]:
    return {
        **sql.NAME_PARAMS,
        "start": START,
        "days": DAYS,
        "total": total,
        "first": first,
        "last": last,
        "reform": REFORM,
        "cutoff": CUTOFF,
        "moved_note": MOVED_NOTE,
        "agencies_before": units.agencies_before,
        "agencies_before_n": len(units.agencies_before),
        "offices_before": units.offices_before,
        "offices_before_n": len(units.offices_before),
        "agencies_after": units.agencies_after,
        "agencies_after_n": len(units.agencies_after),
        "offices_after": units.offices_after,
        "offices_after_n": len(units.offices_after),
    }


def _index_texts(cursor: object, first: int, last: int) -> None:
    # The search texts as enforcement.search writes them, without its share lock: nobody
    # else writes these cases while they are generated.
    cursor.execute(
        "INSERT INTO enforcement_casesearchtext (case_id, unit_id, text) "
        f"SELECT id, unit_id, {_text_sql()} FROM enforcement_enforcementcase "
        "WHERE id BETWEEN %s AND %s",
        [*TEXT_PARAMS, SEPARATOR, SEPARATOR, first, last],
    )


def _say(started: float, message: str) -> None:
    print(f"  [{time.perf_counter() - started:7.1f} s] {message}", flush=True)


def build(total: int) -> float:
    """Generate the national database's units and ``total`` cases; return the seconds taken."""
    started = time.perf_counter()
    units = build_units()
    _say(
        started,
        f"units: {len(units.agencies_before)} provincial agencies and "
        f"{len(units.offices_before)} district offices until 30/06/2025, "
        f"{len(units.agencies_after)} agencies and {len(units.offices_after)} regional "
        "offices from 01/07/2025",
    )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET work_mem = '256MB'")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET jit = off")
        _fill_units(cursor, units)
        indexes = _secondary_indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for first, last in year_batches(total):
            with transaction.atomic():
                parameters = _parameters(units, total, first, last)
                cursor.execute("DROP TABLE IF EXISTS national_plan")
                cursor.execute(sql.PLAN, parameters)
                cursor.execute(sql.CASES, parameters)
                cursor.execute(sql.EVENTS, parameters)
                events = cursor.rowcount
                cursor.execute(sql.PARTIES, parameters)
                parties = cursor.rowcount
                cursor.execute(sql.HANDOVERS, parameters)
                _index_texts(cursor, first, last)
            day = START + datetime.timedelta(days=(last - 1) * DAYS // total)
            _say(
                started,
                f"cases {first:,}–{last:,} (to {day:%d/%m/%Y}): {events:,} events, "
                f"{parties:,} parties",
            )
        cursor.execute("DROP TABLE IF EXISTS national_plan")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('enforcement_enforcementcase', 'id'), %s)",
            [total],
        )
        for name, definition in indexes:
            cursor.execute(definition)
            _say(started, f"index {name}")
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in VACUUMED:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("ANALYZE")
        _say(started, "vacuumed and analysed")
        seconds = time.perf_counter() - started
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (version integer, cases bigint, "
            "build_seconds double precision, built_at timestamptz DEFAULT now())"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (version, cases, build_seconds) VALUES (%s, %s, %s)",
            [VERSION, total, seconds],
        )
    return seconds
