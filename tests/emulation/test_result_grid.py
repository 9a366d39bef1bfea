"""One unit's results for every criterion of its pact, typed in one grid and saved at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from emulation.admin.result_grid import grid_rows, stored_figures
from emulation.models import IndicatorResult

pytestmark = pytest.mark.django_db


def _url(unit, pact) -> str:
    return reverse("admin:emulation_indicatorresult_grid", args=[unit.pk, pact.pk])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _grid(documents: str = "", numerator: str = "", denominator: str = "") -> dict[str, str]:
    """Return the grid's POST: row 0 is the count criterion, row 1 the percentage."""
    return {
        "grid-TOTAL_FORMS": "2",
        "grid-INITIAL_FORMS": "0",
        "grid-MIN_NUM_FORMS": "0",
        "grid-MAX_NUM_FORMS": "2",
        "grid-0-value": documents,
        "grid-1-numerator": numerator,
        "grid-1-denominator": denominator,
    }


def _as_shown(unit, pact) -> dict[str, str]:
    """Return the stored figures each row of the page carries, as a browser posts them back."""
    return {
        f"grid-{index}-seen": stored_figures(row.result)
        for index, row in enumerate(grid_rows(unit, pact))
    }


def test_officer_enters_every_criterion_of_the_pact_in_one_save(cluster_world, officer_danang):
    client = _client(officer_danang)

    response = client.post(
        _url(cluster_world.danang, cluster_world.pact), _grid("1.234", "96", "1.000")
    )

    assert response.status_code == 302
    results = {
        result.criterion_id: result
        for result in IndicatorResult.objects.filter(unit=cluster_world.danang)
    }
    assert results[cluster_world.documents.pk].value == Decimal(1234)
    access = results[cluster_world.access.pk]
    assert (access.numerator, access.denominator, access.value) == (
        Decimal(96),
        Decimal(1000),
        Decimal("9.60"),
    )
    assert {result.entered_by for result in results.values()} == {officer_danang}


def test_the_grid_lists_each_criterion_with_tab_order_down_the_column(
    cluster_world, officer_danang
):
    response = _client(officer_danang).get(_url(cluster_world.danang, cluster_world.pact))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Thẩm định dự thảo văn bản" in page and "Xã đạt chuẩn tiếp cận pháp luật" in page
    # Two rows: numerators 1-2, denominators 3-4, values 5-6, then the save button.
    assert 'name="grid-1-numerator"' in page and 'tabindex="2"' in page
    assert 'name="grid-1-denominator"' in page and 'tabindex="4"' in page
    assert 'name="grid-0-value"' in page and 'tabindex="5"' in page
    assert 'tabindex="7"' in page
    assert "js/result-grid.js" in page
    assert 'data-number="decimal"' in page


