"""Every emulation admin page opens for an administrator; the cluster form keeps its rules."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from emulation.models import Cluster
from tests.emulation.factories import award, locked_result

pytestmark = pytest.mark.django_db

MODELS = ["movement", "cluster", "pact", "indicatorresult", "title", "titleaward", "initiative"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_administrator_opens_the_list_and_the_add_form(model, cluster_world, administrator):
    locked_result(cluster_world.danang, cluster_world.documents, 10)
    award("advanced_worker", [2024], person=cluster_world.danang.people.first())
    client = _client(administrator)

    assert client.get(reverse(f"admin:emulation_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:emulation_{model}_add")).status_code == 200


def test_administrator_opens_a_cluster_and_its_pact(cluster_world, administrator):
    client = _client(administrator)

    cluster_page = client.get(
        reverse("admin:emulation_cluster_change", args=[cluster_world.cluster.pk])
    )
    pact_page = client.get(reverse("admin:emulation_pact_change", args=[cluster_world.pact.pk]))

    assert cluster_world.hanoi.name in cluster_page.content.decode()
    assert cluster_world.documents.name in pact_page.content.decode()


def test_cluster_form_refuses_a_head_outside_the_members(world, hanoi_department, administrator):
    response = _client(administrator).post(
        reverse("admin:emulation_cluster_add"),
        {
            "year": "2024",
            "kind": "cluster",
            "name": "Cụm mới",
            "head": world.danang_department.pk,
            "deputy_head": "",
            "decision_number": "1/QĐ",
            "decision_date": "15/01/2024",
            "decided_by": "",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-unit": hanoi_department.pk,
            "members-0-statistics_unit": "",
        },
    )

    assert response.status_code == 200
    assert "phải là thành viên của cụm" in response.content.decode()
    assert not Cluster.objects.exists()


def test_cluster_form_creates_a_cluster_with_its_members(world, hanoi_department, administrator):
    response = _client(administrator).post(
        reverse("admin:emulation_cluster_add"),
        {
            "year": "2024",
            "kind": "cluster",
            "name": "Cụm mới",
            "head": world.danang_department.pk,
            "deputy_head": hanoi_department.pk,
            "decision_number": "1/QĐ",
            "decision_date": "15/01/2024",
            "decided_by": "Bộ trưởng",
            "members-TOTAL_FORMS": "2",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-unit": hanoi_department.pk,
            "members-0-statistics_unit": "",
            "members-1-unit": world.danang_department.pk,
            "members-1-statistics_unit": "",
        },
    )

    assert response.status_code == 302
    cluster = Cluster.objects.get()
    assert set(cluster.members.values_list("unit__code", flat=True)) == {"STP-DN", "STP-HN"}
