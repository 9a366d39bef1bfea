"""Numbers and NUL characters from requests and import cells never cause a server error (issue 12).

``"²".isdigit()`` is true while ``int("²")`` fails: pages that checked ``isdigit()`` and then
called ``int()`` answered 500 for ``?year=²``.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from commendations.models import Nomination
from enforcement.models import EnforcementCase
from organizations.imports.values import CellError, parse_amount, parse_decimal
from organizations.models import ImportJob
from organizations.params import (
    InvalidParameter,
    int_value,
    parse_int,
    refuse_unknown_parameters,
    year_value,
)
from tests.benchmarks.casefile import HEADERS
from tests.commendations.factories import nomination_in
from tests.emulation.factories import (
    CriterionFactory,
    IndicatorResultFactory,
    InitiativeFactory,
    PactFactory,
    award,
    make_cluster,
)
from tests.enforcement.factories import EnforcementCaseFactory
from tests.imports.helpers import write_csv

BAD_REQUEST = "Yêu cầu không hợp lệ"
NOT_DIGITS = ["²", "٣", "１", "2024²", "²⁰²⁴", "٢٠٢٤", "２０２４"]
OUT_OF_RANGE_YEARS = ["0", "99999", "1999", "2101", "-2024", "9" * 400]


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused(response) -> None:
    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


# --- One parser -------------------------------------------------------------------------


@pytest.mark.parametrize("text", NOT_DIGITS)
def test_a_number_is_read_from_ascii_digits_only(text):
    assert parse_int(text, minimum=0, maximum=10**9) is None


def test_a_number_within_its_bounds_is_read():
    assert parse_int(" 2024 ", minimum=2000, maximum=2100) == 2024


@pytest.mark.parametrize("text", OUT_OF_RANGE_YEARS + NOT_DIGITS)
def test_a_bad_year_is_refused_as_a_bad_request(text):
    with pytest.raises(InvalidParameter):
        year_value(text)


def test_a_bad_number_falls_back_when_the_caller_says_so():
    assert int_value("²", name="unit", minimum=1, maximum=9, invalid=None) is None


def test_an_empty_parameter_takes_the_default():
    assert year_value("", default=2024) == 2024


def test_unknown_parameters_are_refused(rf):
    with pytest.raises(InvalidParameter):
        refuse_unknown_parameters(rf.get("/", {"year": "2024", "x": "1"}), ("year",))


# --- Admin lists and exports ------------------------------------------------------------


@pytest.mark.parametrize("year", ["²", "٣", "0", "99999"])
def test_the_cases_list_refuses_a_year_that_is_not_one(year, world, clerk_hanoi):
    _refused(
        _client(clerk_hanoi).get(
            reverse("admin:enforcement_enforcementcase_changelist"), {"year": year}
        )
    )


def test_the_cases_list_refuses_a_bad_year_beside_the_origin_filter(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(
        reverse("admin:enforcement_enforcementcase_changelist"),
        {"origin": "carried_over", "year": "²"},
    )

    _refused(response)


def test_the_cases_export_refuses_a_year_that_is_not_one(world, clerk_hanoi):
    response = _client(clerk_hanoi).get(
        reverse("admin:enforcement_enforcementcase_export"), {"year": "²"}
    )

    _refused(response)


def test_the_cases_list_still_filters_by_a_statistical_year(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency)

    response = _client(clerk_hanoi).get(
        reverse("admin:enforcement_enforcementcase_changelist"), {"year": "2024"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [
        ("admin:emulation_cluster_changelist", "year"),
        ("admin:emulation_titleaward_changelist", "year"),
        ("admin:emulation_initiative_changelist", "year"),
        ("admin:emulation_indicatorresult_changelist", "year"),
        ("admin:emulation_indicatorresult_changelist", "cluster"),
        ("admin:commendations_nomination_changelist", "year"),
    ],
)
def test_emulation_and_commendation_lists_refuse_a_number_that_is_not_one(
    url_name, parameter, world, administrator, hanoi_department
):
    # Rows to filter, so that every filter is shown and applied.
    department = hanoi_department
    cluster = make_cluster(members=[world.danang_department, department], head=department)
    criterion = CriterionFactory(pact=PactFactory(cluster=cluster), number=1, target=Decimal(60))
    IndicatorResultFactory(unit=department, criterion=criterion)
    award("advanced_worker", [2024], person=world.danang_department_person)
    InitiativeFactory(person=world.danang_department_person)
    nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        created_by=administrator,
        unit=world.danang_department,
    )

    _refused(_client(administrator).get(reverse(url_name), {parameter: "²"}))


# --- Pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["²", "0", "99999"])
@pytest.mark.parametrize("url_name", ["emulation:ranking", "emulation:eligibility"])
def test_rankings_and_eligibility_answer_a_bad_year_with_their_message(
    url_name, year, world, administrator
):
    response = _client(administrator).get(reverse(url_name), {"year": year})

    assert response.status_code == 400
    assert "Hãy chọn một năm từ 2000 đến 2100" in response.content.decode() or (
        "2000" in response.content.decode()
    )


@pytest.mark.parametrize("year", ["²", "0", "99999"])
def test_suggestions_answer_a_bad_year_with_the_default_year(year, world, administrator):
    response = _client(administrator).get(reverse("commendations:suggestions"), {"year": year})

    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999"])
def test_the_new_nomination_page_ignores_suggested_numbers_that_are_not_ones(
    value, world, officer_danang
):
    response = _client(officer_danang).get(
        reverse("commendations:nomination_create"), {"unit": value, "year": value}
    )

    assert response.status_code == 200


def test_the_report_spreadsheet_refuses_an_unknown_parameter(world, administrator):
    response = _client(administrator).get(
        reverse("enforcement:report"), {"year": "2024", "format": "xlsx", "debtor": "x"}
    )

    _refused(response)


def test_the_report_spreadsheet_keeps_its_own_parameters(world, administrator):
    response = _client(administrator).get(
        reverse("enforcement:report"), {"year": "2024", "months": "12", "format": "xlsx"}
    )

    assert response.status_code == 200


# --- NUL characters ---------------------------------------------------------------------


def test_a_nul_in_the_first_of_repeated_values_is_refused(world, clerk_hanoi):
    url = reverse("admin:enforcement_enforcementcase_changelist")

    _refused(_client(clerk_hanoi).get(url + "?status__exact=%00&status__exact=open"))


def test_a_nul_in_a_repeated_search_term_is_refused(world, clerk_hanoi):
    url = reverse("admin:enforcement_enforcementcase_changelist")

    _refused(_client(clerk_hanoi).get(url + "?q=%00&q=x"))


def test_a_nul_in_a_posted_admin_list_action_is_refused(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency)
    url = reverse("admin:enforcement_enforcementcase_changelist")

    response = _client(clerk_hanoi).post(
        url, {"action": "delete_selected", "_selected_action": [str(case.pk), f"{case.pk}\x00"]}
    )

    _refused(response)
    assert EnforcementCase.objects.filter(pk=case.pk).exists()


# --- Import cells -----------------------------------------------------------------------


@pytest.mark.parametrize("text", NOT_DIGITS)
def test_an_amount_in_other_digits_is_a_cell_error(text):
    with pytest.raises(CellError):
        parse_amount(text)


@pytest.mark.parametrize("text", ["٣", "１", "٣,٥"])
def test_a_decimal_in_other_digits_is_a_cell_error(text):
    with pytest.raises(CellError):
        parse_decimal(text)


def _case_row(number: str, amount: str) -> list[str]:
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Đơn vị": "THADS-DN",
            "Số quyết định THA": number,
            "Ngày ra quyết định": "10/10/2025",
            "Ngày thụ lý": "12/10/2025",
            "Bản án, quyết định": "Bản án số 45/2025/DS-ST",
            "Loại việc": "Dân sự",
            "Hình thức thi hành": "Theo yêu cầu",
            "Người phải thi hành": "Nguyễn Văn Nợ",
            "Người được thi hành": "Trần Thị Được",
            "Số tiền phải thi hành": amount,
            "Số tiền đã thi hành": "0",
            "Điều kiện thi hành": "Có điều kiện",
            "Trạng thái": "Đang thi hành",
        }
    )
    return [row[header] for header in HEADERS]


def test_an_amount_written_in_other_digits_is_a_row_error_not_a_failed_job(
    world, clerk_danang, tmp_path
):
    rows = [HEADERS, _case_row("1", "²"), _case_row("2", "١٢٣"), _case_row("3", "１２３")]
    path = write_csv(tmp_path / "cases.csv", rows)

    with contextlib.suppress(CommandError):
        call_command("import_data", "enforcementcase", str(path), user=clerk_danang.username)

    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.INVALID
    assert [(p["row"], p["column"]) for p in job.report["problems"]] == [
        (2, "Số tiền phải thi hành"),
        (3, "Số tiền phải thi hành"),
        (4, "Số tiền phải thi hành"),
    ]
    assert not EnforcementCase.objects.exists()
