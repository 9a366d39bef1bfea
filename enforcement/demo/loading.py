"""Loading the demo of enforcement: the five cities' 2024 as published, and 2025.

The 2024 table (``figures``) is built so that the published official figures come out
exactly: 237,278 cases = 86,895 carried over + 150,383 newly accepted; 83.59 % resolved for
the five together; Cần Thơ 83.30 %, Đà Nẵng 85.79 %, Hà Nội 83.64 %, TP. Hồ Chí Minh and Hải
Phòng above their (invented) targets. Each case row is generated from the table with a seeded
random generator, so every run gives the same cases. 2024 is then closed (snapshot); 2025 is
open, with the cases carried over from 2024 and Huế's agency (a centrally-run city from
1 January 2025). The district offices that ended on 30 June 2025 hand their open cases to
their successors through the merger service, and so do the former agencies of the provinces
merged into the cities (``predecessors``: their cases of 1 October 2024 to 30 June 2025,
from a generator of their own, so the cities' figures stay as published). Every case is then
assigned, from its acceptance, to one of a few enforcers of the unit holding it.

Rows are inserted in bulk for speed; bulk inserts write no django-simple-history rows, so the
demo cases start their change history at the first edit made through the admin.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from enforcement.demo.cases import CaseBuilder, random_day
from enforcement.demo.enforcers import demo_enforcers
from enforcement.demo.entrustments import entrust_demo_cases
from enforcement.demo.figures import (
    CITY_AGENCIES,
    DEMO_AGENCIES,
    NEW_2025,
    TARGETS,
    YEAR_2024,
    YEAR_2024_END,
    YEAR_2024_START,
    YEAR_2025_END,
    YEAR_2025_START,
    YearRow,
)
from enforcement.demo.predecessors import (
    expected_predecessor_cases,
    generate_predecessor_cases,
    predecessor_cases,
    predecessor_units,
)
from enforcement.models import (
    AnnualSnapshot,
    CaseEvent,
    CaseParty,
    CaseSearchText,
    Eligibility,
    EnforcementCase,
    Judgment,
    StatisticalYear,
    Status,
    Target,
    YearLogEntry,
)
from enforcement.selectors import OUTCOMES, Period, enforcement_statistics
from enforcement.services import (
    statistical_year_close,
    statistical_year_open,
    unit_merge_into_successor,
)
from organizations.models import Unit


def _scaled_year_2024(scale: float) -> list[YearRow]:
    """Return the 2024 table with every line scaled, the new cases making up the total."""
    if scale == 1:
        return YEAR_2024
    rows = []
    for row in YEAR_2024:
        lines = {name: round(getattr(row, name) * scale) for name in OUTCOMES}
        carried_over = round(row.carried_over * scale)
        rows.append(
            YearRow(
                row.unit_code,
                carried_over=carried_over,
                newly_accepted=sum(lines.values()) - carried_over,
                **lines,
            )
        )
    return rows


def _generate_2024(builder: CaseBuilder, year_2024: list[YearRow]) -> dict[str, list[int]]:
    """Generate the 2024 cases; return per agency the indexes of those still open at its end."""
    rng = builder.rng
    still_open: dict[str, list[int]] = {}
    for row in year_2024:
        outcomes = [name for name in OUTCOMES for _ in range(getattr(row, name))]
        rng.shuffle(outcomes)
        still_open[row.unit_code] = []
        for position, outcome in enumerate(outcomes):
            if position < row.carried_over:
                accepted_on = random_day(
                    rng, datetime.date(2021, 1, 1), YEAR_2024_START - datetime.timedelta(days=1)
                )
            else:
                accepted_on = random_day(rng, YEAR_2024_START, YEAR_2024_END)
            index = builder.new_case(
                agency_code=row.unit_code,
                accepted_on=accepted_on,
                resolved=outcome in ("completed", "terminated", "entrusted", "withdrawn"),
                eligible=outcome != "not_eligible",
            )
            if outcome in ("not_eligible", "in_progress"):
                still_open[row.unit_code].append(index)
                continue
            first_day = max(accepted_on, YEAR_2024_START)
            builder.change(index, outcome=outcome, on=random_day(rng, first_day, YEAR_2024_END))
            if outcome in ("postponed", "suspended"):
                still_open[row.unit_code].append(index)
    return still_open


def _generate_2025(
    builder: CaseBuilder, carried: dict[str, list[int]], new_2025: dict[str, int]
) -> None:
    """Work the carried-over cases through 2025 and accept the year's new cases."""
    rng = builder.rng
    for indexes in carried.values():
        for index in indexes:
            case = builder.cases[index]
            first_day = max(case.state_changed_on, YEAR_2025_START)
            draw = rng.random()
            if case.eligibility == Eligibility.NOT_ELIGIBLE:
                if draw < 0.15:
                    day = random_day(rng, first_day, YEAR_2025_END - datetime.timedelta(days=60))
                    builder.change(index, outcome="eligible", on=day)
                    if rng.random() < 0.5:
                        builder.change(
                            index, outcome=Status.COMPLETED, on=random_day(rng, day, YEAR_2025_END)
                        )
                continue
            if draw < 0.78:
                builder.change(
                    index, outcome=Status.COMPLETED, on=random_day(rng, first_day, YEAR_2025_END)
                )
            elif draw < 0.82:
                builder.change(
                    index, outcome=Status.TERMINATED, on=random_day(rng, first_day, YEAR_2025_END)
                )
    shares = [
        ("entrusted", 1.1),
        ("withdrawn", 0.32),
        ("not_eligible", 27.5),
        ("completed", 59.0),
        ("terminated", 2.6),
        ("postponed", 1.0),
        ("suspended", 0.4),
        ("in_progress", 8.5),
    ]
    names, weights = [name for name, _w in shares], [weight for _n, weight in shares]
    for code, count in new_2025.items():
        first_day = builder.units[code].valid_from if code in builder.units else YEAR_2025_START
        first_day = max(first_day, YEAR_2025_START)
        for _ in range(count):
            outcome = rng.choices(names, weights)[0]
            accepted_on = random_day(rng, first_day, YEAR_2025_END)
            index = builder.new_case(
                agency_code=code,
                accepted_on=accepted_on,
                resolved=outcome in ("completed", "terminated", "entrusted", "withdrawn"),
                eligible=outcome != "not_eligible",
            )
            if outcome not in ("not_eligible", "in_progress"):
                builder.change(
                    index, outcome=outcome, on=random_day(rng, accepted_on, YEAR_2025_END)
                )


