"""A case's parties: written from its texts, edited on the case page, found by the search."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from enforcement import search, services
from enforcement.models import (
    CaseParty,
    Eligibility,
    EnforcementCase,
    Initiation,
    PartyKind,
    PartyRole,
)
from enforcement.services.parties import parties_from_texts_in_range, summary_text
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 1)
CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _found(user, term: str) -> set[str]:
    cases = search.search_cases(EnforcementCase.objects.for_user(user), term)
    return set(cases.values_list("decision_number", flat=True))


def _parties(case: EnforcementCase) -> list[tuple[str, str, str, str]]:
    return list(
        case.parties.order_by("role", "position", "id").values_list(
            "role", "kind", "name", "address"
        )
    )


def _change_form(case: EnforcementCase, parties: list[dict], **changes) -> dict:
    """The case page's POST: the case as stored, its parties as given, no judgment."""
    stored = list(case.parties.order_by("role", "position", "id"))
    data = {
        "unit": case.unit_id,
        "issuing_agency": case.issuing_agency_id,
        "decision_number": case.decision_number,
        "decision_date": case.decision_date.strftime("%d/%m/%Y"),
        "accepted_on": case.accepted_on.strftime("%d/%m/%Y"),
        "judgment": case.judgment,
        "judgment_kind": case.judgment_kind,
        "initiation": case.initiation,
        "amount_due": case.amount_due,
        "notes": case.notes,
        "reason": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "judgments-TOTAL_FORMS": "0",
        "judgments-INITIAL_FORMS": "0",
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": str(len(stored)),
    }
    for index, party in enumerate(parties):
        row = {"position": 0, "address": "", "kind": PartyKind.PERSON, **party}
        if index < len(stored):
            row.setdefault("id", stored[index].pk)
        row["case"] = case.pk
        data.update({f"parties-{index}-{name}": value for name, value in row.items()})
    data.update(changes)
    return data


def test_opening_a_case_makes_its_texts_its_parties(world, clerk_hanoi):
    case = services.case_open(
        user=clerk_hanoi,
        unit=world.hanoi_agency,
        decision_number="7/QĐ-CTHADS",
        decision_date=DAY,
        accepted_on=DAY,
        judgment="Bản án số 07/2024/DS-ST",
        initiation=Initiation.ON_REQUEST,
        debtor=" Hoàng Đình Lâm ",
        creditor="Nguyễn Thị Thuý",
        eligibility=Eligibility.ELIGIBLE,
    )

    assert _parties(case) == [
        (PartyRole.CREDITOR, PartyKind.PERSON, "Nguyễn Thị Thuý", ""),
        (PartyRole.DEBTOR, PartyKind.PERSON, "Hoàng Đình Lâm", ""),
    ]


def test_a_case_without_creditor_has_a_debtor_only(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, debtor="Lê Văn Một", creditor="")

    assert _parties(case) == [(PartyRole.DEBTOR, PartyKind.PERSON, "Lê Văn Một", "")]


def test_bulk_written_cases_get_their_parties_in_one_statement_per_role(world):
    cases = [
        EnforcementCaseFactory(unit=world.hanoi_agency, debtor=f"Người {n}", creditor="")
        for n in range(3)
    ]
    CaseParty.objects.all().delete()

    written = parties_from_texts_in_range(cases[0].pk, cases[-1].pk)

    assert written == 3
    assert sorted(CaseParty.objects.values_list("name", flat=True)) == [
        "Người 0",
        "Người 1",
        "Người 2",
    ]


def test_clerk_adds_a_second_debtor_with_address_and_the_case_text_follows(
    world, clerk_hanoi, hanoi_case
):
    creditor, debtor = hanoi_case.parties.order_by("role")
    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk]),
        _change_form(
            hanoi_case,
            [
                {"id": creditor.pk, "role": "creditor", "name": creditor.name},
                {"id": debtor.pk, "role": "debtor", "name": debtor.name},
                {
                    "role": "debtor",
                    "name": "Bà Nguyễn Thị Thuý",
                    "address": "Xã Tân Kỳ, tỉnh Nghệ An",
                    "position": 1,
                },
            ],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    hanoi_case.refresh_from_db()
    assert hanoi_case.debtor == "Nguyễn Văn Nợ; Bà Nguyễn Thị Thuý"
    assert hanoi_case.parties.get(name="Bà Nguyễn Thị Thuý").address == "Xã Tân Kỳ, tỉnh Nghệ An"
    # Found at once by the new debtor's name, with or without accents.
    assert _found(clerk_hanoi, "nguyen thi thuy") == {hanoi_case.decision_number}
    assert _found(clerk_hanoi, "Thuý") == {hanoi_case.decision_number}


def test_the_agency_itself_is_recorded_as_creditor_of_court_fees(world, clerk_hanoi, hanoi_case):
    creditor, debtor = hanoi_case.parties.order_by("role")
    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk]),
        _change_form(
            hanoi_case,
            [
                {
                    "id": creditor.pk,
                    "role": "creditor",
                    "kind": PartyKind.AGENCY,
                    "name": world.hanoi_agency.name,
                },
                {"id": debtor.pk, "role": "debtor", "name": debtor.name},
            ],
        ),
    )

    assert response.status_code == 302
    hanoi_case.refresh_from_db()
    assert hanoi_case.creditor == world.hanoi_agency.name
    assert hanoi_case.parties.get(role="creditor").kind == PartyKind.AGENCY


