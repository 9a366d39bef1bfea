"""Unit scoping: which units a user may see, and the queryset base every scoped model uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_CACHE_ATTRIBUTE = "_organizations_unit_scope"


def unit_scope_ids(user: AbstractBaseUser | AnonymousUser) -> frozenset[int] | None:
    """Return the ids of the units the user may see, or None when they may see every unit.

    The scope is the units of the user's memberships and all their descendants; a
    membership in a ministry-level unit (or a superuser) sees everything. The answer is
    cached on the user object, which lives for one request.
    """
    if hasattr(user, _CACHE_ATTRIBUTE):
        return getattr(user, _CACHE_ATTRIBUTE)
    scope = _compute_scope(user)
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def unit_in_scope(user: AbstractBaseUser | AnonymousUser, unit_id: int | None) -> bool:
    """Tell whether the unit is within the user's scope (their units and descendants)."""
    scope = unit_scope_ids(user)
    return scope is None or unit_id in scope


def forget_unit_scope(user: AbstractBaseUser | AnonymousUser) -> None:
    """Drop the cached scope after the user's memberships change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _compute_scope(user: AbstractBaseUser | AnonymousUser) -> frozenset[int] | None:
    from organizations.models import Membership, Unit

    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    roots = list(Membership.objects.filter(user=user).values_list("unit_id", "unit__kind"))
    if any(kind == Unit.Kind.MINISTRY for _unit_id, kind in roots):
        return None
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


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a unit; ``scope_field`` names the path to it."""

    scope_field = "unit"

    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        """Return only the rows within the user's unit scope."""
        scope = unit_scope_ids(user)
        if scope is None:
            return self
        return self.filter(**{f"{self.scope_field}__in": scope})
