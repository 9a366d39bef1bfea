"""Roles as groups and the memberships that grant them."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from organizations.models import (
    Membership,
    Unit,
)
from organizations.roles import ALL_PERMISSIONS, Role
from organizations.scoping import forget_unit_scope


def role_permission_codes() -> dict[str, set[str]]:
    """Gather ``app_label.codename`` per role from every app's ``role_permissions``."""
    wanted: dict[str, set[str]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        declared: dict[str, Iterable[str]] = getattr(config, "role_permissions", {})
        for role, codes in declared.items():
            for code in codes:
                if code == ALL_PERMISSIONS:
                    wanted[role].update(
                        f"{config.label}.{codename}"
                        for codename in Permission.objects.filter(
                            content_type__app_label=config.label
                        ).values_list("codename", flat=True)
                    )
                else:
                    wanted[role].add(code if "." in code else f"{config.label}.{code}")
    return wanted


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create or update one group per role with exactly its declared permissions.

    Idempotent: run after every migration and by ``manage.py sync_roles``.
    Returns the number of permissions per role.
    """
    # Permissions exist only once their models' content types do.
    ContentType.objects.clear_cache()
    by_code = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    counts: dict[str, int] = {}
    for role, codes in role_permission_codes().items():
        group, _created = Group.objects.get_or_create(name=role)
        permission_ids = [by_code[code] for code in sorted(codes) if code in by_code]
        group.permissions.set(permission_ids)
        counts[role] = len(permission_ids)
    return counts


@transaction.atomic
def membership_grant(*, user: AbstractUser, unit: Unit, role: str) -> Membership:
    """Give the user a role in a unit, and the role's group."""
    membership, _created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    forget_unit_scope(user)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, unit: Unit, role: str) -> Membership:
    """Move a membership to another unit or role, keeping groups in step."""
    user = membership.user
    old_role = membership.role
    membership.unit = unit
    membership.role = role
    membership.full_clean()
    membership.save()
    _drop_group_if_unused(user=user, role=old_role)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    forget_unit_scope(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    """Remove a membership; the role's group goes when no other membership needs it."""
    user = membership.user
    role = membership.role
    membership.delete()
    _drop_group_if_unused(user=user, role=role)
    forget_unit_scope(user)


def _drop_group_if_unused(*, user: AbstractUser, role: str) -> None:
    if not Membership.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=role))
