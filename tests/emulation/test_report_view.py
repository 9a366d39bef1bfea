"""/reports/emulation/: each cluster's ranking with points, a chart and the flag candidate."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.emulation.factories import award, locked_result

pytestmark = pytest.mark.django_db

URL = reverse("emulation:ranking")
ELIGIBILITY_URL = reverse("emulation:eligibility")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ranked(cluster_world):
    locked_result(cluster_world.danang, cluster_world.documents, 72)
    locked_result(cluster_world.danang, cluster_world.access, "98.21", numerator=55, denominator=56)
    locked_result(cluster_world.hanoi, cluster_world.documents, 45)
    locked_result(
        cluster_world.hanoi, cluster_world.access, "95.85", numerator=555, denominator=579
    )
    return cluster_world


def test_the_ranking_shows_points_per_criterion_totals_and_the_flag_candidate(ranked, leader):
    response = _client(leader).get(URL, {"year": 2024})

    content = response.content.decode()
    assert response.status_code == 200
    assert ranked.cluster.name in content
    for figure in ("28,21", "23,35", "18,21", "7,50", "98,21 %"):
        assert figure in content
    assert "ứng viên Cờ thi đua của Bộ Tư pháp" in content
    assert content.index(ranked.danang.name) < content.index(ranked.hanoi.name)


def test_the_chart_is_drawn_as_inline_svg_without_any_inline_script(ranked, leader):
    content = _client(leader).get(URL, {"year": 2024}).content.decode()

    assert '<svg class="emulation-chart"' in content
    assert content.count('class="emulation-seg emulation-seg-') == 4
    assert re.findall(r"<script(?![^>]*\bsrc=)", content) == []
    assert " onclick=" not in content
    # Coordinates stay machine numbers whatever the language's decimal comma.
    assert re.search(r'<rect x="\d+(\.\d+)?" y="\d+" width="\d+(\.\d+)?"', content)


def test_a_provisional_ranking_says_how_many_results_await_the_lock(cluster_world, leader):
    locked_result(cluster_world.danang, cluster_world.documents, 72)

    content = _client(leader).get(URL, {"year": 2024}).content.decode()

    assert "Tạm tính" in content
    assert "3 kết quả chưa được khóa" in content


def test_a_provisional_leader_is_not_yet_called_the_flag_candidate(cluster_world, leader):
    locked_result(cluster_world.danang, cluster_world.documents, 72)

    content = _client(leader).get(URL, {"year": 2024}).content.decode()

    assert "tạm dẫn đầu" in content
    assert "dẫn đầu cụm với" not in content
    assert "⚑" not in content


def test_an_officer_sees_the_clusters_of_own_units_only(world, ranked, officer_danang):
    from tests.emulation.factories import make_cluster
    from tests.factories import UnitFactory

    others = [UnitFactory(code=f"STP-X{n}", kind="department_of_justice") for n in range(2)]
    make_cluster(members=others, head=others[0], name="Cụm thi đua khác")

    content = _client(officer_danang).get(URL, {"year": 2024}).content.decode()

    assert ranked.cluster.name in content
    assert "Cụm thi đua khác" not in content


def test_members_link_to_eligibility_only_within_the_users_units(ranked, officer_danang):
    content = _client(officer_danang).get(URL, {"year": 2024}).content.decode()

    assert f"unit={ranked.danang.code}" in content
    assert f"unit={ranked.hanoi.code}" not in content


def test_the_latest_year_is_shown_when_none_is_asked(ranked, leader):
    response = _client(leader).get(URL)

    assert response.context["year"] == 2024


def test_a_year_without_clusters_says_so(ranked, leader):
    content = _client(leader).get(URL, {"year": 2019}).content.decode()

    assert "Không có cụm thi đua nào" in content


def test_a_malformed_year_answers_400_with_a_message(leader, world):
    response = _client(leader).get(URL, {"year": "hai nghìn"})

    assert response.status_code == 400
    assert "Chọn một năm từ 2000 đến 2100" in response.content.decode()


def test_an_enforcement_clerk_may_not_read_the_ranking(clerk_danang):
    assert _client(clerk_danang).get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_ranking_reads_in_english_when_the_user_switches(ranked, leader):
    client = _client(leader)
    client.cookies["django_language"] = "en"

    content = client.get(URL, {"year": 2024}).content.decode()

    assert "candidate for the Ministry of Justice" in content
    assert "28.21" in content


def test_eligibility_page_gives_a_persons_answers_and_reasons(world, officer_danang):
    person = world.danang_department_person
    award("grassroots_emulation_fighter", [2023, 2024], person=person)

    response = _client(officer_danang).get(
        ELIGIBILITY_URL, {"year": 2024, "person": person.staff_code}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert person.full_name in content
    assert "Chiến sĩ thi đua cấp Bộ" in content
    assert "còn thiếu năm 2022" in content


def test_eligibility_page_of_a_unit_lists_its_people(world, officer_danang):
    response = _client(officer_danang).get(
        ELIGIBILITY_URL, {"year": 2024, "unit": world.danang_department.code}
    )

    content = response.content.decode()
    assert "Tập thể lao động xuất sắc" in content
    assert world.danang_department_person.full_name in content


def test_eligibility_of_a_person_of_another_city_answers_404(world, officer_danang):
    response = _client(officer_danang).get(
        ELIGIBILITY_URL, {"year": 2024, "person": world.hanoi_person.staff_code}
    )

    assert response.status_code == 404


def test_eligibility_page_needs_the_title_history_permission(clerk_danang):
    assert _client(clerk_danang).get(ELIGIBILITY_URL).status_code == 403
