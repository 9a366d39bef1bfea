"""The reference units of 2025: the ministry's department, 34 agencies, the regional offices."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from organizations.models import Unit

pytestmark = pytest.mark.django_db


def _load(**files: object) -> str:
    out = io.StringIO()
    call_command("load_reference_units", stdout=out, **files)
    return out.getvalue()


def test_the_34_provincial_agencies_and_the_department_are_loaded(db):
    _load()

    agencies = Unit.objects.filter(kind=Unit.Kind.ENFORCEMENT_AGENCY)
    assert agencies.count() == 34
    assert not agencies.exclude(name__startswith="Thi hành án dân sự ").exists()
    assert agencies.filter(name="Thi hành án dân sự tỉnh Quảng Ngãi").exists()
    department = Unit.objects.get(code="BTP-CQLTHADS")
    assert (department.name, department.parent.code) == ("Cục Quản lý thi hành án dân sự", "BTP")


def test_the_regional_offices_belong_to_their_agency(db):
    _load()

    offices = Unit.objects.filter(kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE)
    assert offices.filter(parent__code="THADS-HCM").count() == 19
    assert offices.filter(parent__code="THADS-HN").count() == 12


def test_loading_again_changes_nothing(db):
    _load()
    count = Unit.objects.count()

    report = _load()

    assert Unit.objects.count() == count
    # Nothing created, nothing updated.
    assert report.split(",")[0].split()[0] == "0"
    assert report.split(",")[1].split()[0] == "0"


def test_the_demo_cities_are_completed_not_duplicated(world):
    agency_pk = world.danang_agency.pk

    _load()

    assert Unit.objects.filter(code="THADS-DN").get().pk == agency_pk
    assert Unit.objects.filter(name__icontains="Đà Nẵng", kind="enforcement_agency").count() == 1
    # The world's Hà Nội office KV1 is the reference's, by code.
    assert Unit.objects.filter(code="THADS-HN-KV1").count() == 1
    assert Unit.objects.get(code="THADS-HN-KV1").parent == world.hanoi_agency


def test_a_bad_row_refuses_the_whole_load(db, tmp_path):
    offices = tmp_path / "offices.csv"
    offices.write_text(
        "# test\ncode,name,agency,court\n"
        "THADS-HN-KV1,Phòng Thi hành án dân sự khu vực 1 - Hà Nội,THADS-HN,TAND khu vực 1\n"
        "THADS-XX-KV1,Phòng Thi hành án dân sự khu vực 1 - XX,THADS-XX,TAND khu vực 1\n"
        ",Không mã,THADS-HN,\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as error:
        _load(offices=offices)

    message = str(error.value)
    assert "offices.csv" in message and "THADS-XX" in message
    assert "line 4" in message or "dòng 4" in message
    assert not Unit.objects.exists()


def test_a_code_of_a_unit_of_another_kind_is_refused(world, tmp_path):
    offices = tmp_path / "offices.csv"
    offices.write_text(
        "code,name,agency,court\nSTP-DN,Phòng Thi hành án dân sự khu vực 1,THADS-DN,TAND\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError):
        _load(offices=offices)

    assert Unit.objects.get(code="STP-DN").kind == Unit.Kind.DEPARTMENT_OF_JUSTICE
    assert not Unit.objects.filter(code="BTP-CQLTHADS").exists()
