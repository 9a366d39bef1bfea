"""Cases as an intake register holds them: every obligation, several parties, two judgments,
every status column, entrusted out and received; for the register export's tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from enforcement.models import (
    CaseEvent,
    CaseParty,
    Court,
    Eligibility,
    EnforcementCase,
    Initiation,
    Judgment,
    Obligation,
    ObligationKind,
    PartyKind,
    PartyRole,
    PeriodUnit,
    QuantityUnit,
    Status,
)
from organizations.models import Unit
from organizations.selectors import agency_of
from tests.enforcement.factories import legal_ground

ACCEPTED = datetime.date(2025, 10, 14)
START, END = datetime.date(2025, 10, 1), datetime.date(2026, 9, 30)


def day(month: int, date: int, year: int = 2025) -> datetime.date:
    return datetime.date(year, month, date)


@dataclass
class RegisterWorld:
    """The cases of one register, by what each shows."""

    full: EnforcementCase
    not_eligible: EnforcementCase
    terminated: EnforcementCase
    withdrawn: EnforcementCase
    entrusted: EnforcementCase
    postponed: EnforcementCase
    received: EnforcementCase

    def all(self) -> list[EnforcementCase]:
        return [
            self.full,
            self.not_eligible,
            self.terminated,
            self.withdrawn,
            self.entrusted,
            self.postponed,
            self.received,
        ]


def courts() -> tuple[Court, Court]:
    regional, _created = Court.objects.get_or_create(
        code="TEST-KV7-NA",
        defaults={
            "name": "Tòa án nhân dân khu vực 7 - Nghệ An",
            "short_name": "TAND KV7 - Nghệ An",
            "kind": Court.Kind.REGIONAL,
            "province": "Nghệ An",
        },
    )
    provincial, _created = Court.objects.get_or_create(
        code="TEST-NA",
        defaults={
            "name": "Tòa án nhân dân tỉnh Nghệ An",
            "short_name": "TAND tỉnh Nghệ An",
            "kind": Court.Kind.PROVINCIAL,
            "province": "Nghệ An",
        },
    )
    return regional, provincial


def register_case(
    unit: Unit,
    number: str,
    accepted_on: datetime.date,
    *,
    amount_due: int = 150_000,
    initiation: str = Initiation.PROACTIVE,
    notes: str = "",
    judgment: bool = True,
) -> EnforcementCase:
    """A case open and eligible since its acceptance, with its opening event and judgment."""
    case = EnforcementCase.objects.create(
        unit=unit,
        issuing_agency=agency_of(unit),
        decision_number=number,
        decision_date=accepted_on,
        accepted_on=accepted_on,
        judgment="",
        initiation=initiation,
        debtor="",
        amount_due=amount_due,
        eligibility=Eligibility.ELIGIBLE,
        status=Status.IN_PROGRESS,
        state_changed_on=accepted_on,
        notes=notes,
    )
    event(case, CaseEvent.Kind.OPENED, accepted_on)
    if judgment:
        # A first-instance judgment of a regional court, issued before the acceptance.
        Judgment.objects.create(
            case=case,
            number=f"{number.split('/')[0]}/2025/DS-ST",
            issued_on=datetime.date(2025, 9, 1),
            court=courts()[0],
        )
    return case


def event(
    case: EnforcementCase,
    kind: str,
    on: datetime.date,
    *,
    status: str = Status.IN_PROGRESS,
    eligibility: str = Eligibility.ELIGIBLE,
    note: str = "",
    ground: str = "",
) -> None:
    """Record an event and leave the case in the state it says, as the services do."""
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        occurred_on=on,
        status_after=status,
        eligibility_after=eligibility,
        note=note,
        ground=legal_ground(ground) if ground else None,
    )
    closed = status in (Status.COMPLETED, Status.TERMINATED, Status.WITHDRAWN, Status.ENTRUSTED)
    EnforcementCase.objects.filter(pk=case.pk).update(
        status=status,
        eligibility=eligibility,
        state_changed_on=on,
        closed_on=on if closed else None,
    )
    case.refresh_from_db()


def party(case: EnforcementCase, role: str, name: str, address: str = "", **kwargs: object) -> None:
    position = CaseParty.objects.filter(case=case, role=role).count()
    CaseParty.objects.create(
        case=case, role=role, name=name, address=address, position=position, **kwargs
    )


def simple_parties(case: EnforcementCase, debtor: str) -> None:
    party(case, PartyRole.DEBTOR, debtor, "Phường Vinh Phú, tỉnh Nghệ An")
    party(case, PartyRole.CREDITOR, "Ngân hàng TMCP Á Châu", "Phường Thành Vinh, tỉnh Nghệ An")


def money(case: EnforcementCase, description: str, amount: int) -> None:
    Obligation.objects.create(
        case=case, kind=ObligationKind.MONEY, description=description, amount=amount
    )


def build_register(unit: Unit, elsewhere: Unit) -> RegisterWorld:
    """Seven cases of the unit, one per way a register row ends; one entrusted to
    ``elsewhere``, one received from it."""
    regional, provincial = courts()
    full = register_case(
        unit,
        "46/QĐ-THADS",
        ACCEPTED,
        amount_due=150_000 + 12 * 1_000_000,
        initiation=Initiation.ON_REQUEST,
        judgment=False,
    )
    Judgment.objects.create(case=full, number="07/2025/DS-ST", issued_on=day(8, 15), court=regional)
    Judgment.objects.create(
        case=full,
        number="12/2025/DS-PT",
        issued_on=day(9, 30),
        court=provincial,
        instance=Judgment.Instance.APPEAL,
    )
    party(full, PartyRole.DEBTOR, "Ông Hoàng Đình Lâm", "Xã Tân Kỳ, tỉnh Nghệ An")
    party(full, PartyRole.DEBTOR, "Bà Nguyễn Thị Thuý", "Xã Tân Kỳ, tỉnh Nghệ An")
    party(full, PartyRole.CREDITOR, "Bà Trần Thị Hoa", "Xã Đô Lương, tỉnh Nghệ An")
    party(full, PartyRole.CREDITOR, "Anh Trần Văn Bình", "Xã Đô Lương, tỉnh Nghệ An")
    money(full, "APDSST", 150_000)
    Obligation.objects.create(
        case=full,
        kind=ObligationKind.PERIODIC_MONEY,
        description="cấp dưỡng nuôi con",
        amount=1_000_000,
        period_unit=PeriodUnit.MONTH,
        first_period=day(10, 1),
        last_period=day(9, 1, 2026),
    )
    Obligation.objects.create(
        case=full,
        kind=ObligationKind.PROPERTY,
        description="đất",
        quantity=Decimal("590"),
        quantity_unit=QuantityUnit.SQUARE_METRE,
    )
    Obligation.objects.create(
        case=full,
        kind=ObligationKind.PROPERTY,
        description="xe máy",
        quantity=Decimal("2"),
        quantity_unit=QuantityUnit.ITEM,
    )
    Obligation.objects.create(
        case=full,
        kind=ObligationKind.PROPERTY,
        description="đất rừng",
        quantity=Decimal("1.5"),
        quantity_unit=QuantityUnit.HECTARE,
    )
    Obligation.objects.create(
        case=full, kind=ObligationKind.ACT, description="tháo dỡ hàng rào lấn chiếm"
    )
    Obligation.objects.create(
        case=full, kind=ObligationKind.ABSTENTION, description="không được xây dựng trên đất"
    )
    event(
        full,
        CaseEvent.Kind.POSTPONED,
        day(11, 3),
        status=Status.POSTPONED,
        note="Quyết định 12/QĐ-THADS (sổ thụ lý)",
        ground="48.1.c",
    )
    event(full, CaseEvent.Kind.RESUMED, day(12, 1), note="QĐ tiếp tục số 20/QĐ-THADS")
    event(full, CaseEvent.Kind.SUSPENDED, day(1, 5, 2026), status=Status.SUSPENDED, ground="49.1")
    event(full, CaseEvent.Kind.RESUMED, day(2, 9, 2026), note="31/QĐ-THADS")
    event(
        full,
        CaseEvent.Kind.COMPLETED,
        day(3, 16, 2026),
        status=Status.COMPLETED,
        note="Xác nhận kết quả số 40/QĐ-THADS",
    )

    not_eligible = register_case(unit, "47/QĐ-THADS", day(10, 20))
    simple_parties(not_eligible, "Ông Lê Văn Tám")
    money(not_eligible, "trả cho bà Hoa", 150_000)
    event(
        not_eligible,
        CaseEvent.Kind.ELIGIBILITY_CHANGED,
        day(12, 10),
        eligibility=Eligibility.NOT_ELIGIBLE,
        note="QĐ chưa có điều kiện số 25/QĐ-THADS",
        ground="44a.1.a",
    )

    terminated = register_case(unit, "48/QĐ-THADS", day(10, 21))
    simple_parties(terminated, "Bà Phạm Thị Lan")
    money(terminated, "trả nợ vay", 150_000)
    event(
        terminated,
        CaseEvent.Kind.TERMINATED,
        day(1, 20, 2026),
        status=Status.TERMINATED,
        ground="50.1.c",
    )

    withdrawn = register_case(unit, "49/QĐ-THADS", day(10, 22))
    simple_parties(withdrawn, "Anh Võ Văn Kiệt")
    money(withdrawn, "trả nợ", 150_000)
    event(
        withdrawn,
        CaseEvent.Kind.WITHDRAWN,
        day(11, 2),
        status=Status.WITHDRAWN,
        note="rút số 15/QĐ-THADS",
    )

    entrusted = register_case(unit, "50/QĐ-THADS", day(10, 23), amount_due=5_000_000)
    party(entrusted, PartyRole.DEBTOR, "Công ty TNHH Minh Phát", "Xã Diễn Châu, tỉnh Nghệ An")
    party(entrusted, PartyRole.CREDITOR, "Chị Đặng Thu Hà")
    money(entrusted, "trả tiền hàng", 5_000_000)
    CaseEvent.objects.create(
        case=entrusted,
        kind=CaseEvent.Kind.ENTRUSTED,
        occurred_on=day(11, 20),
        status_after=Status.ENTRUSTED,
        eligibility_after=Eligibility.ELIGIBLE,
        note="QĐ ủy thác số 55/QĐ-THADS",
    )
    EnforcementCase.objects.filter(pk=entrusted.pk).update(
        status=Status.ENTRUSTED,
        closed_on=day(11, 20),
        state_changed_on=day(11, 20),
        entrusted_to=elsewhere,
        entrustment_decision_number="55/QĐ-THADS",
        entrustment_decision_date=day(11, 20),
    )

    postponed = register_case(unit, "51/QĐ-THADS", day(10, 24), amount_due=300_000)
    party(postponed, PartyRole.DEBTOR, "Ông Nguyễn Văn Nam")
    party(postponed, PartyRole.CREDITOR, agency_of(unit).name, kind=PartyKind.AGENCY)
    money(postponed, "APHSST", 300_000)
    # Postponed, resumed, postponed again: the row shows the latest postponement alone.
    event(postponed, CaseEvent.Kind.POSTPONED, day(11, 5), status=Status.POSTPONED, ground="48.1.a")
    event(postponed, CaseEvent.Kind.RESUMED, day(11, 25))
    event(
        postponed,
        CaseEvent.Kind.POSTPONED,
        day(12, 15),
        status=Status.POSTPONED,
        note="QĐ hoãn số 33/QĐ-THADS",
        ground="48.1.a",
    )
    received = register_case(unit, "52/QĐ-THADS", day(10, 25), amount_due=2_000_000)
    simple_parties(received, "Bà Lý Thị Mai")
    money(received, "trả nợ", 2_000_000)
    EnforcementCase.objects.filter(pk=received.pk).update(
        received_from=elsewhere,
        received_decision_number="08/QĐ-THADS",
        received_decision_date=day(10, 1),
    )
    cases = [full, not_eligible, terminated, withdrawn, entrusted, postponed, received]
    for case in cases:
        case.refresh_from_db()
    return RegisterWorld(*cases)
