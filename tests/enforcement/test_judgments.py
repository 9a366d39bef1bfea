"""A case's judgments and the court catalogue with the 2025 regional courts."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from enforcement import services
from enforcement.models import Court, EnforcementCase, Judgment
from enforcement.services import COURTS_CSV, courts_load, today
from tests.enforcement.factories import EnforcementCaseFactory

pytestmark = pytest.mark.django_db

ACCEPTED = datetime.date(2025, 10, 14)


@pytest.fixture
def case(world) -> EnforcementCase:
    return EnforcementCaseFactory(
        unit=world.hanoi_agency,
        decision_number="46/QĐ-THADS",
        decision_date=ACCEPTED,
        accepted_on=ACCEPTED,
        state_changed_on=ACCEPTED,
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(case: EnforcementCase, judgments: list[dict], **changes) -> dict:
    """The case page's POST: the case as stored, its parties unchanged, these judgments."""
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
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
        "judgments-TOTAL_FORMS": str(len(judgments)),
        "judgments-INITIAL_FORMS": "0",
    }
    for index, judgment in enumerate(judgments):
        data.update({f"judgments-{index}-{name}": value for name, value in judgment.items()})
    data.update(changes)
    return data


def _judgment(court: Court, issued_on: str, number: str = "07/2025/DS-ST", **fields) -> dict:
    return {
        "kind": "judgment",
        "number": number,
        "issued_on": issued_on,
        "court": court.pk,
        "instance": "first",
        **fields,
    }


def _post(user, case: EnforcementCase, data: dict):
    with translation.override("en"):
        return _client(user).post(
            reverse("admin:enforcement_enforcementcase_change", args=[case.pk]),
            data,
            headers={"accept-language": "en"},
        )


def test_the_catalogue_holds_the_regional_court_of_the_register():
    court = Court.objects.get(code="TAND-NA-KV7")

    assert court.name == "Tòa án nhân dân khu vực 7 - Nghệ An"
    assert str(court) == "TAND KV7 - NA"
    assert court.kind == Court.Kind.REGIONAL
    assert court.valid_from == datetime.date(2025, 7, 1)
    assert Court.objects.filter(kind=Court.Kind.PROVINCIAL).count() == 34
    assert Court.objects.filter(kind=Court.Kind.HIGH, valid_to=datetime.date(2025, 6, 30)).count()


def test_clerk_records_first_instance_and_appeal_apart(clerk_hanoi, case):
    regional = Court.objects.get(code="TAND-NA-KV7")
    provincial = Court.objects.get(code="TAND-NA")

    response = _post(
        clerk_hanoi,
        case,
        _form(
            case,
            [
                _judgment(regional, "15/08/2025"),
                _judgment(provincial, "30/09/2025", number="12/2025/DS-PT", instance="appeal"),
            ],
        ),
    )

    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "errorlist" in line
    ]
    assert list(case.judgments.values_list("number", "instance", "court__code")) == [
        ("07/2025/DS-ST", "first", "TAND-NA-KV7"),
        ("12/2025/DS-PT", "appeal", "TAND-NA"),
    ]


def test_a_judgment_dated_in_the_future_is_refused_and_nothing_changes(clerk_hanoi, case):
    future = (today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")

    response = _post(
        clerk_hanoi,
        case,
        _form(case, [_judgment(Court.objects.get(code="TAND-NA"), future)], notes="changed"),
    )

    assert response.status_code == 200
    assert "là ngày trong tương lai" in response.content.decode()
    case.refresh_from_db()
    assert case.notes == ""
    assert not case.judgments.exists()


def test_a_judgment_dated_after_the_acceptance_is_refused(clerk_hanoi, case):
    response = _post(
        clerk_hanoi,
        case,
        _form(case, [_judgment(Court.objects.get(code="TAND-NA-KV7"), "20/10/2025")]),
    )

    assert response.status_code == 200
    assert "sau ngày thụ lý" in response.content.decode()
    assert not case.judgments.exists()


def test_the_acceptance_date_corrected_on_the_same_page_counts(clerk_hanoi, case):
    # Accepted earlier than the judgment on the same form: refused, as the case will read.
    response = _post(
        clerk_hanoi,
        case,
        _form(
            case,
            [_judgment(Court.objects.get(code="TAND-NA-KV7"), "10/10/2025")],
            accepted_on="05/10/2025",
            decision_date="05/10/2025",
        ),
    )

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.accepted_on == ACCEPTED
    assert not case.judgments.exists()


def test_a_regional_court_did_not_judge_before_it_existed(clerk_hanoi, case):
    response = _post(
        clerk_hanoi,
        case,
        _form(case, [_judgment(Court.objects.get(code="TAND-NA-KV7"), "15/05/2025")]),
    )

    assert response.status_code == 200
    assert "chưa hoặc không còn tồn tại vào ngày" in response.content.decode()
    assert not case.judgments.exists()


def test_judgment_add_checks_as_the_page_does(case):
    with pytest.raises(ValidationError):
        services.judgment_add(
            case=case,
            kind="judgment",
            number="1/2025/DS-ST",
            issued_on=ACCEPTED + datetime.timedelta(days=1),
            court=Court.objects.get(code="TAND-NA"),
            instance="first",
        )
    assert not Judgment.objects.exists()


def test_clerk_finds_a_court_by_its_short_name_outside_their_units(clerk_hanoi):
    response = _client(clerk_hanoi).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "enforcement",
            "model_name": "judgment",
            "field_name": "court",
            "term": "KV7 - NA",
        },
    )

    assert response.status_code == 200
    found = {result["text"] for result in response.json()["results"]}
    assert "TAND KV7 - NA" in found


