"""A cluster's members read its pact; only the head's (or the ministry's) administrators change it.

Reproduced as the administrator of Hà Nội's department, a member of a cluster that Đà Nẵng
heads: the cluster's and its pact's change forms saved, so one member could change every
member's criteria, targets and points, or make itself the head. A member's units let it
read the cluster; they do not let it write it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from emulation.models import Cluster, Pact
from organizations.roles import Role
from tests.emulation import conftest as emulation_fixtures
from tests.factories import make_persona

pytestmark = pytest.mark.django_db

# The emulation tests' cluster of two departments: Đà Nẵng heads it, Hà Nội is a member.
cluster_world = emulation_fixtures.cluster_world


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_administrator(cluster_world) -> AbstractUser:
    return make_persona("p.admin.hn", cluster_world.hanoi, Role.ADMINISTRATOR)


def test_administrator_of_a_member_unit_reads_but_cannot_change_the_clusters_pact(
    cluster_world, member_administrator
):
    url = reverse("admin:emulation_pact_change", args=[cluster_world.pact.pk])
    name = cluster_world.pact.name

    page = _client(member_administrator).get(url)
    posted = _client(member_administrator).post(url, {"name": "Giao ước đã sửa"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert posted.status_code == 403
    assert Pact.objects.get(pk=cluster_world.pact.pk).name == name


def test_administrator_of_a_member_unit_cannot_make_their_unit_the_head(
    cluster_world, member_administrator
):
    url = reverse("admin:emulation_cluster_change", args=[cluster_world.cluster.pk])

    posted = _client(member_administrator).post(url, {"head": cluster_world.hanoi.pk})

    assert posted.status_code == 403
    assert Cluster.objects.get(pk=cluster_world.cluster.pk).head == cluster_world.danang


def test_administrator_of_the_head_unit_still_changes_the_pact(cluster_world):
    head_administrator = make_persona("p.admin.dn", cluster_world.danang, Role.ADMINISTRATOR)
    url = reverse("admin:emulation_pact_change", args=[cluster_world.pact.pk])

    page = _client(head_administrator).get(url)

    assert 'name="_save"' in page.content.decode()
