"""The cases admin: scoped lists, searches and filters; actions that go through the services."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from enforcement import services
from enforcement.models import CaseEvent, EnforcementCase, Status
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _action(client: Client, action: str, cases, **fields):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [case.pk for case in cases],
            "apply": "1",
            "on": "01/06/2024",
            "note": "",
            "reason": "",
            **fields,
        },
        follow=True,
    )


def test_clerk_lists_only_cases_of_own_city(clerk_hanoi, hanoi_case, danang_case):
    content = _client(clerk_hanoi).get(CHANGELIST).content.decode()

    assert hanoi_case.decision_number in content
    assert danang_case.decision_number not in content


def test_clerk_searches_by_debtor(world, clerk_hanoi, hanoi_case):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="77/QĐ", debtor="Lê Văn Khác")

    content = _client(clerk_hanoi).get(CHANGELIST, {"q": "Nguyễn Văn Nợ"}).content.decode()

    assert hanoi_case.decision_number in content
    assert "77/QĐ" not in content


def test_filters_by_year_and_origin(world, clerk_hanoi):
    old = EnforcementCaseFactory(
        unit=world.hanoi_agency, decision_number="OLD", accepted_on=datetime.date(2023, 5, 1)
    )
    new = EnforcementCaseFactory(
        unit=world.hanoi_agency, decision_number="NEW", accepted_on=datetime.date(2024, 5, 1)
    )

    content = (
        _client(clerk_hanoi)
        .get(CHANGELIST, {"year": "2024", "origin": "carried_over"})
        .content.decode()
    )

    assert old.decision_number in content
    assert f">{new.decision_number}<" not in content


def test_clerk_cannot_open_case_of_another_city(clerk_hanoi, danang_case):
    url = reverse("admin:enforcement_enforcementcase_change", args=[danang_case.pk])

    assert _client(clerk_hanoi).get(url).status_code == 404


def test_case_page_shows_read_only_event_history(clerk_hanoi, hanoi_case):
    url = reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk])

    response = _client(clerk_hanoi).get(url)

    content = response.content.decode()
    assert "thụ lý" in content  # the opening event, in Vietnamese
    assert "events-0-note" not in content  # no editable event fields


def test_clerk_completes_case_through_action(clerk_hanoi, hanoi_case):
    response = _action(_client(clerk_hanoi), "complete", [hanoi_case], note="Xong")

    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.COMPLETED
    assert hanoi_case.closed_on == datetime.date(2024, 6, 1)
    assert "Đã cập nhật 1 việc" in response.content.decode()


def test_action_form_is_shown_before_anything_changes(clerk_hanoi, hanoi_case):
    response = _client(clerk_hanoi).post(
        CHANGELIST, {"action": "complete", "_selected_action": [hanoi_case.pk]}
    )

    assert response.status_code == 200
    assert hanoi_case.decision_number in response.content.decode()
    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.IN_PROGRESS


def test_impossible_action_is_refused_with_message_and_changes_nothing(clerk_hanoi, hanoi_case):
    client = _client(clerk_hanoi)
    _action(client, "withdraw", [hanoi_case])

    response = _action(client, "complete", [hanoi_case])

    content = response.content.decode()
    assert "thi hành xong" in content and hanoi_case.decision_number in content
    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.WITHDRAWN


def test_action_cannot_reach_case_of_another_city(clerk_hanoi, danang_case):
    _action(_client(clerk_hanoi), "complete", [danang_case])

    danang_case.refresh_from_db()
    assert danang_case.status == Status.IN_PROGRESS


def test_leader_has_no_status_actions(leader, hanoi_case):
    client = _client(leader)
    content = client.get(CHANGELIST).content.decode()
    _action(client, "complete", [hanoi_case])

    assert 'value="complete"' not in content
    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.IN_PROGRESS


def test_entrust_offers_agencies_outside_own_scope(world, clerk_hanoi, hanoi_case):
    client = _client(clerk_hanoi)
    form = client.post(CHANGELIST, {"action": "entrust", "_selected_action": [hanoi_case.pk]})

    assert world.danang_agency.name in form.content.decode()
    _action(client, "entrust", [hanoi_case], to_unit=world.danang_agency.pk)
    hanoi_case.refresh_from_db()
    assert hanoi_case.entrusted_to == world.danang_agency


def test_payment_above_due_is_refused_in_admin(clerk_hanoi, hanoi_case):
    response = _action(_client(clerk_hanoi), "record_payment", [hanoi_case], amount="10000001")

    assert "nhiều hơn số còn phải thi hành" in response.content.decode()
    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_recovered == 0


def _case_form(case, **changes):
    data = {
        "unit": case.unit_id,
        "decision_number": case.decision_number,
        "decision_date": case.decision_date.strftime("%d/%m/%Y"),
        "accepted_on": case.accepted_on.strftime("%d/%m/%Y"),
        "judgment": case.judgment,
        "judgment_kind": case.judgment_kind,
        "initiation": case.initiation,
        "debtor": case.debtor,
        "creditor": case.creditor,
        "amount_due": case.amount_due,
        "notes": "",
        "reason": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
        # The parties (on a saved case) and judgments inlines, left unchanged.
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
        "judgments-TOTAL_FORMS": "0",
        "judgments-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_clerk_adds_case_through_the_service(world, clerk_hanoi):
    template = EnforcementCaseFactory.build(unit=world.hanoi_office, decision_number="55/QĐ-PTHADS")

    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_add"),
        _case_form(template, eligibility="eligible", **{"events-MAX_NUM_FORMS": "1000"}),
    )

    assert response.status_code == 302
    case = EnforcementCase.objects.get(decision_number="55/QĐ-PTHADS")
    assert list(case.events.values_list("kind", flat=True)) == ["opened"]
    assert case.history.first().history_user == clerk_hanoi


def test_clerk_cannot_add_case_to_another_city(world, clerk_hanoi):
    template = EnforcementCaseFactory.build(unit=world.danang_agency, decision_number="56/QĐ")

    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_add"),
        _case_form(template, eligibility="eligible"),
    )

    assert response.status_code == 200
    assert not EnforcementCase.objects.filter(decision_number="56/QĐ").exists()


def test_editing_a_case_of_a_closed_year_is_refused_without_reopen_permission(
    administrator, clerk_hanoi, hanoi_case
):
    from enforcement import services

    services.statistical_year_close(user=administrator, year=2024)
    url = reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk])

    response = _client(clerk_hanoi).post(url, _case_form(hanoi_case, amount_due="1", reason="x"))

    assert response.status_code == 200
    assert "đã khóa sổ" in response.content.decode()
    hanoi_case.refresh_from_db()
    assert hanoi_case.amount_due == 10_000_000


def test_changelist_does_not_count_past_the_cap(world, leader, settings, monkeypatch):
    from enforcement.admin import paginators

    monkeypatch.setattr(paginators, "COUNT_CAP", 3)
    for number in range(5):
        EnforcementCaseFactory(unit=world.hanoi_agency, decision_number=f"C{number}")

    content = _client(leader).get(CHANGELIST).content.decode()

    assert "hơn" in content and "việc thi hành án" in content


def _counts_of_cases(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if "COUNT(" in query["sql"].upper() and "enforcement_enforcementcase" in query["sql"]
    ]


def test_a_search_finds_the_cases_once_and_the_list_counts_them_from_it(
    world, clerk_hanoi, hanoi_case
):
    # The search fetches the ids of the cases found (up to the cap) and the list takes their
    # number as its count: each COUNT of the same cases cost seconds on millions of cases.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(3):
        EnforcementCaseFactory(
            unit=world.hanoi_agency, decision_number=f"8{number}/QĐ", debtor="Nguyễn Văn Nợ"
        )

    with CaptureQueriesContext(connection) as queries:
        response = _client(clerk_hanoi).get(CHANGELIST, {"q": "nguyen van no"})

    assert response.context["cl"].result_count == 4
    assert _counts_of_cases(queries.captured_queries) == []
    found = [
        query["sql"]
        for query in queries.captured_queries
        if "enforcement_casesearchtext" in query["sql"] and "ORDER BY" not in query["sql"]
    ]
    assert len(found) == 1


def _case_page_queries(user, case: EnforcementCase, starting: str) -> list[str]:
    """Open the case's page as the user; return the queries it made that start so."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:enforcement_enforcementcase_change", args=[case.pk])
    client = _client(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith(starting)]


