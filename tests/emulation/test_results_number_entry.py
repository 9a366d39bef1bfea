"""Indicator results typed the Vietnamese way (5,6; 6.200) are stored as meant."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from emulation.models import IndicatorResult


def _post(client: Client, cluster_world, value: str):
    return client.post(
        reverse("admin:emulation_indicatorresult_add"),
        {
            "unit": cluster_world.danang.pk,
            "criterion": cluster_world.documents.pk,
            "numerator": "",
            "denominator": "",
            "value": value,
            "evidence": "Báo cáo năm",
        },
    )


@pytest.mark.django_db
def test_a_count_typed_with_a_group_dot_is_stored_whole(cluster_world, officer_danang):
    client = Client()
    client.force_login(officer_danang)

    response = _post(client, cluster_world, "6.200")

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert IndicatorResult.objects.get().value == Decimal(6200)


@pytest.mark.django_db
def test_a_count_typed_with_a_decimal_comma_is_refused_not_read_as_56(
    cluster_world, officer_danang
):
    client = Client()
    client.force_login(officer_danang)

    response = _post(client, cluster_world, "5,6")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["value"]
    assert not IndicatorResult.objects.exists()
