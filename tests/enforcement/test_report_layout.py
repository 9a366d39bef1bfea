"""The printed report and its spreadsheet carry the official form: header, closing, thousands."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.test import Client
from openpyxl import load_workbook

from enforcement.models import ReportForm
from enforcement.report import is_head_position, unit_head
from organizations.models import Unit
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import PersonFactory, ensure_reference_data

pytestmark = pytest.mark.django_db

URL = "/reports/enforcement/"


@pytest.fixture(autouse=True)
def _forms(db) -> None:
    # The forms come with a data migration; a transactional test elsewhere may have flushed them.
    ensure_reference_data()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hanoi_head(world):
    return PersonFactory(unit=world.hanoi_agency, full_name="Lê Văn Thủ", position="Cục trưởng")


@pytest.fixture
def money_cases(world):
    """Three cases of 1.400 đồng each: printed alone 1 thousand each, together 4 thousand."""
    for unit in (world.hanoi_office, world.hanoi_office, world.hanoi_agency):
        EnforcementCaseFactory(unit=unit, amount_due=1_400, accepted_on=datetime.date(2024, 3, 1))


def test_printed_report_carries_agency_form_period_and_unit_of_measure(
    world, clerk_hanoi, hanoi_head, money_cases
):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN"})

    content = response.content.decode()
    assert "BỘ TƯ PHÁP" in content and "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI" in content
    assert "01/TK-THA" in content and "02/TK-THA" in content
    assert "Thông tư số 05/2024/TT-BTP" in content
    assert "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC" in content
    assert "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG TIỀN" in content
    assert "01/10/2023" in content and "30/09/2024" in content
    assert "Đơn vị tính: việc" in content and "Đơn vị tính: nghìn đồng" in content


def test_closing_block_names_the_preparer_and_the_head_of_agency(
    world, clerk_hanoi, hanoi_head, money_cases
):
    clerk_hanoi.first_name = "Nguyễn Thị Lập"
    clerk_hanoi.save()

    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN"})

    heading = response.context["heading"]
    assert heading.preparer.name == "Nguyễn Thị Lập"
    assert (heading.head.title, heading.head.name) == ("Cục trưởng", "Lê Văn Thủ")
    assert heading.place_and_date.startswith("Hà Nội, ")
    today = datetime.date.today()
    assert f"{today:%d}" in heading.place_and_date and str(today.year) in heading.place_and_date
    content = response.content.decode()
    assert "Nguyễn Thị Lập" in content and "Lê Văn Thủ" in content


def test_without_a_recorded_head_the_signature_keeps_only_its_title(world, clerk_hanoi):
    PersonFactory(unit=world.hanoi_agency, full_name="Phó Văn Hai", position="Phó Cục trưởng")

    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN"})

    head = response.context["heading"].head
    assert (head.title, head.name) == ("", "")
    assert head.caption
    assert "Phó Văn Hai" not in response.content.decode()


def test_the_only_unit_in_scope_issues_the_report(world, clerk_hanoi, hanoi_head):
    response = _client(clerk_hanoi).get(URL, {"year": 2024})

    assert response.context["heading"].agency_name == "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI"
    assert response.context["heading"].head.name == "Lê Văn Thủ"


def test_a_leader_of_the_ministry_issues_the_report_of_every_city(world, leader):
    response = _client(leader).get(URL, {"year": 2024})

    assert response.context["heading"].agency_name == "BỘ TƯ PHÁP"


@pytest.mark.parametrize(
    ("position", "kind", "heads"),
    [
        ("Cục trưởng", Unit.Kind.ENFORCEMENT_AGENCY, True),
        ("cục trưởng  Cục THADS", Unit.Kind.ENFORCEMENT_AGENCY, True),
        ("Trưởng Thi hành án dân sự thành phố", Unit.Kind.ENFORCEMENT_AGENCY, True),
        ("Phó Cục trưởng", Unit.Kind.ENFORCEMENT_AGENCY, False),
        ("Chấp hành viên", Unit.Kind.ENFORCEMENT_AGENCY, False),
        ("Trưởng phòng Nghiệp vụ", Unit.Kind.ENFORCEMENT_AGENCY, False),
        ("Trưởng phòng", Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE, True),
        ("Chi cục trưởng", Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE, True),
        ("Phó Trưởng phòng", Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE, False),
        ("Giám đốc", Unit.Kind.DEPARTMENT_OF_JUSTICE, True),
    ],
)
def test_the_head_is_known_by_the_position_that_heads_the_kind_of_unit(position, kind, heads):
    assert is_head_position(position, kind) is heads


def test_unit_head_skips_deputies_and_staff(world):
    PersonFactory(unit=world.hanoi_office, position="Phó Trưởng phòng")
    head = PersonFactory(unit=world.hanoi_office, position="Trưởng phòng")

    assert unit_head(world.hanoi_office) == head


def test_form_code_is_data_an_administrator_changes(world, clerk_hanoi):
    ReportForm.objects.filter(measure=ReportForm.Measure.CASES).update(code="99/TK-THA")

    content = _client(clerk_hanoi).get(URL, {"year": 2024}).content.decode()

    assert "99/TK-THA" in content and "01/TK-THA" not in content


def test_a_year_before_the_circular_prints_no_form_code(world, clerk_hanoi):
    assert ReportForm.objects.in_force(ReportForm.Measure.CASES, datetime.date(2023, 9, 30)) is None

    content = _client(clerk_hanoi).get(URL, {"year": 2023}).content.decode()

    assert "01/TK-THA" not in content
    assert "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC" in content


def test_page_prints_money_in_thousands_that_sum_to_the_total(world, clerk_hanoi, money_cases):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN"})

    *units, total = response.context["money_rows"]
    newly_accepted = 1  # the column of line 2
    assert total[1][newly_accepted] == 4  # 4.200 đồng
    assert sum(values[newly_accepted] for _row, values in units) == 4
    numbers = [column.number for column in response.context["money_columns"]]
    for _row, values in response.context["money_rows"]:
        printed = dict(zip(numbers, values, strict=True))
        assert printed["3"] == printed["1"] + printed["2"]
        # Resolved money holds the reductions and exemptions (line 10a).
        assert printed["11"] == printed["9"] + printed["10"] + printed["10a"]
        assert printed["13"] == printed["6"] - printed["11"]


def test_spreadsheet_carries_the_header_the_closing_and_thousands(
    world, clerk_hanoi, hanoi_head, money_cases
):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN", "format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Về việc", "Về tiền"]
    money = workbook.worksheets[1]
    cells = [value for row in money.iter_rows(values_only=True) for value in row if value]
    assert "BỘ TƯ PHÁP" in cells and "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HÀ NỘI" in cells
    assert any("02/TK-THA" in str(value) for value in cells)
    assert "KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG TIỀN" in cells
    assert "Đơn vị tính: nghìn đồng" in cells
    assert "Lê Văn Thủ" in cells and "Cục trưởng" in cells
    assert any(str(value).startswith("Hà Nội, ") for value in cells)
    rows = {row[0]: row for row in money.iter_rows(values_only=True) if row[0]}
    assert rows["Tổng số"][2] == 4  # line 2 in thousand đồng
    units = [
        row
        for name, row in rows.items()
        if name in {u.display_name for u in (world.hanoi_agency, world.hanoi_office)}
    ]
    assert sum(row[2] for row in units) == 4


def test_form_catalogue_migration_unloads_and_reloads_its_forms():
    migration = importlib.import_module(
        "enforcement.migrations.0014_report_forms_of_circular_05_2024"
    )

    migration.unload_forms(apps, None)
    assert not ReportForm.objects.exists()
    migration.load_forms(apps, None)

    assert set(ReportForm.objects.values_list("measure", "code")) == {
        ("cases", "01/TK-THA"),
        ("money", "02/TK-THA"),
    }
