"""The intake register imported as an office keeps it: each cell read, or the row refused."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

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
from organizations.models import ImportJob, UnitVersion
from tests.enforcement.register_file import (
    PRINTED,
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
        ("Ông Hoàng Đình Lâm", "Phường Hoàn Kiếm, thành phố Hà Nội"),
        ("Bà Nguyễn Thị Thuý", "Phường Hoàn Kiếm, thành phố Hà Nội"),
    ]
    assert fee.debtor == "Ông Hoàng Đình Lâm; Bà Nguyễn Thị Thuý"

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


def test_entrustment_received_names_the_sender_and_its_decision(world, clerk_hanoi, tmp_path):
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(10))
    import_register(path, clerk_hanoi)
    received = case("10/QĐ-THADS")
    assert (
        received.received_from,
        received.received_decision_number,
        received.received_decision_date,
    ) == (world.danang_agency, "108/QĐ-THADS", D(2025, 10, 1))
    assert case("9/QĐ-THADS").entrustment_decision_number == "97/QĐ-THADS"


def test_an_agency_is_found_by_the_name_it_bore_on_the_decision_day(world, clerk_hanoi, tmp_path):
    # A register printed before the 2025 reorganisation names the agencies as they were.
    UnitVersion.objects.create(
        unit=world.danang_agency,
        valid_from=D(2009, 1, 1),
        name="Cục Thi hành án dân sự thành phố Đà Nẵng",
        kind=world.danang_agency.kind,
    )
    rows = good_rows(10)
    rows[9]["entrusted_in"] = (
        "Số: 108/QĐ-THADS ngày 01/10/2025 của Cục Thi hành án dân sự thành phố Đà Nẵng"
    )
    rows[8]["entrusted_out"] = (
        "Số: 97/QĐ-THADS ngày 20/11/2025 ủy thác cho Cục Thi hành án dân sự thành phố Đà Nẵng"
    )
    job = import_register(write_register_xlsx(tmp_path / "so.xlsx", rows), clerk_hanoi)
    assert problems(job) == []
    assert case("10/QĐ-THADS").received_from == world.danang_agency
    assert case("9/QĐ-THADS").entrusted_to == world.danang_agency


def test_an_agency_register_names_each_cases_office_and_imports_again(world, clerk_hanoi, tmp_path):
    from enforcement.register.cells import printed_columns, register_rows
    from enforcement.register.workbook import RegisterHeading, write_register
    from enforcement.selectors.register import spans_units

    rows = good_rows(6)
    for position, row in enumerate(rows):
        row["unit"] = "THADS-HN-KV1" if position < 3 else "THADS-HN"
    keys = [*PRINTED, "unit"]
    first = import_register(write_register_xlsx(tmp_path / "a.xlsx", rows, keys=keys), clerk_hanoi)
    assert problems(first) == []
    cases = EnforcementCase.objects.order_by("accepted_on", "pk")
    assert spans_units(cases)
    printed = tmp_path / "in-lai.xlsx"
    write_register(
        printed,
        heading=RegisterHeading(agency="THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI", period=""),
        rows=register_rows(cases.iterator()),
        printed=printed_columns(with_unit=True),
    )
    sheet = load_workbook(printed).active
    header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "STT")
    assert header[-1] == "Đơn vị"
    # Imported under the agency: each case stays with the office the column names.
    again = import_register(printed, clerk_hanoi, unit="THADS-HN")
    assert problems(again) == []
    assert (again.new, again.updated, again.unchanged) == (0, 0, 6)
    held = EnforcementCase.objects.values_list("unit__code", flat=True)
    assert sorted(held) == ["THADS-HN"] * 3 + ["THADS-HN-KV1"] * 3


def test_the_register_of_a_merged_agency_reads_back_without_doubling_its_cases(
    world, administrator, tmp_path
):
    # Hà Tây's agency accepted the cases, then merged into Hà Nội's, which took them over.
    from enforcement import services
    from enforcement.register.cells import printed_columns, register_rows
    from enforcement.register.workbook import RegisterHeading, write_register
    from enforcement.selectors.register import spans_units, unit_register_cases
    from tests.factories import UnitFactory

    merged = UnitFactory(
        code="THADS-HT",
        name="Thi hành án dân sự tỉnh Hà Tây",
        parent=world.ministry,
        valid_to=D(2025, 12, 31),
        successor=world.hanoi_agency,
    )
    path = write_register_xlsx(tmp_path / "a.xlsx", good_rows(3))
    assert problems(import_register(path, administrator, unit="THADS-HT")) == []
    assert services.unit_merge_into_successor(user=administrator, unit=merged) == 3

    def register_of(unit):
        return unit_register_cases(
            EnforcementCase.objects.all(), unit=unit, start=D(2025, 1, 1), end=D(2025, 12, 31)
        )

    # The intake register is of the agency that accepted them, not the one that holds them.
    assert not register_of(world.hanoi_agency).exists()
    cases = register_of(merged)
    assert cases.count() == 3 and spans_units(cases, unit=merged)
    printed = tmp_path / "in-lai.xlsx"
    write_register(
        printed,
        heading=RegisterHeading(agency="THI HÀNH ÁN DÂN SỰ TỈNH HÀ TÂY", period=""),
        rows=register_rows(cases.iterator(chunk_size=100)),
        printed=printed_columns(with_unit=True),
    )
    again = import_register(printed, administrator, unit="THADS-HT")
    assert problems(again) == []
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert EnforcementCase.objects.count() == 3
    # A new case of Hà Tây's register cannot be handed to Hà Nội's agency by the file.
    extra = good_rows(4)[3:]
    extra[0]["unit"] = "THADS-HN"
    keys = [*PRINTED, "unit"]
    refused = import_register(
        write_register_xlsx(tmp_path / "b.xlsx", extra, keys=keys), administrator, unit="THADS-HT"
    )
    ((_row, named, message),) = problems(refused)
    assert named == "Đơn vị" and "whose register it is" in message


def test_a_new_case_needs_its_office_on_the_day_a_handed_over_one_keeps_it(
    world, clerk_hanoi, tmp_path
):
    rows = good_rows(2)
    world.hanoi_office.valid_from = D(2025, 10, 15)
    world.hanoi_office.save()
    path = write_register_xlsx(tmp_path / "a.xlsx", rows)
    refused = import_register(path, clerk_hanoi)
    assert {(named, message) for _row, named, message in problems(refused)} == {
        ("Đơn vị", "The unit did not exist on the accepted date.")
    }
    assert not EnforcementCase.objects.exists()
    # Accepted by the agency, then handed over to the office the reorganisation opened.
    import_register(path, clerk_hanoi, unit="THADS-HN")
    EnforcementCase.objects.update(unit=world.hanoi_office)
    again = import_register(path, clerk_hanoi)
    assert problems(again) == []
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


def test_importing_the_same_register_again_changes_nothing(world, clerk_hanoi, tmp_path):
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(24))
    import_register(path, clerk_hanoi)
    events = CaseEvent.objects.count()
    again = import_register(path, clerk_hanoi)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 24)
    assert CaseEvent.objects.count() == events


def test_a_corrected_row_corrects_its_case_and_adds_later_decisions(world, clerk_hanoi, tmp_path):
    rows = good_rows(4)
    import_register(write_register_xlsx(tmp_path / "a.xlsx", rows), clerk_hanoi)
    rows[1]["decision"] = "Số: 2/QĐ-THADS ngày 11/10/2025 trả lại: 600m2 đất"
    rows[1]["creditors"] = "Ông Lê Văn Tám; Đ/c: Phường Tây Hồ, thành phố Hà Nội"
    rows[1]["postponed"] = "Số: 77/QĐ-THADS ngày 02/11/2025 theo điểm c khoản 1 Điều 48"
    job = import_register(write_register_xlsx(tmp_path / "b.xlsx", rows), clerk_hanoi)
    assert problems(job) == []
    assert (job.new, job.updated, job.unchanged) == (0, 1, 3)
    land = case("2/QĐ-THADS")
    assert land.obligations.get().quantity == Decimal("600.00")
    assert land.creditor == "Ông Lê Văn Tám"
    assert (land.status, land.ground.code) == (Status.POSTPONED, "48.1.c")


def test_a_register_that_rewrites_a_recorded_decision_is_refused(world, clerk_hanoi, tmp_path):
    # Row 4 is postponed (01/11), resumed (01/12) and completed (15/12/2025).
    rows = good_rows(4)
    import_register(write_register_xlsx(tmp_path / "a.xlsx", rows), clerk_hanoi)
    recorded = case("4/QĐ-THADS")
    events = list(recorded.events.values_list("kind", "occurred_on"))
    for change in (
        {"postponed": "Số: 41/QĐ-THADS ngày 03/11/2025 theo điểm c khoản 1 Điều 48"},
        {"resumed_after_postponement": "", "completed": ""},
    ):
        changed = [dict(row) for row in rows]
        changed[3].update(change)
        job = import_register(write_register_xlsx(tmp_path / "b.xlsx", changed), clerk_hanoi)
        ((row, _column, message),) = problems(job)
        assert row == 8, change
        assert "a register only adds later ones" in message, change
        assert list(recorded.events.values_list("kind", "occurred_on")) == events


def test_the_notes_keep_the_remarks_and_a_written_state_creditor(world, clerk_hanoi, tmp_path):
    rows = good_rows(2)
    rows[0]["notes"] = "QĐ thi hành án theo yêu cầu; Đương sự xin nộp dần"
    rows[1].update(
        creditors="Ngân sách nhà nước",
        decision="Số: 2/QĐ-THADS ngày 11/10/2025 5.000.000đ",
    )
    job = import_register(write_register_xlsx(tmp_path / "a.xlsx", rows), clerk_hanoi)
    assert problems(job) == []
    first, second = case("1/QĐ-THADS"), case("2/QĐ-THADS")
    assert (first.initiation, first.notes) == ("on_request", "Đương sự xin nộp dần")
    state = second.parties.get(role="creditor")
    assert (state.kind, state.name) == ("agency", "Ngân sách nhà nước")


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        (
            {"decision": "Số: 46/QĐ-THADS ngày 05/10/2025 và Số: 47/QĐ-THADS ngày 06/10/2025"},
            "QĐ thi hành án (số; ngày; số tiền)",
            "several decision numbers",
        ),
        ({"accepted_on": "14/10/2027"}, "Ngày thụ lý", "is in the future"),
        (
            {"decision": "Số: 46/QĐ-THADS ngày 05/10/2025 trả số tiền: 150.000 USD"},
            "QĐ thi hành án (số; ngày; số tiền)",
            "expected an amount in VND or a quantity",
        ),
        (
            {
                "terminated": "Số: 5/QĐ-THADS ngày 01/11/2025 điểm c khoản 1 Điều 50",
                "completed": "15/12/2025",
            },
            "QĐ đình chỉ / Đã thi hành xong",
            "cannot be both terminated and completed",
        ),
        (
            {"postponed": "Số: 12/QĐ-THADS ngày 01/11/2025"},
            "QĐ hoãn",
            "Expected the legal ground",
        ),
        (
            {"judgments": "Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV99 - HN"},
            "Bản án, quyết định (số; ngày; cơ quan ban hành)",
            "No court",
        ),
        (
            {"creditors": ""},
            "Người được thi hành (tên; địa chỉ)",
            "Expected the creditors' names",
        ),
        (
            {"entrusted_out": "Số: 9/QĐ-THADS ngày 20/11/2025 ủy thác cho Tỉnh Không Có"},
            "QĐ ủy thác đi (số; ngày; số tiền; nơi)",
            "No enforcement agency",
        ),
        (
            {
                "entrusted_in": (
                    "Số: 9/QĐ-THADS ngày 01/10/2025 của Thi hành án dân sự thành phố Hà Nội"
                )
            },
            "QĐ ủy thác đến (số; ngày; số tiền; nơi)",
            "belongs to the receiving agency itself",
        ),
    ],
)
def test_a_bad_row_is_refused_with_its_cell_and_nothing_is_written(
    world, clerk_hanoi, tmp_path, cells, column, reason
):
    rows = good_rows(6)
    rows[2].update(cells)
    job = import_register(write_register_xlsx(tmp_path / "bad.xlsx", rows), clerk_hanoi)
    assert job.status == ImportJob.Status.INVALID
    ((row, named, message),) = problems(job)
    assert (row, named) == (7, column)  # three title rows, the header, then the third row
    assert reason in message
    assert EnforcementCase.objects.count() == 0


def test_a_clerk_cannot_import_into_another_citys_office(world, clerk_hanoi, tmp_path):
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(3))
    # The office picked must be one of the clerk's: the choice is refused before any upload.
    with pytest.raises(CommandError, match="unit"):
        call_command(
            "import_data",
            "enforcement.register",
            str(path),
            user=clerk_hanoi.username,
            option=["unit=THADS-DN-KV1"],
        )
    assert not ImportJob.objects.exists()
    rows = [{**row, "unit": "THADS-DN-KV1"} for row in good_rows(3)]
    keys = ["unit", *[key for key in rows[0] if key != "unit"]]
    job = import_register(
        write_register_xlsx(tmp_path / "unit.xlsx", rows, keys=keys), clerk_hanoi, unit=None
    )
    assert {(named, message.split(" Accepted")[0]) for _row, named, message in problems(job)} == {
        ("Đơn vị", "No such enforcement unit among yours.")
    }
    assert EnforcementCase.objects.count() == 0


def test_without_a_unit_column_or_choice_the_office_must_be_picked(world, clerk_hanoi, tmp_path):
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(2))
    job = import_register(path, clerk_hanoi, unit=None)
    assert {named for _row, named, _message in problems(job)} == {"Đơn vị"}


def test_a_register_printed_from_the_cases_reads_back(world, clerk_hanoi, tmp_path):
    # The office keeps its register in the system: what it prints imports again, every
    # party named as the office wrote them ("Ông Hoàng Đình Lâm"), nothing refused.
    from enforcement.register.cells import register_rows
    from enforcement.register.workbook import RegisterHeading, write_register

    first = import_register(write_register_xlsx(tmp_path / "so.xlsx", good_rows(24)), clerk_hanoi)
    assert problems(first) == []
    # A repeated postponement fills its column once: those rows are left out (see the note
    # of enforcement.selectors.register).
    cases = EnforcementCase.objects.order_by("accepted_on", "pk")
    printed = tmp_path / "in-lai.xlsx"
    write_register(
        printed,
        heading=RegisterHeading(agency="THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI", period=""),
        rows=register_rows(cases.iterator()),
    )
    debtors = set(CaseParty.objects.filter(role="debtor").values_list("name", flat=True))
    assert "Ông Hoàng Đình Lâm" in debtors
    again = import_register(printed, clerk_hanoi)
    assert problems(again) == []
    # Nothing differs, so nothing is written: every row unchanged, none "updated".
    assert (again.new, again.updated, again.unchanged) == (0, 0, 24)
