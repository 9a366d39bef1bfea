"""Roles are groups made by code, idempotently; memberships grant them and the unit scope."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from organizations.models import Membership, Person
from organizations.roles import Role
from organizations.scoping import unit_scope_ids
from organizations.services import (
    membership_change,
    membership_grant,
    membership_revoke,
    sync_roles,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_syncing_roles_twice_changes_nothing():
    first = sync_roles()
    permissions_before = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }

    second = sync_roles()

    assert first == second
    assert Group.objects.filter(name__in=[role.value for role in Role]).count() == len(Role)
    assert permissions_before == {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }


def test_sync_restores_a_permission_removed_by_hand():
    group = Group.objects.get(name=Role.EMULATION_OFFICER)
    group.permissions.clear()

    sync_roles()

    assert group.permissions.filter(codename="change_person").exists()


def test_leader_only_reads(leader):
    assert leader.has_perm("organizations.view_person")
    assert not leader.has_perm("organizations.change_person")
    assert not leader.has_perm("organizations.add_unit")


def test_administrator_manages_units_and_users(administrator):
    assert administrator.has_perm("organizations.change_unit")
    assert administrator.has_perm("organizations.add_membership")
    assert administrator.has_perm("auth.change_user")


def test_clerk_reads_people_but_keeps_no_staff_list(clerk_danang):
    assert clerk_danang.has_perm("organizations.view_person")
    assert not clerk_danang.has_perm("organizations.change_person")


def test_membership_grant_gives_the_group(world):
    user = UserFactory(username="new.clerk")

    membership_grant(user=user, unit=world.hanoi_agency, role=Role.ENFORCEMENT_CLERK)

    assert user.groups.filter(name=Role.ENFORCEMENT_CLERK).exists()


def test_revoking_the_last_membership_of_a_role_takes_the_group_away(world):
    user = UserFactory(username="leaving.clerk")
    first = membership_grant(user=user, unit=world.hanoi_agency, role=Role.ENFORCEMENT_CLERK)
    second = membership_grant(user=user, unit=world.danang_agency, role=Role.ENFORCEMENT_CLERK)

    membership_revoke(membership=first)
    still_clerk = user.groups.filter(name=Role.ENFORCEMENT_CLERK).exists()
    membership_revoke(membership=second)

    assert still_clerk
    assert not user.groups.filter(name=Role.ENFORCEMENT_CLERK).exists()
    assert not Membership.objects.filter(user=user).exists()


def test_changing_a_membership_role_swaps_the_groups(world):
    user = UserFactory(username="moving")
    membership = membership_grant(user=user, unit=world.hanoi_agency, role=Role.ENFORCEMENT_CLERK)

    membership_change(membership=membership, unit=world.danang_agency, role=Role.LEADER)

    assert set(user.groups.values_list("name", flat=True)) == {Role.LEADER}


def test_scope_is_the_membership_units_and_their_descendants(world, clerk_hanoi):
    assert unit_scope_ids(clerk_hanoi) == {world.hanoi_agency.pk, world.hanoi_office.pk}


def test_ministry_membership_sees_every_unit(world, leader):
    assert unit_scope_ids(leader) is None
    assert Person.objects.for_user(leader).count() == Person.objects.count()


def test_user_without_membership_sees_nothing(world):
    user = UserFactory(username="no.role")

    assert Person.objects.for_user(user).count() == 0


def test_inactive_user_sees_nothing(world, clerk_hanoi):
    clerk_hanoi.is_active = False

    assert Person.objects.for_user(clerk_hanoi).count() == 0
