"""The statistics report: scoped to the user's units, with its chart and its spreadsheet."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from enforcement import services
from tests.enforcement.factories import EnforcementCaseFactory, TargetFactory

pytestmark = pytest.mark.django_db

URL = "/reports/enforcement/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cases_2024(world, administrator):
    """Hà Nội: 4 eligible cases, 3 resolved (75 %); Đà Nẵng: 2 cases, 1 resolved (50 %)."""
    hanoi = [EnforcementCaseFactory(unit=world.hanoi_office) for _ in range(4)]
    danang = [EnforcementCaseFactory(unit=world.danang_agency) for _ in range(2)]
    for case in [*hanoi[:3], danang[0]]:
        services.case_complete(user=administrator, case=case, on=datetime.date(2024, 4, 1))
    TargetFactory(unit=world.hanoi_agency, case_ratio=Decimal("70.00"))
    TargetFactory(unit=world.danang_agency, case_ratio=Decimal("60.00"))


def test_leader_reads_every_city_with_targets_and_total(world, leader, cases_2024):
    response = _client(leader).get(URL, {"year": 2024})

    content = response.content.decode()
    assert response.status_code == 200
    assert world.hanoi_agency.name in content and world.danang_agency.name in content
    assert "75,00" in content and "+5,00" in content
    assert "50,00" in content and "-10,00" in content
    assert "66,67" in content  # 4 of 6 together
    assert "1/2" in content  # targets met
    assert "<svg" in content and "bar-met" in content and "bar-missed" in content


def test_clerk_reads_only_own_city(world, clerk_hanoi, cases_2024):
    response = _client(clerk_hanoi).get(URL, {"year": 2024})

    content = response.content.decode()
    assert world.hanoi_agency.name in content
    assert world.danang_agency.name not in content
    assert "75,00" in content and "50,00" not in content


def test_clerk_drills_down_into_own_offices(world, clerk_hanoi, cases_2024):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN"})

    content = response.content.decode()
    assert world.hanoi_office.name in content
    assert "75,00" in content
    assert "1/1" in content  # Hà Nội against its own target


def test_own_cases_of_a_unit_are_not_measured_against_its_target(world, clerk_hanoi, cases_2024):
    EnforcementCaseFactory(unit=world.hanoi_agency)

    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN"})

    own, _office = response.context["table"].rows
    assert (own.unit, own.case_target, own.cases.total) == (world.hanoi_agency, None, 1)
    assert own.case_target_met is None
    assert response.context["table"].total.case_target == Decimal("70.00")


def test_clerk_asking_for_another_city_gets_404(clerk_hanoi, cases_2024):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-DN"})

    assert response.status_code == 404


def test_emulation_officer_may_not_read_the_report(officer_danang):
    assert _client(officer_danang).get(URL, {"year": 2024}).status_code == 403


def test_anonymous_user_is_sent_to_login():
    response = Client().get(URL)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_shorter_period_counts_only_its_months(world, leader, cases_2024):
    response = _client(leader).get(URL, {"year": 2024, "months": 3})

    content = response.content.decode()
    assert "31/12/2023" in content
    # Cases accepted on 1 March 2024 do not count before then.
    assert "75,00" not in content


def test_spreadsheet_holds_the_same_table(world, leader, cases_2024):
    response = _client(leader).get(URL, {"year": 2024, "format": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    cases = workbook.worksheets[0]
    rows = {row[0]: row for row in cases.iter_rows(min_row=7, values_only=True) if row[0]}
    hanoi = rows[world.hanoi_agency.name]
    assert hanoi[3] == 4  # line 3, total
    assert hanoi[11] == 3  # line 11, resolved
    assert hanoi[16:20] == (75.0, 70.0, 5.0, "đạt")
    assert rows["Tổng số"][3] == 6
    # The form's title and unit of measure sit below the agency and the form's code.
    assert "TÍNH BẰNG VIỆC" in cases["A4"].value
    # The money sheet has one column more (line 10a, reduced or exempted).
    assert workbook.worksheets[1]["Q6"].value == "Đơn vị tính: nghìn đồng"
    money_cells = [cell.value for row in workbook.worksheets[1].iter_rows() for cell in row]
    assert "Giảm, miễn thi hành án" in money_cells


def test_spreadsheet_escapes_unit_names_read_as_formulas(world, leader, cases_2024):
    world.hanoi_agency.name = "=HYPERLINK(1)"
    world.hanoi_agency.save()

    response = _client(leader).get(URL, {"year": 2024, "format": "xlsx"})

    names = [
        row[0]
        for row in load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(min_row=7, values_only=True)
    ]
    assert "'=HYPERLINK(1)" in names


def test_the_pickers_show_the_period_and_unit_chosen_and_escape_unit_names(
    world, leader, cases_2024
):
    world.hanoi_office.name = "Chi cục <b>Ba Đình</b> & phụ cận"
    world.hanoi_office.save()
    response = _client(leader).get(
        URL, {"year": 2024, "months": 6, "unit": world.hanoi_agency.code}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert '<option value="2024" selected>2024</option>' in content
    assert '<option value="6" selected>' in content
    assert '<option value="12">' in content  # not chosen
    assert f'<option value="{world.hanoi_agency.code}" selected>' in content
    assert content.count(" selected>") == 3  # year, months, unit
    assert "Chi cục &lt;b&gt;Ba Đình&lt;/b&gt; &amp; phụ cận" in content
    assert "<b>Ba Đình</b>" not in content


def test_figures_are_printed_with_the_vietnamese_thousands_mark(world, leader):
    for _ in range(3):
        EnforcementCaseFactory(unit=world.hanoi_office, amount_due=1_234_567_000)

    content = _client(leader).get(URL, {"year": 2024}).content.decode()

    # Money in thousand đồng: three cases of 1.234.567 thousand.
    assert '<td class="text-end">3.703.701</td>' in content
    assert '<td class="text-end">3</td>' in content