def test_loading_the_courts_again_changes_nothing():
    load = courts_load(text=COURTS_CSV.read_text(encoding="utf-8-sig"), source="courts.csv")

    assert load.created == []
    assert load.updated == []
    assert load.unchanged == Court.objects.count()


def test_a_bad_court_row_refuses_the_whole_load(tmp_path):
    text = (
        "code,name,short_name,kind,province,valid_from,valid_to\n"
        "NEW-1,Tòa án mới,,regional,Nghệ An,2025-07-01,\n"
        "NEW-2,,,county,Nghệ An,01/07/2025,\n"
    )
    path = tmp_path / "courts.csv"
    path.write_text(text, encoding="utf-8")

    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("load_courts", file=path, stdout=io.StringIO())

    message = str(refused.value)
    assert "line 3" in message
    assert not Court.objects.filter(code__startswith="NEW-").exists()


def test_clerk_opens_a_case_with_its_judgment_on_one_page(world, clerk_hanoi):
    client = _client(clerk_hanoi)
    add = reverse("admin:enforcement_enforcementcase_add")
    assert client.get(add).status_code == 200
    court = Court.objects.get(code="TAND-HN-KV3")

    response = client.post(
        add,
        {
            "unit": world.hanoi_agency.pk,
            "decision_number": "244/QĐ-THADS",
            "decision_date": "11/10/2025",
            "accepted_on": "11/10/2025",
            "judgment": "Bản án số: 07/2025/HNGĐ-ST",
            "judgment_kind": "marriage_family",
            "initiation": "on_request",
            "debtor": "Hoàng Đình Lâm",
            "creditor": "Nguyễn Thị Thuý",
            "amount_due": "1.000.000",
            "eligibility": "eligible",
            "notes": "",
            "reason": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "judgments-TOTAL_FORMS": "1",
            "judgments-INITIAL_FORMS": "0",
            **{
                f"judgments-0-{name}": value
                for name, value in _judgment(court, "15/08/2025", "07/2025/HNGĐ-ST").items()
            },
        },
    )

    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "errorlist" in line
    ]
    case = EnforcementCase.objects.get(decision_number="244/QĐ-THADS")
    assert list(case.judgments.values_list("number", "court__code")) == [
        ("07/2025/HNGĐ-ST", "TAND-HN-KV3")
    ]
    assert case.parties.count() == 2


def test_a_refused_judgment_opens_no_case(world, clerk_hanoi):
    response = _client(clerk_hanoi).post(
        reverse("admin:enforcement_enforcementcase_add"),
        {
            "unit": world.hanoi_agency.pk,
            "decision_number": "245/QĐ-THADS",
            "decision_date": "11/10/2025",
            "accepted_on": "11/10/2025",
            "judgment": "Bản án",
            "judgment_kind": "civil",
            "initiation": "on_request",
            "debtor": "Hoàng Đình Lâm",
            "creditor": "",
            "amount_due": "0",
            "eligibility": "eligible",
            "notes": "",
            "reason": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "judgments-TOTAL_FORMS": "1",
            "judgments-INITIAL_FORMS": "0",
            **{
                f"judgments-0-{name}": value
                for name, value in _judgment(
                    Court.objects.get(code="TAND-HN"), "12/10/2025"
                ).items()
            },
        },
    )

    assert response.status_code == 200
    assert not EnforcementCase.objects.filter(decision_number="245/QĐ-THADS").exists()
