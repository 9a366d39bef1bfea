"""A units file cannot merge units: mergers are dated lineage, recorded by their service."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.management import CommandError, call_command

from enforcement import services
from organizations.models import ImportJob, Unit, UnitLineage
from tests.factories import UnitFactory
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Đơn vị kế thừa",
]
AGENCY = str(Unit.Kind.ENFORCEMENT_AGENCY.label)
QUANG_NAM = ["THADS-QNA", "THADS Quảng Nam", AGENCY, "BTP", "01/01/2020"]


@pytest.fixture
def quangnam(world) -> Unit:
    return UnitFactory(
        code="THADS-QNA",
        name="THADS Quảng Nam",
        kind=Unit.Kind.ENFORCEMENT_AGENCY,
        parent=world.ministry,
        valid_from=datetime.date(2020, 1, 1),
    )


def _import(tmp_path, user, rows: list[list[str]]) -> ImportJob:
    path = write_csv(tmp_path / "units.csv", [HEADERS, *rows])
    with contextlib.suppress(CommandError):
        call_command("import_data", "unit", str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def test_a_units_file_naming_a_successor_is_refused_and_merges_nothing(
    world, administrator, quangnam, tmp_path
):
    job = _import(tmp_path, administrator, [[*QUANG_NAM, "30/06/2025", "THADS-DN"]])

    assert job.status == ImportJob.Status.INVALID
    assert [(p["row"], p["column"]) for p in job.report["problems"]] == [(2, "Đơn vị kế thừa")]
    quangnam.refresh_from_db()
    assert (quangnam.valid_to, quangnam.successor) == (None, None)
    assert not UnitLineage.objects.exists()


def test_a_merged_unit_listed_again_keeps_its_successor_and_end(
    world, administrator, quangnam, tmp_path
):
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=datetime.date(2025, 7, 1),
    )

    job = _import(tmp_path, administrator, [[*QUANG_NAM, "", ""]])

    assert (job.report["problem_count"], job.report["unchanged"]) == (0, 1), job.report
    quangnam.refresh_from_db()
    assert (quangnam.valid_to, quangnam.successor) == (
        datetime.date(2025, 6, 30),
        world.danang_agency,
    )


def test_a_units_file_cannot_move_the_end_of_a_merged_unit(
    world, administrator, quangnam, tmp_path
):
    services.unit_lineage_record(
        user=administrator,
        predecessor=quangnam,
        successor=world.danang_agency,
        taken_over_on=datetime.date(2025, 7, 1),
    )

    job = _import(tmp_path, administrator, [[*QUANG_NAM, "31/12/2025", "THADS-DN"]])

    assert job.status == ImportJob.Status.INVALID
    assert [(p["row"], p["column"]) for p in job.report["problems"]] == [(2, "Hiệu lực đến")]
    quangnam.refresh_from_db()
    assert quangnam.valid_to == datetime.date(2025, 6, 30)
