"""Every spreadsheet we write: Vietnamese name, title block, typed cells, and it imports back."""

from __future__ import annotations

import contextlib
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.models import ImportJob
from organizations.spreadsheets import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    SheetHeading,
    attachment,
    download_name,
    write_sheet,
)
from tests.benchmarks.casefile import HEADERS
from tests.imports.helpers import write_csv
from tests.sheets import table_rows

pytestmark = pytest.mark.django_db

CASE_FIELDS = (
    "unit",
    "number",
    "decision_date",
    "accepted_on",
    "judgment",
    "judgment_kind",
    "initiation",
    "debtor",
    "creditor",
    "amount_due",
    "amount_recovered",
    "eligibility",
    "status",
    "closed_on",
    "entrusted_to",
    "notes",
)


def _row(number: str, debtor: str = "Nguyễn Văn Nợ") -> list[str]:
    return [
        "THADS-DN",
        number,
        "10/10/2025",
        "12/10/2025",
        "Bản án số 45/2025/DS-ST",
        "Dân sự",
        "Theo yêu cầu",
        debtor,
        "Trần Thị Được",
        "150.000.000",
        "1.234.567",
        "Có điều kiện",
        "Đang thi hành",
        "",
        "",
        "",
    ]


def _import(path, user) -> ImportJob:
    with contextlib.suppress(CommandError):
        call_command("import_data", "enforcementcase", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


@pytest.fixture
def exported(world, clerk_danang, tmp_path) -> HttpResponse:
    rows = [HEADERS, _row("1", debtor="=cmd|' /C calc'!A0"), _row("2")]
    assert _import(write_csv(tmp_path / "a.csv", rows), clerk_danang).status == (
        ImportJob.Status.DONE
    )
    client = Client()
    client.force_login(clerk_danang)
    return client.post(
        reverse("admin:enforcement_enforcementcase_export"),
        {
            "format": "1",
            "resource": "0",
            **{f"caseresource_{name}": "on" for name in CASE_FIELDS},
        },
    )


def test_the_cases_workbook_is_named_and_titled_in_vietnamese(exported):
    today = timezone.localdate().isoformat()
    sheet = load_workbook(io.BytesIO(exported.content)).active

    assert exported["Content-Disposition"] == (
        f'attachment; filename="viec-thi-hanh-an_{today}.xlsx"'
    )
    assert sheet.title == "Việc thi hành án"
    assert sheet["A1"].value == "VIỆC THI HÀNH ÁN"
    assert "Đà Nẵng" in sheet["A2"].value
    assert sheet["A3"].value.startswith("Xuất lúc ")
    assert sheet.freeze_panes == "A6"
    assert sheet["A5"].value == "Đơn vị" and sheet["A5"].font.bold


def test_the_cases_workbook_types_dates_and_amounts(exported):
    sheet = load_workbook(io.BytesIO(exported.content)).active
    header = [cell.value for cell in sheet[5]]
    number = header.index("Số quyết định THA")
    first = next(row for row in sheet.iter_rows(min_row=6) if row[number].value == "1")

    decided = first[header.index("Ngày ra quyết định")]
    due = first[header.index("Số tiền phải thi hành")]
    recovered = first[header.index("Số tiền đã thi hành")]
    assert decided.value == datetime.datetime(2025, 10, 10)
    assert decided.number_format == DATE_FORMAT
    assert (due.value, recovered.value) == (150_000_000, 1_234_567)
    assert due.number_format == recovered.number_format == AMOUNT_FORMAT
    # A cell that would run as a formula is kept as text, escaped.
    assert first[header.index("Người phải thi hành")].value == "'=cmd|' /C calc'!A0"
    widths = sheet.column_dimensions
    assert widths["E"].width >= len("Bản án số 45/2025/DS-ST")


def test_the_cases_workbook_imports_back_unchanged(exported, clerk_danang, tmp_path):
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(exported.content)

    job = _import(path, clerk_danang)

    assert (job.status, job.new, job.updated, job.unchanged) == (ImportJob.Status.VALID, 0, 0, 2)


def test_a_csv_export_stays_a_plain_table(world, clerk_danang, tmp_path):
    _import(write_csv(tmp_path / "a.csv", [HEADERS, _row("1")]), clerk_danang)
    client = Client()
    client.force_login(clerk_danang)

    response = client.post(
        reverse("admin:enforcement_enforcementcase_export"),
        {"format": "0", "resource": "0", "caseresource_unit": "on", "caseresource_number": "on"},
    )

    assert response.content.decode("utf-8-sig").splitlines()[0] == "Đơn vị,Số quyết định THA"
    assert response["Content-Disposition"].endswith('.csv"')


def test_a_name_with_diacritics_has_a_plain_fallback():
    day = datetime.date(2026, 12, 4)

    assert download_name("Danh sách Đảng viên: 1234/QĐ-BTP", day) == (
        "danh-sach-dang-vien-1234-qd-btp_2026-12-04.xlsx"
    )
    response = attachment(HttpResponse(), "Hồ sơ.xlsx")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''H%E1%BB%93%20s%C6%A1.xlsx"
    )


def test_years_stay_plain_numbers_and_only_amounts_are_grouped(tmp_path):
    path = tmp_path / "list.xlsx"
    write_sheet(
        path,
        title="Danh sách",
        heading=SheetHeading(title="DANH SÁCH"),
        headers=["Năm", "Tiền thưởng"],
        rows=[[2025, 7_020_000]],
        amount_columns=["Tiền thưởng"],
    )

    sheet = load_workbook(path).active
    assert table_rows(sheet) == [("Năm", "Tiền thưởng"), (2025, 7_020_000)]
    assert sheet["A4"].number_format == "General"
    assert sheet["B4"].number_format == AMOUNT_FORMAT