def test_the_case_page_asks_once_whether_the_clerk_may_change_the_case(clerk_hanoi, hanoi_case):
    # The form, the inlines and the buttons each ask it: one query per request, or none.
    asked = _case_page_queries(
        clerk_hanoi, hanoi_case, 'SELECT 1 AS "a" FROM "enforcement_enforcementcase"'
    )
    assert len(asked) <= 1


def test_a_search_past_the_cap_says_more_than_the_cap(world, clerk_hanoi, monkeypatch):
    from enforcement.admin import paginators

    monkeypatch.setattr(paginators, "COUNT_CAP", 3)
    for number in range(5):
        EnforcementCaseFactory(
            unit=world.hanoi_agency, decision_number=f"9{number}/QĐ", debtor="Trần Thị Hoa"
        )

    response = _client(clerk_hanoi).get(CHANGELIST, {"q": "tran thi hoa"})

    assert response.context["cl"].count_capped
    assert "hơn 3" in response.content.decode()


def test_a_count_is_taken_only_for_the_same_rows(world, clerk_hanoi, hanoi_case):
    from django.test import RequestFactory

    from enforcement.admin.paginators import remember_count, remembered_count

    request = RequestFactory().get(CHANGELIST)
    cases = EnforcementCase.objects.for_user(clerk_hanoi)
    remember_count(request, cases.filter(debtor__contains="Nợ"), 1)

    assert remembered_count(request, cases.filter(debtor__contains="Nợ").order_by("-pk")) == 1
    assert remembered_count(request, cases.filter(debtor__contains="Có")) is None
    assert remembered_count(request, cases) is None


