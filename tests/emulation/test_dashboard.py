"""The officer's indicator results still to enter, on the home page."""

from __future__ import annotations

import pytest
from django.test import Client

from emulation.models import IndicatorResult
from emulation.selectors import results_to_enter_block
from tests.emulation.factories import IndicatorResultFactory

pytestmark = pytest.mark.django_db


def test_officer_sees_the_criteria_their_unit_has_not_submitted(cluster_world, officer_danang):
    IndicatorResultFactory(
        unit=cluster_world.danang,
        criterion=cluster_world.documents,
        status=IndicatorResult.Status.SUBMITTED,
    )
    draft = IndicatorResultFactory(
        unit=cluster_world.danang,
        criterion=cluster_world.access,
        status=IndicatorResult.Status.DRAFT,
    )

    [block] = results_to_enter_block(officer_danang)

    assert block.count == 1
    assert "Xã đạt chuẩn tiếp cận pháp luật" in block.items[0].label
    assert block.items[0].url.endswith(f"/{draft.pk}/change/")
    assert "2024" in str(block.title)


def test_another_units_missing_results_are_not_the_officers(
    cluster_world, officer_danang, officer_hanoi
):
    [danang] = results_to_enter_block(officer_danang)
    [hanoi] = results_to_enter_block(officer_hanoi)

    assert danang.count == 2
    assert hanoi.count == 2
    assert all(cluster_world.hanoi.display_name not in item.note for item in danang.items)


def test_the_items_open_pages_the_officer_may_use(cluster_world, officer_danang):
    client = Client()
    client.force_login(officer_danang)
    [block] = results_to_enter_block(officer_danang)

    assert client.get(block.url).status_code == 200
    assert client.get(block.items[0].url).status_code == 200
    assert 'id="block-results_to_enter" data-count="2"' in client.get("/").content.decode()


def test_a_clerk_has_no_results_to_enter(cluster_world, clerk_danang):
    assert results_to_enter_block(clerk_danang) == []
