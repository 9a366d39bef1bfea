"""Reads of organizations: what a user may do across the whole sector."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from organizations.scoping import unit_scope_ids

# Adding and changing units: held everywhere, they shape the whole tree.
UNIT_PERMISSIONS = ("organizations.add_unit", "organizations.change_unit")


def may_shape_every_unit(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Tell whether the user adds and changes every unit (an administrator at the ministry)."""
    return all(
        user.is_active and user.has_perm(permission) and unit_scope_ids(user, permission) is None
        for permission in UNIT_PERMISSIONS
    )


def may_link_accounts(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Tell whether the user may link staff records to user accounts (administrators only).

    Accounts are the whole sector's: only an administrator whose membership covers every
    unit links them, not the administrator of one city's units.
    """
    permission = "auth.change_user"
    return bool(user.is_active and user.has_perm(permission)) and (
        unit_scope_ids(user, permission) is None
    )
