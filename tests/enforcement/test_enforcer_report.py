"""The report per enforcer: scoped, sortable, an enforcer alone reads only their own row."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from enforcement import services
from organizations.roles import Role
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import PersonFactory, UserFactory, make_persona

pytestmark = pytest.mark.django_db

URL = "/reports/enforcement/enforcers/"
D = datetime.date


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staffed(world, administrator):
    """Hà Nội: An (3 cases, 2 completed), Bình (1 case); Đà Nẵng: Đà (2 cases); 1 unassigned."""
    people = {
        "an": PersonFactory(
            staff_code="HN-CHV-1",
            full_name="Phạm Minh An",
            unit=world.hanoi_agency,
            position="Chấp hành viên",
        ),
        "binh": PersonFactory(
            staff_code="HN-CHV-2",
            full_name="Lê Thu Bình",
            unit=world.hanoi_agency,
            position="Chấp hành viên",
        ),
        "da": PersonFactory(
            staff_code="DN-CHV-1",
            full_name="Trần Văn Đà",
            unit=world.danang_agency,
            position="Chấp hành viên",
        ),
    }
    plan = [("an", world.hanoi_agency, True)] * 2 + [
        ("an", world.hanoi_agency, False),
        ("binh", world.hanoi_agency, False),
        ("da", world.danang_agency, True),
        ("da", world.danang_agency, False),
        (None, world.hanoi_agency, False),
    ]
    for name, unit, completed in plan:
        case = EnforcementCaseFactory(unit=unit)
        if name is not None:
            services.case_assign_enforcer(
                user=administrator, case=case, enforcer=people[name], on=D(2024, 3, 2)
            )
        if completed:
            services.case_complete(user=administrator, case=case, on=D(2024, 4, 1))
    return people


def _rows(response) -> list[str]:
    return [
        row.enforcer.staff_code if row.enforcer else ""
        for row, _cases, _money in response.context["rows"]
    ]


def test_leader_reads_every_enforcer_and_the_unassigned_cases(leader, staffed):
    response = _client(leader).get(URL, {"year": 2024})

    assert response.status_code == 200
    assert _rows(response) == ["HN-CHV-2", "HN-CHV-1", "DN-CHV-1", ""]
    table = response.context["table"]
    assert table.total.cases.total == 7
    an = next(row for row in table.rows if row.enforcer == staffed["an"])
    assert (an.cases.total, an.cases.resolved, str(an.cases.ratio)) == (3, 2, "66.67")
    content = response.content.decode()
    assert "Phạm Minh An" in content and "66,67" in content


def test_clerk_reads_only_the_enforcers_of_own_city(clerk_hanoi, staffed):
    response = _client(clerk_hanoi).get(URL, {"year": 2024})

    assert _rows(response) == ["HN-CHV-2", "HN-CHV-1", ""]
    assert "Trần Văn Đà" not in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["HN-CHV-2", "HN-CHV-1", "DN-CHV-1", ""]),
        ("-name", ["DN-CHV-1", "HN-CHV-1", "HN-CHV-2", ""]),
        ("-cases_3", ["HN-CHV-1", "DN-CHV-1", "HN-CHV-2", ""]),
        ("ratio", ["HN-CHV-2", "DN-CHV-1", "HN-CHV-1", ""]),
        ("-money_11", ["HN-CHV-1", "DN-CHV-1", "HN-CHV-2", ""]),
        ("unit", ["HN-CHV-2", "HN-CHV-1", "DN-CHV-1", ""]),
    ],
)
def test_rows_sort_by_a_column(leader, staffed, sort, expected):
    response = _client(leader).get(URL, {"year": 2024, "sort": sort})

    assert _rows(response) == expected


@pytest.mark.parametrize("sort", ["password", "-", "--name", "cases_99", "name;drop", "\u00b2"])
def test_an_unknown_sort_falls_back_to_names(leader, staffed, sort):
    response = _client(leader).get(URL, {"year": 2024, "sort": sort})

    assert response.status_code == 200
    assert _rows(response) == ["HN-CHV-2", "HN-CHV-1", "DN-CHV-1", ""]


def test_an_enforcer_without_the_statistics_permission_reads_only_their_own_row(world, staffed):
    user = UserFactory(username="p.enforcer.an")
    staffed["an"].user = user
    staffed["an"].save()

    response = _client(user).get(URL, {"year": 2024})

    assert response.status_code == 200
    assert response.context["own_only"] is True
    assert _rows(response) == ["HN-CHV-1"]
    assert response.context["table"].total.cases.total == 3
    content = response.content.decode()
    assert "Lê Thu Bình" not in content and "Trần Văn Đà" not in content


def test_an_enforcer_cannot_widen_their_view_with_a_unit(world, staffed):
    user = UserFactory(username="p.enforcer.an")
    staffed["an"].user = user
    staffed["an"].save()

    response = _client(user).get(URL, {"year": 2024, "unit": "THADS-HN"})

    assert response.status_code == 404


def test_an_enforcer_who_reads_statistics_of_their_unit_sees_the_whole_unit(world, staffed):
    user = make_persona("p.enforcer.clerk", world.hanoi_agency, Role.ENFORCEMENT_CLERK)
    staffed["binh"].user = user
    staffed["binh"].save()

    response = _client(user).get(URL, {"year": 2024})

    assert response.context["own_only"] is False
    assert _rows(response) == ["HN-CHV-2", "HN-CHV-1", ""]


def test_a_user_who_is_neither_reader_nor_enforcer_is_refused(world, staffed):
    user = UserFactory(username="p.nobody")
    staffed["an"].position = "Thư ký thi hành án"
    staffed["an"].user = user
    staffed["an"].save()

    assert _client(user).get(URL, {"year": 2024}).status_code == 403
    assert Client().get(URL).status_code == 302  # to the login page


def test_clerk_picks_one_of_own_units(world, clerk_hanoi, staffed):
    response = _client(clerk_hanoi).get(URL, {"year": 2024, "unit": "THADS-HN-KV1"})

    assert response.status_code == 200
    assert _rows(response) == []


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"year": "abc"}, 400),
        ({"year": "1999"}, 400),
        ({"year": "2024", "months": "13"}, 400),
        ({"year": "2024", "unit": "THADS-DN"}, 404),
        ({"year": "2024", "unit": "NO-SUCH"}, 404),
    ],
)
def test_bad_parameters_answer_a_clear_refusal(clerk_hanoi, staffed, params, status):
    response = _client(clerk_hanoi).get(URL, params)

    assert response.status_code == status


def test_a_period_of_months_reads_the_enforcer_then(leader, world, staffed, administrator):
    # Bình's case goes to An after the end of the first six months.
    case = staffed["binh"].enforcement_cases.get()
    services.case_assign_enforcer(
        user=administrator, case=case, enforcer=staffed["an"], on=D(2024, 5, 2)
    )

    half = _client(leader).get(URL, {"year": 2024, "months": 6})
    whole = _client(leader).get(URL, {"year": 2024})

    assert "HN-CHV-2" in _rows(half)
    assert "HN-CHV-2" not in _rows(whole)


def test_the_unit_report_links_to_the_enforcers(leader, staffed):
    content = _client(leader).get("/reports/enforcement/", {"year": 2024}).content.decode()

    assert 'id="report-to-enforcers"' in content
    assert "/reports/enforcement/enforcers/?year=2024" in content


def test_a_reader_of_another_city_who_is_an_enforcer_reads_that_city_and_their_own_row(
    world, staffed
):
    user = make_persona("p.reader.dn", world.danang_agency, Role.LEADER)
    staffed["binh"].user = user
    staffed["binh"].save()

    response = _client(user).get(URL, {"year": 2024})

    assert response.context["own_only"] is False
    assert _rows(response) == ["HN-CHV-2", "DN-CHV-1"]
    assert response.context["table"].total.cases.total == 3
    assert "Phạm Minh An" not in response.content.decode()


def test_the_enforcers_page_offers_no_breakdown(world, leader):
    client = Client()
    client.force_login(leader)
    page = client.get("/reports/enforcement/enforcers/", {"year": 2024})

    assert page.status_code == 200
    assert "breakdown" not in page.context["form"].fields
    assert 'name="breakdown"' not in page.content.decode()
