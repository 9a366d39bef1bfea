"""The intake register imported as an office keeps it: each cell read, or the row refused."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from enforcement.models import (
    CaseEvent,
    CaseParty,
    EnforcementCase,
    Judgment,
    Obligation,
    ObligationKind,
    PartyKind,
    Status,
)
from organizations.models import ImportJob
from tests.enforcement.register_file import (
    good_rows,
    write_register_csv,
    write_register_xlsx,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    # The reasons are asserted in their English msgids (the catalogue is filled at merge).
    with translation.override("en"):
        yield


def import_register(path, user, *, unit: str | None = "THADS-HN-KV1", dry_run: bool = False):
    """Import a register file from the command line, as the upload page does."""
    options = {"user": user.username, "dry_run": dry_run}
    if unit:
        options["option"] = [f"unit={unit}"]
    with contextlib.suppress(CommandError):
        call_command("import_data", "enforcement.register", str(path), **options)
    return ImportJob.objects.latest("pk")


def problems(job: ImportJob) -> list[tuple[object, str, str]]:
    return [(p["row"], p["column"], p["message"]) for p in job.report["problems"]]


def case(number: str) -> EnforcementCase:
    return EnforcementCase.objects.get(decision_number=number)


def test_good_register_becomes_cases_with_all_they_hold(world, clerk_hanoi, tmp_path):
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(36))
    job = import_register(path, clerk_hanoi)
    assert problems(job) == []
    assert (job.status, job.new) == (ImportJob.Status.DONE, 36)
    cases = EnforcementCase.objects.all()
    assert {c.unit_id for c in cases} == {world.hanoi_office.pk}
    # The provincial agency issues; the regional office handles.
    assert {c.issuing_agency_id for c in cases} == {world.hanoi_agency.pk}

    fee = case("1/QĐ-THADS")
    assert fee.accepted_on == D(2025, 10, 9)
    assert fee.decision_date == D(2025, 10, 5)
    assert fee.initiation == "proactive"
    assert fee.amount_due == 150_000
    assert [(o.kind, o.description, o.amount) for o in fee.obligations.all()] == [
        (ObligationKind.MONEY, "APDSST", 150_000)
    ]
    creditor = fee.parties.get(role="creditor")
    assert (creditor.kind, creditor.name) == (PartyKind.AGENCY, world.hanoi_agency.name)
    debtors = list(fee.parties.filter(role="debtor").order_by("position"))
    assert [(p.name, p.address) for p in debtors] == [
        ("Hoàng Đình Lâm", "Phường Hoàn Kiếm, thành phố Hà Nội"),
        ("Nguyễn Thị Thuý", "Phường Hoàn Kiếm, thành phố Hà Nội"),
    ]
    assert fee.debtor == "Hoàng Đình Lâm; Nguyễn Thị Thuý"

    land = case("2/QĐ-THADS")
    (parcel,) = land.obligations.all()
    assert (parcel.kind, parcel.quantity, parcel.quantity_unit) == (
        ObligationKind.PROPERTY,
        Decimal("590.00"),
        "m2",
    )
    assert land.amount_due == 0
    assert land.initiation == "on_request"

    support = case("3/QĐ-THADS")
    (monthly,) = support.obligations.all()
    assert (monthly.kind, monthly.amount, monthly.first_period, monthly.last_period) == (
        ObligationKind.PERIODIC_MONEY,
        1_000_000,
        D(2025, 10, 1),
        D(2026, 9, 1),
    )
    assert support.amount_due == 12_000_000
    assert [(j.number, j.instance, j.court.short_name) for j in support.judgments.all()] == [
        ("03/2025/DS-ST", Judgment.Instance.FIRST, "TAND KV1 - HN"),
        ("03/2025/DS-PT", Judgment.Instance.APPEAL, "TAND Hà Nội"),
    ]

    completed = case("4/QĐ-THADS")
    assert (completed.status, completed.closed_on) == (Status.COMPLETED, D(2025, 12, 15))
    assert list(
        completed.events.exclude(kind=CaseEvent.Kind.OPENED).values_list("kind", "occurred_on")
    ) == [
        (CaseEvent.Kind.POSTPONED, D(2025, 11, 1)),
        (CaseEvent.Kind.RESUMED, D(2025, 12, 1)),
        (CaseEvent.Kind.COMPLETED, D(2025, 12, 15)),
    ]
    assert completed.judgments.get().kind == Judgment.Kind.DECISION

    assert (case("5/QĐ-THADS").status, case("5/QĐ-THADS").ground.code) == (
        Status.SUSPENDED,
        "49.1",
    )
    not_eligible = case("6/QĐ-THADS")
    assert (not_eligible.eligibility, not_eligible.ground.code) == ("not_eligible", "44a.1.a")
    assert not_eligible.accepted_on == D(2025, 10, 20)
    assert case("7/QĐ-THADS").status == Status.TERMINATED
    assert case("8/QĐ-THADS").status == Status.WITHDRAWN
    entrusted = case("9/QĐ-THADS")
    assert (entrusted.status, entrusted.entrusted_to) == (Status.ENTRUSTED, world.danang_agency)

    act = case("11/QĐ-THADS")
    assert [(o.kind, o.description) for o in act.obligations.all()] == [
        (ObligationKind.ACT, "buộc tháo dỡ tường rào lấn chiếm")
    ]
    assert act.parties.get(role="creditor").kind == PartyKind.ORGANISATION
    mixed = case("12/QĐ-THADS")
    assert sorted((o.kind, o.amount, o.quantity) for o in mixed.obligations.all()) == [
        (ObligationKind.MONEY, 25_000_000, None),
        (ObligationKind.PROPERTY, 0, Decimal("2.00")),
    ]


def test_register_as_csv_with_the_header_on_row_one(world, clerk_hanoi, tmp_path):
    path = write_register_csv(tmp_path / "so-thu-ly.csv", good_rows(12))
    job = import_register(path, clerk_hanoi)
    assert problems(job) == []
    assert job.new == 12
    assert CaseParty.objects.filter(case__decision_number="1/QĐ-THADS").count() == 3
    assert Obligation.objects.count() == 13
