"""Legal grounds: a catalogue of the law's articles that status changes record and count by."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from enforcement import services
from enforcement.models import (
    CaseEvent,
    Eligibility,
    EnforcementCase,
    GroundAction,
    LegalGround,
    Status,
)
from enforcement.selectors import Period, enforcement_statistics
from organizations.roles import Role
from tests.conftest import make_persona
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground
from tests.factories import ensure_reference_data

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 1)
CHANGELIST = reverse("admin:enforcement_enforcementcase_changelist")


@pytest.fixture(autouse=True)
def catalogue() -> None:
    # A transactional test elsewhere may have emptied the seeded tables.
    ensure_reference_data()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _postpone(user, case, ground):
    return services.case_postpone(user=user, case=case, on=DAY, ground=ground)


def _suspend(user, case, ground):
    return services.case_suspend(user=user, case=case, on=DAY, ground=ground)


def _terminate(user, case, ground):
    return services.case_terminate(user=user, case=case, on=DAY, ground=ground)


def _not_eligible(user, case, ground):
    return services.case_set_eligibility(
        user=user, case=case, eligibility=Eligibility.NOT_ELIGIBLE, on=DAY, ground=ground
    )


# Each grounded change, a ground that fits it and one that does not.
CHANGES = [
    pytest.param(_postpone, "48.1.c", "50.1.a", id="postpone"),
    pytest.param(_suspend, "49.2", "48.1.a", id="suspend"),
    pytest.param(_terminate, "50.1.c", "49.1", id="terminate"),
    pytest.param(_not_eligible, "44a.1.a", "48.1.b", id="not_eligible"),
]


def _reclassified(code: str, classification: str) -> LegalGround:
    ground = legal_ground(code)
    ground.classification = classification
    ground.save()
    return ground


def _unchanged(case: EnforcementCase) -> None:
    stored = EnforcementCase.objects.get(pk=case.pk)
    assert (stored.status, stored.eligibility, stored.ground) == (
        Status.IN_PROGRESS,
        Eligibility.ELIGIBLE,
        None,
    )
    assert list(stored.events.values_list("kind", flat=True)) == ["opened"]


def test_seeded_catalogue_holds_the_four_articles_of_the_law():
    grounds = LegalGround.objects.all()
    by_article = {}
    for ground in grounds:
        by_article.setdefault(ground.code.split(".")[0], set()).add(ground.action)

    assert by_article == {
        "44a": {GroundAction.NOT_ELIGIBLE},
        "48": {GroundAction.POSTPONEMENT},
        "49": {GroundAction.SUSPENSION},
        "50": {GroundAction.TERMINATION},
    }
    assert set(
        grounds.filter(classification=Eligibility.NOT_ELIGIBLE).values_list("action", flat=True)
    ) == {GroundAction.NOT_ELIGIBLE}
    assert all("Thi hành án dân sự" in ground.law for ground in grounds)
    assert legal_ground("48.1.đ") != legal_ground("48.1.d")
    assert legal_ground("49.2").provision == "khoản 2 Điều 49"


@pytest.mark.parametrize(("change", "fitting", "unfitting"), CHANGES)
def test_a_change_without_a_ground_is_refused_and_writes_nothing(
    clerk_hanoi, hanoi_case, change, fitting, unfitting
):
    with pytest.raises(ValidationError, match="Hãy chọn căn cứ pháp lý của việc"):
        change(clerk_hanoi, hanoi_case, None)

    _unchanged(hanoi_case)


@pytest.mark.parametrize(("change", "fitting", "unfitting"), CHANGES)
def test_a_ground_of_another_action_is_refused_and_writes_nothing(
    clerk_hanoi, hanoi_case, change, fitting, unfitting
):
    with pytest.raises(
        ValidationError, match=f"Căn cứ {unfitting} là căn cứ .*, không phải căn cứ"
    ):
        change(clerk_hanoi, hanoi_case, legal_ground(unfitting))

    _unchanged(hanoi_case)


@pytest.mark.parametrize(("change", "fitting", "unfitting"), CHANGES)
def test_a_ground_no_longer_in_use_is_refused_and_writes_nothing(
    clerk_hanoi, hanoi_case, change, fitting, unfitting
):
    ground = legal_ground(fitting)
    ground.is_active = False
    ground.save()

    with pytest.raises(ValidationError, match="không còn được áp dụng"):
        change(clerk_hanoi, hanoi_case, ground)

    _unchanged(hanoi_case)


@pytest.mark.parametrize(("change", "fitting", "unfitting"), CHANGES)
def test_the_ground_is_stored_on_the_event_and_the_case(
    clerk_hanoi, hanoi_case, change, fitting, unfitting
):
    change(clerk_hanoi, hanoi_case, legal_ground(fitting))

    hanoi_case.refresh_from_db()
    assert hanoi_case.ground == legal_ground(fitting)
    assert hanoi_case.events.order_by("id").last().ground == legal_ground(fitting)


def test_resuming_clears_the_ground_and_keeps_the_previous(clerk_hanoi, hanoi_case):
    _postpone(clerk_hanoi, hanoi_case, legal_ground("48.1.c"))

    services.case_resume(user=clerk_hanoi, case=hanoi_case, on=DAY + datetime.timedelta(5))

    hanoi_case.refresh_from_db()
    assert (hanoi_case.ground, hanoi_case.previous_ground) == (None, legal_ground("48.1.c"))
    assert hanoi_case.events.get(kind=CaseEvent.Kind.RESUMED).ground is None


def test_becoming_eligible_ends_a_not_eligible_ground_but_not_a_postponement(
    clerk_hanoi, hanoi_case
):
    _not_eligible(clerk_hanoi, hanoi_case, legal_ground("44a.1.a"))
    services.case_set_eligibility(
        user=clerk_hanoi, case=hanoi_case, eligibility=Eligibility.ELIGIBLE, on=DAY
    )
    hanoi_case.refresh_from_db()
    assert hanoi_case.ground is None

    _postpone(clerk_hanoi, hanoi_case, legal_ground("48.1.c"))
    _not_eligible(clerk_hanoi, hanoi_case, legal_ground("44a.1.c"))
    services.case_set_eligibility(
        user=clerk_hanoi, case=hanoi_case, eligibility=Eligibility.ELIGIBLE, on=DAY
    )
    hanoi_case.refresh_from_db()
    assert (hanoi_case.status, hanoi_case.ground) == (Status.POSTPONED, None)


def test_completing_a_postponed_case_clears_its_ground(clerk_hanoi, hanoi_case):
    _postpone(clerk_hanoi, hanoi_case, legal_ground("48.1.c"))
    services.case_resume(user=clerk_hanoi, case=hanoi_case, on=DAY)
    services.case_complete(user=clerk_hanoi, case=hanoi_case, on=DAY)

    hanoi_case.refresh_from_db()
    assert (hanoi_case.status, hanoi_case.ground) == (Status.COMPLETED, None)


def _lines(world, months: int = 12):
    return enforcement_statistics(units=[world.hanoi_agency], period=Period(2024, months))


def test_a_case_on_a_ground_classified_not_eligible_counts_in_line_7(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency)
    ground = _reclassified("48.1.b", Eligibility.NOT_ELIGIBLE)

    _postpone(clerk_hanoi, case, ground)

    lines = _lines(world).rows[0].cases
    assert case.eligibility == Eligibility.ELIGIBLE
    assert (lines.not_eligible, lines.postponed, lines.eligible) == (1, 0, 0)


def test_a_case_on_a_ground_classified_eligible_counts_by_its_status(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, eligibility=Eligibility.NOT_ELIGIBLE)

    _postpone(clerk_hanoi, case, legal_ground("48.1.c"))

    lines = _lines(world).rows[0].cases
    assert (lines.not_eligible, lines.postponed) == (0, 1)


def test_a_case_marked_not_eligible_on_a_ground_counts_in_line_7(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency)

    _not_eligible(clerk_hanoi, case, legal_ground("44a.1.a"))

    lines = _lines(world).rows[0].cases
    assert (lines.not_eligible, lines.in_progress) == (1, 0)


def test_a_past_period_counts_by_the_ground_the_case_had_then(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, accepted_on=datetime.date(2024, 1, 10))
    ground = _reclassified("48.1.b", Eligibility.NOT_ELIGIBLE)
    services.case_postpone(user=clerk_hanoi, case=case, on=datetime.date(2024, 2, 1), ground=ground)
    services.case_resume(user=clerk_hanoi, case=case, on=datetime.date(2024, 8, 1))

    # Changed once since the end of March (previous state on the row), and twice since
    # the end of January (state read from the events).
    march = _lines(world, 6).rows[0].cases
    january = _lines(world, 4).rows[0].cases
    year = _lines(world).rows[0].cases
    assert (march.not_eligible, march.postponed) == (1, 0)
    assert (january.not_eligible, january.in_progress) == (0, 1)
    assert (year.not_eligible, year.in_progress) == (0, 1)
    services.case_complete(user=clerk_hanoi, case=case, on=datetime.date(2024, 9, 1))
    march = _lines(world, 6).rows[0].cases
    assert (march.not_eligible, march.postponed) == (1, 0)


def test_cases_without_a_ground_count_by_their_eligibility_as_before(world):
    EnforcementCaseFactory(unit=world.hanoi_agency, eligibility=Eligibility.NOT_ELIGIBLE)
    EnforcementCaseFactory(unit=world.hanoi_agency, status=Status.POSTPONED)

    lines = _lines(world).rows[0].cases

    assert (lines.not_eligible, lines.postponed) == (1, 1)


def _action(client: Client, action: str, case: EnforcementCase, **fields):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "01/06/2024",
            "note": "",
            "reason": "",
            **fields,
        },
        follow=True,
    )


def test_the_postpone_action_offers_only_postponement_grounds(clerk_hanoi, hanoi_case):
    response = _client(clerk_hanoi).post(
        CHANGELIST, {"action": "postpone", "_selected_action": [hanoi_case.pk]}
    )

    offered = {choice.code for choice in response.context["form"].fields["ground"].queryset}
    assert offered == set(
        LegalGround.objects.filter(action=GroundAction.POSTPONEMENT).values_list("code", flat=True)
    )
    assert "48.1.c" in response.content.decode()


def test_the_ground_select_keeps_within_the_form_however_long_the_grounds(clerk_hanoi, hanoi_case):
    response = _client(clerk_hanoi).post(
        CHANGELIST, {"action": "postpone", "_selected_action": [hanoi_case.pk]}
    )

    assert '<select name="ground" class="long-choices"' in response.content.decode()


def test_the_postpone_action_records_the_ground(clerk_hanoi, hanoi_case):
    ground = legal_ground("48.1.c")

    _action(_client(clerk_hanoi), "postpone", hanoi_case, ground=ground.pk)

    hanoi_case.refresh_from_db()
    assert (hanoi_case.status, hanoi_case.ground) == (Status.POSTPONED, ground)
    assert hanoi_case.events.get(kind=CaseEvent.Kind.POSTPONED).ground == ground


def test_the_not_eligible_action_records_the_ground(clerk_hanoi, hanoi_case):
    ground = legal_ground("44a.1.c")

    _action(_client(clerk_hanoi), "mark_not_eligible", hanoi_case, ground=ground.pk)

    hanoi_case.refresh_from_db()
    assert (hanoi_case.eligibility, hanoi_case.ground) == (Eligibility.NOT_ELIGIBLE, ground)


def test_the_action_refuses_a_ground_of_another_action(clerk_hanoi, hanoi_case):
    response = _action(
        _client(clerk_hanoi), "terminate", hanoi_case, ground=legal_ground("48.1.c").pk
    )

    assert response.context["form"].errors["ground"]
    hanoi_case.refresh_from_db()
    assert hanoi_case.status == Status.IN_PROGRESS


def test_case_page_and_history_show_the_ground(clerk_hanoi, hanoi_case):
    _postpone(clerk_hanoi, hanoi_case, legal_ground("48.1.c"))
    client = _client(clerk_hanoi)

    page = client.get(reverse("admin:enforcement_enforcementcase_change", args=[hanoi_case.pk]))
    history = client.get(reverse("admin:enforcement_enforcementcase_history", args=[hanoi_case.pk]))

    assert "48.1.c" in page.content.decode()
    assert "48.1.c" in history.content.decode()


def test_city_administrator_cannot_change_the_catalogue(world):
    city_administrator = make_persona("p.admin.dn", world.danang_agency, Role.ADMINISTRATOR)
    ground = legal_ground("48.1.c")
    url = reverse("admin:enforcement_legalground_change", args=[ground.pk])

    posted = _client(city_administrator).post(url, {"classification": "not_eligible"})

    assert posted.status_code == 403
    ground.refresh_from_db()
    assert ground.classification == Eligibility.ELIGIBLE


def test_administrator_at_the_ministry_changes_the_catalogue_with_history(administrator):
    ground = legal_ground("48.1.c")
    url = reverse("admin:enforcement_legalground_change", args=[ground.pk])
    data = {
        "code": ground.code,
        "provision": ground.provision,
        "law": ground.law,
        "description": ground.description,
        "action": ground.action,
        "classification": Eligibility.NOT_ELIGIBLE,
        "order": ground.order,
        "is_active": "on",
    }

    response = _client(administrator).post(url, data)

    assert response.status_code == 302
    ground.refresh_from_db()
    assert ground.classification == Eligibility.NOT_ELIGIBLE
    assert ground.history.latest().history_user == administrator
