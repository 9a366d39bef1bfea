"""Generated demo cases: plausible debtors, judgments and amounts, written in bulk."""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from enforcement.demo.figures import CITY_AGENCIES, REORGANISED_ON
from enforcement.models import (
    CaseEvent,
    CaseParty,
    Court,
    Eligibility,
    EnforcementCase,
    Initiation,
    Judgment,
    JudgmentKind,
    PartyKind,
    PartyRole,
    Status,
)
from enforcement.search import index_cases
from enforcement.services import (
    CASE_COLUMNS,
    COURTS_CSV,
    bulk_insert,
    courts_load,
    obligations_from_amounts,
)
from enforcement.services.parties import parties_from_texts_in_range
from organizations.models import Unit

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


def random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _amount(rng: random.Random, *, resolved: bool) -> int:
    # Resolved cases are mostly small fines and debts; what stays open is larger.
    median = 12_000_000 if resolved else 80_000_000
    spread = 1.1 if resolved else 1.35
    return max(1_000_000, int(round(math.exp(rng.gauss(math.log(median), spread)), -3)))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _company(rng: random.Random) -> str:
    return f"{rng.choice(_COMPANY_KINDS)} {rng.choice(_TRADES)} {rng.choice(_COMPANIES)}"


class CaseBuilder:
    """Accumulates generated cases and their events, and writes them in batches."""

    def __init__(
        self,
        units: dict[str, Unit],
        seed: int,
        number_suffix: Callable[[Unit], str] | None = None,
    ) -> None:
        self.units = units
        self.number_suffix = number_suffix or _number_suffix
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.numbers: dict[tuple[str, int], int] = {}
        self.cases: list[EnforcementCase] = []
        self.events: list[list[tuple]] = []
        # Per case, its judgment's number and date (the court follows from its unit).
        self.judgments: list[tuple[str, datetime.date]] = []

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
        decision_date = accepted_on + datetime.timedelta(days=rng.randint(0, 5))
        # The agency numbers its decisions afresh every year, whichever office handles them.
        key = (agency_code, decision_date.year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        # Drawn where the judgment's text drew it before: the demo's sequence stays the same.
        judgment_number = rng.randint(1, 980)
        self.cases.append(
            EnforcementCase(
                unit=unit,
                issuing_agency=self.units[agency_code],
                decision_number=(
                    f"{self.numbers[key]}/{decision_date.year}/{self.number_suffix(unit)}"
                ),
                decision_date=decision_date,
                accepted_on=accepted_on,
                judgment=(f"Bản án số {judgment_number}/{judgment_year}/{_JUDGMENT_SUFFIX[kind]}"),
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
        self.judgments.append(
            (
                f"{judgment_number}/{judgment_year}/{_JUDGMENT_SUFFIX[kind]}",
                _judgment_day(judgment_number, judgment_year, accepted_on),
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

    def spread_payments(self, last_day: datetime.date) -> None:
        """Give the cases the money a real office collects: installments over time.

        Most debtors pay in parts: a completed case often received installments before the
        last one on its completion day; an open eligible case has usually paid some of its
        debt; one not yet eligible rarely pays; an entrusted or withdrawn case sometimes paid
        before it left. The completion's event collects what was left.
        """
        rng = self.rng
        open_statuses = (Status.IN_PROGRESS, Status.POSTPONED, Status.SUSPENDED)
        for index, case in enumerate(self.cases):
            events = self.events[index]
            draw = rng.random()
            if case.status == Status.COMPLETED:
                share = rng.choice((0.0, 0.0, 0.3, 0.5, 0.7))
            elif case.status in open_statuses and case.eligibility == Eligibility.ELIGIBLE:
                share = rng.uniform(0.05, 0.3) if draw < 0.5 else 0.0
            elif case.status in open_statuses:
                share = rng.uniform(0.02, 0.15) if draw < 0.15 else 0.0
            elif case.status in (Status.ENTRUSTED, Status.WITHDRAWN):
                share = rng.uniform(0.1, 0.3) if draw < 0.3 else 0.0
            else:
                continue  # terminated: what it collected is on its event
            paid = int(case.amount_due * share) // 1000 * 1000
            # Paid while the case was handled: from acceptance to its closing (the day before
            # a completion, whose event collects the rest) or to the last day.
            end = (case.closed_on - datetime.timedelta(days=1)) if case.closed_on else last_day
            if end < case.accepted_on:
                continue
            # A few debtors of eligible cases are granted a reduction or exemption.
            reduced = 0
            if case.eligibility == Eligibility.ELIGIBLE and rng.random() < 0.03:
                reduced = int((case.amount_due - paid) * rng.uniform(0.1, 0.3)) // 1000 * 1000
            if not paid and not reduced:
                continue
            parts = rng.randint(1, 3) if paid else 0
            days = sorted(random_day(rng, case.accepted_on, end) for _ in range(parts))
            amounts = [paid // parts] * parts if parts else []
            if amounts:
                amounts[-1] += paid - sum(amounts)
            moves = [
                (CaseEvent.Kind.PAYMENT, day, amount)
                for day, amount in zip(days, amounts, strict=True)
            ]
            if reduced:
                moves.append(
                    (CaseEvent.Kind.REDUCED, random_day(rng, case.accepted_on, end), reduced)
                )
            for kind, day, amount in moves:
                position = next(
                    (i for i, event in enumerate(events) if event[1] > day), len(events)
                )
                status, eligibility = events[position - 1][3:5]
                events.insert(position, (kind, day, amount, status, eligibility))
            case.amount_recovered += paid
            case.amount_reduced += reduced
            if case.status == Status.COMPLETED:
                # The last event completed it and collected what was left.
                kind, on, _amount, *rest = events[-1]
                events[-1] = (kind, on, case.amount_due - paid - reduced, *rest)
                case.amount_recovered = case.amount_due - reduced

    def _others(self, case: EnforcementCase) -> list[str]:
        # Entrusted to another of the five cities, all of which existed throughout.
        own = case.unit.code.split("-")[1]
        return [code for code in CITY_AGENCIES if code.split("-")[1] != own]

    def write(self, enforcer: Callable[[EnforcementCase], int | None] | None = None) -> None:
        """Insert the cases, then their events, with plain multi-row statements.

        ``enforcer`` gives each case, numbered by then, its enforcer from its acceptance
        on: the case and every event of it carry them, as an update after would leave them
        (which wrote every case and event a second time, a minute of the demo's loading).
        """
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
            "enforcer_since",
        }
        case_rows = []
        for offset, case in enumerate(self.cases):
            case.pk = first_id + offset
            if enforcer is not None and (enforcer_id := enforcer(case)) is not None:
                case.enforcer_id = enforcer_id
                case.enforcer_since = case.accepted_on
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
                amount if kind in MONEY_KINDS else 0,
                amount if kind == CaseEvent.Kind.REDUCED else 0,
                note,
                status,
                eligibility,
                case.enforcer_id,
            )
            for case, case_events in zip(self.cases, self.events, strict=True)
            for kind, on, amount, status, eligibility, *rest in case_events
            for note in [rest[0] if rest else ""]
        ]
        bulk_insert(EnforcementCase, CASE_COLUMNS, case_rows)
        bulk_insert(CaseEvent, EVENT_COLUMNS, event_rows)
        last_id = first_id + len(case_rows) - 1
        # Each case's amount is its one money obligation, as the case import leaves it.
        obligations_from_amounts([(first_id, last_id)])
        _write_parties(first_id, last_id)
        bulk_insert(Judgment, JUDGMENT_COLUMNS, self._judgment_rows())
        # Demo data is loaded, not imported: its search text is written at once.
        index_cases(first_id, last_id)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for statement in ops.sequence_reset_sql(
                    no_style(), [EnforcementCase, CaseEvent, CaseParty, Judgment]
                ):
                    cursor.execute(statement)

    def _judgment_rows(self) -> list[tuple]:
        """Return one judgment a case: of the regional court its office follows, else the
        provincial court of its agency's province."""
        if not Court.objects.exists():
            # A flushed test database: the catalogue as the migration seeds it.
            courts_load(text=COURTS_CSV.read_text(encoding="utf-8-sig"), source=COURTS_CSV.name)
        courts = {
            code: (pk, valid_from)
            for code, pk, valid_from in Court.objects.values_list("code", "pk", "valid_from")
        }
        adapt = connection.ops.adapt_datefield_value
        rows = []
        for case, (number, issued_on) in zip(self.cases, self.judgments, strict=True):
            court_id = _court_of(case.unit.code, issued_on, courts)
            if court_id is None:
                continue
            rows.append(
                (
                    case.pk,
                    Judgment.Kind.JUDGMENT.value,
                    number,
                    adapt(issued_on),
                    court_id,
                    Judgment.Instance.FIRST.value,
                )
            )
        return rows


JUDGMENT_COLUMNS = ("case_id", "kind", "number", "issued_on", "court_id", "instance")
# Names that are organisations, and the State budget a fine or court fee is owed to, which
# the enforcement agency itself collects.
_ORGANISATION_PREFIXES = ("Công ty%", "Doanh nghiệp%", "Ngân hàng%")
STATE_BUDGET = "Ngân sách nhà nước"


def _judgment_day(number: int, year: int, accepted_on: datetime.date) -> datetime.date:
    """Return a day of the judgment's year before the case was accepted, drawn from its number.

    Derived, not drawn, so that the demo's random sequence (and its figures) stay as they were.
    """
    if year < accepted_on.year:
        return datetime.date(year, 1 + number % 12, 1 + number % 28)
    return max(datetime.date(year, 1, 1), accepted_on - datetime.timedelta(days=20 + number % 60))


def _court_of(
    unit_code: str, issued_on: datetime.date, courts: dict[str, tuple[int, datetime.date | None]]
) -> int | None:
    """Return the id of the court of a demo unit's judgment: the regional court of the same
    number as its regional office once regional courts exist, else its province's court."""
    parts = unit_code.split("-")  # THADS-HN, THADS-HN-KV2, THADS-HN-CC1
    if len(parts) < 2:
        return None
    if len(parts) == 3 and parts[2].startswith("KV"):
        regional = courts.get(f"TAND-{parts[1]}-{parts[2]}")
        if regional is not None and (regional[1] is None or issued_on >= regional[1]):
            return regional[0]
    provincial = courts.get(f"TAND-{parts[1]}")
    return provincial[0] if provincial is not None else None


def _write_parties(first_id: int, last_id: int) -> None:
    """Give the cases their parties from their texts, then their kinds, all in SQL."""
    parties_from_texts_in_range(first_id, last_id)
    in_range = CaseParty.objects.filter(case_id__gte=first_id, case_id__lte=last_id)
    in_range.filter(role=PartyRole.CREDITOR, name=STATE_BUDGET).update(kind=PartyKind.AGENCY)
    for prefix in _ORGANISATION_PREFIXES:
        in_range.filter(name__startswith=prefix.rstrip("%")).update(kind=PartyKind.ORGANISATION)


# The events whose amount is money collected: a payment, and what a completion or a
# termination collected on its day.
MONEY_KINDS = frozenset(
    {CaseEvent.Kind.PAYMENT, CaseEvent.Kind.COMPLETED, CaseEvent.Kind.TERMINATED}
)
EVENT_COLUMNS = (
    "case_id",
    "kind",
    "occurred_on",
    "recorded_at",
    "amount",
    "collected",
    "reduced",
    "note",
    "status_after",
    "eligibility_after",
    "enforcer_id",
)