def test_a_bad_figure_saves_nothing_and_keeps_what_was_typed(cluster_world, officer_danang):
    client = _client(officer_danang)

    response = client.post(
        _url(cluster_world.danang, cluster_world.pact), _grid("1.234", "96", "1.2,3")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="1.234"' in page and 'value="1.2,3"' in page
    assert response.context["grid"].forms[1].errors["denominator"]
    assert not IndicatorResult.objects.exists()


def test_a_rule_broken_on_one_row_saves_none_of_them(cluster_world, officer_danang):
    client = _client(officer_danang)

    # 5,6 is not a whole count: the percentage typed on the other row is not kept either.
    response = client.post(_url(cluster_world.danang, cluster_world.pact), _grid("5,6", "9", "10"))

    assert response.status_code == 200
    assert response.context["grid"].forms[0].errors
    assert not IndicatorResult.objects.exists()


def test_a_stored_result_is_changed_in_the_grid(cluster_world, officer_danang):
    client = _client(officer_danang)
    url = _url(cluster_world.danang, cluster_world.pact)
    client.post(url, _grid("10"))

    client.post(
        url, {**_grid("12", "1", "2"), **_as_shown(cluster_world.danang, cluster_world.pact)}
    )

    values = dict(
        IndicatorResult.objects.filter(unit=cluster_world.danang).values_list(
            "criterion__number", "value"
        )
    )
    assert values == {1: Decimal(12), 2: Decimal("50.00")}
    assert IndicatorResult.objects.count() == 2


def test_a_figure_saved_by_someone_else_meanwhile_is_not_overwritten(cluster_world, officer_danang):
    client = _client(officer_danang)
    url = _url(cluster_world.danang, cluster_world.pact)
    client.post(url, _grid("10"))
    shown = _as_shown(cluster_world.danang, cluster_world.pact)  # the page as opened
    IndicatorResult.objects.filter(unit=cluster_world.danang).update(value=Decimal(11))

    response = client.post(url, {**_grid("10", "1", "2"), **shown})

    assert response.status_code == 200
    assert "Someone else changed this result" in response.content.decode() or (
        "người khác" in response.content.decode()
    )
    values = dict(
        IndicatorResult.objects.filter(unit=cluster_world.danang).values_list(
            "criterion__number", "value"
        )
    )
    assert values == {1: Decimal(11)}


def test_officer_cannot_open_or_post_the_grid_of_another_citys_unit(cluster_world, officer_danang):
    client = _client(officer_danang)
    url = _url(cluster_world.hanoi, cluster_world.pact)

    assert client.get(url).status_code == 404
    assert client.post(url, _grid("10", "1", "2")).status_code == 404
    assert not IndicatorResult.objects.exists()


def test_a_pact_of_a_cluster_the_unit_is_not_in_is_not_found(
    cluster_world, officer_hanoi, officer_danang
):
    from tests.emulation.factories import CriterionFactory, PactFactory, make_cluster

    other = make_cluster(members=[cluster_world.hanoi], head=cluster_world.hanoi, year=2025)
    pact = PactFactory(cluster=other)
    CriterionFactory(pact=pact, number=1)

    response = _client(officer_danang).post(
        _url(cluster_world.danang, pact),
        {"grid-TOTAL_FORMS": "1", "grid-INITIAL_FORMS": "0", "grid-0-value": "3"},
    )

    assert response.status_code == 404
    assert not IndicatorResult.objects.exists()


def test_a_leader_without_the_entry_permission_is_refused(cluster_world, leader):
    client = _client(leader)

    assert client.get(reverse("admin:emulation_indicatorresult_grids")).status_code == 403
    response = client.post(_url(cluster_world.danang, cluster_world.pact), _grid("10"))
    assert response.status_code == 404
    assert not IndicatorResult.objects.exists()


def test_a_locked_result_cannot_be_changed_through_the_grid(cluster_world, officer_danang):
    client = _client(officer_danang)
    url = _url(cluster_world.danang, cluster_world.pact)
    client.post(url, _grid("10"))
    IndicatorResult.objects.update(status=IndicatorResult.Status.LOCKED, locked_at=timezone.now())

    client.post(url, _grid("99"))

    assert IndicatorResult.objects.get().value == Decimal(10)


def test_a_posted_row_count_other_than_the_pacts_is_refused(cluster_world, officer_danang):
    data = {**_grid("10"), "grid-TOTAL_FORMS": "3", "grid-2-value": "7"}

    response = _client(officer_danang).post(_url(cluster_world.danang, cluster_world.pact), data)

    assert response.status_code == 200
    assert not IndicatorResult.objects.exists()


def test_the_grid_needs_the_csrf_token(cluster_world, officer_danang):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_danang)

    response = client.post(_url(cluster_world.danang, cluster_world.pact), _grid("10"))

    assert response.status_code == 403
    assert not IndicatorResult.objects.exists()


def test_the_grids_are_offered_on_the_home_page_changelist_and_pact(cluster_world, officer_danang):
    client = _client(officer_danang)
    grids = reverse("admin:emulation_indicatorresult_grids")

    index = client.get(grids).content.decode()
    assert _url(cluster_world.danang, cluster_world.pact) in index
    assert _url(cluster_world.hanoi, cluster_world.pact) not in index
    assert grids in client.get(reverse("home")).content.decode()
    changelist = client.get(reverse("admin:emulation_indicatorresult_changelist"))
    assert grids in changelist.content.decode()
    pact_page = client.get(
        reverse("admin:emulation_pact_change", args=[cluster_world.pact.pk])
    ).content.decode()
    assert f"{grids}?pact={cluster_world.pact.pk}" in pact_page