def _hand_over_closed_later(builder: CaseBuilder) -> None:
    """Move to the successor the ended units' cases that were closed after they ended.

    The merger ran the day the successor took over, when these cases were still open; the
    merger service called after loading moves the ones still open today.
    """
    for index, case in enumerate(builder.cases):
        unit = case.unit
        if unit.valid_to is None or case.closed_on is None or case.closed_on <= unit.valid_to:
            continue
        takeover = unit.valid_to + datetime.timedelta(days=1)
        events = builder.events[index]
        position = next(i for i, event in enumerate(events) if event[1] > unit.valid_to)
        status, eligibility = events[position - 1][3:5]
        note = f"Chuyển từ {unit.name}."
        events.insert(position, (CaseEvent.Kind.MOVED, takeover, 0, status, eligibility, note))
        case.unit = builder.units[f"{unit.code.rsplit('-', 1)[0]}-KV1"]


def _demo_units() -> dict[str, Unit]:
    codes = [*DEMO_AGENCIES]
    for agency in DEMO_AGENCIES:
        codes += [f"{agency}-KV1", f"{agency}-KV2", f"{agency}-CC1"]
    return {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}


def _expected_case_count(year_2024: list[YearRow], new_2025: dict[str, int]) -> int:
    return sum(row.carried_over + row.newly_accepted for row in year_2024) + sum(new_2025.values())


