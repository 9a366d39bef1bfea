"""Dated names of units: a renaming keeps the old name for the periods it was called so."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from commendations import pdf
from commendations import services as commendation_services
from commendations.models import Nomination
from organizations.models import Unit, UnitVersion
from organizations.selectors import unit_name_on, unit_names_on, units_as_on
from organizations.services import unit_rename, unit_versions_apply
from tests.commendations.factories import nomination_in
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

OLD = "Cục Thi hành án dân sự thành phố Hà Nội"
NEW = "Thi hành án dân sự thành phố Hà Nội"
RENAMED_ON = datetime.date(2025, 7, 1)
REPORT = "/reports/enforcement/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _called_cuc_until_the_reform(unit: Unit, administrator, *, new: str = NEW) -> UnitVersion:
    """Give the unit its pre-2025 name, then rename it from 1 July 2025."""
    old = new.replace("Thi hành án", "Cục Thi hành án", 1)
    Unit.objects.filter(pk=unit.pk).update(name=old)
    unit.refresh_from_db()
    return unit_rename(
        unit=unit,
        on=RENAMED_ON,
        name=new,
        kind=unit.kind,
        parent=unit.parent,
        decision="Nghị quyết 190/2025/QH15",
        user=administrator,
    )


@pytest.fixture
def renamed(world, administrator) -> Unit:
    _called_cuc_until_the_reform(world.hanoi_agency, administrator)
    world.hanoi_agency.refresh_from_db()
    return world.hanoi_agency


def test_renaming_on_a_past_date_updates_the_unit_and_keeps_the_old_name(renamed):
    assert renamed.name == NEW
    versions = list(renamed.versions.values_list("valid_from", "name"))
    assert versions == [(renamed.valid_from, OLD), (RENAMED_ON, NEW)]
    assert unit_name_on(renamed, datetime.date(2025, 6, 30)) == OLD
    assert unit_name_on(renamed, RENAMED_ON) == NEW
    assert unit_name_on(renamed, datetime.date(2026, 1, 1)) == NEW


def test_renaming_ahead_of_its_day_waits_for_the_day(world, administrator):
    unit = world.danang_agency
    future = datetime.date.today() + datetime.timedelta(days=30)

    unit_rename(
        unit=unit, on=future, name="Tên mới", kind=unit.kind, parent=unit.parent, user=administrator
    )

    unit.refresh_from_db()
    assert unit.name == "Thi hành án dân sự thành phố Đà Nẵng"
    assert unit_versions_apply(today=future - datetime.timedelta(days=1)) == 0
    assert unit_versions_apply(today=future) == 1
    unit.refresh_from_db()
    assert unit.name == "Tên mới"


def test_the_daily_command_applies_names_that_are_due(world, administrator):
    unit = world.danang_agency
    unit_rename(
        unit=unit,
        on=datetime.date(2025, 7, 1),
        name="Tên đã đến hạn",
        kind=unit.kind,
        parent=unit.parent,
        user=administrator,
    )
    # A row left behind (e.g. restored from an older backup) is brought to today's version.
    Unit.objects.filter(pk=unit.pk).update(name="Tên cũ")

    call_command("apply_unit_versions", verbosity=0)

    unit.refresh_from_db()
    assert unit.name == "Tên đã đến hạn"


def test_bulk_name_lookup_is_one_query(world, renamed, django_assert_max_num_queries):
    units = list(Unit.objects.all())

    with django_assert_max_num_queries(1):
        names = unit_names_on(units, datetime.date(2024, 12, 31))
    with django_assert_max_num_queries(1):
        dated = units_as_on(units, datetime.date(2024, 12, 31))

    assert names[renamed.pk] == OLD
    assert dated[renamed.pk].name == OLD
    # Units never renamed answer their own name.
    assert names[world.danang_agency.pk] == world.danang_agency.name


def test_a_dated_copy_shows_the_parent_of_its_day(world, administrator):
    office = world.hanoi_office
    unit_rename(
        unit=office,
        on=datetime.date(2025, 7, 1),
        name=office.name,
        kind=office.kind,
        parent=world.ministry,
        user=administrator,
    )

    before = units_as_on([office], datetime.date(2025, 1, 1))[office.pk]
    assert before.parent == world.hanoi_agency
    office.refresh_from_db()
    assert office.parent == world.ministry


# --- Bad input ----------------------------------------------------------------------------


def _refused(unit: Unit, administrator, field: str, **changes) -> ValidationError:
    values = {
        "on": datetime.date(2025, 7, 1),
        "name": "Tên khác",
        "kind": unit.kind,
        "parent": unit.parent,
        **changes,
    }
    versions_before = UnitVersion.objects.count()
    name_before = Unit.objects.get(pk=unit.pk).name
    with pytest.raises(ValidationError) as caught:
        unit_rename(unit=unit, user=administrator, **values)
    assert field in caught.value.message_dict
    assert UnitVersion.objects.count() == versions_before
    assert Unit.objects.get(pk=unit.pk).name == name_before
    return caught.value


def test_a_version_before_the_unit_existed_is_refused(world, administrator):
    unit = world.danang_agency
    Unit.objects.filter(pk=unit.pk).update(valid_from=datetime.date(2020, 1, 1))
    unit.refresh_from_db()

    error = _refused(unit, administrator, "valid_from", on=datetime.date(2019, 12, 31))

    assert "01/01/2020" in error.message_dict["valid_from"][0]


def test_two_versions_on_the_same_date_are_refused(renamed, administrator):
    _refused(renamed, administrator, "valid_from", on=RENAMED_ON)


def test_a_parent_that_makes_a_cycle_is_refused_in_vietnamese(world, administrator):
    error = _refused(world.hanoi_agency, administrator, "parent", parent=world.hanoi_office)

    assert error.message_dict["parent"] == [
        "Không thể đặt một đơn vị trực thuộc chính nó hoặc một đơn vị cấp dưới của nó."
    ]


def test_a_parent_that_makes_a_cycle_only_on_the_day_is_refused(world, administrator):
    # From 1 July 2025 the Hà Nội office sits under the Đà Nẵng agency …
    unit_rename(
        unit=world.hanoi_office,
        on=datetime.date(2025, 7, 1),
        name=world.hanoi_office.name,
        kind=world.hanoi_office.kind,
        parent=world.danang_agency,
        user=administrator,
    )
    # … so the Đà Nẵng agency cannot go under it on that day.
    _refused(
        world.danang_agency,
        administrator,
        "parent",
        on=datetime.date(2025, 8, 1),
        parent=world.hanoi_office,
    )


def test_a_parent_that_makes_a_cycle_with_a_later_version_is_refused(world, administrator):
    # The Hà Nội agency goes under the Đà Nẵng agency next month …
    today = timezone.localdate()
    agency_a, agency_b = world.hanoi_agency, world.danang_agency
    unit_rename(
        unit=agency_a,
        on=today + datetime.timedelta(days=30),
        name=agency_a.name,
        kind=agency_a.kind,
        parent=agency_b,
        user=administrator,
    )
    # … so the Đà Nẵng agency cannot go under it from last week: the two would meet then.
    _refused(
        agency_b, administrator, "parent", on=today - datetime.timedelta(days=7), parent=agency_a
    )

    unit_versions_apply(today=today + datetime.timedelta(days=30))
    agency_b.refresh_from_db()
    assert agency_b.parent_id != agency_a.pk


def test_a_clerk_cannot_rename_a_unit(world, clerk_hanoi):
    with pytest.raises(PermissionDenied):
        unit_rename(
            unit=world.hanoi_agency,
            on=RENAMED_ON,
            name="Tên khác",
            kind=world.hanoi_agency.kind,
            parent=world.ministry,
            user=clerk_hanoi,
        )
    assert not UnitVersion.objects.exists()


# --- Reports ------------------------------------------------------------------------------


@pytest.fixture
def hanoi_cases(world, renamed):
    EnforcementCaseFactory(unit=world.hanoi_office)
    EnforcementCaseFactory(unit=world.hanoi_agency)


def test_the_2024_report_names_the_agency_as_it_was_called(world, leader, hanoi_cases):
    content = _client(leader).get(REPORT, {"year": 2024}).content.decode()

    assert OLD in content


def test_the_2025_report_names_the_agency_by_its_new_name(world, leader, hanoi_cases):
    content = _client(leader).get(REPORT, {"year": 2025}).content.decode()

    assert NEW in content
    assert OLD not in content


def test_a_period_ending_before_the_renaming_keeps_the_old_name(world, leader, hanoi_cases):
    # The first six months of 2025 end on 31 March 2025.
    response = _client(leader).get(REPORT, {"year": 2025, "months": 6})

    assert OLD in response.content.decode()


def test_the_header_names_the_agency_as_called_at_the_periods_end(world, clerk_hanoi, hanoi_cases):
    client = _client(clerk_hanoi)

    old = client.get(REPORT, {"year": 2024, "unit": "THADS-HN"})
    new = client.get(REPORT, {"year": 2025, "unit": "THADS-HN"})

    assert old.context["heading"].agency_name == OLD.upper()
    assert new.context["heading"].agency_name == NEW.upper()
    assert OLD in old.content.decode()  # the page's line under the pickers too


def _sheet_names(response) -> tuple[list[str], str]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=9, values_only=True) if row[0]]
    return names, sheet.cell(row=2, column=1).value


def test_the_spreadsheet_of_2024_names_rows_and_header_by_the_old_name(
    world, clerk_hanoi, hanoi_cases
):
    response = _client(clerk_hanoi).get(REPORT, {"year": 2024, "format": "xlsx"})

    names, agency = _sheet_names(response)
    assert OLD in names
    assert agency == OLD.upper()


def test_the_spreadsheet_of_2025_names_rows_and_header_by_the_new_name(
    world, clerk_hanoi, hanoi_cases
):
    response = _client(clerk_hanoi).get(REPORT, {"year": 2025, "format": "xlsx"})

    names, agency = _sheet_names(response)
    assert NEW in names and OLD not in names
    assert agency == NEW.upper()


# --- Documents ----------------------------------------------------------------------------


def _decided_on(day: datetime.date, world, officer_danang, leader, number: str):
    nomination = nomination_in(
        Nomination.Status.APPROVED,
        nominating_unit=world.danang_department,
        created_by=officer_danang,
        unit=world.danang_department,
    )
    return commendation_services.decision_record(
        user=leader,
        number=number,
        date=day,
        issuing_unit=world.danang_agency,
        authority="Cục trưởng",
        signer_title="Cục trưởng",
        signer_name="Trần Văn Minh",
        nominations=[nomination],
    )


def _certificate_text(decision) -> str:
    content = pdf.certificate_pdf(decision.certificates.get())
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_certificate_names_the_issuing_unit_as_called_on_the_decision_date(
    world, officer_danang, leader, administrator
):
    _called_cuc_until_the_reform(
        world.danang_agency, administrator, new="Thi hành án dân sự thành phố Đà Nẵng"
    )
    before = _decided_on(datetime.date(2025, 1, 15), world, officer_danang, leader, "1/QĐ-CTHADS")
    after = _decided_on(datetime.date(2025, 8, 15), world, officer_danang, leader, "2/QĐ-THADS")

    assert "CỤC THI HÀNH ÁN DÂN SỰ THÀNH PHỐ ĐÀ NẴNG" in _certificate_text(before)
    text_after = _certificate_text(after)
    assert "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ ĐÀ NẴNG" in text_after
    assert "CỤC THI HÀNH ÁN" not in text_after


# --- Admin --------------------------------------------------------------------------------


def _unit_form(unit: Unit, **versions) -> dict[str, object]:
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "locality": unit.locality_id or "",
        "parent": unit.parent_id or "",
        "valid_from": unit.valid_from.strftime("%d/%m/%Y"),
        "valid_to": "",
        "successor": "",
        "versions-TOTAL_FORMS": 1,
        "versions-INITIAL_FORMS": 0,
        "versions-MIN_NUM_FORMS": 0,
        "versions-MAX_NUM_FORMS": 1000,
    }
    data.update({f"versions-0-{key}": value for key, value in versions.items()})
    return data


def test_an_administrator_renames_a_unit_through_its_admin_page(world, administrator):
    unit = world.danang_agency
    url = reverse("admin:organizations_unit_change", args=[unit.pk])

    response = _client(administrator).post(
        url,
        _unit_form(
            unit,
            valid_from="01/07/2025",
            name="Thi hành án dân sự TP. Đà Nẵng (mới)",
            short_name="THADS Đà Nẵng",
            kind=unit.kind,
            parent=world.ministry.pk,
            decision="1052/QĐ-BTP",
        ),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    unit.refresh_from_db()
    assert unit.name == "Thi hành án dân sự TP. Đà Nẵng (mới)"
    assert unit_name_on(unit, datetime.date(2025, 6, 30)) == "Thi hành án dân sự thành phố Đà Nẵng"
    version = unit.versions.get(valid_from=RENAMED_ON)
    assert version.decision == "1052/QĐ-BTP"
    assert version.history.get().history_user == administrator


def test_the_admin_page_refuses_a_version_before_the_unit_existed(world, administrator):
    unit = world.danang_agency
    url = reverse("admin:organizations_unit_change", args=[unit.pk])

    response = _client(administrator).post(
        url,
        _unit_form(
            unit,
            valid_from="31/12/1999",
            name="Tên khác",
            kind=unit.kind,
            parent=world.ministry.pk,
        ),
    )

    assert response.status_code == 200
    assert not UnitVersion.objects.exists()
    assert Unit.objects.get(pk=unit.pk).name == unit.name


def test_others_read_the_dated_names_without_adding_any(world, leader, administrator, renamed):
    url = reverse("admin:organizations_unit_change", args=[renamed.pk])

    response = _client(leader).get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert OLD in content and "Nghị quyết 190/2025/QH15" in content
    assert response.context["inline_admin_formsets"][0].has_add_permission is False


def test_a_unit_saved_without_the_inline_keeps_its_dated_names(world, administrator, renamed):
    url = reverse("admin:organizations_unit_change", args=[renamed.pk])
    data = {
        key: value for key, value in _unit_form(renamed).items() if not key.startswith("versions")
    }
    data["short_name"] = "THADS Hà Nội"

    response = _client(administrator).post(url, data)

    assert response.status_code == 302
    assert renamed.versions.count() == 2
    # Correcting the unit itself corrects the name in force today.
    assert renamed.versions.get(valid_from=RENAMED_ON).short_name == "THADS Hà Nội"
    assert renamed.versions.exclude(valid_from=RENAMED_ON).get().short_name == ""
