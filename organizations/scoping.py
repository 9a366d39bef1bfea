"""Unit scoping: which units a user may see or act on, and the queryset base of scoped models.

A permission holds only within the units of the membership that grants it: a user who is a
clerk of one city and a leader at the ministry may read every unit (the leader's view
permissions) but change the cases of their city only (the clerk's). Every scope question is
therefore asked for one permission, ``app_label.codename``; the scope of a permission is the
units of the memberships whose role grants it, and all their descendants. A membership in a
ministry-level unit (or a superuser) covers every unit.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_CACHE_ATTRIBUTE = "_organizations_unit_scopes"
_BASIS_ATTRIBUTE = "_organizations_scope_basis"
_ANY_PERMISSION = ""


@dataclasses.dataclass(frozen=True)
class _Basis:
    """What every scope of one user is computed from, read once per user object (request)."""

    # (unit, role, unit kind) of each membership.
    memberships: tuple[tuple[int, str, str], ...]
    # Each of the user's roles → the permissions its group holds ("app_label.codename").
    permissions: dict[str, frozenset[str]]

    @functools.cached_property
    def children(self) -> dict[int | None, list[int]]:
        """Return the unit tree, parent id → ids of its children; read only when walked.

        Small (hundreds of rows nationally). A scope of every unit (a ministry membership)
        or of none needs no walk.
        """
        Unit = apps.get_model("organizations", "Unit")
        children: dict[int | None, list[int]] = {}
        for unit_id, parent_id in Unit.objects.order_by().values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(unit_id)
        return children


def unit_scope_ids(
    user: AbstractBaseUser | AnonymousUser, permission: str | None = None
) -> frozenset[int] | None:
    """Return the ids of the units where the user holds the permission, or None for every unit.

    Without a permission, the units of all the user's memberships (what they may be shown
    at all). The answers are cached on the user object, which lives for one request; so is
    what they are computed from (the memberships, their roles' permissions and the unit
    tree, at most three queries), however many permissions a page asks about.
    """
    cache: dict[str, frozenset[int] | None] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTRIBUTE, cache)
    key = permission or _ANY_PERMISSION
    if key not in cache:
        cache[key] = _compute_scope(user, permission)
    return cache[key]


def unit_in_scope(
    user: AbstractBaseUser | AnonymousUser, unit_id: int | None, permission: str | None = None
) -> bool:
    """Tell whether the user holds the permission in the unit (without one: sees the unit)."""
    scope = unit_scope_ids(user, permission)
    return scope is None or unit_id in scope


def has_unit_permission(
    user: AbstractBaseUser | AnonymousUser, permission: str, unit_id: int | None
) -> bool:
    """Tell whether the active user holds the permission through a membership covering the unit."""
    return bool(user.is_active and user.has_perm(permission)) and unit_in_scope(
        user, unit_id, permission
    )


def view_permission(model: type[models.Model]) -> str:
    """Return the model's view permission, ``app_label.view_modelname``."""
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def forget_unit_scope(user: AbstractBaseUser | AnonymousUser) -> None:
    """Drop the cached scopes after the user's memberships change."""
    for attribute in (_CACHE_ATTRIBUTE, _BASIS_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _basis(user: AbstractBaseUser) -> _Basis:
    basis: _Basis | None = getattr(user, _BASIS_ATTRIBUTE, None)
    if basis is not None:
        return basis
    # The models build on this module's queryset base: they are looked up, not imported.
    Membership = apps.get_model("organizations", "Membership")
    Group = apps.get_model("auth", "Group")
    memberships = tuple(
        Membership.objects.filter(user=user).values_list("unit_id", "role", "unit__kind")
    )
    # A role is the group of its name (``sync_roles``): its permissions are the group's.
    permissions: dict[str, set[str]] = {role: set() for _unit, role, _kind in memberships}
    granted = Group.objects.filter(
        name__in=list(permissions), permissions__isnull=False
    ).values_list("name", "permissions__content_type__app_label", "permissions__codename")
    for role, app_label, codename in granted:
        permissions[role].add(f"{app_label}.{codename}")
    basis = _Basis(memberships, {role: frozenset(codes) for role, codes in permissions.items()})
    setattr(user, _BASIS_ATTRIBUTE, basis)
    return basis


def _compute_scope(
    user: AbstractBaseUser | AnonymousUser, permission: str | None
) -> frozenset[int] | None:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    basis = _basis(user)
    roots = [
        (unit_id, kind)
        for unit_id, role, kind in basis.memberships
        if not permission or permission in basis.permissions.get(role, ())
    ]
    Unit = apps.get_model("organizations", "Unit")
    if any(kind == Unit.Kind.MINISTRY for _unit_id, kind in roots):
        return None
    if not roots:
        return frozenset()
    seen: set[int] = set()
    pending = [unit_id for unit_id, _kind in roots]
    while pending:
        unit_id = pending.pop()
        if unit_id in seen:
            continue
        seen.add(unit_id)
        pending.extend(basis.children.get(unit_id, ()))
    return frozenset(seen)


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a unit; ``scope_field`` names the path to it."""

    scope_field = "unit"

    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, permission: str | None = None
    ) -> Self:
        """Return the rows in units where the user holds the permission (default: view)."""
        scope = unit_scope_ids(user, permission or view_permission(self.model))
        if scope is None:
            return self
        return self.filter(**{f"{self.scope_field}__in": scope})
