"""Every problem of an import file is listed after one upload, coded values with their choices."""

from __future__ import annotations

import contextlib
import html

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from enforcement.models import EnforcementCase, Status
from organizations.imports.values import ACCEPTED_SHOWN, accepted_values
from organizations.models import ImportJob
from tests.benchmarks.casefile import HEADERS
from tests.imports.helpers import write_csv
from tests.imports.test_case_import import STATUS_HEADERS, _case

pytestmark = pytest.mark.django_db


def _import(path, user, key="enforcementcase") -> ImportJob:
    with contextlib.suppress(CommandError):
        call_command("import_data", key, str(path), user=user.username)
    return ImportJob.objects.latest("pk")


def _upload(client: Client, path, index: int = 0):
    with path.open("rb") as handle:
        return client.post(
            reverse("admin:enforcement_enforcementcase_import_file", args=[index]),
            {"file": handle},
            follow=True,
        )


@pytest.fixture
def clerk_client(clerk_danang) -> Client:
    client = Client()
    client.force_login(clerk_danang)
    return client


def test_one_upload_lists_a_problem_of_every_kind_and_writes_nothing(
    world, clerk_danang, clerk_client, tmp_path
):
    _import(
        write_csv(tmp_path / "stored.csv", [HEADERS, _case("THADS-DN", "STORED")]), clerk_danang
    )
    rows = [
        HEADERS,
        _case("THADS-DN", "1", **{"Ngày thụ lý": "31/02/2025"}),  # unreadable date
        _case("THADS-DN", "2", **{"Số tiền phải thi hành": "12 triệu"}),  # unreadable amount
        _case("THADS-DN", "3", **{"Số tiền đã thi hành": "200.000.000"}),  # more than due
        _case("THADS-HN", "4"),  # another city's unit
        _case("THADS-DN", "5", **{"Trạng thái": "xyz"}),  # unknown status
        _case("THADS-DN", "6"),
        _case("THADS-DN", "6"),  # the same case twice
        # A stored case whose status a case file may not change: a rule of the stored record,
        # which used to show only once every other row was right.
        _case("THADS-DN", "STORED", **{"Trạng thái": "Hoãn"}),
        _case("THADS-DN", "7"),  # a good row, not written either
    ]

    response = _upload(clerk_client, write_csv(tmp_path / "cases.csv", rows))

    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.INVALID
    assert [(p["row"], p["column"]) for p in job.report["problems"]] == [
        (2, "Ngày thụ lý"),
        (3, "Số tiền phải thi hành"),
        (4, "Số tiền đã thi hành"),
        (5, "Đơn vị"),
        (6, "Trạng thái"),
        (8, "Cơ quan ra quyết định, Số quyết định THA"),
        (9, "Trạng thái"),
    ]
    page = html.unescape(response.content.decode())
    for problem in job.report["problems"]:
        assert problem["message"] in page
    assert list(EnforcementCase.objects.values_list("decision_number", flat=True)) == ["STORED"]
    assert EnforcementCase.objects.get().status == Status.IN_PROGRESS


def test_an_unknown_status_names_the_statuses_a_file_may_use(world, clerk_danang, tmp_path):
    rows = [HEADERS, _case("THADS-DN", "1", **{"Trạng thái": "xyz"})]

    job = _import(write_csv(tmp_path / "cases.csv", rows), clerk_danang)

    message = job.report["problems"][0]["message"]
    assert message.startswith("Trạng thái “xyz”")
    assert "Đang thi hành" in message and "Hoãn" in message and "Thi hành xong" in message


def test_a_unit_outside_the_clerks_scope_names_only_the_clerks_units(world, clerk_danang, tmp_path):
    job = _import(
        write_csv(tmp_path / "cases.csv", [HEADERS, _case("THADS-HN", "1")]), clerk_danang
    )

    message = job.report["problems"][0]["message"]
    assert "THADS-DN" in message
    assert "THADS-HN" not in message


def test_a_status_file_lists_unknown_cases_with_unreadable_cells(world, clerk_danang, tmp_path):
    _import(write_csv(tmp_path / "a.csv", [HEADERS, _case("THADS-DN", "1")]), clerk_danang)
    updates = [
        STATUS_HEADERS,
        ["THADS-DN", "1", "15/11/2025", "Thi hành xong", "", "abc", "", ""],
        ["THADS-DN", "1", "15/11/2025", "Hoãn", "", "", "", ""],
        ["THADS-DN", "404", "15/11/2025", "Thi hành xong", "", "", "", ""],
    ]

    job = _import(write_csv(tmp_path / "s.csv", updates), clerk_danang, "casestatus")

    assert [(p["row"], p["column"]) for p in job.report["problems"]] == [
        (2, "Số tiền đã thi hành"),
        (3, "Căn cứ"),  # postponing needs its legal ground
        (4, "Đơn vị / Số quyết định THA"),
    ]
    assert EnforcementCase.objects.get().status == Status.IN_PROGRESS


def test_a_long_list_of_accepted_values_is_cut_with_a_count():
    codes = [f"U{n:03d}" for n in range(ACCEPTED_SHOWN + 5)]

    text = accepted_values(codes)

    assert text.startswith("U000, U001")
    assert f"U{ACCEPTED_SHOWN - 1:03d}" in text
    assert f"U{ACCEPTED_SHOWN:03d}" not in text
    assert "5" in text.rsplit("…", 1)[1]
    assert accepted_values(["A", "B", "A", ""]) == "A, B"
