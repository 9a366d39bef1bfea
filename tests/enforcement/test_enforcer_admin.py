"""The cases admin and enforcers: a scoped filter, the list column, the "Assign enforcer" action."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from enforcement import services
from enforcement.models import CaseEvent
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hanoi_enforcer(world):
    return PersonFactory(
        full_name="Phạm Minh An", unit=world.hanoi_agency, position="Chấp hành viên"
    )


@pytest.fixture
def danang_enforcer(world):
    return PersonFactory(
        full_name="Trần Văn Đà", unit=world.danang_agency, position="Chấp hành viên"
    )


def _assign(client: Client, cases, **fields):
    return client.post(
        CHANGELIST,
        {
            "action": "assign_enforcer",
            "_selected_action": [case.pk for case in cases],
            "apply": "1",
            "on": "01/06/2024",
            "note": "",
            "reason": "",
            **fields,
        },
        follow=True,
    )


def test_clerk_assigns_an_enforcer_through_the_action(clerk_hanoi, hanoi_enforcer, hanoi_case):
    response = _assign(_client(clerk_hanoi), [hanoi_case], enforcer=hanoi_enforcer.pk)

    assert response.status_code == 200
    hanoi_case.refresh_from_db()
    assert (hanoi_case.enforcer, hanoi_case.enforcer_since) == (
        hanoi_enforcer,
        datetime.date(2024, 6, 1),
    )
    assert hanoi_case.events.filter(kind=CaseEvent.Kind.REASSIGNED).count() == 1


def test_the_action_offers_only_enforcers_of_the_chosen_cases_units(
    world, clerk_hanoi, hanoi_enforcer, danang_enforcer, hanoi_case
):
    PersonFactory(full_name="Vũ Đức Cường", unit=world.hanoi_office, position="Chấp hành viên")
    page = _client(clerk_hanoi).post(
        CHANGELIST, {"action": "assign_enforcer", "_selected_action": [hanoi_case.pk]}
    )

    choices = {str(label) for _value, label in page.context["form"].fields["enforcer"].choices}
    assert any(hanoi_enforcer.full_name in label for label in choices)
    assert not any("Trần Văn Đà" in label or "Vũ Đức Cường" in label for label in choices)
    assert world.hanoi_person.full_name not in " ".join(choices)  # a "Chuyên viên"


def test_an_enforcer_of_another_city_posted_anyway_is_refused(
    clerk_hanoi, danang_enforcer, hanoi_case
):
    response = _assign(_client(clerk_hanoi), [hanoi_case], enforcer=danang_enforcer.pk)

    assert response.context["form"].errors["enforcer"]
    hanoi_case.refresh_from_db()
    assert hanoi_case.enforcer is None
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REASSIGNED).exists()


def test_a_closed_case_refusal_is_reported_and_the_others_assigned(
    world, clerk_hanoi, hanoi_enforcer, hanoi_case
):
    closed = EnforcementCaseFactory(unit=world.hanoi_agency)
    services.case_complete(user=clerk_hanoi, case=closed, on=datetime.date(2024, 4, 1))

    response = _assign(_client(clerk_hanoi), [hanoi_case, closed], enforcer=hanoi_enforcer.pk)

    messages = [str(message) for message in response.context["messages"]]
    assert any(closed.decision_number in message for message in messages)
    hanoi_case.refresh_from_db()
    closed.refresh_from_db()
    assert (hanoi_case.enforcer, closed.enforcer) == (hanoi_enforcer, None)


def test_filter_by_enforcer_lists_only_enforcers_of_the_user_units(
    clerk_hanoi, hanoi_enforcer, danang_enforcer, hanoi_case
):
    services.case_assign_enforcer(
        user=clerk_hanoi, case=hanoi_case, enforcer=hanoi_enforcer, on=datetime.date(2024, 4, 1)
    )
    client = _client(clerk_hanoi)

    page = client.get(CHANGELIST).content.decode()
    assert f"enforcer={hanoi_enforcer.pk}" in page
    assert f"enforcer={danang_enforcer.pk}" not in page
    assert "Phạm Minh An" in page  # the list's column

    filtered = client.get(CHANGELIST, {"enforcer": hanoi_enforcer.pk})
    assert list(filtered.context["cl"].result_list) == [hanoi_case]
    unassigned = client.get(CHANGELIST, {"enforcer": "none"})
    assert list(unassigned.context["cl"].result_list) == []


def test_filter_by_an_enforcer_of_another_city_shows_none_of_their_cases(
    world, clerk_hanoi, clerk_danang, danang_enforcer, danang_case
):
    services.case_assign_enforcer(
        user=clerk_danang, case=danang_case, enforcer=danang_enforcer, on=datetime.date(2024, 4, 1)
    )

    response = _client(clerk_hanoi).get(CHANGELIST, {"enforcer": danang_enforcer.pk})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("value", ["abc", "-1", "1e9", "²"])
def test_a_malformed_enforcer_filter_value_is_ignored(clerk_hanoi, hanoi_case, value):
    response = _client(clerk_hanoi).get(CHANGELIST, {"enforcer": value})

    assert response.status_code in (200, 302)


def test_the_change_form_shows_the_enforcer_read_only(clerk_hanoi, hanoi_enforcer, hanoi_case):
    services.case_assign_enforcer(
        user=clerk_hanoi, case=hanoi_case, enforcer=hanoi_enforcer, on=datetime.date(2024, 4, 1)
    )
    url = reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk])

    response = _client(clerk_hanoi).get(url)

    assert response.status_code == 200
    assert "enforcer" not in response.context["adminform"].form.fields
    assert "Phạm Minh An" in response.content.decode()
