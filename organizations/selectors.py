"""Reads of organizations: what a user may do across the whole sector."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.dashboard import TOP_ITEMS, DashboardBlock, DashboardItem
from organizations.formatting import short_datetime
from organizations.models import ImportJob, Notification, Unit
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


def unit_role_holders(*, role: str, unit_id: int) -> QuerySet[AbstractBaseUser]:
    """Return the active users holding the role in the unit or in a unit above it.

    A membership covers its unit's descendants, so these are the users whose role reaches
    the unit: the reviewers at the ministry for a city's nomination, its own officers.
    """
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    above: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in above:
        above.append(current)
        current = parents.get(current)
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=role, memberships__unit_id__in=above)
        .distinct()
        .order_by("pk")
    )


def unread_notification_count(user: AbstractBaseUser | AnonymousUser) -> int:
    """Count the user's unread notifications, for the header's badge (one query)."""
    return Notification.objects.for_user(user).unread().count()


def imports_waiting_block(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the user's checked files that wait for them to apply them (none: no block)."""
    waiting = ImportJob.objects.filter(uploaded_by=user, status=ImportJob.Status.VALID).order_by(
        "created_at", "pk"
    )
    jobs = list(waiting[: TOP_ITEMS + 1])
    if not jobs:
        return []
    count = len(jobs) if len(jobs) <= TOP_ITEMS else waiting.count()
    return [
        DashboardBlock(
            key="imports_waiting",
            title=gettext_lazy("Imports waiting for your confirmation"),
            count=count,
            url=reverse("admin:organizations_importjob_changelist")
            + f"?status__exact={ImportJob.Status.VALID}",
            items=[
                DashboardItem(
                    label=job.original_name,
                    url=reverse("admin:organizations_importjob_progress", args=[job.pk]),
                    note=_("checked {time}: {new} new, {updated} changed").format(
                        time=short_datetime(job.created_at), new=job.new, updated=job.updated
                    ),
                )
                for job in jobs[:TOP_ITEMS]
            ],
            urgent=True,
        )
    ]
