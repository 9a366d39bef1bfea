"""Linking an entrustment by hand from the case page, where the rules left the pair unlinked.

Hà Nội entrusts cases to Đà Nẵng; Đà Nẵng receives them. Only a user who may change both
cases links them: here a clerk at the ministry, or a clerk of both cities. The cities' own
clerks never read the other city's case on these pages, whatever they post.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from enforcement import services
from enforcement.models import CaseEvent, EnforcementCase
from enforcement.selectors import Period, enforcement_statistics
from organizations.roles import Role
from organizations.services import membership_grant
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import make_persona

pytestmark = pytest.mark.django_db

NUMBER = "12/QĐ-THADS"
ENTRUSTED_ON = datetime.date(2024, 4, 10)
RECEIVED_ON = datetime.date(2024, 4, 20)
JUDGMENT = "Bản án số 7/2023/DS-ST"
REASON = "Cùng bản án 7/2023/DS-ST và cùng người phải thi hành"


def _client(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    # The new pages' texts are asserted in English: their Vietnamese arrives with the
    # catalogue after the merge.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(case: EnforcementCase) -> str:
    return reverse("admin:enforcement_enforcementcase_change", args=[case.pk])


def _link_sender(case: EnforcementCase) -> str:
    return reverse("admin:enforcement_enforcementcase_link_sender", args=[case.pk])


def _link_receiver(case: EnforcementCase) -> str:
    return reverse("admin:enforcement_enforcementcase_link_receiver", args=[case.pk])


def _history(case: EnforcementCase) -> list[str]:
    """Return the change reasons of the case's history rows, oldest first."""
    return list(
        EnforcementCase.history.filter(id=case.pk)
        .order_by("history_date", "history_id")
        .values_list("history_change_reason", flat=True)
    )


def _sent(world, clerk_hanoi, *, number=NUMBER, judgment=JUDGMENT, debtor="Nguyễn Văn Nợ"):
    """A case of a Hà Nội office entrusted to Đà Nẵng."""
    case = EnforcementCaseFactory(unit=world.hanoi_office, judgment=judgment, debtor=debtor)
    return services.case_entrust(
        user=clerk_hanoi,
        case=case,
        on=ENTRUSTED_ON,
        to_unit=world.danang_agency,
        decision_number=number,
        decision_date=ENTRUSTED_ON if number else None,
    )


def _receive(world, clerk_danang, *, number=NUMBER, decision_number="55/QĐ-THADS", **extra):
    """Đà Nẵng accepts a case Hà Nội entrusted."""
    fields = {
        "decision_date": RECEIVED_ON,
        "accepted_on": RECEIVED_ON,
        "judgment": JUDGMENT,
        "initiation": "on_request",
        "debtor": "Nguyễn Văn Nợ",
        "eligibility": "eligible",
        "amount_due": 5_000_000,
        **extra,
    }
    return services.case_open(
        user=clerk_danang,
        unit=world.danang_agency,
        decision_number=decision_number,
        received_from=world.hanoi_agency,
        received_decision_number=number,
        received_decision_date=ENTRUSTED_ON,
        **fields,
    )


@pytest.fixture
def ministry_clerk(world):
    return make_persona("p.clerk.moj", world.ministry, Role.ENFORCEMENT_CLERK)


@pytest.fixture
def ambiguous(world, clerk_hanoi, clerk_danang):
    """Two Hà Nội cases of one entrustment decision and judgment: the rules link neither."""
    first = _sent(world, clerk_hanoi, debtor="Lê Văn Khác")
    second = _sent(world, clerk_hanoi)
    received = _receive(world, clerk_danang)
    received.refresh_from_db()
    assert received.received_from_case is None
    return first, second, received


def _post(client: Client, url: str, **data):
    return client.post(url, {"case": "", "reason": REASON, **data})


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# The happy path, from the button to the linked pair.


