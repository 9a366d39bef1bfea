"""The results admin: own unit's results to write, the cluster head's view of all, locks hold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from emulation import services
from emulation.models import IndicatorResult

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:emulation_indicatorresult_add")
LIST_URL = reverse("admin:emulation_indicatorresult_changelist")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change_url(result: IndicatorResult) -> str:
    return reverse("admin:emulation_indicatorresult_change", args=[result.pk])


def _submitted(user, unit, criterion, value) -> IndicatorResult:
    result = services.indicator_result_create(
        user=user, unit=unit, criterion=criterion, value=Decimal(value)
    )
    return services.indicator_result_submit(user=user, result=result)


def _form(unit, criterion, **figures) -> dict:
    return {
        "unit": unit.pk,
        "criterion": criterion.pk,
        "numerator": "",
        "denominator": "",
        "value": "",
        "evidence": "Báo cáo năm",
        **figures,
    }


def test_officer_adds_a_percentage_result_for_own_unit(cluster_world, officer_danang):
    response = _client(officer_danang).post(
        ADD_URL, _form(cluster_world.danang, cluster_world.access, numerator="55", denominator="56")
    )

    assert response.status_code == 302
    result = IndicatorResult.objects.get()
    assert (result.unit, result.value, result.entered_by) == (
        cluster_world.danang,
        Decimal("98.21"),
        officer_danang,
    )
    assert result.history.first().history_user == officer_danang


def test_officer_cannot_enter_result_for_another_unit(cluster_world, officer_danang):
    response = _client(officer_danang).post(
        ADD_URL, _form(cluster_world.hanoi, cluster_world.documents, value="100")
    )

    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not IndicatorResult.objects.exists()


def test_add_form_shows_a_value_out_of_range_on_its_field(cluster_world, officer_danang):
    response = _client(officer_danang).post(
        ADD_URL, _form(cluster_world.danang, cluster_world.access, numerator="57", denominator="56")
    )

    errors = response.context["adminform"].form.errors
    assert "numerator" in errors
    assert not IndicatorResult.objects.exists()


def test_add_form_refuses_a_second_result_with_a_clear_message(cluster_world, officer_danang):
    client = _client(officer_danang)
    client.post(ADD_URL, _form(cluster_world.danang, cluster_world.documents, value="72"))

    response = client.post(
        ADD_URL, _form(cluster_world.danang, cluster_world.documents, value="80")
    )

    assert response.status_code == 200
    assert "đã có kết quả" in response.content.decode()
    assert IndicatorResult.objects.get().value == Decimal(72)


def test_cluster_head_officer_sees_every_members_results(
    cluster_world, officer_danang, officer_hanoi
):
    _submitted(officer_hanoi, cluster_world.hanoi, cluster_world.documents, 90)

    content = _client(officer_danang).get(LIST_URL).content.decode()

    assert cluster_world.hanoi.name in content


def test_member_officer_sees_only_own_results(cluster_world, officer_danang, officer_hanoi):
    _submitted(officer_danang, cluster_world.danang, cluster_world.documents, 72)
    _submitted(officer_hanoi, cluster_world.hanoi, cluster_world.documents, 90)

    response = _client(officer_hanoi).get(LIST_URL)

    results = list(response.context["cl"].result_list)
    assert [result.unit for result in results] == [cluster_world.hanoi]


def test_result_of_another_member_answers_404_to_a_member_officer(
    cluster_world, officer_danang, officer_hanoi
):
    result = _submitted(officer_danang, cluster_world.danang, cluster_world.documents, 72)

    assert _client(officer_hanoi).get(_change_url(result)).status_code == 404


def test_cluster_head_officer_reads_a_members_result_but_cannot_change_it(
    cluster_world, officer_danang, officer_hanoi
):
    result = _submitted(officer_hanoi, cluster_world.hanoi, cluster_world.documents, 90)
    client = _client(officer_danang)

    page = client.get(_change_url(result))
    refused = client.post(_change_url(result), {"value": "10", "evidence": ""})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert refused.status_code == 403
    result.refresh_from_db()
    assert result.value == Decimal(90)


def test_locked_result_opens_read_only_and_refuses_changes(cluster_world, officer_danang):
    result = _submitted(officer_danang, cluster_world.danang, cluster_world.documents, 72)
    services.indicator_result_lock(user=officer_danang, result=result)
    client = _client(officer_danang)

    page = client.get(_change_url(result))
    refused = client.post(_change_url(result), {"value": "99", "evidence": ""})

    assert page.context["has_change_permission"] is False
    assert refused.status_code == 403
    result.refresh_from_db()
    assert result.value == Decimal(72)


def test_officer_corrects_an_unlocked_result_of_own_unit(cluster_world, officer_danang):
    result = _submitted(officer_danang, cluster_world.danang, cluster_world.documents, 72)

    response = _client(officer_danang).post(
        _change_url(result), {"numerator": "", "denominator": "", "value": "74", "evidence": "x"}
    )

    assert response.status_code == 302
    result.refresh_from_db()
    assert result.value == Decimal(74)


def test_head_officer_locks_submitted_results_with_the_list_action(
    cluster_world, officer_danang, officer_hanoi
):
    result = _submitted(officer_hanoi, cluster_world.hanoi, cluster_world.documents, 90)

    response = _client(officer_danang).post(
        LIST_URL, {"action": "lock_results", ACTION_CHECKBOX_NAME: [result.pk]}, follow=True
    )

    result.refresh_from_db()
    assert result.is_locked
    assert "1 kết quả đã được khóa" in response.content.decode()


def test_lock_action_of_a_member_officer_locks_nothing_and_says_why(cluster_world, officer_hanoi):
    result = _submitted(officer_hanoi, cluster_world.hanoi, cluster_world.documents, 90)

    response = _client(officer_hanoi).post(
        LIST_URL, {"action": "lock_results", ACTION_CHECKBOX_NAME: [result.pk]}, follow=True
    )

    result.refresh_from_db()
    assert result.status == IndicatorResult.Status.SUBMITTED
    assert "Trưởng cụm" in response.content.decode()


def test_officer_submits_own_drafts_with_the_list_action(cluster_world, officer_danang):
    result = services.indicator_result_create(
        user=officer_danang,
        unit=cluster_world.danang,
        criterion=cluster_world.documents,
        value=Decimal(7),
    )

    _client(officer_danang).post(
        LIST_URL, {"action": "submit_results", ACTION_CHECKBOX_NAME: [result.pk]}
    )

    result.refresh_from_db()
    assert result.status == IndicatorResult.Status.SUBMITTED
    assert result.submitted_by == officer_danang


def test_leader_reads_every_result_but_changes_none(cluster_world, officer_hanoi, leader):
    result = _submitted(officer_hanoi, cluster_world.hanoi, cluster_world.documents, 90)
    client = _client(leader)

    listed = client.get(LIST_URL)
    refused = client.post(_change_url(result), {"value": "1", "evidence": ""})

    assert cluster_world.hanoi.name in listed.content.decode()
    assert refused.status_code == 403
    assert client.get(ADD_URL).status_code == 403


def test_enforcement_clerk_has_no_results_list(cluster_world, clerk_danang):
    assert _client(clerk_danang).get(LIST_URL).status_code == 403


def test_add_form_offers_only_entered_criteria_of_signed_pacts(cluster_world, officer_danang):
    from emulation.models import Criterion
    from tests.emulation.factories import computed_criterion

    computed_criterion(cluster_world.pact, 3, Criterion.Source.CASE_RATIO)

    form = _client(officer_danang).get(ADD_URL).context["adminform"].form

    offered = set(form.fields["criterion"].queryset)
    assert offered == {cluster_world.documents, cluster_world.access}


def test_officer_deletes_own_drafts_but_not_submitted_results(cluster_world, officer_danang):
    draft = services.indicator_result_create(
        user=officer_danang,
        unit=cluster_world.danang,
        criterion=cluster_world.documents,
        value=Decimal(7),
    )
    submitted = services.indicator_result_submit(
        user=officer_danang,
        result=services.indicator_result_create(
            user=officer_danang,
            unit=cluster_world.danang,
            criterion=cluster_world.access,
            numerator=Decimal(55),
            denominator=Decimal(56),
        ),
    )
    client = _client(officer_danang)

    refused = client.post(
        LIST_URL,
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [draft.pk, submitted.pk],
            "post": "yes",
        },
    )
    client.post(
        LIST_URL, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [draft.pk], "post": "yes"}
    )

    assert refused.status_code == 403
    assert list(IndicatorResult.objects.all()) == [submitted]
