"""The leader records decisions and nothing else (issue 12, part 5).

Reproduced: ``leader.moj`` added a "Chiến sĩ thi đua toàn quốc" title award with a made-up
decision number in the admin, and it fed the eligibility of later nominations. Title awards
are written only by a recorded decision or by the administrator (history import, or by hand
with a reason); the leader and the emulation officer read the title history.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from emulation import services
from emulation.models import TitleAward
from organizations.roles import Role
from tests.emulation.factories import award, title
from tests.security import permission_matrix as table

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _forged(world) -> dict[str, object]:
    return {
        "title": title("national_emulation_fighter").pk,
        "year": "2024",
        "person": world.danang_department_person.pk,
        "unit": "",
        "decision_number": "999/QĐ-TTg",
        "decision_date": "01/12/2024",
        "decided_by": "Thủ tướng Chính phủ",
        "notes": "",
        "reason": "Bổ sung",
    }


def test_leader_cannot_open_the_title_award_add_form(leader):
    response = _client(leader).get(reverse("admin:emulation_titleaward_add"))

    assert response.status_code == 403


def test_leader_cannot_add_a_national_emulation_fighter_title_in_the_admin(world, leader):
    response = _client(leader).post(reverse("admin:emulation_titleaward_add"), _forged(world))

    assert response.status_code == 403
    assert not TitleAward.objects.exists()


def test_leader_cannot_change_a_title_award_in_the_admin(world, leader):
    award("advanced_worker", [2024], person=world.danang_department_person)
    held = TitleAward.objects.get()
    url = reverse("admin:emulation_titleaward_change", args=[held.pk])

    response = _client(leader).post(url, {**_forged(world), "title": title("advanced_worker").pk})

    assert response.status_code == 403
    held.refresh_from_db()
    assert held.decision_number != "999/QĐ-TTg"


def test_leader_cannot_record_a_title_through_the_service(world, leader):
    with pytest.raises(PermissionDenied):
        services.title_award_record(
            user=leader,
            title=title("national_emulation_fighter"),
            year=2024,
            person=world.danang_department_person,
            decision_number="999/QĐ-TTg",
        )

    assert not TitleAward.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.EMULATION_OFFICER])
@pytest.mark.parametrize("action", [table.ADD, table.CHANGE, "import:emulation.titleaward"])
def test_the_matrix_forbids_writing_title_history_to_the_leader_and_the_officer(role, action):
    assert not table.may(role, "emulation.titleaward", action)


def test_the_matrix_keeps_title_history_writable_by_the_administrator():
    for action in (table.ADD, table.CHANGE, "import:emulation.titleaward"):
        assert table.may(Role.ADMINISTRATOR, "emulation.titleaward", action)
