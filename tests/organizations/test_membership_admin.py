"""Administrators give roles through the admin, which calls the membership services."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from organizations.models import Membership
from organizations.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_adds_a_membership_and_the_user_gets_the_group(world, administrator):
    user = UserFactory(username="new.officer")
    client = Client()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:organizations_membership_add"),
        {"user": user.pk, "unit": world.danang_department.pk, "role": Role.EMULATION_OFFICER},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=user, unit=world.danang_department).exists()
    assert user.groups.filter(name=Role.EMULATION_OFFICER).exists()


def test_administrator_deletes_a_membership_and_the_group_goes(world, administrator, clerk_hanoi):
    membership = Membership.objects.get(user=clerk_hanoi)
    client = Client()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:organizations_membership_delete", args=[membership.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not clerk_hanoi.groups.filter(name=Role.ENFORCEMENT_CLERK).exists()


def test_clerk_cannot_see_memberships(clerk_danang):
    client = Client()
    client.force_login(clerk_danang)

    response = client.get(reverse("admin:organizations_membership_changelist"))

    assert response.status_code == 403
