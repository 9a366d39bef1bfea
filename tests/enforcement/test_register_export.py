"""The intake register exported in the offices' layout, and read back cell by cell."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from enforcement.imports import register_columns as columns
from enforcement.imports.register_cells import (
    PartyKind,
    read_date,
    read_decision_cell,
    read_initiation_note,
    read_judgment_cell,
    read_party_cell,
    read_status_columns,
    read_status_decision,
)
from enforcement.imports.register_rows import written_name
from enforcement.models import (
    CaseEvent,
    CaseParty,
    EnforcementCase,
    Initiation,
    ObligationKind,
    PartyRole,
    Status,
    statistical_year_bounds,
    statistical_year_of,
)
from enforcement.register.cells import parties_cell, quantity_text
from enforcement.selectors.register import (
    RegisterDecision,
    decision_number_in,
    register_statuses,
)
from organizations.imports.exporting import unescape_formula
from organizations.models import Unit
from organizations.services.units import unit_rename
from tests.enforcement.factories import legal_ground
from tests.enforcement.register_cases import (
    RegisterWorld,
    build_register,
    day,
    party,
    register_case,
    simple_parties,
)

pytestmark = pytest.mark.django_db

REGISTER = reverse("enforcement:register")
ADMIN_REGISTER = reverse("admin:enforcement_enforcementcase_register")
PERIOD = {"start": "01/10/2025", "end": "30/09/2026"}


def _vietnamese(text: str) -> str:
    with translation.override("vi"):
        return gettext(text)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _download(user, unit: Unit, **extra: str):
    response = _client(user).get(REGISTER, {"unit": unit.pk, **PERIOD, "format": "xlsx", **extra})
    assert response.status_code == 200, response.content[:500]
    return response


def _sheet(response) -> Worksheet:
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _table(sheet: Worksheet) -> tuple[list[tuple], list[dict[str, object]]]:
    """Return the title block and the rows by column key, read through the headers."""
    values = list(sheet.values)
    header_at = next(i for i, row in enumerate(values) if sum(v is not None for v in row) > 1)
    keys = [columns.column_for(header).key for header in values[header_at]]
    rows = [dict(zip(keys, row, strict=True)) for row in values[header_at + 1 :]]
    return values[:header_at], rows


@pytest.fixture
def register(world) -> RegisterWorld:
    return build_register(world.hanoi_agency, world.danang_agency)


def _parties(case: EnforcementCase, role: str) -> list[CaseParty]:
    return [p for p in case.parties.order_by("position", "id") if p.role == role]


def _check_parties(cell: object, stored: list[CaseParty]) -> None:
    read = read_party_cell(cell)
    shown = [
        f"{ref.honorific} {ref.name}" if ref.kind == PartyKind.PERSON else ref.name
        for ref in read.parties
    ]
    assert shown == [party.name for party in stored]
    assert {read.address} == {party.address for party in stored}


def test_every_cell_reads_back_to_what_is_stored(clerk_hanoi, world, register):
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))

    assert [row[columns.ORDER] for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    by_number = {read_decision_cell(row[columns.DECISION]).number: row for row in rows}
    assert list(by_number) == [case.decision_number for case in register.all()]
    for case in register.all():
        row = by_number[case.decision_number]
        assert read_date(row[columns.ACCEPTED_ON]) == case.accepted_on
        decision = read_decision_cell(row[columns.DECISION])
        assert (decision.number, decision.date) == (case.decision_number, case.decision_date)
        assert decision.amount_due == case.amount_due
        _check_parties(row[columns.DEBTORS], _parties(case, PartyRole.DEBTOR))
        _check_parties(row[columns.CREDITORS], _parties(case, PartyRole.CREDITOR))
        assert read_initiation_note(row[columns.NOTES]) == case.initiation
        state = read_status_columns(
            {key: row[key] for key in columns.STATUS_KEYS}, accepted_on=case.accepted_on
        )
        if case.status != Status.ENTRUSTED:
            assert state.status == case.status
            if case.is_open:
                assert state.eligibility == case.eligibility
            assert state.since == case.state_changed_on


def test_the_full_case_shows_its_judgments_obligations_and_every_decision(
    clerk_hanoi, world, register
):
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    row = rows[0]
    full = register.full

    judgments = read_judgment_cell(row[columns.JUDGMENTS])
    stored = list(full.judgments.order_by("issued_on"))
    assert [(j.number, j.date, j.court) for j in judgments] == [
        (j.number, j.issued_on, j.court.short_name) for j in stored
    ]
    assert [j.instance for j in judgments] == ["first", "appeal"]
    assert row[columns.JUDGMENTS] == (
        "Bản án số: 07/2025/DS-ST ngày 15/08/2025 - TAND KV7 - Nghệ An & "
        "Bản án số: 12/2025/DS-PT ngày 30/09/2025 - TAND tỉnh Nghệ An"
    )
    assert row[columns.DEBTORS] == (
        "Ông Hoàng Đình Lâm - Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ, tỉnh Nghệ An"
    )

    decision = read_decision_cell(row[columns.DECISION])
    obligations = {kind: list(full.obligations.filter(kind=kind)) for kind in ObligationKind}
    (fee,) = obligations[ObligationKind.MONEY]
    assert [(m.label, m.amount) for m in decision.money] == [(fee.description, fee.amount)]
    (support,) = obligations[ObligationKind.PERIODIC_MONEY]
    assert [(p.label, p.amount, p.first, p.last) for p in decision.periodic] == [
        (support.description, support.amount, support.first_period, support.last_period)
    ]
    assert [(p.description, p.quantity, p.unit) for p in decision.properties] == [
        (o.description, o.quantity, o.quantity_unit) for o in obligations[ObligationKind.PROPERTY]
    ]
    for act in obligations[ObligationKind.ACT] + obligations[ObligationKind.ABSTENTION]:
        assert act.description in decision.text
    assert "cấp dưỡng nuôi con: 1.000.000đ/01 tháng (10/2025-09/2026)" in row[columns.DECISION]
    assert "590m2 đất" in row[columns.DECISION]
    assert "APDSST: 150.000đ" in row[columns.DECISION]

    shown = {key: read_status_decision(key, row[key]) for key in columns.STATUS_KEYS if row[key]}
    assert {key: (d.number, d.date) for key, d in shown.items()} == {
        columns.POSTPONED: ("12/QĐ-THADS", datetime.date(2025, 11, 3)),
        columns.RESUMED_AFTER_POSTPONEMENT: ("20/QĐ-THADS", datetime.date(2025, 12, 1)),
        columns.SUSPENDED: ("", datetime.date(2026, 1, 5)),
        columns.RESUMED_AFTER_SUSPENSION: ("31/QĐ-THADS", datetime.date(2026, 2, 9)),
        columns.COMPLETED: ("40/QĐ-THADS", datetime.date(2026, 3, 16)),
    }
    # The ground the decision rests on, as decisions cite it: the import reads it back.
    assert row[columns.POSTPONED] == "Số: 12/QĐ-THADS ngày 03/11/2025 theo điểm c khoản 1 Điều 48"
    assert row[columns.NOTES] == "QĐ thi hành án theo yêu cầu"


@pytest.mark.parametrize(
    ("parties", "written"),
    [
        (
            [("Ông Hoàng Đình Lâm", "Xã Tân Kỳ"), ("Bà Nguyễn Thị Thuý", "Xã Tân Kỳ")],
            "Ông Hoàng Đình Lâm - Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ",
        ),
        (
            [("Ông Hoàng Đình Lâm", "Xã Tân Kỳ"), ("Bà Nguyễn Thị Thuý", "Phường Bà Rịa")],
            "Ông Hoàng Đình Lâm; Đ/c: Xã Tân Kỳ\nBà Nguyễn Thị Thuý; Đ/c: Phường Bà Rịa",
        ),
        (
            [("Công ty TNHH Minh Phát", ""), ("Ông Lê Văn Tám", "Xã Nghi Lộc")],
            "Công ty TNHH Minh Phát\nÔng Lê Văn Tám; Đ/c: Xã Nghi Lộc",
        ),
        # An organisation begins a line of its own, whatever its address.
        (
            [("Công ty TNHH Minh Phát", "Xã Nghi Lộc"), ("Công ty Cổ phần An Bình", "Xã Nghi Lộc")],
            "Công ty TNHH Minh Phát; Đ/c: Xã Nghi Lộc\nCông ty Cổ phần An Bình; Đ/c: Xã Nghi Lộc",
        ),
        (
            [("Ông Lê Văn Tám", "Xã Nghi Lộc"), ("Ngân hàng TMCP Á Châu - Chi nhánh Nghệ An", "")],
            "Ông Lê Văn Tám; Đ/c: Xã Nghi Lộc\nNgân hàng TMCP Á Châu - Chi nhánh Nghệ An",
        ),
    ],
)
def test_parties_at_different_addresses_are_written_a_line_each_and_read_back(parties, written):
    stored = [CaseParty(name=name, address=address) for name, address in parties]

    assert parties_cell(stored) == written
    cell = read_party_cell(written)
    assert [written_name(party) for party in cell.parties] == [name for name, _ in parties]
    assert list(cell.party_addresses()) == [address for _, address in parties]


def test_an_agency_register_with_its_offices_names_each_cases_unit(clerk_hanoi, world, register):
    # The agency's own cases alone: the printed register, without the system's unit column.
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    assert columns.UNIT not in rows[0]
    simple_parties(register_case(world.hanoi_office, "3/QĐ-THADS", day(10, 20)), "Ông Lê Văn Ba")

    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    assert {row[columns.UNIT] for row in rows} == {"THADS-HN", "THADS-HN-KV1"}
    page = _client(clerk_hanoi).get(REGISTER, {"unit": world.hanoi_agency.pk, **PERIOD})
    assert '<th scope="col">Đơn vị</th>' in page.content.decode()
    # The office's own register is one office's: no unit column.
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_office)))
    assert [columns.UNIT in row for row in rows] == [False]


def test_each_closing_fills_its_own_column(clerk_hanoi, world, register):
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    filled = {
        read_decision_cell(row[columns.DECISION]).number: {
            key for key in (*columns.STATUS_KEYS, columns.ENTRUSTED_OUT) if row[key]
        }
        for row in rows
    }
    assert filled[register.not_eligible.decision_number] == {columns.NOT_ELIGIBLE}
    assert filled[register.terminated.decision_number] == {columns.TERMINATED}
    terminated = rows[2][columns.TERMINATED]
    assert terminated == f"Ngày 20/01/2026 theo {legal_ground('50.1.c').provision}"
    assert filled[register.withdrawn.decision_number] == {columns.WITHDRAWN}
    assert filled[register.entrusted.decision_number] == {columns.ENTRUSTED_OUT}
    # Postponed, resumed, postponed again: the latest postponement, the row reads postponed.
    assert filled[register.postponed.decision_number] == {columns.POSTPONED}


def test_the_entrusted_case_names_its_decision_balance_and_receiver(clerk_hanoi, world, register):
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    cell = rows[4][columns.ENTRUSTED_OUT]
    assert cell == (
        "Số: 55/QĐ-THADS ngày 20/11/2025 số tiền: 5.000.000đ ủy thác cho "
        "Thi hành án dân sự thành phố Đà Nẵng"
    )
    decision = read_decision_cell(cell)
    assert (decision.number, decision.date) == ("55/QĐ-THADS", register.entrusted.closed_on)
    assert decision.amount_due == register.entrusted.amount_outstanding


def test_the_received_case_names_the_senders_decision_and_agency(clerk_hanoi, world, register):
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    cell = rows[6][columns.ENTRUSTED_IN]
    assert cell == "Số: 08/QĐ-THADS ngày 01/10/2025 của Thi hành án dân sự thành phố Đà Nẵng"
    decision = read_status_decision(columns.ENTRUSTED_IN, cell)
    received = register.received
    assert (decision.number, decision.date) == (
        received.received_decision_number,
        received.received_decision_date,
    )
    assert cell.endswith(f"của {received.received_from.name}")
    assert not any(row[columns.ENTRUSTED_IN] for row in rows[:6])


def test_the_agency_as_creditor_is_written_by_its_name(clerk_hanoi, world, register):
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    assert rows[5][columns.CREDITORS] == world.hanoi_agency.name


def test_the_title_block_names_the_agency_as_it_was_called_in_the_period(
    clerk_hanoi, administrator, world, register
):
    unit_rename(
        unit=world.hanoi_agency,
        on=datetime.date(2026, 10, 1),
        name="Thi hành án dân sự Thủ đô Hà Nội",
        kind=world.hanoi_agency.kind,
        parent=world.hanoi_agency.parent,
        user=administrator,
    )
    title, _rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    lines = [row[0] for row in title if row[0]]
    assert lines == [
        "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI",
        "SỔ THỤ LÝ THI HÀNH ÁN DÂN SỰ",
        "Năm thống kê 2026, từ ngày 01/10/2025 đến ngày 30/09/2026",
    ]


def test_an_office_register_names_its_agency_above_it(clerk_hanoi, world):
    register_case(world.hanoi_office, "70/QĐ-THADS", datetime.date(2025, 10, 30))
    response = _download(clerk_hanoi, world.hanoi_office, start="15/10/2025", end="31/10/2025")
    title, rows = _table(_sheet(response))
    assert [row[0] for row in title] == [
        "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI",
        world.hanoi_office.name,
        "SỔ THỤ LÝ THI HÀNH ÁN DÂN SỰ",
        _vietnamese("Accepted from %(start)s to %(end)s")
        % {"start": "15/10/2025", "end": "31/10/2025"},
    ]
    assert len(rows) == 1


def test_the_workbook_prints_on_a4_landscape_with_its_header_on_every_page(
    clerk_hanoi, world, register
):
    response = _download(clerk_hanoi, world.hanoi_agency)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="so-thu-ly-thads-hn-01-10-2025-30-09-2026_2026-09-30.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Sổ thụ lý"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.freeze_panes == "A6"
    headers = [cell.value for cell in sheet[5]]
    assert headers == [column.header for column in columns.REGISTER_COLUMNS[1:]]
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNOPQ"]
    # Every column readable, and all of them across an A4 landscape page (about 200 units
    # of width inside its margins) with little shrinking.
    assert min(widths) >= 4
    assert sum(widths) <= 215


def test_a_formula_in_a_party_name_is_written_as_text(clerk_hanoi, world, register):
    CaseParty.objects.filter(case=register.entrusted, role=PartyRole.DEBTOR).delete()
    party(register.entrusted, PartyRole.DEBTOR, '=HYPERLINK("http://x","Công ty")')
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    cell = rows[4][columns.DEBTORS]
    assert cell == '\'=HYPERLINK("http://x","Công ty")'
    assert unescape_formula(cell) == '=HYPERLINK("http://x","Công ty")'


def test_an_empty_period_gives_the_header_and_no_rows(clerk_hanoi, world, register):
    response = _download(clerk_hanoi, world.hanoi_agency, start="01/10/2023", end="30/09/2024")
    title, rows = _table(_sheet(response))
    assert rows == []
    assert title[2][0] == "Năm thống kê 2024, từ ngày 01/10/2023 đến ngày 30/09/2024"


def test_a_clerk_reads_only_the_cases_of_their_units(clerk_danang, world, register):
    register_case(world.danang_agency, "9/QĐ-THADS", datetime.date(2025, 11, 1))
    _title, rows = _table(_sheet(_download(clerk_danang, world.danang_agency)))
    assert [read_decision_cell(row[columns.DECISION]).number for row in rows] == ["9/QĐ-THADS"]


def test_another_citys_unit_answers_not_found(clerk_danang, world, register):
    response = _client(clerk_danang).get(
        REGISTER, {"unit": world.hanoi_agency.pk, **PERIOD, "format": "xlsx"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"unit": "abc"}, "“abc” is not a unit"),
        ({"unit": "١"}, "is not a unit"),
        ({"start": "31/02/2025"}, "Accepted from"),
        ({"end": "hôm qua"}, "Accepted until:"),
        ({"start": "01/10/2026", "end": "01/10/2025"}, "The period starts (01/10/2026) after"),
    ],
)
def test_bad_parameters_get_a_clear_message(clerk_hanoi, world, parameters, message):
    query = {"unit": str(world.hanoi_agency.pk), **PERIOD, **parameters}
    with_english = _client(clerk_hanoi)
    with_english.cookies["django_language"] = "en"
    response = with_english.get(REGISTER, {**query, "format": "xlsx"})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_parameter_is_a_bad_request(clerk_hanoi, world):
    response = _client(clerk_hanoi).get(REGISTER, {"unit": world.hanoi_agency.pk, "x": "1"})
    assert response.status_code == 400


def test_the_page_shows_the_register_to_print(clerk_hanoi, world, register):
    response = _client(clerk_hanoi).get(REGISTER, {"unit": world.hanoi_agency.pk, **PERIOD})
    assert response.status_code == 200
    page = response.content.decode()
    assert "SỔ THỤ LÝ THI HÀNH ÁN DÂN SỰ" in page
    assert "Ông Hoàng Đình Lâm - Bà Nguyễn Thị Thuý; Đ/c: Xã Tân Kỳ, tỉnh Nghệ An" in page
    assert "Số: 12/QĐ-THADS ngày 03/11/2025" in page
    assert "14/10/2025" in page
    assert 'id="register-xlsx"' in page


def test_the_page_of_an_empty_period_says_so(clerk_hanoi, world):
    response = _client(clerk_hanoi).get(REGISTER, {"unit": world.hanoi_agency.pk, **PERIOD})
    assert response.status_code == 200
    assert _vietnamese("No case was accepted in this period.") in response.content.decode()


def test_the_case_list_exports_its_filtered_cases_as_the_register(clerk_hanoi, world, register):
    client = _client(clerk_hanoi)
    changelist = client.get(reverse("admin:enforcement_enforcementcase_changelist"))
    assert 'id="register-export"' in changelist.content.decode()
    response = client.get(ADMIN_REGISTER, {"status__exact": Status.POSTPONED, "year": "2026"})
    assert response.status_code == 200
    title, rows = _table(_sheet(response))
    assert [read_decision_cell(row[columns.DECISION]).number for row in rows] == ["51/QĐ-THADS"]
    assert title[0][0] == "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI"
    assert title[2][0] == "Năm thống kê 2026, từ ngày 01/10/2025 đến ngày 30/09/2026"


def test_the_case_list_register_keeps_the_users_scope(clerk_danang, world, register):
    register_case(world.danang_agency, "9/QĐ-THADS", datetime.date(2025, 11, 1))
    response = _client(clerk_danang).get(ADMIN_REGISTER)
    _title, rows = _table(_sheet(response))
    assert [read_decision_cell(row[columns.DECISION]).number for row in rows] == ["9/QĐ-THADS"]


def test_the_case_list_register_refuses_an_undeclared_filter(clerk_hanoi, world):
    response = _client(clerk_hanoi).get(ADMIN_REGISTER, {"debtor__regex": "(.*)*x"})
    assert response.status_code == 400


def test_a_role_without_the_cases_is_refused(officer_danang, world):
    assert _client(officer_danang).get(REGISTER).status_code == 403


def test_a_proactive_note_keeps_its_remarks_and_on_request_is_said_once(clerk_hanoi, world):
    register_case(
        world.hanoi_agency,
        "80/QĐ-THADS",
        datetime.date(2025, 10, 2),
        initiation=Initiation.ON_REQUEST,
        notes="QĐ thi hành án theo yêu cầu",
    )
    register_case(
        world.hanoi_agency, "81/QĐ-THADS", datetime.date(2025, 10, 3), notes="Đã xác minh"
    )
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    assert [row[columns.NOTES] for row in rows] == ["QĐ thi hành án theo yêu cầu", "Đã xác minh"]
    assert [read_initiation_note(row[columns.NOTES]) for row in rows] == [
        Initiation.ON_REQUEST,
        Initiation.PROACTIVE,
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quyết định 12/QĐ-THADS (sổ thụ lý)", "12/QĐ-THADS"),
        ("Quyết định — (sổ thụ lý)", ""),
        ("12/QĐ-THADS thay 11/QĐ-THADS", ""),
        ("Hoãn thi hành QĐ 46/QĐ-THADS theo QĐ 12/QĐ-THADS", "12/QĐ-THADS"),
        ("", ""),
    ],
)
def test_a_status_decision_number_is_the_one_its_note_names(text, expected):
    assert decision_number_in(text, besides="46/QĐ-THADS") == expected


@pytest.mark.parametrize(
    ("quantity", "text"),
    [("590", "590"), ("590.50", "590,5"), ("12000", "12000"), ("0.25", "0,25")],
)
def test_quantities_are_written_as_the_reader_reads_them(quantity, text):
    from decimal import Decimal

    assert quantity_text(Decimal(quantity)) == text


def _case_now(status: str, eligibility: str, since: datetime.date) -> EnforcementCase:
    closed = status in (Status.COMPLETED, Status.TERMINATED, Status.WITHDRAWN, Status.ENTRUSTED)
    return EnforcementCase(
        accepted_on=datetime.date(2025, 10, 1),
        status=status,
        eligibility=eligibility,
        state_changed_on=since,
        closed_on=since if closed else None,
    )


def _event(on: datetime.date, status: str, eligibility: str = "eligible", note: str = ""):
    return CaseEvent(occurred_on=on, status_after=status, eligibility_after=eligibility, note=note)


def test_a_case_eligible_again_shows_no_not_eligible_decision():
    days = [datetime.date(2025, 10, d) for d in (1, 5, 9)]
    events = [
        _event(days[0], Status.IN_PROGRESS),
        _event(days[1], Status.IN_PROGRESS, "not_eligible"),
        _event(days[2], Status.IN_PROGRESS),
    ]
    shown = register_statuses(_case_now(Status.IN_PROGRESS, "eligible", days[2]), events)
    assert shown.columns == {}


def test_a_closing_a_correction_undid_is_not_shown():
    days = [datetime.date(2025, 10, d) for d in (1, 5, 9)]
    events = [
        _event(days[0], Status.IN_PROGRESS),
        _event(days[1], Status.COMPLETED),
        _event(days[2], Status.IN_PROGRESS),
    ]
    shown = register_statuses(_case_now(Status.IN_PROGRESS, "eligible", days[2]), events)
    assert shown.columns == {}


def test_a_state_without_its_event_is_shown_on_the_day_it_began():
    # An imported case: one event carrying its state, or none at all.
    day = datetime.date(2025, 12, 1)
    shown = register_statuses(_case_now(Status.TERMINATED, "eligible", day), [])
    assert shown.columns == {columns.TERMINATED: RegisterDecision(number="", date=day)}
    imported = [_event(day, Status.SUSPENDED, note="Nhập từ tệp: 7/QĐ-THADS")]
    shown = register_statuses(_case_now(Status.SUSPENDED, "eligible", day), imported)
    assert shown.columns == {columns.SUSPENDED: RegisterDecision(number="7/QĐ-THADS", date=day)}


def test_an_entrusted_case_without_its_recorded_decision_names_its_events(
    clerk_hanoi, world, register
):
    EnforcementCase.objects.filter(pk=register.entrusted.pk).update(
        entrustment_decision_number="", entrustment_decision_date=None
    )
    _title, rows = _table(_sheet(_download(clerk_hanoi, world.hanoi_agency)))
    assert rows[4][columns.ENTRUSTED_OUT].startswith("Số: 55/QĐ-THADS ngày 20/11/2025 ")


def test_dates_left_empty_are_the_statistical_year_running_today(clerk_hanoi, world):
    response = _client(clerk_hanoi).get(
        REGISTER, {"unit": world.hanoi_agency.pk, "start": "", "end": ""}
    )
    assert response.status_code == 200
    start, end = statistical_year_bounds(statistical_year_of(timezone.localdate()))
    assert response.context["heading"].period == _vietnamese(
        "Statistical year %(year)s, from %(start)s to %(end)s"
    ) % {"year": end.year, "start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