def test_the_case_page_reads_the_case_once_whatever_its_events(
    administrator, clerk_hanoi, hanoi_case
):
    # Each event's title names its case: read with the events, not once per event.
    hanoi_case.amount_due = 10_000_000
    hanoi_case.save()
    for day in (3, 4, 5):
        services.case_record_payment(
            user=administrator,
            case=hanoi_case,
            on=datetime.date(2025, 11, day),
            amount=1_000_000,
        )
    case_reads = _case_page_queries(
        clerk_hanoi, hanoi_case, 'SELECT "enforcement_enforcementcase"."id"'
    )
    assert len(case_reads) == 1


def test_a_case_changed_by_a_colleague_since_the_list_was_shown_is_said_not_skipped(
    clerk_hanoi, hanoi_case
):
    # Two clerks resume the same postponed case a moment apart, from the list of postponed
    # cases: the second is told the case no longer matches the list, and nothing changes.
    from tests.benchmarks.load_client import messages_of

    client = _client(clerk_hanoi)
    _action(client, "postpone", [hanoi_case], ground=legal_ground("48.1.c").pk)
    listed = f"{CHANGELIST}?status__exact=postponed"
    fields = {"apply": "1", "on": "02/06/2024", "note": "", "reason": "", "select_across": "0"}
    client.post(
        listed, {"action": "resume", "_selected_action": [hanoi_case.pk], **fields}, follow=True
    )

    response = client.post(
        listed,
        {"action": "resume", "_selected_action": [hanoi_case.pk], **fields},
        follow=True,
    )

    shown = messages_of(response.content.decode())
    assert [level for level, _text in shown] == ["warning"]
    assert "1 việc đã chọn không còn thuộc danh sách này" in shown[0][1]
    assert CaseEvent.objects.filter(case=hanoi_case, kind=CaseEvent.Kind.RESUMED).count() == 1


def test_the_load_runs_client_reads_a_refusal_on_a_one_case_actions_form(clerk_hanoi, hanoi_case):
    # A payment above the balance is refused on the action's form, with no message: the load
    # run counts it refused, not a write without an outcome.
    from tests.benchmarks.load_client import messages_of, refused_on_form

    response = _action(_client(clerk_hanoi), "record_payment", [hanoi_case], amount="999999999999")

    content = response.content.decode()
    assert response.status_code == 200 and not messages_of(content)
    assert refused_on_form(content)