def test_ministry_clerk_links_from_the_button_to_the_linked_pair(world, ambiguous, ministry_clerk):
    first, second, received = ambiguous
    client = _client(ministry_clerk)

    page = client.get(_page(received)).content.decode()
    assert f'href="{_link_sender(received)}"' in page
    assert "Link to the sender&#x27;s case" in page

    listing = client.get(_link_sender(received))
    content = listing.content.decode()
    assert listing.status_code == 200
    # Both cases are listed with their decision, entrustment decision, debtor and judgment;
    # the one that shares the debtor too comes first.
    assert content.index(second.decision_number) < content.index(first.decision_number)
    assert "12/QĐ-THADS of 10/04/2024" in content
    assert "Lê Văn Khác" in content
    assert JUDGMENT in content
    assert "same entrustment decision, same judgment, same debtor" in content

    response = _post(client, _link_sender(received), case=second.pk)

    assert response.status_code == 302
    assert response["Location"] == _page(received)
    received.refresh_from_db()
    assert received.received_from_case == second
    assert not EnforcementCase.objects.filter(received_from_case=first).exists()
    # The link and its reason are in the history of both cases.
    assert _history(received)[-1] == REASON
    assert _history(second)[-1] == REASON
    assert EnforcementCase.history.filter(id=received.pk).latest().history_user == ministry_clerk
    followed = client.get(response["Location"])
    assert "is now linked to the sender&#x27;s case" in followed.content.decode()


def test_linked_pair_counts_once_in_the_national_totals(world, ambiguous, ministry_clerk):
    _first, second, received = ambiguous
    services.case_link_received(user=ministry_clerk, case=received, sent_case=second, reason=REASON)

    national = enforcement_statistics(units=[world.ministry], period=Period(2024)).total

    # Three cases were accepted; both Hà Nội cases left by entrustment at line 4, and the
    # work that remains is the received case alone: the linked pair is one piece of work.
    assert national.cases.newly_accepted == 3
    assert national.cases.entrusted == 2
    assert national.cases.to_enforce == 1
    assert national.money.to_enforce == received.amount_due
    hanoi, danang = enforcement_statistics(
        units=[world.hanoi_agency, world.danang_agency], period=Period(2024)
    ).rows
    assert (hanoi.cases.entrusted, hanoi.cases.to_enforce) == (2, 0)
    assert (danang.cases.newly_accepted, danang.cases.to_enforce) == (1, 1)


def test_decision_typed_differently_is_linked_and_reads_as_the_sender_issued_it(
    world, clerk_hanoi, clerk_danang, ministry_clerk
):
    sent = _sent(world, clerk_hanoi)
    received = _receive(world, clerk_danang, number="12/QD-THADS")
    received.refresh_from_db()
    assert received.received_from_case is None
    client = _client(ministry_clerk)

    content = client.get(_link_sender(received)).content.decode()
    assert "same entrustment decision" in content
    assert "linking records 12/QĐ-THADS of 10/04/2024 on the received case" in content

    response = _post(client, _link_sender(received), case=sent.pk)

    assert response.status_code == 302
    received.refresh_from_db()
    assert received.received_from_case == sent
    assert received.received_decision_number == NUMBER
    corrected = received.events.get(kind=CaseEvent.Kind.CORRECTED)
    assert "12/QD-THADS" in corrected.note
    assert REASON in corrected.note
    # The rules that keep links now hold this one: a later correction keeps it.
    services.case_update(user=clerk_danang, case=received, changes={"notes": "Đã xác minh"})
    received.refresh_from_db()
    assert received.received_from_case == sent


def test_link_to_a_case_entrusted_before_its_decision_was_recorded_survives_corrections(
    world, clerk_hanoi, clerk_danang, ministry_clerk
):
    sent = _sent(world, clerk_hanoi, number="")
    received = _receive(world, clerk_danang)
    _post(_client(ministry_clerk), _link_sender(received), case=sent.pk)

    services.case_update(user=clerk_danang, case=received, changes={"notes": "Đã xác minh"})

    received.refresh_from_db()
    assert received.received_from_case == sent
    assert received.received_decision_number == NUMBER


def test_ministry_clerk_links_from_the_senders_side(
    world, clerk_hanoi, clerk_danang, ministry_clerk
):
    # Two received cases claim one sender's case: the rules link neither.
    first = _receive(world, clerk_danang, debtor="Lê Văn Khác")
    second = _receive(world, clerk_danang, decision_number="56/QĐ-THADS")
    sent = _sent(world, clerk_hanoi)
    client = _client(ministry_clerk)
    assert f'href="{_link_receiver(sent)}"' in client.get(_page(sent)).content.decode()

    content = client.get(_link_receiver(sent)).content.decode()
    assert content.index("56/QĐ-THADS") < content.index("55/QĐ-THADS")
    assert "accepted on 20/04/2024" in content

    response = _post(client, _link_receiver(sent), case=second.pk)

    assert response.status_code == 302
    assert response["Location"] == _page(sent)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.received_from_case, first.received_from_case) == (sent, None)
    assert _history(sent)[-1] == REASON


