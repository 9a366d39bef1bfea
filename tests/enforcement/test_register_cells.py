"""The cells of an intake register read as offices write them, or refused with the reason."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from enforcement.imports.register_cells import (
    AdvanceTaken,
    Instance,
    JudgmentDocument,
    MoneyDue,
    PartyKind,
    PartyRef,
    PeriodicMoneyDue,
    PropertyDue,
    RegisterCellError,
    StatusColumn,
    note_remarks,
    read_amount,
    read_date,
    read_decision_cell,
    read_initiation_note,
    read_judgment_cell,
    read_party_cell,
    read_quantity,
    read_status_columns,
)

TODAY = datetime.date(2026, 1, 15)
D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    # The reasons are asserted in their English msgids (the catalogue is filled at merge).
    with translation.override("en"):
        yield


def _refused(read, value, *args, **kwargs) -> RegisterCellError:
    with pytest.raises(RegisterCellError) as error:
        read(value, *args, **kwargs)
    return error.value


# Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14-10-2025", D(2025, 10, 14)),
        ("14/10/2025", D(2025, 10, 14)),
        ("5/1/2025", D(2025, 1, 5)),
        ("2025-10-09", D(2025, 10, 9)),
        ("2025-10-09 00:00:00", D(2025, 10, 9)),
        (" 14/10/2025 ", D(2025, 10, 14)),
        (datetime.datetime(2025, 10, 9, 0, 0), D(2025, 10, 9)),
        (D(2025, 10, 9), D(2025, 10, 9)),
        (45939, D(2025, 10, 9)),  # an Excel date cell read as its serial number
        (45939.0, D(2025, 10, 9)),
    ],
)
def test_dates_are_read_in_every_way_registers_write_them(value, expected):
    assert read_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "expected a date"),
        ("31/02/2025", "expected a date"),
        ("14/10/25", "expected a date"),
        ("10/2025", "expected a date"),
        ("ngày mười", "expected a date"),
        ("05/10/2027", "in the future"),
        ("01/01/1900", "too early"),
        (14, "too early"),  # a stray number in a date column is not 14 January 1900
    ],
)
def test_a_date_that_cannot_be_read_is_refused_with_the_cell(value, reason):
    error = _refused(read_date, value, today=TODAY)

    assert reason in error.reason
    assert error.cell == (str(value) if value != "" else "")


# Amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150.000đ", 150_000),
        ("150.000 đ", 150_000),
        ("1.000.000", 1_000_000),  # never read as 1
        ("1.000.000 đồng", 1_000_000),
        ("1,000,000 VNĐ", 1_000_000),
        ("1.000.000VND", 1_000_000),
        ("1 000 000 đ", 1_000_000),
        ("1.000.000₫", 1_000_000),
        ("150000", 150_000),
        (150_000, 150_000),
        (150_000.0, 150_000),
    ],
)
def test_amounts_are_read_whole(value, expected):
    assert read_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("150.000 USD", "not VND"),
        ("150.000$", "not VND"),
        ("1.000.000,50đ", "whole VND"),
        ("1.00.000đ", "expected an amount"),
        ("-150.000đ", "expected an amount"),
        ("đ", "expected an amount"),
        ("", "expected an amount"),
    ],
)
def test_an_amount_that_cannot_be_read_is_refused(value, reason):
    assert reason in _refused(read_amount, value).reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [("590", Decimal(590)), ("590,5", Decimal("590.5")), ("1.250", Decimal(1250))],
)
def test_quantities_are_read(value, expected):
    assert read_quantity(value) == expected


# Decision cells -------------------------------------------------------------------------


def test_a_fee_taken_from_an_advance_is_due_and_the_advance_is_not():
    cell = read_decision_cell(
        "Số: 46/QĐ-THADS ngày 05/10/2025 APDSST: 150.000đ khấu trừ 300.000đ tạm ứng…",
        today=TODAY,
    )

    assert (cell.number, cell.date) == ("46/QĐ-THADS", D(2025, 10, 5))
    assert cell.money == (MoneyDue(label="APDSST", amount=150_000),)
    assert cell.advances == (AdvanceTaken(label="tạm ứng", amount=300_000),)
    assert cell.amount_due == 150_000


def test_land_to_hand_over_is_read_with_its_quantity_and_unit():
    cell = read_decision_cell("Số: 229/QĐ-THADS ngày 11/10/2025 trả lại: 590m2 đất", today=TODAY)

    assert cell.properties == (
        PropertyDue(label="trả lại", description="đất", quantity=Decimal(590), unit="m2"),
    )
    assert cell.money == () and cell.amount_due == 0


def test_child_support_is_read_as_money_each_month_over_its_months():
    cell = read_decision_cell(
        "Số: 244/QĐ-THADS ngày 11/10/2025 trả số tiền cấp dưỡng nuôi con: "
        "1.000.000đ/01 tháng (10/2025-09/2026)",
        today=TODAY,
    )

    assert cell.periodic == (
        PeriodicMoneyDue(
            label="trả số tiền cấp dưỡng nuôi con",
            amount=1_000_000,
            first=D(2025, 10, 1),
            last=D(2026, 9, 1),
        ),
    )
    assert cell.amount_due == 12_000_000


@pytest.mark.parametrize(
    ("text", "money", "properties"),
    [
        ("Số: 1/QĐ-THADS ngày 01/10/2025 trả 5.000.000 đồng", [5_000_000], []),
        ("Số: 1/QĐ-THADS ngày 01/10/2025 trả 5,000,000 VNĐ", [5_000_000], []),
        ("Số: 1/QĐ-THADS ngày 01/10/2025 trả 5 000 000 đ", [5_000_000], []),
        ("số 1/QĐ-THADS, ngày 1/10/2025: APDSST 300.000đ; APDSPT 300.000đ", [300_000] * 2, []),
        (
            "Số: 1/QĐ-CCTHADS ngày 01/10/2025 trả 5.000.000đ theo Bản án số 07/2025/DS-ST",
            [5_000_000],
            [],
        ),
        (
            "Số: 1/QĐ-THADS ngày 01/10/2025 trả lại 1,5 ha đất thửa số 123 tờ bản đồ số 5",
            [],
            [(Decimal("1.5"), "ha", "đất thửa số 123 tờ bản đồ số 5")],
        ),
        (
            "Số: 1/QĐ-THADS ngày 01/10/2025 giao 2 chiếc xe máy",
            [],
            [(Decimal(2), "item", "xe máy")],
        ),
        ("Số: 1/QĐ-THADS ngày 01/10/2025 buộc tháo dỡ công trình", [], []),
    ],
)
def test_decision_cells_as_offices_write_them(text, money, properties):
    cell = read_decision_cell(text, today=TODAY)

    assert [item.amount for item in cell.money] == money
    assert [(p.quantity, p.unit, p.description) for p in cell.properties] == properties


def test_what_a_decision_orders_besides_its_items_is_kept_as_written():
    cell = read_decision_cell("Số: 1/QĐ-THADS ngày 01/10/2025 buộc tháo dỡ công trình", today=TODAY)

    assert cell.text == "buộc tháo dỡ công trình"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Số: 46/QĐ-THADS ngày 05/10/2025 Số: 47/QĐ-THADS ngày 06/10/2025", "several decision"),
        ("Số: 46/QĐ-THADS ngày 05/10/2027 APDSST: 150.000đ", "in the future"),
        ("Số: 46/QĐ-THADS ngày 05/10/2025 trả 150.000 USD", "expected an amount in VND"),
        ("Số: 46/QĐ-THADS ngày 05/10/2025 trả 5 tấn thóc", "expected an amount in VND"),
        ("Số: 46/QĐ-THADS ngày 05/10/2025 lãi 10%/năm", "expected an amount in VND"),
        ("Số: 46/QĐ-THADS ngày 05/10/2025 trả 150.000", "expected an amount in VND"),
        ("Số: 46/QĐ-THADS ngày 05/10/2025 trả 1.000.000,5đ", "whole VND"),
        ("Số: 46/QĐ-THADS APDSST: 150.000đ", "number and date first"),
        ("ngày 05/10/2025 APDSST: 150.000đ", "number and date first"),
        ("Số: 46/QĐ-THADS ngày 32/10/2025", "expected a date"),
        ("", "expected the enforcement decision"),
        ("Số: 1/QĐ-THADS ngày 01/10/2025 cấp dưỡng 1.000.000đ/01 tháng", "without its months"),
        (
            "Số: 1/QĐ-THADS ngày 01/10/2025 cấp dưỡng 1.000.000đ/03 tháng (10/2025-09/2026)",
            "only monthly",
        ),
        (
            "Số: 1/QĐ-THADS ngày 01/10/2025 cấp dưỡng 1.000.000đ/01 tháng (10/2026-09/2025)",
            "before the first",
        ),
        (
            "Số: 1/QĐ-THADS ngày 01/10/2025 cấp dưỡng 1.000.000đ/01 tháng (13/2025-09/2026)",
            "mm/yyyy",
        ),
        ("Số: 1/QĐ-THADS ngày 01/10/2025 trả lại 590m2", "without what it counts"),
    ],
)
def test_a_decision_cell_that_cannot_be_read_names_the_cell_and_the_reason(text, reason):
    error = _refused(read_decision_cell, text, today=TODAY)

    assert reason in error.reason
    assert error.cell == text
    assert text in str(error)


# Judgment cells -------------------------------------------------------------------------


def test_a_judgment_is_read_with_its_court_and_instance():
    (judgment,) = read_judgment_cell(
        "Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 - NA", today=TODAY
    )

    assert judgment.document == JudgmentDocument.JUDGMENT
    assert (judgment.number, judgment.date) == ("07/2025/DS-ST", D(2025, 8, 15))
    assert judgment.court == "TAND KV7 - NA"
    assert (judgment.instance, judgment.judgment_kind) == (Instance.FIRST, "civil")


def test_a_recognition_decision_is_read():
    (decision,) = read_judgment_cell(
        "QĐ công nhận số: 10/2025/QĐ-CNHG-DS ngày 04/06/2025 TAND KV7 - NA", today=TODAY
    )

    assert decision.document == JudgmentDocument.RECOGNITION
    assert (decision.number, decision.date) == ("10/2025/QĐ-CNHG-DS", D(2025, 6, 4))
    assert (decision.court, decision.instance) == ("TAND KV7 - NA", "")


def test_first_instance_and_appeal_joined_by_an_ampersand_are_kept_apart():
    first, appeal = read_judgment_cell(
        "Bản án số: 07/2025/HNGĐ-ST ngày 15/08/2025 - TAND KV7 - NA & "
        "Bản án số 20/2025/HNGĐ-PT ngày 20/11/2025 của TAND tỉnh Nghệ An",
        today=TODAY,
    )

    assert (first.instance, appeal.instance) == (Instance.FIRST, Instance.APPEAL)
    assert appeal.court == "TAND tỉnh Nghệ An"
    assert first.judgment_kind == appeal.judgment_kind == "marriage_family"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected the judgment"),
        ("Bản án 07/2025/DS-ST", "expected a judgment written as"),
        ("Bản án số: 07/2025/DS-ST ngày 15/08/2025", "court"),
        ("Bản án số: 07/2024/DS-ST ngày 15/08/2025 - TAND KV7", "numbered in 2024"),
        ("Bản án số: 07/2025/DS-ST ngày 15/08/2027 - TAND KV7", "in the future"),
        ("Hợp đồng số: 07/2025/HĐ ngày 15/08/2025 - Công ty A", "not a judgment"),
        ("Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 &", "nothing on one side"),
        (
            "Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 & "
            "Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7",
            "named twice",
        ),
    ],
)
def test_a_judgment_cell_that_cannot_be_read_is_refused(text, reason):
    error = _refused(read_judgment_cell, text, today=TODAY)

    assert reason in error.reason
    assert error.cell == text


# Party cells ----------------------------------------------------------------------------


def test_several_debtors_are_read_with_their_honorific_kept_apart():
    cell = read_party_cell("Ông Hoàng Đình Lâm - Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ, tỉnh Nghệ An")

    assert cell.parties == (
        PartyRef(name="Hoàng Đình Lâm", kind=PartyKind.PERSON, honorific="Ông"),
        PartyRef(name="Nguyễn Thị Thuý", kind=PartyKind.PERSON, honorific="Bà"),
    )
    assert cell.address == "Xã Tân Kỳ, tỉnh Nghệ An"


@pytest.mark.parametrize(
    ("text", "names", "addresses"),
    [
        # Each party on a line of its own, with its address.
        (
            "Ông Hoàng Đình Lâm; Đ/c: Xã Tân Kỳ, tỉnh Nghệ An\n"
            "Bà Nguyễn Thị Thuý - Ông Lê Văn Tám; Đ/c: Phường Bà Rịa, Thành phố Hồ Chí Minh",
            ["Hoàng Đình Lâm", "Nguyễn Thị Thuý", "Lê Văn Tám"],
            ["Xã Tân Kỳ, tỉnh Nghệ An"] + ["Phường Bà Rịa, Thành phố Hồ Chí Minh"] * 2,
        ),
        # An address that goes on over a second line stays one address.
        (
            "Ông Hoàng Đình Lâm; Đ/c:\nXã Tân Kỳ, tỉnh Nghệ An",
            ["Hoàng Đình Lâm"],
            ["Xã Tân Kỳ, tỉnh Nghệ An"],
        ),
        # An address wrapped before a street named after a person stays one address.
        (
            "Ông Hoàng Đình Lâm; Đ/c: Số 5 đường\nLê Lợi, phường Vinh",
            ["Hoàng Đình Lâm"],
            ["Số 5 đường Lê Lợi, phường Vinh"],
        ),
        # Names that go on after " - " on the next line share the address.
        (
            "Ông Hoàng Đình Lâm -\nBà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ",
            ["Hoàng Đình Lâm", "Nguyễn Thị Thuý"],
            ["Xã Tân Kỳ", "Xã Tân Kỳ"],
        ),
        # A party without an address, then one with.
        (
            "Công ty TNHH Minh Phát\nNguyễn Văn An; Đ/c: Xã Nghi Lộc",
            ["Công ty TNHH Minh Phát", "Nguyễn Văn An"],
            ["", "Xã Nghi Lộc"],
        ),
    ],
)
def test_parties_at_different_addresses_are_read_a_line_each(text, names, addresses):
    cell = read_party_cell(text)

    assert [party.name for party in cell.parties] == names
    assert list(cell.party_addresses()) == addresses


@pytest.mark.parametrize(
    ("text", "names", "kinds", "address"),
    [
        ("Bà Trần Thị Hoa", ["Trần Thị Hoa"], [PartyKind.PERSON], ""),
        (
            "ông Lê Văn A, bà Phạm Thị B; địa chỉ: Phường Vinh Phú",
            ["Lê Văn A", "Phạm Thị B"],
            [PartyKind.PERSON] * 2,
            "Phường Vinh Phú",
        ),
        (
            "Ngân hàng TMCP Á Châu - Chi nhánh Nghệ An; Đ/c: số 5 Quang Trung, Vinh",
            ["Ngân hàng TMCP Á Châu - Chi nhánh Nghệ An"],
            [PartyKind.ORGANISATION],
            "số 5 Quang Trung, Vinh",
        ),
        (
            "Thi hành án dân sự tỉnh Nghệ An",
            ["Thi hành án dân sự tỉnh Nghệ An"],
            [PartyKind.ORGANISATION],
            "",
        ),
        ("Công ty TNHH Minh Phát", ["Công ty TNHH Minh Phát"], [PartyKind.ORGANISATION], ""),
        # Without an honorific, a name led by a Vietnamese family name is a person's.
        (
            "Hoàng Đình Lâm; Đ/c: Xã Tân Kỳ",
            ["Hoàng Đình Lâm"],
            [PartyKind.PERSON],
            "Xã Tân Kỳ",
        ),
    ],
)
def test_party_cells_as_offices_write_them(text, names, kinds, address):
    cell = read_party_cell(text)

    assert [party.name for party in cell.parties] == names
    assert [party.kind for party in cell.parties] == kinds
    assert cell.address == address


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected the names"),
        # Neither an organisation nor a name led by a family name: not guessed.
        ("Minh Phát", "expected a person named after an honorific"),
        ("Hoàng đình lâm", "expected a person named after an honorific"),
        ("Nguyễn Văn 3", "expected a person named after an honorific"),
        ("Ông ; Đ/c: Xã Tân Kỳ", "expected a person named after an honorific"),
        ("Ông 123; Đ/c: Xã Tân Kỳ", "not a person's name"),
        ("Đ/c: Xã Tân Kỳ", "without the names"),
        ("Ông Lâm; Đ/c:", "without the address"),
        ("Ông Lâm; Đ/c: Xã A - Bà Thuý; Đ/c: Xã B", "several addresses"),
    ],
)
def test_a_party_cell_that_cannot_be_read_is_refused(text, reason):
    error = _refused(read_party_cell, text)

    assert reason in error.reason


# Status columns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "status", "eligibility", "since"),
    [
        ({}, "in_progress", "eligible", D(2025, 10, 14)),
        (
            {StatusColumn.NOT_ELIGIBLE: "Số: 12/QĐ-THADS ngày 01/11/2025"},
            "in_progress",
            "not_eligible",
            D(2025, 11, 1),
        ),
        (
            {
                StatusColumn.POSTPONED: "Số: 12/QĐ-THADS ngày 01/11/2025",
                StatusColumn.RESUMED_AFTER_POSTPONEMENT: "Số: 15/QĐ-THADS ngày 15/11/2025",
            },
            "in_progress",
            "eligible",
            D(2025, 11, 15),
        ),
        (
            {StatusColumn.SUSPENDED: "12/QĐ-THADS; 2025-11-01 00:00:00"},
            "suspended",
            "eligible",
            D(2025, 11, 1),
        ),
        (
            {
                StatusColumn.POSTPONED: "Số: 12/QĐ-THADS ngày 01/11/2025",
                StatusColumn.COMPLETED: "01/12/2025",
            },
            "completed",
            "eligible",
            D(2025, 12, 1),
        ),
        ({StatusColumn.TERMINATED: D(2025, 12, 1)}, "terminated", "eligible", D(2025, 12, 1)),
        (
            {StatusColumn.WITHDRAWN: "Số: 20/QĐ-THADS ngày 20/10/2025"},
            "withdrawn",
            "eligible",
            D(2025, 10, 20),
        ),
    ],
)
def test_the_latest_status_column_gives_the_state(cells, status, eligibility, since):
    state = read_status_columns(cells, accepted_on=D(2025, 10, 14), today=TODAY)

    assert (state.status, state.eligibility, state.since) == (status, eligibility, since)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (
            {
                StatusColumn.TERMINATED: "Số: 30/QĐ-THADS ngày 01/12/2025",
                StatusColumn.COMPLETED: "05/12/2025",
            },
            "cannot be both",
        ),
        (
            {
                StatusColumn.COMPLETED: "01/12/2025",
                StatusColumn.POSTPONED: "Số: 31/QĐ-THADS ngày 05/12/2025",
            },
            "comes after the case was",
        ),
        ({StatusColumn.RESUMED_AFTER_SUSPENSION: "01/12/2025"}, "without an earlier"),
        (
            {
                StatusColumn.POSTPONED: "10/12/2025",
                StatusColumn.RESUMED_AFTER_POSTPONEMENT: "01/12/2025",
            },
            "without an earlier",
        ),
        ({StatusColumn.COMPLETED: "x"}, "expected one date"),
        ({StatusColumn.COMPLETED: "01/12/2025 - 05/12/2025"}, "several dates"),
        ({StatusColumn.SUSPENDED: "Số: 1/QĐ-THADS & 2/QĐ-THADS ngày 01/12/2025"}, "several"),
        ({StatusColumn.COMPLETED: "01/12/2026"}, "in the future"),
        ({StatusColumn.COMPLETED: "01/10/2025"}, "before the case was accepted"),
    ],
)
def test_status_columns_that_contradict_each_other_are_refused(cells, reason):
    error = _refused(read_status_columns, cells, accepted_on=D(2025, 10, 14), today=TODAY)

    assert reason in error.reason


@pytest.mark.parametrize(
    ("note", "initiation"),
    [
        ("QĐ thi hành án theo yêu cầu", "on_request"),
        ("theo yeu cau", "on_request"),
        ("", "proactive"),
        (None, "proactive"),
        ("Đã xác minh lần 2", "proactive"),
    ],
)
def test_the_note_tells_a_decision_on_request_from_a_proactive_one(note, initiation):
    assert read_initiation_note(note) == initiation


@pytest.mark.parametrize(
    ("note", "remarks"),
    [
        ("QĐ thi hành án theo yêu cầu", ""),
        ("THA theo yêu cầu.", ""),
        ("Theo yêu cầu; Đương sự xin nộp dần", "Đương sự xin nộp dần"),
        ("Đã xác minh lần 2; Đương sự vắng mặt", "Đã xác minh lần 2; Đương sự vắng mặt"),
        (None, ""),
    ],
)
def test_the_notes_keep_the_remarks_and_leave_the_on_request_mark_to_the_initiation(note, remarks):
    assert note_remarks(note) == remarks


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("03/2025/QĐ-TBPS", "bankruptcy"),
        ("12/2025/PQ-TT", "arbitration"),
        ("07/2025/KDTM-ST", "business_commercial"),
    ],
)
def test_the_case_code_of_the_number_says_the_kind_of_judgment(number, kind):
    (judgment,) = read_judgment_cell(
        f"Quyết định số: {number} ngày 15/08/2025 - TAND KV7 - NA", today=TODAY
    )

    assert judgment.judgment_kind == kind
