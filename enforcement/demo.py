"""Demo data of enforcement: the five cities' statistical year 2024 as published, and 2025.

The 2024 table below is built so that the official figures of DESIGN section 10 come out
exactly: 237,278 cases = 86,895 carried over + 150,383 newly accepted; 83.59 % resolved for
the five together; Cần Thơ 83.30 %, Đà Nẵng 85.79 %, Hà Nội 83.64 %, TP. Hồ Chí Minh and Hải
Phòng above their (invented) targets. Each case row is generated from the table with a seeded
random generator, so every run gives the same cases. 2024 is then closed (snapshot); 2025 is
open, with the cases carried over from 2024 and Huế's agency (a centrally-run city from
1 January 2025). The district offices that ended on 30 June 2025 hand their open cases to
their successors through the merger service.

Rows are inserted in bulk for speed; bulk inserts write no django-simple-history rows, so the
demo cases start their change history at the first edit made through the admin.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from enforcement.bulk import CASE_COLUMNS, bulk_insert
from enforcement.models import (
    AnnualSnapshot,
    CaseEvent,
    CaseSearchText,
    Eligibility,
    EnforcementCase,
    Initiation,
    JudgmentKind,
    StatisticalYear,
    Status,
    Target,
    YearLogEntry,
)
from enforcement.search import index_cases
from enforcement.selectors import Period, enforcement_statistics
from enforcement.services import (
    statistical_year_close,
    statistical_year_open,
    unit_merge_into_successor,
)
from organizations.models import Unit


@dataclass(frozen=True)
class YearRow:
    """One agency's independent lines of a statistical year."""

    unit_code: str
    carried_over: int
    newly_accepted: int
    entrusted: int
    withdrawn: int
    not_eligible: int
    completed: int
    terminated: int
    postponed: int
    suspended: int
    in_progress: int


# Statistical year 2024 (1 October 2023 – 30 September 2024), in cases.
YEAR_2024 = [
    YearRow("THADS-HN", 27500, 41800, 762, 222, 19470, 39016, 1838, 639, 240, 7113),
    YearRow("THADS-HCM", 35600, 62900, 1084, 315, 27674, 55128, 2598, 936, 351, 10414),
    YearRow("THADS-HP", 8900, 16700, 282, 82, 7192, 14459, 681, 232, 87, 2585),
    YearRow("THADS-DN", 5895, 12183, 199, 58, 5079, 10439, 492, 145, 54, 1612),
    YearRow("THADS-CT", 9000, 16800, 284, 83, 7248, 14466, 682, 243, 91, 2703),
]
# (case ratio, money ratio) in percent; HN, DN and CT as published, the others invented.
TARGETS = {
    2024: {
        "THADS-HN": ("83.45", "46.50"),
        "THADS-HCM": ("83.00", "45.00"),
        "THADS-HP": ("83.50", "46.45"),
        "THADS-DN": ("83.25", "47.00"),
        "THADS-CT": ("83.25", "46.45"),
    },
    2025: {
        "THADS-HN": ("83.50", "46.50"),
        "THADS-HCM": ("83.20", "45.50"),
        "THADS-HP": ("83.50", "46.50"),
        "THADS-DN": ("83.50", "47.00"),
        "THADS-CT": ("83.30", "46.50"),
        "THADS-HUE": ("83.00", "45.00"),
    },
}
# Newly accepted in 2025; Huế's agency only from 1 January 2025.
NEW_2025 = {
    "THADS-HN": 43100,
    "THADS-HCM": 64800,
    "THADS-HP": 17200,
    "THADS-DN": 12500,
    "THADS-CT": 17300,
    "THADS-HUE": 9400,
}
CITY_AGENCIES = [row.unit_code for row in YEAR_2024]
DEMO_AGENCIES = [*CITY_AGENCIES, "THADS-HUE"]
REORGANISED_ON = datetime.date(2025, 7, 1)
YEAR_2024_START, YEAR_2024_END = datetime.date(2023, 10, 1), datetime.date(2024, 9, 30)
YEAR_2025_START, YEAR_2025_END = datetime.date(2024, 10, 1), datetime.date(2025, 9, 30)

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Kim"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Nam", "Phương"]
_GIVEN += ["Quân", "Sơn", "Tâm", "Thảo", "Trung", "Vân", "Yến", "Hải", "Tú", "Việt", "Hưng"]
_COMPANIES = ["Hoàng Long", "Phú Thịnh", "Minh Phát", "Đại Việt", "Thành Công", "An Khang"]
_COMPANY_KINDS = ["Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân"]
_TRADES = ["Thương mại", "Xây dựng", "Vận tải", "Đầu tư", "Dịch vụ", "Sản xuất"]
_BANKS = ["Ngân hàng TMCP Á Châu", "Ngân hàng Nông nghiệp và PTNT", "Ngân hàng TMCP Công Thương"]
_JUDGMENT_SUFFIX = {
    JudgmentKind.CIVIL: "DS-ST",
    JudgmentKind.CRIMINAL: "HS-ST",
    JudgmentKind.ADMINISTRATIVE: "HC-ST",
    JudgmentKind.MARRIAGE_FAMILY: "HNGĐ-ST",
    JudgmentKind.BUSINESS_COMMERCIAL: "KDTM-ST",
    JudgmentKind.LABOUR: "LĐ-ST",
    JudgmentKind.BANKRUPTCY: "QĐ-TBPS",
    JudgmentKind.ARBITRATION: "PQ-TT",
    JudgmentKind.OTHER: "QĐ",
}
_KIND_WEIGHTS = [
    (JudgmentKind.CIVIL, 38),
    (JudgmentKind.CRIMINAL, 34),
    (JudgmentKind.MARRIAGE_FAMILY, 12),
    (JudgmentKind.BUSINESS_COMMERCIAL, 9),
    (JudgmentKind.ADMINISTRATIVE, 2),
    (JudgmentKind.LABOUR, 2),
    (JudgmentKind.BANKRUPTCY, 1),
    (JudgmentKind.ARBITRATION, 1),
    (JudgmentKind.OTHER, 1),
]