def test_an_empty_party_name_is_refused_and_nothing_changes(world, clerk_hanoi, hanoi_case):
    creditor, debtor = hanoi_case.parties.order_by("role")
    before = _parties(hanoi_case)

    with translation.override("en"):
        response = _client(clerk_hanoi).post(
            reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk]),
            _change_form(
                hanoi_case,
                [
                    {"id": creditor.pk, "role": "creditor", "name": creditor.name},
                    {"id": debtor.pk, "role": "debtor", "name": "   "},
                ],
                notes="changed at the same time",
            ),
            headers={"accept-language": "en"},
        )

    assert response.status_code == 200
    assert "Hãy nhập tên đương sự." in response.content.decode()
    hanoi_case.refresh_from_db()
    assert _parties(hanoi_case) == before
    assert hanoi_case.notes == ""


def test_the_agency_cannot_be_a_debtor(world, clerk_hanoi, hanoi_case):
    creditor, debtor = hanoi_case.parties.order_by("role")

    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk]),
        _change_form(
            hanoi_case,
            [
                {"id": creditor.pk, "role": "creditor", "name": creditor.name},
                {"id": debtor.pk, "role": "debtor", "kind": PartyKind.AGENCY, "name": "THADS"},
            ],
        ),
    )

    assert response.status_code == 200
    assert hanoi_case.parties.get(role="debtor").kind == PartyKind.PERSON


def test_removing_the_last_debtor_is_refused(world, clerk_hanoi, hanoi_case):
    creditor, debtor = hanoi_case.parties.order_by("role")

    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk]),
        _change_form(
            hanoi_case,
            [
                {"id": creditor.pk, "role": "creditor", "name": creditor.name},
                {"id": debtor.pk, "role": "debtor", "name": debtor.name, "DELETE": "on"},
            ],
        ),
    )

    assert response.status_code == 200
    assert hanoi_case.parties.filter(role="debtor").count() == 1


def test_clerk_cannot_edit_the_parties_of_another_citys_case(world, clerk_hanoi, danang_case):
    creditor, debtor = danang_case.parties.order_by("role")

    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_change", args=[danang_case.pk]),
        _change_form(
            danang_case,
            [
                {"id": creditor.pk, "role": "creditor", "name": creditor.name},
                {"id": debtor.pk, "role": "debtor", "name": "Kẻ Lạ"},
            ],
        ),
    )

    assert response.status_code == 404
    assert danang_case.parties.filter(name="Kẻ Lạ").count() == 0


def test_search_finds_a_party_beyond_the_case_text(world, clerk_hanoi, hanoi_case):
    # Names past the text's 255 characters are still in the search text, one a line.
    names = [f"Người phải thi hành số {n:02d} họ Nguyễn" for n in range(12)] + ["Đỗ Thị Cuối"]
    with transaction.atomic():
        CaseParty.objects.filter(case=hanoi_case, role="debtor").delete()
        CaseParty.objects.bulk_create(
            CaseParty(case=hanoi_case, role="debtor", name=name, position=n)
            for n, name in enumerate(names)
        )
        services.case_parties_summarize(case=hanoi_case, user=clerk_hanoi)

    hanoi_case.refresh_from_db()
    assert hanoi_case.debtor == summary_text(names)
    assert hanoi_case.debtor.endswith("…")
    assert "Cuối" not in hanoi_case.debtor
    assert _found(clerk_hanoi, "do thi cuoi") == {hanoi_case.decision_number}


def test_a_file_correcting_the_debtor_text_names_the_debtors_anew(world, clerk_hanoi, hanoi_case):
    services.case_update(
        user=clerk_hanoi, case=hanoi_case, changes={"debtor": "Ông A - Bà B"}, reason=""
    )

    assert list(hanoi_case.parties.filter(role="debtor").values_list("name", flat=True)) == [
        "Ông A - Bà B"
    ]


def test_a_text_equal_to_the_parties_keeps_their_addresses(world, clerk_hanoi, hanoi_case):
    hanoi_case.parties.filter(role="debtor").update(address="Phường Ba Đình")

    services.case_update(
        user=clerk_hanoi,
        case=hanoi_case,
        changes={"debtor": hanoi_case.debtor, "notes": "x"},
        reason="",
    )

    assert hanoi_case.parties.get(role="debtor").address == "Phường Ba Đình"


def test_case_list_queries_do_not_grow_with_parties(
    world, clerk_hanoi, django_assert_max_num_queries
):
    for _ in range(3):
        EnforcementCaseFactory(unit=world.hanoi_agency)
    client = _client(clerk_hanoi)
    client.get(CHANGELIST)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST).status_code == 200
    for _ in range(20):
        case = EnforcementCaseFactory(unit=world.hanoi_agency)
        CaseParty.objects.create(case=case, role="debtor", name="Thêm", position=1)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200
