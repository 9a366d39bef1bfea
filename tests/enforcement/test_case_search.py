"""Case search: every searched field, scoped, found at once after a service or a bulk write."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from enforcement import search, services
from enforcement.admin.cases import EnforcementCaseAdmin
from enforcement.models import (
    CaseSearchBacklog,
    CaseSearchText,
    Eligibility,
    EnforcementCase,
    Initiation,
    Status,
)
from enforcement.services.copying import CASE_COLUMNS, bulk_insert, reserve_ids
from organizations.models import Unit
from organizations.scoping import unit_scope_ids
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")
DAY = datetime.date(2024, 6, 1)


def _found(user, term: str) -> set[str]:
    # As the admin searches: the cases of the user's scope, the index told its units.
    units = unit_scope_ids(user, "enforcement.view_enforcementcase")
    cases = search.search_cases(EnforcementCase.objects.for_user(user), term, units=units)
    return set(cases.values_list("decision_number", flat=True))


def _bulk_write(unit: Unit, debtors: list[str]) -> list[int]:
    """Write cases as a bulk import does, without search text; return their ids."""
    ids = reserve_ids(EnforcementCase, len(debtors))
    day = connection.ops.adapt_datefield_value(DAY)
    values = {
        "unit_id": unit.pk,
        "issuing_agency_id": unit.pk,
        "decision_date": day,
        "accepted_on": day,
        "judgment": "Bản án số 9/2024/KDTM-ST",
        "judgment_kind": "civil",
        "initiation": Initiation.ON_REQUEST,
        "creditor": "",
        "amount_due": 1_000_000,
        "amount_recovered": 0,
        "eligibility": Eligibility.ELIGIBLE,
        "status": Status.IN_PROGRESS,
        "closed_on": None,
        "state_changed_on": day,
        "previous_status": "",
        "previous_eligibility": "",
        "previous_state_changed_on": None,
        "entrusted_to_id": None,
        "notes": "",
        "enforcer_id": None,
        "enforcer_since": None,
    }
    rows = [
        tuple(
            {**values, "id": pk, "decision_number": f"B{pk}/QĐ", "debtor": debtor}[column]
            for column in CASE_COLUMNS
        )
        for pk, debtor in zip(ids, debtors, strict=True)
    ]
    bulk_insert(EnforcementCase, CASE_COLUMNS, rows)
    return ids


@pytest.mark.parametrize(
    ("field", "value", "term"),
    [
        ("decision_number", "515/QĐ-CTHADS", "515/QĐ-cthads"),
        ("debtor", "Phạm Thị Thảo", "thị thảo"),
        ("creditor", "Công ty TNHH Hòa Bình", "hòa bình"),
        ("judgment", "Bản án số 42/2023/HNGĐ-PT", "42/2023/hngĐ"),
    ],
)
def test_clerk_finds_case_by_each_searched_field_ignoring_case(
    world, clerk_hanoi, field, value, term
):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="OTHER")
    case = EnforcementCaseFactory(unit=world.hanoi_agency, **{field: value})

    assert _found(clerk_hanoi, term) == {case.decision_number}


def test_search_ignores_diacritics_both_ways(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="1/QĐ", debtor="Lê Văn Nợ")
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="2/QĐ", debtor="Le Van No")

    assert _found(clerk_hanoi, "lê văn nợ") == {"1/QĐ", "2/QĐ"}
    assert _found(clerk_hanoi, "le van no") == {"1/QĐ", "2/QĐ"}
    assert _found(clerk_hanoi, "lê văn nở") == {"1/QĐ", "2/QĐ"}
    assert _found(clerk_hanoi, "lê văn na") == set()


def test_typed_without_accents_finds_the_vietnamese_name(world, clerk_hanoi):
    EnforcementCaseFactory(
        unit=world.hanoi_agency, decision_number="7/QĐ-CTHADS", debtor="Hoàng Thị Trung"
    )
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="8/QĐ", debtor="Hoàng Văn Nam")

    assert _found(clerk_hanoi, "hoang thi trung") == {"7/QĐ-CTHADS"}
    assert _found(clerk_hanoi, "HOANG THI") == {"7/QĐ-CTHADS"}
    assert _found(clerk_hanoi, "7/qd-cthads") == {"7/QĐ-CTHADS"}


def test_decomposed_letters_are_found_as_composed_ones(world, clerk_hanoi):
    # Text pasted from some systems spells "ễ" as "e", a circumflex and a tilde.
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ðào")
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="1/QĐ", debtor=decomposed)

    assert _found(clerk_hanoi, "nguyễn thị đào") == {"1/QĐ"}
    assert _found(clerk_hanoi, "nguyen thi dao") == {"1/QĐ"}


def test_search_ignores_case_of_vietnamese_letters(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="1/QĐ", debtor="Đặng Ánh")

    assert _found(clerk_hanoi, "ĐẶNG ánh") == {"1/QĐ"}
    assert _found(clerk_hanoi, "1/qđ") == {"1/QĐ"}


def test_exact_then_whole_name_matches_come_first(world, clerk_hanoi):
    day = datetime.date(2024, 1, 1)
    # The newest case first in the list's own order: each would come first without the rank.
    cases = {
        "words apart": ("4/QĐ", "An Nguyễn Văn", day.replace(month=4)),
        "whole words": ("3/QĐ", "Công ty Nguyễn An", day.replace(month=3)),
        "exact": ("2/QĐ", "Nguyễn An", day.replace(month=2)),
    }
    for decision_number, debtor, accepted_on in cases.values():
        EnforcementCaseFactory(
            unit=world.hanoi_agency,
            decision_number=decision_number,
            debtor=debtor,
            accepted_on=accepted_on,
        )
    found = search.search_cases(
        EnforcementCase.objects.for_user(clerk_hanoi).order_by("-accepted_on"), "nguyen an"
    )

    assert [(case.decision_number, case.search_rank) for case in found] == [
        ("2/QĐ", 0),
        ("3/QĐ", 1),
        ("4/QĐ", 2),
    ]


def test_an_exact_decision_number_comes_first_and_a_longer_number_is_not_found(world, clerk_hanoi):
    for number, month in (("15/QĐ", 1), ("15/QĐ-CTHADS", 5), ("115/QĐ", 9)):
        EnforcementCaseFactory(
            unit=world.hanoi_agency,
            decision_number=number,
            accepted_on=datetime.date(2024, month, 1),
        )

    found = search.search_cases(EnforcementCase.objects.for_user(clerk_hanoi), "15/qd")

    # "15/qd" stands at the start of a word of "15/QĐ-CTHADS", not of "115/QĐ".
    assert list(found.values_list("decision_number", flat=True)) == ["15/QĐ", "15/QĐ-CTHADS"]


def test_a_word_typed_is_found_as_a_whole_word(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="1/QĐ", debtor="Vũ Hoàng")
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="2/QĐ", debtor="Trần Khoa")
    EnforcementCaseFactory(
        unit=world.hanoi_agency, decision_number="3/QĐ", debtor="Lê Thị Hoa", creditor="An-Phú"
    )

    assert _found(clerk_hanoi, "hoa") == {"3/QĐ"}
    assert _found(clerk_hanoi, "hoang") == {"1/QĐ"}
    assert _found(clerk_hanoi, "an phu") == {"3/QĐ"}
    assert _found(clerk_hanoi, "oa") == set()
    # Typed punctuation alone starts no word; typed before a word, it is found as typed.
    assert _found(clerk_hanoi, "-") == set()
    assert _found(clerk_hanoi, "-phú") == {"3/QĐ"}
    assert _found(clerk_hanoi, "/qđ") == {"1/QĐ", "2/QĐ", "3/QĐ"}


def test_every_word_must_match_and_a_quoted_phrase_stays_whole(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="1/QĐ", debtor="Văn Nợ Lê")
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="2/QĐ", debtor="Lê Văn Nợ")

    assert _found(clerk_hanoi, "nợ lê") == {"1/QĐ", "2/QĐ"}
    assert _found(clerk_hanoi, '"lê văn"') == {"2/QĐ"}
    assert _found(clerk_hanoi, "nợ xyz") == set()


def test_a_word_does_not_match_across_two_fields(world, clerk_hanoi):
    EnforcementCaseFactory(
        unit=world.hanoi_agency, decision_number="9/QĐ", debtor="Lê Văn Nợ", creditor="An"
    )

    assert _found(clerk_hanoi, "nợan") == set()
    assert _found(clerk_hanoi, '"nợ\nan"') == set()


def test_clerk_never_finds_case_of_another_city(world, clerk_hanoi, hanoi_case, danang_case):
    assert _found(clerk_hanoi, "Trần Thị Đà") == set()
    assert _found(clerk_hanoi, "QĐ-CTHADS") == {hanoi_case.decision_number}


def test_case_opened_through_service_is_found_at_once(world, clerk_hanoi):
    services.case_open(
        user=clerk_hanoi,
        unit=world.hanoi_agency,
        decision_number="88/QĐ-CTHADS",
        decision_date=DAY,
        accepted_on=DAY,
        judgment="Bản án số 3/2024/DS-ST",
        initiation=Initiation.ON_REQUEST,
        debtor="Đỗ Thị Mới",
        creditor="Ngân hàng Nông nghiệp",
        eligibility=Eligibility.ELIGIBLE,
    )

    assert _found(clerk_hanoi, "Đỗ thị mới") == {"88/QĐ-CTHADS"}
    assert _found(clerk_hanoi, "nông nghiệp") == {"88/QĐ-CTHADS"}


def test_corrected_case_is_found_by_its_new_text_and_not_its_old(world, clerk_hanoi, hanoi_case):
    services.case_update(
        user=clerk_hanoi,
        case=hanoi_case,
        changes={"debtor": "Nguyễn Văn Đúng", "judgment": "Bản án số 77/2024/DS-PT"},
    )

    assert _found(clerk_hanoi, "văn Đúng") == {hanoi_case.decision_number}
    assert _found(clerk_hanoi, "77/2024") == {hanoi_case.decision_number}
    assert _found(clerk_hanoi, "văn nợ") == set()


def test_bulk_written_cases_are_found_before_and_after_their_indexing(
    world, clerk_hanoi, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        ids = _bulk_write(world.hanoi_agency, ["Vũ Thị Chờ", "Hồ Văn Đợi"])
        search.defer_indexing(search.id_ranges(ids))

    assert not CaseSearchText.objects.filter(case_id__in=ids).exists()
    assert _found(clerk_hanoi, "vũ thị chờ") == {f"B{ids[0]}/QĐ"}
    assert _found(clerk_hanoi, "vu thi cho") == {f"B{ids[0]}/QĐ"}
    assert _found(clerk_hanoi, "9/2024/kdtm") == {f"B{ids[0]}/QĐ", f"B{ids[1]}/QĐ"}

    for callback in callbacks:  # the background task, enqueued on commit
        callback()

    assert not CaseSearchBacklog.objects.exists()
    fields = [f"B{ids[1]}/QD", "HO VAN DOI", "", "BAN AN SO 9/2024/KDTM-ST"]
    assert CaseSearchText.objects.get(pk=ids[1]).text == "\n".join(fields)
    assert _found(clerk_hanoi, "vũ thị chờ") == {f"B{ids[0]}/QĐ"}
    assert _found(clerk_hanoi, "vu thi cho") == {f"B{ids[0]}/QĐ"}


def test_clerk_never_finds_pending_case_of_another_city(
    world, clerk_hanoi, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(), transaction.atomic():
        ids = _bulk_write(world.danang_agency, ["Vũ Thị Chờ"])
        search.defer_indexing([(ids[0], ids[0])])

    assert _found(clerk_hanoi, "vũ thị chờ") == set()


@pytest.mark.django_db(transaction=True)
def test_defer_indexing_refuses_to_run_outside_a_transaction():
    # In autocommit the ranges would be indexed, and forgotten, before their cases exist.
    with pytest.raises(transaction.TransactionManagementError):
        search.defer_indexing([(1, 2)])

    assert not CaseSearchBacklog.objects.exists()


def test_backlog_is_indexed_a_chunk_per_transaction(world, monkeypatch):
    monkeypatch.setattr(search, "CHUNK", 2)
    with transaction.atomic():
        ids = _bulk_write(world.hanoi_agency, ["A", "B", "C", "D", "E"])
        CaseSearchBacklog.objects.create(first_id=ids[0], last_id=ids[-1])

    assert search.index_backlog() == 5
    assert not CaseSearchBacklog.objects.exists()
    assert CaseSearchText.objects.filter(case_id__in=ids).count() == 5


def test_id_ranges_join_consecutive_ids():
    assert search.id_ranges([7, 3, 4, 5, 9, 8, 12]) == [(3, 5), (7, 9), (12, 12)]
    assert search.id_ranges([]) == []


def test_admin_changelist_search_returns_the_matching_rows(
    world, clerk_hanoi, hanoi_case, django_capture_on_commit_callbacks
):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="77/QĐ", debtor="Lê Văn Khác")
    with django_capture_on_commit_callbacks(), transaction.atomic():
        ids = _bulk_write(world.hanoi_agency, ["Nguyễn Văn Nợ Mới"])
        search.defer_indexing([(ids[0], ids[0])])
    client = Client()
    client.force_login(clerk_hanoi)

    response = client.get(CHANGELIST, {"q": "nguyễn văn nợ"})

    cases = set(response.context["cl"].result_list.values_list("decision_number", flat=True))
    assert cases == {hanoi_case.decision_number, f"B{ids[0]}/QĐ"}


def test_index_case_search_all_rebuilds_every_text(world, clerk_hanoi, hanoi_case):
    CaseSearchText.objects.all().delete()
    out = io.StringIO()

    call_command("index_case_search", "--all", stdout=out)

    assert "1 cases" in out.getvalue()
    assert _found(clerk_hanoi, "văn nợ") == {hanoi_case.decision_number}


def test_index_case_search_indexes_the_backlog(world, clerk_hanoi):
    with transaction.atomic():
        ids = _bulk_write(world.hanoi_agency, ["Vũ Thị Chờ"])
        CaseSearchBacklog.objects.create(first_id=ids[0], last_id=ids[0])
    out = io.StringIO()

    call_command("index_case_search", stdout=out)

    assert "1 cases" in out.getvalue()
    assert not CaseSearchBacklog.objects.exists()
    assert CaseSearchText.objects.filter(case_id=ids[0]).exists()


def test_admin_changelist_lists_the_exact_debtor_first(world, clerk_hanoi):
    EnforcementCaseFactory(
        unit=world.hanoi_agency,
        decision_number="9/QĐ",
        debtor="Hoàng Thị Trung Anh",
        accepted_on=datetime.date(2024, 9, 1),
    )
    EnforcementCaseFactory(
        unit=world.hanoi_agency,
        decision_number="1/QĐ",
        debtor="Hoàng Thị Trung",
        accepted_on=datetime.date(2024, 1, 1),
    )
    client = Client()
    client.force_login(clerk_hanoi)

    response = client.get(CHANGELIST, {"q": "hoang thi trung"})

    listed = [case.decision_number for case in response.context["cl"].result_list]
    assert listed == ["1/QĐ", "9/QĐ"]
    assert response.context["cl"].result_count == 2


def test_a_search_finding_too_many_cases_keeps_the_lists_order(world, clerk_hanoi, monkeypatch):
    monkeypatch.setattr(search, "RANKED_AT_MOST", 1)
    EnforcementCaseFactory(
        unit=world.hanoi_agency,
        decision_number="2/QĐ",
        debtor="Lê An Bình",
        accepted_on=datetime.date(2024, 2, 1),
    )
    EnforcementCaseFactory(
        unit=world.hanoi_agency,
        decision_number="1/QĐ",
        debtor="Lê An",
        accepted_on=datetime.date(2024, 1, 1),
    )
    queryset = EnforcementCase.objects.for_user(clerk_hanoi).order_by("-accepted_on")

    found = search.search_cases(queryset, "le an")

    assert list(found.values_list("decision_number", flat=True)) == ["2/QĐ", "1/QĐ"]


def _numbered_cases(unit: Unit, debtor: str, days: list[tuple[int, int, int]]) -> None:
    # One case a day, numbered in order: decision "n/QĐ", debtor "<debtor> n".
    for number, day in enumerate(days):
        EnforcementCaseFactory(
            unit=unit,
            decision_number=f"{number}/QĐ",
            debtor=f"{debtor} {number}",
            accepted_on=datetime.date(*day),
        )


def test_a_search_past_the_cap_checks_each_walked_cases_own_text(world, clerk_hanoi, monkeypatch):
    # Past the cap the list walks its cases in its own order and checks each one's text: a
    # check run per case, never a join PostgreSQL could start from every text holding a
    # common word (8 s for "Công ty TNHH" over ten million cases).
    monkeypatch.setattr(search, "RANKED_AT_MOST", 1)
    _numbered_cases(
        world.hanoi_agency, "Công ty TNHH Hải Long", [(2024, 1, 5), (2024, 3, 1), (2024, 2, 2)]
    )
    EnforcementCaseFactory(unit=world.hanoi_agency, debtor="Công ty cổ phần Minh An")
    EnforcementCaseFactory(unit=world.danang_agency, debtor="Công ty TNHH Đà Giang")
    queryset = EnforcementCase.objects.for_user(clerk_hanoi).order_by("-accepted_on", "-id")

    found = search.search_cases_counted(queryset, "cong ty tnhh", count_at_most=1)

    # Counted up to one past the cap of 1.
    assert found.count == 2 and found.in_list_order is None
    assert list(found.cases.values_list("decision_number", flat=True)) == ["1/QĐ", "2/QĐ", "0/QĐ"]
    if connection.vendor == "postgresql":
        plan = found.cases.explain()
        assert "SubPlan" in plan and "Join" not in plan, plan


def test_a_list_of_many_cases_found_reads_each_page_by_its_ids_in_the_lists_order(
    world, clerk_hanoi, monkeypatch
):
    # Too many to rank, few enough to read by their ids: the search sorts their ids once and
    # each page of the list reads its own cases; the rows are those of the list's order.
    monkeypatch.setattr(search, "RANKED_AT_MOST", 1)
    monkeypatch.setattr(EnforcementCaseAdmin, "list_per_page", 2)
    days = [(2024, 3, 1), (2024, 1, 5), (2024, 3, 1), (2023, 12, 9), (2024, 2, 2)]
    _numbered_cases(world.hanoi_agency, "Lê Văn Hùng", days)
    EnforcementCaseFactory(unit=world.danang_agency, debtor="Lê Văn Hùng")
    EnforcementCaseFactory(unit=world.hanoi_agency, debtor="Trần Thị Mai")
    expected = list(
        EnforcementCase.objects.filter(debtor__startswith="Lê Văn Hùng", unit=world.hanoi_agency)
        .order_by("-accepted_on", "-id")
        .values_list("decision_number", flat=True)
    )
    client = Client()
    client.force_login(clerk_hanoi)

    listed = []
    for page in (1, 2, 3):
        response = client.get(CHANGELIST, {"q": "le van hung", "p": page})
        changelist = response.context["cl"]
        assert changelist.paginator.known_order is not None
        assert changelist.result_count == 5
        listed += [case.decision_number for case in changelist.result_list]
    assert listed == expected == ["2/QĐ", "0/QĐ", "4/QĐ", "1/QĐ", "3/QĐ"]
    # The ids are sorted as the case list sorts its cases.
    assert tuple(EnforcementCase._meta.ordering) == search.LIST_ORDER
    # A page past the last, or no number at all, is refused as any list's.
    for page in ("4", "0", "-1"):
        response = client.get(CHANGELIST, {"q": "le van hung", "p": page})
        assert response.status_code == 302 and "e=1" in response["Location"]

    # Sorted by another column, the list reads its cases in that order, not by the ids.
    response = client.get(CHANGELIST, {"q": "le van hung", "o": "1"})
    changelist = response.context["cl"]
    assert changelist.paginator.known_order is None
    by_number = sorted(expected)
    assert [case.decision_number for case in changelist.result_list] == by_number[:2]


def test_postgresql_finds_the_texts_through_the_words_index(world, clerk_hanoi):
    if connection.vendor != "postgresql":
        pytest.skip("the index of the texts' words is PostgreSQL's (migration 0036)")
    EnforcementCaseFactory(unit=world.hanoi_agency, debtor="Phạm Thu Thảo")
    texts = search._matching_texts(["PHAM", "THU", "THAO"], [world.hanoi_agency.pk])

    with transaction.atomic(), connection.cursor() as cursor:
        # A few rows are read faster without an index: make the plan show whether it can.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = texts.explain()

    # The expression searched must be the index's, character for character, or the index
    # is silently never used.
    assert "enforcement_case_search_words" in plan
    assert texts.count() == 1


def _text_unit(case: EnforcementCase) -> int:
    return CaseSearchText.objects.get(case_id=case.pk).unit_id


def test_the_search_text_follows_its_case_to_another_unit(world, administrator):
    # Entrusted to another office, and moved by raw SQL: the database's trigger copies the
    # case's new unit to its text either way.
    from tests.factories import UnitFactory

    office = UnitFactory(
        code="THADS-HN-KV9",
        name="Phòng THADS khu vực 9 – Hà Nội",
        kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
        parent=world.hanoi_agency,
    )
    case = EnforcementCaseFactory(
        unit=world.hanoi_office, debtor="Phùng Thị Lụa", accepted_on=datetime.date(2025, 2, 1)
    )
    assert _text_unit(case) == world.hanoi_office.pk

    services.case_entrust(
        user=administrator, case=case, on=datetime.date(2025, 8, 1), to_unit=office
    )
    assert _text_unit(case) == office.pk
    EnforcementCase.objects.filter(pk=case.pk).update(unit=world.danang_agency)
    assert _text_unit(case) == world.danang_agency.pk

    danang = search.search_cases(
        EnforcementCase.objects.all(), "phung thi lua", units=[world.danang_agency.pk]
    )
    hanoi = search.search_cases(
        EnforcementCase.objects.all(), "phung thi lua", units=[office.pk, world.hanoi_office.pk]
    )
    assert list(danang) == [case] and not hanoi.exists()


def test_the_clerks_search_reads_only_the_texts_of_the_clerks_units(
    world, clerk_hanoi, leader, hanoi_case
):
    # A text filed under another unit (as no write leaves one) is passed over by the search
    # of a clerk, whose units are named in it; a leader's search, over every unit, reads it.
    CaseSearchText.objects.filter(case_id=hanoi_case.pk).update(unit_id=world.danang_agency.pk)

    def listed(user) -> list[str]:
        client = Client()
        client.force_login(user)
        response = client.get(CHANGELIST, {"q": hanoi_case.debtor})
        return [case.decision_number for case in response.context["cl"].result_list]

    assert listed(clerk_hanoi) == []
    assert listed(leader) == [hanoi_case.decision_number]


def test_the_unit_trigger_is_installed():
    # On SQLite a migration rebuilding the case table drops it: that migration must create
    # it again (see migration 0036).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        installed = {name for (name,) in cursor.fetchall()}

    assert "enforcement_case_search_unit" in installed


def test_a_word_ending_with_a_star_finds_the_words_it_starts(world, clerk_hanoi):
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="1/QĐ", debtor="Nguyễn Thị Ngà")
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="2/QĐ", debtor="Ngô Văn Nguy")
    EnforcementCaseFactory(unit=world.hanoi_agency, decision_number="3/QĐ", debtor="Trần Văn Nam")

    assert _found(clerk_hanoi, "nguy") == {"2/QĐ"}
    assert _found(clerk_hanoi, "nguy*") == {"1/QĐ", "2/QĐ"}
    assert _found(clerk_hanoi, "ng* thi") == {"1/QĐ"}
    assert _found(clerk_hanoi, "thi ng*") == {"1/QĐ"}
    # One letter before the star would read half the index: the word is taken whole.
    assert _found(clerk_hanoi, "n*") == set()
    assert _found(clerk_hanoi, "1/q*") == set()
    assert _found(clerk_hanoi, "1/qd*") == {"1/QĐ"}


def test_the_index_query_names_the_words_typed_and_a_small_scopes_units(monkeypatch):
    monkeypatch.setattr(search, "UNITS_IN_QUERY_AT_MOST", 3)

    assert search.words_query(["PHAM", "THU"]) == "'PHAM' & 'THU'"
    assert (
        search.words_query(["15/QD", "NGUY*"], [9, 2]) == "'15' & 'QD' & 'NGUY':* & ('u2' | 'u9')"
    )
    # A wide scope's units are left to the queryset's own filter.
    assert search.words_query(["AN"], [1, 2, 3, 4]) == "'AN'"
    # Nothing typed reaches the query's syntax: quotes and operators are not words.
    assert search.words_query(["O'BRIEN&|!:*"]) == "'O' & 'BRIEN'"


def test_past_the_cap_the_list_walks_its_cases_checking_each_text(world, clerk_hanoi, monkeypatch):
    # The path of a common word in a whole city: more cases found than the count's cap.
    monkeypatch.setattr(search, "RANKED_AT_MOST", 1)
    for number, (debtor, month) in enumerate(
        [("Lê Hoa", 1), ("Công ty Lê Hoa", 3), ("Lê Văn Hoa", 2), ("Lê Hoàng", 4)]
    ):
        EnforcementCaseFactory(
            unit=world.hanoi_agency,
            decision_number=f"{number}/QĐ",
            debtor=debtor,
            accepted_on=datetime.date(2024, month, 1),
        )
    EnforcementCaseFactory(unit=world.danang_agency, decision_number="9/QĐ", debtor="Lê Hoa")
    queryset = EnforcementCase.objects.for_user(clerk_hanoi).order_by("-accepted_on")
    units = unit_scope_ids(clerk_hanoi, "enforcement.view_enforcementcase")

    walked, counted, _ = search.search_cases_counted(
        queryset, "le hoa", units=units, count_at_most=1
    )
    by_ids, all_counted, _ = search.search_cases_counted(
        queryset, "le hoa", units=units, count_at_most=5
    )

    # Both in the list's own order; neither finds "Lê Hoàng" nor the other city's case.
    assert list(walked.values_list("decision_number", flat=True)) == ["1/QĐ", "2/QĐ", "0/QĐ"]
    assert counted == 2  # the cap and one more: "more than 1"
    assert list(by_ids.values_list("decision_number", flat=True)) == ["1/QĐ", "2/QĐ", "0/QĐ"]
    assert all_counted == 3


def test_a_word_longer_than_any_text_holds_finds_nothing_without_an_error(
    world, clerk_hanoi, hanoi_case
):
    # PostgreSQL refuses a query word over 2,047 bytes: pasted junk must not answer 500.
    client = Client()
    client.force_login(clerk_hanoi)

    response = client.get(CHANGELIST, {"q": f"{hanoi_case.debtor} {'A' * 3000}"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