def test_clerk_of_both_cities_links_the_pair(world, ambiguous, clerk_hanoi):
    first, _second, received = ambiguous
    both = make_persona("p.clerk.both", world.hanoi_agency, Role.ENFORCEMENT_CLERK)
    membership_grant(user=both, unit=world.danang_agency, role=Role.ENFORCEMENT_CLERK)

    response = _post(_client(both), _link_sender(received), case=first.pk)

    assert response.status_code == 302
    received.refresh_from_db()
    assert received.received_from_case == first


# Refusals: a clear message, nothing changed.


def test_reason_left_empty_is_refused_and_nothing_linked(world, ambiguous, ministry_clerk):
    _first, second, received = ambiguous
    before = _history(received)

    response = _post(_client(ministry_clerk), _link_sender(received), case=second.pk, reason=" ")

    assert response.status_code == 200
    assert "Give the reason for linking the two cases" in response.content.decode()
    received.refresh_from_db()
    assert received.received_from_case is None
    assert _history(received) == before


def test_no_case_chosen_is_refused(world, ambiguous, ministry_clerk):
    _first, _second, received = ambiguous

    response = _post(_client(ministry_clerk), _link_sender(received))

    assert "Choose the case to link among the cases listed." in response.content.decode()
    received.refresh_from_db()
    assert received.received_from_case is None


def test_case_not_among_the_candidates_is_refused(world, ambiguous, ministry_clerk, hanoi_case):
    _first, _second, received = ambiguous

    for posted in (hanoi_case.pk, received.pk, 999_999, "abc"):
        response = _post(_client(ministry_clerk), _link_sender(received), case=posted)

        assert response.status_code == 200
        assert "The case chosen is not among the cases listed" in response.content.decode()
    received.refresh_from_db()
    assert received.received_from_case is None


def test_linking_twice_links_once(world, ambiguous, ministry_clerk):
    first, second, received = ambiguous
    client = _client(ministry_clerk)
    _post(client, _link_sender(received), case=second.pk)
    reasons = _history(received)

    again = _post(client, _link_sender(received), case=second.pk)
    other = _post(client, _link_sender(received), case=first.pk)

    for response in (again, other):
        assert response.status_code == 200
        assert "This case is already linked to the sender&#x27;s case." in (
            response.content.decode()
        )
    received.refresh_from_db()
    assert received.received_from_case == second
    assert _history(received) == reasons
    # Linked, the case offers the page no more.
    assert _link_sender(received) not in client.get(_page(received)).content.decode()


def test_senders_case_linked_meanwhile_is_refused(world, ambiguous, clerk_danang, ministry_clerk):
    _first, second, received = ambiguous
    other = _receive(world, clerk_danang, decision_number="56/QĐ-THADS")
    client = _client(ministry_clerk)
    client.get(_link_sender(received))
    services.case_link_received(user=ministry_clerk, case=other, sent_case=second, reason=REASON)

    response = _post(client, _link_sender(received), case=second.pk)

    assert response.status_code == 200
    # The case linked meanwhile is no longer a candidate.
    assert "The case chosen is not among the cases listed" in response.content.decode()
    received.refresh_from_db()
    assert received.received_from_case is None


def test_case_not_received_has_nothing_to_link(world, ministry_clerk, danang_case):
    response = _client(ministry_clerk).get(_link_sender(danang_case))

    assert response.status_code == 200
    assert "This case names no agency that entrusted it" in response.content.decode()
    assert 'name="reason"' not in response.content.decode()
    assert (
        _link_sender(danang_case)
        not in _client(ministry_clerk).get(_page(danang_case)).content.decode()
    )


def test_open_case_has_no_receiver_to_link(world, ministry_clerk, hanoi_case):
    response = _post(_client(ministry_clerk), _link_receiver(hanoi_case), case=hanoi_case.pk)

    assert response.status_code == 200
    assert "This case was not entrusted out" in response.content.decode()


def test_page_writes_nothing_on_get(world, ambiguous, ministry_clerk):
    _first, second, received = ambiguous
    rows = EnforcementCase.history.count()
    events = CaseEvent.objects.count()

    _client(ministry_clerk).get(_link_sender(received), {"case": second.pk, "reason": REASON})

    received.refresh_from_db()
    assert received.received_from_case is None
    assert (EnforcementCase.history.count(), CaseEvent.objects.count()) == (rows, events)


def test_post_without_csrf_token_is_refused(world, ambiguous, ministry_clerk):
    _first, second, received = ambiguous

    response = _post(_client(ministry_clerk, csrf=True), _link_sender(received), case=second.pk)

    assert response.status_code == 403
    received.refresh_from_db()
    assert received.received_from_case is None


