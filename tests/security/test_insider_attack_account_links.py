"""Only an administrator whose membership covers every unit links staff records to accounts.

User accounts are the whole sector's, and who is whom decides who may judge a nomination.
Reproduced as the administrator of Đà Nẵng's agency who also reviews at the ministry: they
unlinked their own staff record from their account before a colleague submitted a
nomination naming them, and the nomination no longer recognised them as its nominee.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from organizations.models import Person
from organizations.roles import Role
from organizations.services import membership_grant, person_link_account
from tests.conftest import World
from tests.factories import PersonFactory, make_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator_and_reviewer(world: World) -> AbstractUser:
    user = make_persona("p.admin.dn.reviewer", world.danang_agency, Role.ADMINISTRATOR)
    membership_grant(user=user, unit=world.ministry, role=Role.REVIEWER)
    return user


def test_city_administrator_cannot_unlink_their_own_staff_record(world, administrator_and_reviewer):
    own = PersonFactory(unit=world.danang_agency, user=administrator_and_reviewer)

    with pytest.raises(PermissionDenied):
        person_link_account(person=own, user=None, by=administrator_and_reviewer)

    assert Person.objects.get(pk=own.pk).user == administrator_and_reviewer


def test_city_administrator_does_not_see_the_account_field(world, administrator_and_reviewer):
    client = Client()
    client.force_login(administrator_and_reviewer)

    page = client.get(reverse("admin:organizations_person_change", args=[world.danang_person.pk]))

    assert page.status_code == 200
    assert "user" not in page.context["adminform"].form.fields


def test_administrator_at_the_ministry_still_links_accounts(world, administrator, leader):
    linked = person_link_account(person=world.hanoi_person, user=leader, by=administrator)

    assert linked.user == leader