def _wipe(units: dict[str, Unit]) -> None:
    # Raw deletes: the ORM would write one history row per deleted case.
    unit_ids = [unit.pk for unit in units.values()]
    placeholders = ", ".join(["%s"] * len(unit_ids))
    case_table = EnforcementCase._meta.db_table
    history_table = EnforcementCase.history.model._meta.db_table
    cases_of_units = f"SELECT id FROM {case_table} WHERE unit_id IN ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {CaseEvent._meta.db_table} WHERE case_id IN ({cases_of_units})",  # noqa: S608
            unit_ids,
        )
        cursor.execute(
            f"DELETE FROM {YearLogEntry._meta.db_table} WHERE case_id IN ({cases_of_units})",  # noqa: S608
            unit_ids,
        )
        for model in (CaseSearchText, CaseParty, Judgment):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE case_id IN ({cases_of_units})",  # noqa: S608
                unit_ids,
            )
        cursor.execute(f"DELETE FROM {case_table} WHERE unit_id IN ({placeholders})", unit_ids)  # noqa: S608
        cursor.execute(f"DELETE FROM {history_table} WHERE unit_id IN ({placeholders})", unit_ids)  # noqa: S608
    AnnualSnapshot.objects.filter(unit_id__in=unit_ids).delete()
    StatisticalYear.objects.filter(year__in=[2024, 2025]).delete()


def _load_targets(units: dict[str, Unit]) -> None:
    for year, by_unit in TARGETS.items():
        for code, (case_ratio, money_ratio) in by_unit.items():
            Target.objects.update_or_create(
                unit=units[code],
                year=year,
                defaults={"case_ratio": Decimal(case_ratio), "money_ratio": Decimal(money_ratio)},
            )


@transaction.atomic
def load_enforcement(*, scale: float = 1) -> dict[str, object]:
    """Create the demo cases, targets and years once; later runs find them and change nothing.

    ``scale`` below 1 makes every line of the tables that much smaller (0.01: 4,000 cases
    instead of 400,000), for tests that need the demo's shape rather than its size.
    """
    units = _demo_units()
    predecessors = predecessor_units()
    administrator = get_user_model().objects.get(username="admin")
    year_2024 = _scaled_year_2024(scale)
    new_2025 = {code: round(count * scale) for code, count in NEW_2025.items()}
    # The cities' own cases (those of the former agencies moved in are theirs).
    loaded = (
        StatisticalYear.objects.filter(year=2024, state=StatisticalYear.State.CLOSED).exists()
        and EnforcementCase.objects.filter(issuing_agency__in=units.values()).count()
        == _expected_case_count(year_2024, new_2025)
        and predecessor_cases(predecessors) == expected_predecessor_cases(scale)
    )
    if not loaded:
        _wipe({**units, **predecessors})
        _load_targets(units)
        builder = CaseBuilder(units, seed=2024)
        carried = _generate_2024(builder, year_2024)
        _generate_2025(builder, carried, new_2025)
        builder.spread_payments(YEAR_2025_END)
        _hand_over_closed_later(builder)
        merged = [
            *(unit for code, unit in units.items() if code.endswith("-CC1")),
            *predecessors.values(),
        ]
        # Each case's enforcer is of the unit that holds it after the merger.
        enforcer = demo_enforcers({**units, **predecessors}, merged=merged)
        builder.write(enforcer)
        generate_predecessor_cases(predecessors, scale=scale, enforcer=enforcer)
        statistical_year_close(user=administrator, year=2024)
        statistical_year_open(user=administrator, year=2025)
        for unit in merged:
            unit_merge_into_successor(user=administrator, unit=unit)
        # A few cases one city entrusted, received and linked by another (no figure moves).
        entrust_demo_cases(units)
    agencies = [units[code] for code in CITY_AGENCIES]
    table = enforcement_statistics(units=agencies, period=Period(year=2024))
    return {
        "cases": EnforcementCase.objects.filter(issuing_agency__in=units.values()).count(),
        "carried_over": table.total.cases.carried_over,
        "newly_accepted": table.total.cases.newly_accepted,
        "ratio": table.total.cases.ratio,
        "met": table.targets_met,
        "agencies": len(agencies),
    }
