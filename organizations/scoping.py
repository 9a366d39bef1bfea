"""Unit scoping: which units a user may see or act on, and the queryset base of scoped models.

A permission holds only within the units of the membership that grants it: a user who is a
clerk of one city and a leader at the ministry may read every unit (the leader's view
permissions) but change the cases of their city only (the clerk's). Every scope question is
therefore asked for one permission, ``app_label.codename``; the scope of a permission is the
units of the memberships whose role grants it, and all their descendants. A membership in a
ministry-level unit (or a superuser) covers every unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_CACHE_ATTRIBUTE = "_organizations_unit_scopes"
_ANY_PERMISSION = ""


def unit_scope_ids(
    user: AbstractBaseUser | AnonymousUser, permission: str | None = None
) -> frozenset[int] | None:
    """Return the ids of the units where the user holds the permission, or None for every unit.

    Without a permission, the units of all the user's memberships (what they may be shown
    at all). The answers are cached on the user object, which lives for one request.
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
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _compute_scope(
    user: AbstractBaseUser | AnonymousUser, permission: str | None
) -> frozenset[int] | None:
    # The models build on this module's queryset base: they are looked up, not imported.
    Membership = apps.get_model("organizations", "Membership")
    Unit = apps.get_model("organizations", "Unit")
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    memberships = Membership.objects.filter(user=user)
    if permission:
        app_label, _dot, codename = permission.partition(".")
        # A role is the group of its name (``sync_roles``): the permission's roles are the
        # groups that hold it.
        memberships = memberships.filter(
            role__in=models.Subquery(_groups_with_permission(app_label, codename).values("name"))
        )
    roots = list(memberships.values_list("unit_id", "unit__kind"))
    if any(kind == Unit.Kind.MINISTRY for _unit_id, kind in roots):
        return None
    if not roots:
        return frozenset()
    # The unit tree is small (hundreds of rows nationally): walk it in memory once.
    children: dict[int, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    seen: set[int] = set()
    pending = [unit_id for unit_id, _kind in roots]
    while pending:
        unit_id = pending.pop()
        if unit_id in seen:
            continue
        seen.add(unit_id)
        pending.extend(children.get(unit_id, ()))
    return frozenset(seen)


def _groups_with_permission(app_label: str, codename: str) -> models.QuerySet:
    from django.contrib.auth.models import Group

    return Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    )


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