def _number_suffix(unit: Unit) -> str:
    if unit.kind == Unit.Kind.ENFORCEMENT_AGENCY:
        return "QĐ-CTHADS"
    if unit.code.endswith("-CC1"):
        return "QĐ-CCTHADS"
    return "QĐ-PTHADS"


def _random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _amount(rng: random.Random, *, resolved: bool) -> int:
    # Resolved cases are mostly small fines and debts; what stays open is larger.
    median = 18_000_000 if resolved else 60_000_000
    spread = 1.1 if resolved else 1.35
    return max(1_000_000, int(round(math.exp(rng.gauss(math.log(median), spread)), -3)))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _company(rng: random.Random) -> str:
    return f"{rng.choice(_COMPANY_KINDS)} {rng.choice(_TRADES)} {rng.choice(_COMPANIES)}"


class _Builder:
    """Accumulates generated cases and their events, and writes them in batches."""

    def __init__(self, units: dict[str, Unit], seed: int) -> None:
        self.units = units
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.numbers: dict[tuple[int, int], int] = {}
        self.cases: list[EnforcementCase] = []
        self.events: list[list[tuple]] = []

    def unit_for(self, agency_code: str, accepted_on: datetime.date) -> Unit:
        # Before the reorganisation a district office took some cases; after it, the
        # regional offices take most of them.
        draw = self.rng.random()
        if accepted_on < REORGANISED_ON:
            district = self.units.get(f"{agency_code}-CC1")
            if district is not None and accepted_on >= district.valid_from and draw < 0.12:
                return district
            return self.units[agency_code]
        if draw < 0.45:
            return self.units[f"{agency_code}-KV1"]
        if draw < 0.90:
            return self.units[f"{agency_code}-KV2"]
        return self.units[agency_code]

    def new_case(
        self, *, agency_code: str, accepted_on: datetime.date, resolved: bool, eligible: bool
    ) -> int:
        rng = self.rng
        unit = self.unit_for(agency_code, accepted_on)
        key = (unit.pk, accepted_on.year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        kind = rng.choices([k for k, _w in _KIND_WEIGHTS], [w for _k, w in _KIND_WEIGHTS])[0]
        proactive = kind == JudgmentKind.CRIMINAL and rng.random() < 0.8
        company_debtor = kind in (JudgmentKind.BUSINESS_COMMERCIAL, JudgmentKind.BANKRUPTCY)
        if proactive:
            creditor = "Ngân sách nhà nước"
        elif company_debtor or rng.random() < 0.15:
            creditor = rng.choice(_BANKS)
        else:
            creditor = _person(rng)
        judgment_year = accepted_on.year - (1 if rng.random() < 0.3 else 0)
        amount_due = _amount(rng, resolved=resolved)
        self.cases.append(
            EnforcementCase(
                unit=unit,
                decision_number=f"{self.numbers[key]}/{accepted_on.year}/{_number_suffix(unit)}",
                decision_date=accepted_on + datetime.timedelta(days=rng.randint(0, 5)),
                accepted_on=accepted_on,
                judgment=(
                    f"Bản án số {rng.randint(1, 980)}/{judgment_year}/{_JUDGMENT_SUFFIX[kind]}"
                ),
                judgment_kind=kind,
                initiation=Initiation.PROACTIVE if proactive else Initiation.ON_REQUEST,
                debtor=_company(rng) if company_debtor else _person(rng),
                creditor=creditor,
                amount_due=amount_due,
                amount_recovered=0,
                eligibility=Eligibility.ELIGIBLE if eligible else Eligibility.NOT_ELIGIBLE,
                status=Status.IN_PROGRESS,
                state_changed_on=accepted_on,
            )
        )
        initial = Eligibility.ELIGIBLE if eligible else Eligibility.NOT_ELIGIBLE
        self.events.append(
            [(CaseEvent.Kind.OPENED, accepted_on, amount_due, Status.IN_PROGRESS, initial)]
        )
        return len(self.cases) - 1

    def change(self, index: int, *, outcome: str, on: datetime.date) -> None:
        """Move a generated case to an outcome on a day, as the services would."""
        case = self.cases[index]
        on = max(on, case.state_changed_on)
        case.previous_status = case.status
        case.previous_eligibility = case.eligibility
        case.previous_state_changed_on = case.state_changed_on
        kind: str
        if outcome == "eligible":
            case.eligibility = Eligibility.ELIGIBLE
            kind = CaseEvent.Kind.ELIGIBILITY_CHANGED
        else:
            case.status = outcome
            kind = {
                Status.POSTPONED: CaseEvent.Kind.POSTPONED,
                Status.SUSPENDED: CaseEvent.Kind.SUSPENDED,
                Status.COMPLETED: CaseEvent.Kind.COMPLETED,
                Status.TERMINATED: CaseEvent.Kind.TERMINATED,
                Status.ENTRUSTED: CaseEvent.Kind.ENTRUSTED,
                Status.WITHDRAWN: CaseEvent.Kind.WITHDRAWN,
            }[outcome]
        case.state_changed_on = on
        amount = 0
        if outcome in (Status.COMPLETED, Status.TERMINATED, Status.ENTRUSTED, Status.WITHDRAWN):
            case.closed_on = on
            if outcome == Status.COMPLETED:
                amount = case.amount_due - case.amount_recovered
                case.amount_recovered = case.amount_due
            elif outcome == Status.TERMINATED:
                amount = case.amount_due * self.rng.randint(0, 40) // 100
                case.amount_recovered += amount
            elif outcome == Status.ENTRUSTED:
                case.entrusted_to = self.units[self.rng.choice(self._others(case))]
        self.events[index].append((kind, on, amount, case.status, case.eligibility))

    def _others(self, case: EnforcementCase) -> list[str]:
        # Entrusted to another of the five cities, all of which existed throughout.
        own = case.unit.code.split("-")[1]
        return [code for code in CITY_AGENCIES if code.split("-")[1] != own]

    def write(self) -> None:
        """Insert the cases, then their events, with plain multi-row statements."""
        ops = connection.ops
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {EnforcementCase._meta.db_table}")  # noqa: S608
            first_id = cursor.fetchone()[0] + 1
        date_columns = {
            "decision_date",
            "accepted_on",
            "closed_on",
            "state_changed_on",
            "previous_state_changed_on",
        }
        case_rows = []
        for offset, case in enumerate(self.cases):
            case.pk = first_id + offset
            case_rows.append(
                tuple(
                    ops.adapt_datefield_value(getattr(case, column))
                    if column in date_columns
                    else getattr(case, column)
                    for column in CASE_COLUMNS
                )
            )
        recorded_at = ops.adapt_datetimefield_value(timezone.now())
        event_rows = [
            (
                case.pk,
                kind,
                ops.adapt_datefield_value(on),
                recorded_at,
                amount,
                note,
                status,
                eligibility,
            )
            for case, case_events in zip(self.cases, self.events, strict=True)
            for kind, on, amount, status, eligibility, *rest in case_events
            for note in [rest[0] if rest else ""]
        ]
        bulk_insert(EnforcementCase, CASE_COLUMNS, case_rows)
        bulk_insert(CaseEvent, EVENT_COLUMNS, event_rows)
        # Demo data is loaded, not imported: its search text is written at once.
        index_cases(first_id, first_id + len(case_rows) - 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for statement in ops.sequence_reset_sql(no_style(), [EnforcementCase, CaseEvent]):
                    cursor.execute(statement)


EVENT_COLUMNS = (
    "case_id",
    "kind",
    "occurred_on",
    "recorded_at",
    "amount",
    "note",
    "status_after",
    "eligibility_after",
)


def _scaled_year_2024(scale: float) -> list[YearRow]:
    """Return the 2024 table with every line scaled, the new cases making up the total."""
    if scale == 1:
        return YEAR_2024
    rows = []
    for row in YEAR_2024:
        lines = {name: round(getattr(row, name) * scale) for name in _OUTCOME_LINES}
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


_OUTCOME_LINES = (
    "entrusted",
    "withdrawn",
    "not_eligible",
    "completed",
    "terminated",
    "postponed",
    "suspended",
    "in_progress",
)


def _generate_2024(builder: _Builder, year_2024: list[YearRow]) -> dict[str, list[int]]:
    """Generate the 2024 cases; return per agency the indexes of those still open at its end."""
    rng = builder.rng
    still_open: dict[str, list[int]] = {}
    for row in year_2024:
        outcomes = (
            ["entrusted"] * row.entrusted
            + ["withdrawn"] * row.withdrawn
            + ["not_eligible"] * row.not_eligible
            + ["completed"] * row.completed
            + ["terminated"] * row.terminated
            + ["postponed"] * row.postponed
            + ["suspended"] * row.suspended
            + ["in_progress"] * row.in_progress
        )
        rng.shuffle(outcomes)
        still_open[row.unit_code] = []
        for position, outcome in enumerate(outcomes):
            if position < row.carried_over:
                accepted_on = _random_day(
                    rng, datetime.date(2021, 1, 1), YEAR_2024_START - datetime.timedelta(days=1)
                )
            else:
                accepted_on = _random_day(rng, YEAR_2024_START, YEAR_2024_END)
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
            builder.change(index, outcome=outcome, on=_random_day(rng, first_day, YEAR_2024_END))
            if outcome in ("postponed", "suspended"):
                still_open[row.unit_code].append(index)
    return still_open


def _generate_2025(
    builder: _Builder, carried: dict[str, list[int]], new_2025: dict[str, int]
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
                    day = _random_day(rng, first_day, YEAR_2025_END - datetime.timedelta(days=60))
                    builder.change(index, outcome="eligible", on=day)
                    if rng.random() < 0.5:
                        builder.change(
                            index, outcome=Status.COMPLETED, on=_random_day(rng, day, YEAR_2025_END)
                        )
                continue
            if draw < 0.78:
                builder.change(
                    index, outcome=Status.COMPLETED, on=_random_day(rng, first_day, YEAR_2025_END)
                )
            elif draw < 0.82:
                builder.change(
                    index, outcome=Status.TERMINATED, on=_random_day(rng, first_day, YEAR_2025_END)
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
            accepted_on = _random_day(rng, first_day, YEAR_2025_END)
            index = builder.new_case(
                agency_code=code,
                accepted_on=accepted_on,
                resolved=outcome in ("completed", "terminated", "entrusted", "withdrawn"),
                eligible=outcome != "not_eligible",
            )
            if outcome not in ("not_eligible", "in_progress"):
                builder.change(
                    index, outcome=outcome, on=_random_day(rng, accepted_on, YEAR_2025_END)
                )


def _hand_over_closed_later(builder: _Builder) -> None:
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
        cursor.execute(
            f"DELETE FROM {CaseSearchText._meta.db_table} WHERE case_id IN ({cases_of_units})",  # noqa: S608
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
    administrator = get_user_model().objects.get(username="admin")
    year_2024 = _scaled_year_2024(scale)
    new_2025 = {code: round(count * scale) for code, count in NEW_2025.items()}
    loaded = StatisticalYear.objects.filter(
        year=2024, state=StatisticalYear.State.CLOSED
    ).exists() and EnforcementCase.objects.filter(
        unit__in=units.values()
    ).count() == _expected_case_count(year_2024, new_2025)
    if not loaded:
        _wipe(units)
        _load_targets(units)
        builder = _Builder(units, seed=2024)
        carried = _generate_2024(builder, year_2024)
        _generate_2025(builder, carried, new_2025)
        _hand_over_closed_later(builder)
        builder.write()
        statistical_year_close(user=administrator, year=2024)
        statistical_year_open(user=administrator, year=2025)
        for code, unit in units.items():
            if code.endswith("-CC1"):
                unit_merge_into_successor(user=administrator, unit=unit)
    agencies = [units[code] for code in CITY_AGENCIES]
    table = enforcement_statistics(units=agencies, period=Period(year=2024))
    return {
        "cases": EnforcementCase.objects.filter(unit__in=units.values()).count(),
        "carried_over": table.total.cases.carried_over,
        "newly_accepted": table.total.cases.newly_accepted,
        "ratio": table.total.cases.ratio,
        "met": table.targets_met,
        "agencies": len(agencies),
    }