def test_other_methods_are_refused(world, ambiguous, ministry_clerk):
    _first, _second, received = ambiguous

    response = _client(ministry_clerk).put(_link_sender(received))

    assert response.status_code == 405


def test_unknown_case_answers_404(world, ministry_clerk):
    client = _client(ministry_clerk)

    assert client.get("/admin/enforcement/enforcementcase/999999/link-sender/").status_code == 404
    assert client.get("/admin/enforcement/enforcementcase/abc/link-receiver/").status_code == 404


# Scope: only the cases the user may change, on both sides.


def test_receivers_clerk_sees_no_case_of_the_sending_city(world, ambiguous, clerk_danang):
    first, second, received = ambiguous
    client = _client(clerk_danang)

    assert _link_sender(received) not in client.get(_page(received)).content.decode()
    response = client.get(_link_sender(received))

    content = response.content.decode()
    assert response.status_code == 200
    assert "No case of your units can be the other side" in content
    for sent in (first, second):
        assert sent.decision_number not in content
        assert _page(sent) not in content
    assert "Lê Văn Khác" not in content


def test_receivers_clerk_cannot_link_a_case_of_another_city_by_posting_its_id(
    world, ambiguous, clerk_danang
):
    _first, second, received = ambiguous

    response = _post(_client(clerk_danang), _link_sender(received), case=second.pk)

    content = response.content.decode()
    assert response.status_code == 200
    assert "The case chosen is not among the cases listed" in content
    assert second.decision_number not in content
    received.refresh_from_db()
    assert received.received_from_case is None
    assert _history(second)[-1] != REASON


def test_regional_clerk_cannot_pick_a_case_outside_their_office(world, clerk_hanoi, clerk_danang):
    regional = make_persona("p.clerk.dn.kv1", world.danang_office, Role.ENFORCEMENT_CLERK)
    sent = _sent(world, clerk_hanoi, number="")
    received = services.case_open(
        user=clerk_danang,
        unit=world.danang_office,
        decision_number="57/QĐ-THADS",
        decision_date=RECEIVED_ON,
        accepted_on=RECEIVED_ON,
        judgment=JUDGMENT,
        initiation="on_request",
        debtor="Nguyễn Văn Nợ",
        eligibility="eligible",
        amount_due=5_000_000,
        received_from=world.hanoi_agency,
        received_decision_number=NUMBER,
        received_decision_date=ENTRUSTED_ON,
    )
    agency_case = EnforcementCaseFactory(unit=world.danang_agency)
    client = _client(regional)

    for posted in (sent.pk, agency_case.pk):
        response = _post(client, _link_sender(received), case=posted)

        assert response.status_code == 200
        assert sent.decision_number not in response.content.decode()
    received.refresh_from_db()
    assert received.received_from_case is None
    # The agency's own case is outside the office: its page answers as if it did not exist.
    assert client.get(_link_receiver(agency_case)).status_code == 404


def test_senders_clerk_cannot_open_the_receivers_case(world, ambiguous, clerk_hanoi):
    first, _second, received = ambiguous
    client = _client(clerk_hanoi)

    assert client.get(_link_sender(received)).status_code == 404
    assert _post(client, _link_sender(received), case=first.pk).status_code == 404
    content = client.get(_link_receiver(first)).content.decode()
    assert received.decision_number not in content
    assert "No case of your units can be the other side" in content
    received.refresh_from_db()
    assert received.received_from_case is None


@pytest.mark.parametrize("persona", ["leader", "officer_danang", "reviewer"])
def test_roles_that_do_not_change_cases_are_refused(world, ambiguous, request, persona):
    user = request.getfixturevalue(persona)
    first, _second, received = ambiguous
    client = _client(user)

    for response in (
        client.get(_link_sender(received)),
        _post(client, _link_sender(received), case=first.pk),
        client.get(_link_receiver(first)),
    ):
        assert response.status_code == 403
        assert first.decision_number not in response.content.decode()
    received.refresh_from_db()
    assert received.received_from_case is None


def test_receivers_clerk_reads_the_reason_but_not_the_senders_case_in_the_history(
    world, ambiguous, clerk_danang, ministry_clerk, leader
):
    _first, second, received = ambiguous
    services.case_link_received(user=ministry_clerk, case=received, sent_case=second, reason=REASON)
    history = reverse("admin:enforcement_enforcementcase_history", args=[received.pk])

    content = _client(clerk_danang).get(history).content.decode()

    assert REASON in content
    assert "linked to the other agency&#x27;s case (outside your units)" in content
    assert second.decision_number not in content
    assert second.decision_number in _client(leader).get(history).content.decode()
