"""The case pages show where a case came from and went; the link only to those who may read it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from enforcement import services
from enforcement.models import EnforcementCase, Status
from enforcement.selectors.units import ENFORCEMENT_UNIT_KINDS
from organizations.forms import LongSelect
from organizations.models import Unit
from tests.enforcement.factories import EnforcementCaseFactory
from tests.enforcement.test_admin_cases import _case_form

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")
ADD = reverse("admin:enforcement_enforcementcase_add")
NUMBER = "12/QĐ-THADS"
ENTRUSTED_ON = datetime.date(2024, 4, 10)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    # The refusals are asserted by their English text; the Vietnamese pages are checked by
    # tests/test_interface_language.py and test_translations.py.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(case) -> str:
    return reverse("admin:enforcement_enforcementcase_change", args=[case.pk])


def _sent(world, clerk_hanoi) -> EnforcementCase:
    case = EnforcementCaseFactory(unit=world.hanoi_office, decision_number="7/QĐ-THADS-HN")
    return services.case_entrust(
        user=clerk_hanoi,
        case=case,
        on=ENTRUSTED_ON,
        to_unit=world.danang_agency,
        decision_number=NUMBER,
        decision_date=ENTRUSTED_ON,
    )


def _add(client: Client, world, **changes):
    template = EnforcementCaseFactory.build(
        unit=world.danang_agency,
        decision_number="55/QĐ-THADS",
        accepted_on=datetime.date(2024, 4, 20),
        decision_date=datetime.date(2024, 4, 20),
    )
    fields = {
        "eligibility": "eligible",
        "received_from": world.hanoi_agency.pk,
        "received_decision_number": NUMBER,
        "received_decision_date": "10/04/2024",
        **changes,
    }
    return client.post(ADD, _case_form(template, **fields))


def test_clerk_adds_a_received_case_linked_to_the_senders(world, clerk_hanoi, clerk_danang):
    sent = _sent(world, clerk_hanoi)

    response = _add(_client(clerk_danang), world)

    assert response.status_code == 302
    received = EnforcementCase.objects.get(decision_number="55/QĐ-THADS")
    assert (received.received_from, received.received_from_case) == (world.hanoi_agency, sent)


def test_received_from_the_own_agency_is_refused_on_the_form(world, clerk_danang):
    response = _add(_client(clerk_danang), world, received_from=world.danang_agency.pk)

    assert response.status_code == 200
    assert "reassigned, not entrusted" in response.content.decode()
    assert not EnforcementCase.objects.filter(decision_number="55/QĐ-THADS").exists()


def test_decision_dated_after_acceptance_is_refused_on_the_form(world, clerk_danang):
    response = _add(_client(clerk_danang), world, received_decision_date="21/04/2024")

    assert response.status_code == 200
    assert "after the case was accepted" in response.content.decode()
    assert not EnforcementCase.objects.filter(decision_number="55/QĐ-THADS").exists()


def test_receivers_clerk_sees_agency_and_decision_but_no_link_to_the_senders_case(
    world, clerk_hanoi, clerk_danang
):
    sent = _sent(world, clerk_hanoi)
    _add(_client(clerk_danang), world)
    received = EnforcementCase.objects.get(decision_number="55/QĐ-THADS")

    content = _client(clerk_danang).get(_page(received)).content.decode()

    assert world.hanoi_agency.name in content
    assert NUMBER in content
    assert "linked to the other agency&#x27;s case (outside your units)" in content
    assert _page(sent) not in content
    assert sent.decision_number not in content


def test_senders_clerk_sees_the_decision_issued_but_not_the_receivers_case(
    world, clerk_hanoi, clerk_danang
):
    sent = _sent(world, clerk_hanoi)
    _add(_client(clerk_danang), world)
    received = EnforcementCase.objects.get(decision_number="55/QĐ-THADS")

    content = _client(clerk_hanoi).get(_page(sent)).content.decode()

    assert "12/QĐ-THADS of 10/04/2024" in content
    assert _page(received) not in content
    assert received.decision_number not in content


def test_leader_follows_the_link_both_ways(world, clerk_hanoi, clerk_danang, leader):
    sent = _sent(world, clerk_hanoi)
    _add(_client(clerk_danang), world)
    received = EnforcementCase.objects.get(decision_number="55/QĐ-THADS")
    client = _client(leader)

    assert _page(sent) in client.get(_page(received)).content.decode()
    assert _page(received) in client.get(_page(sent)).content.decode()


def test_clerk_cannot_open_the_senders_case_by_its_address(world, clerk_hanoi, clerk_danang):
    sent = _sent(world, clerk_hanoi)

    response = _client(clerk_danang).get(_page(sent))

    assert response.status_code in (302, 404)
    assert sent.decision_number not in response.content.decode()


def test_entrust_action_records_the_decision_and_links_the_waiting_case(
    world, clerk_hanoi, clerk_danang
):
    case = EnforcementCaseFactory(unit=world.hanoi_office)
    _add(_client(clerk_danang), world)

    _client(clerk_hanoi).post(
        CHANGELIST,
        {
            "action": "entrust",
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "10/04/2024",
            "to_unit": world.danang_agency.pk,
            "decision_number": NUMBER,
            "decision_date": "10/04/2024",
            "note": "",
            "reason": "",
        },
        follow=True,
    )

    case.refresh_from_db()
    assert (case.status, case.entrustment_decision_number) == (Status.ENTRUSTED, NUMBER)
    assert EnforcementCase.objects.get(decision_number="55/QĐ-THADS").received_from_case == case


def test_changelist_filters_received_cases(world, clerk_hanoi, clerk_danang):
    _sent(world, clerk_hanoi)
    _add(_client(clerk_danang), world)
    EnforcementCaseFactory(unit=world.danang_agency, decision_number="OWN/QĐ")

    content = _client(clerk_danang).get(CHANGELIST, {"entrustment": "received"}).content.decode()

    assert "55/QĐ-THADS" in content
    assert "OWN/QĐ" not in content


def test_senders_clerk_records_a_missing_decision_and_the_waiting_case_is_linked(
    world, clerk_hanoi, clerk_danang
):
    case = EnforcementCaseFactory(unit=world.hanoi_office)
    services.case_entrust(user=clerk_hanoi, case=case, on=ENTRUSTED_ON, to_unit=world.danang_agency)
    _add(_client(clerk_danang), world)

    _client(clerk_hanoi).post(
        CHANGELIST,
        {
            "action": "record_entrustment_decision",
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "10/04/2024",
            "decision_number": NUMBER,
            "note": "",
            "reason": "",
        },
        follow=True,
    )

    case.refresh_from_db()
    assert (case.entrustment_decision_number, case.entrustment_decision_date) == (
        NUMBER,
        ENTRUSTED_ON,
    )
    assert EnforcementCase.objects.get(decision_number="55/QĐ-THADS").received_from_case == case


def test_decision_of_an_open_case_is_refused_and_nothing_written(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_office)

    response = _client(clerk_hanoi).post(
        CHANGELIST,
        {
            "action": "record_entrustment_decision",
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "10/04/2024",
            "decision_number": NUMBER,
            "note": "",
            "reason": "",
        },
        follow=True,
    )

    assert "Only an entrusted case records the entrustment decision." in response.content.decode()
    case.refresh_from_db()
    assert case.entrustment_decision_number == ""


def test_received_from_offers_every_enforcement_unit_with_the_stored_one_chosen(
    world, clerk_hanoi, clerk_danang
):
    # Written by LongSelect (organizations.forms): the same select, without a template each.
    _sent(world, clerk_hanoi)
    _add(_client(clerk_danang), world)
    received = EnforcementCase.objects.get(received_decision_number=NUMBER)
    response = _client(clerk_danang).get(_page(received))
    widget = response.context["adminform"].form.fields["received_from"].widget
    assert isinstance(widget.widget, LongSelect)  # inside the admin's related-field wrapper
    content = response.content.decode()
    select = re.search(r'<select name="received_from"[^>]*>(.*?)</select>', content, re.S)
    assert select is not None
    offered = set(re.findall(r'<option value="(\d+)"', select.group(1)))
    expected = Unit.objects.filter(kind__in=ENFORCEMENT_UNIT_KINDS).values_list("pk", flat=True)
    assert offered == {str(pk) for pk in expected}
    assert f'<option value="{world.hanoi_agency.pk}" selected>' in select.group(1)
