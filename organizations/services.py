"""Writes with a rule in organizations: roles as groups, memberships that grant them."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organizations.models import (
    Discipline,
    Locality,
    Membership,
    Notification,
    Person,
    QualityRating,
    Unit,
)
from organizations.roles import ALL_PERMISSIONS, Role
from organizations.scoping import forget_unit_scope, has_unit_permission
from organizations.selectors import UNIT_PERMISSIONS, may_link_accounts, may_shape_every_unit

logger = logging.getLogger(__name__)


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


def unit_shape_check(
    *, user: AbstractBaseUser, kind: str, parent: Unit | None, unit: Unit | None = None
) -> None:
    """Refuse a unit's kind or place in the tree that would reach beyond the user's units.

    A membership in a ministry-level unit covers every unit, and a unit's parent decides
    whose units it is: an administrator of a city's units keeps what they add or change
    under those units, and never makes one a ministry.
    """
    errors: dict[str, str] = {}
    if unit is not None and unit.pk is not None and parent is not None:
        ancestor: Unit | None = parent
        seen: set[int] = set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == unit.pk:
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or one of its own units.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    if may_shape_every_unit(user):
        return
    if kind == Unit.Kind.MINISTRY:
        errors["kind"] = _("Only an administrator at the ministry may make a unit a ministry.")
    moved = unit is None or unit.pk is None or unit.parent_id != (parent.pk if parent else None)
    permission = (
        "organizations.add_unit" if unit is None or unit.pk is None else UNIT_PERMISSIONS[1]
    )
    if moved and (parent is None or not has_unit_permission(user, permission, parent.pk)):
        errors["parent"] = _("Place the unit under one of your units.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_link_account(
    *, person: Person, user: AbstractBaseUser | None, by: AbstractBaseUser
) -> Person:
    """Link a staff record to a user account, or unlink it with ``user=None``.

    Who is whom decides who may judge a nomination, so only an administrator may change it,
    and the change is kept in the record's history with its author.
    """
    if not may_link_accounts(by):
        raise PermissionDenied(
            _("Only an administrator may link a staff record to a user account.")
        )
    current = Person.objects.select_for_update().get(pk=person.pk)
    if user is not None and Person.objects.filter(user=user).exclude(pk=current.pk).exists():
        raise ValidationError(
            {"user": _("This user account is already linked to another staff record.")}
        )
    if current.user_id == (user.pk if user is not None else None):
        return current
    current.user = user
    current._change_reason = _("user account linked") if user else _("user account unlinked")
    current._history_user = by
    current.save(update_fields=["user"])
    person.user = user
    return current


def bulk_save_with_history(
    model: type[models.Model],
    *,
    created: list[models.Model],
    updated: list[models.Model],
    fields: Iterable[str],
    user: AbstractBaseUser,
    reason: str,
) -> None:
    """Insert the new records and update the stored ones, each with its history row."""
    bulk_create_with_history(created, model, default_user=user, default_change_reason=reason)
    bulk_update_with_history(
        updated, model, list(fields), default_user=user, default_change_reason=reason
    )


PERSON_IMPORTED_FIELDS = ("full_name", "unit_id", "position", "email")


@transaction.atomic
def person_bulk_upsert(
    *, user: AbstractBaseUser, created: list[Person], updated: list[Person], reason: str
) -> None:
    """Store new people and the corrected details of stored ones (a staff file)."""
    bulk_save_with_history(
        Person,
        created=created,
        updated=updated,
        fields=PERSON_IMPORTED_FIELDS,
        user=user,
        reason=reason,
    )


@dataclass(frozen=True)
class UnitDetails:
    """A unit as a units file states it: other units and the locality named by their codes."""

    code: str
    name: str
    short_name: str
    kind: str
    locality_code: str | None
    parent_code: str | None
    successor_code: str | None
    valid_from: datetime.date
    valid_to: datetime.date | None


@transaction.atomic
def unit_bulk_save(*, user: AbstractBaseUser, units: Sequence[UnitDetails], reason: str) -> None:
    """Create or correct units in the given order, each with its history row.

    Units files are short and a parent may be a unit of an earlier row, so the units are saved
    one by one; the import has already checked that each stays within the user's units.
    """
    if not all(user.has_perm(permission) for permission in UNIT_PERMISSIONS):
        raise PermissionDenied(_("Your role does not allow this change."))
    localities = {code: pk for pk, code in Locality.objects.values_list("pk", "code")}
    for details in units:
        unit = Unit.objects.filter(code=details.code).first() or Unit(code=details.code)
        unit.name = details.name
        unit.short_name = details.short_name
        unit.kind = details.kind
        unit.locality_id = localities.get(details.locality_code) if details.locality_code else None
        unit.parent = Unit.objects.get(code=details.parent_code) if details.parent_code else None
        unit.successor = (
            Unit.objects.get(code=details.successor_code) if details.successor_code else None
        )
        unit.valid_from = details.valid_from
        unit.valid_to = details.valid_to
        unit._history_user = user
        unit._change_reason = reason
        unit.full_clean()
        unit.save()


@dataclass(frozen=True)
class NotificationText:
    """What a notification says: a subject line, the body, and the address of its record."""

    subject: str
    message: str = ""
    url: str = ""


def notify(
    *,
    recipients: Iterable[AbstractBaseUser],
    kind: str,
    text: NotificationText,
    actor: AbstractBaseUser | None = None,
) -> list[Notification]:
    """Leave a notification for each active recipient (not the actor) and e-mail them.

    The rows are written in the caller's transaction, so a step that is rolled back tells
    nobody; the e-mails leave once it commits, and a mail server that is down loses the
    e-mail only, never the step or the notification.
    """
    actor_id = getattr(actor, "pk", None)
    seen: set[int] = set()
    chosen = []
    for user in recipients:
        if user.is_active and user.pk != actor_id and user.pk not in seen:
            seen.add(user.pk)
            chosen.append(user)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            subject=text.subject[:255],
            message=text.message,
            url=text.url[:500],
        )
        for user in chosen
    )
    addresses = [user.email for user in chosen if user.email]
    if addresses:
        transaction.on_commit(lambda: _send_notification_mail(text, addresses))
    return notifications


def _send_notification_mail(text: NotificationText, addresses: list[str]) -> None:
    body = text.message
    if text.url:
        body = f"{body}\n\n{text.url}" if body else text.url
    for address in addresses:
        try:
            # One message each: recipients do not learn each other's addresses.
            send_mail(text.subject, body, None, [address], fail_silently=True)
        except Exception:
            # The step is committed: a failing mail setup must not turn it into an error page.
            logger.exception("Could not e-mail a notification to %s", address)


def notification_open(*, user: AbstractBaseUser, notification: Notification) -> Notification:
    """Mark one of the user's notifications read; someone else's is refused."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of the user read; return how many were."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


# --- Yearly quality ratings and discipline records -------------------------------------------


def _require_person_scope(user: AbstractBaseUser, unit_id: int, permission: str) -> None:
    if not has_unit_permission(user, permission, unit_id):
        raise PermissionDenied(_("You may keep the ratings and discipline of your own units only."))


def quality_rating_check(
    *,
    year: int,
    person: Person | None,
    unit: Unit | None,
    rating: QualityRating | None = None,
) -> None:
    """Refuse a rating without one recipient, outside their service, or a second for the year."""
    if (person is None) == (unit is None):
        raise ValidationError(
            _("A rating is of exactly one person or one collective."), code="recipient"
        )
    if person is not None and person.service_in_year(year) is None:
        raise ValidationError(
            {
                "year": ValidationError(
                    _(
                        "{person} was not in service in {year}; a rating needs a year of service."
                    ).format(person=person, year=year),
                    code="not_in_service",
                )
            }
        )
    if unit is not None and not _unit_exists_in_year(unit, year):
        raise ValidationError(
            {
                "year": ValidationError(
                    _("{unit} did not exist in {year}.").format(unit=unit, year=year),
                    code="not_in_service",
                )
            }
        )
    same = QualityRating.objects.filter(year=year, person=person, unit=unit)
    if rating is not None and rating.pk is not None:
        same = same.exclude(pk=rating.pk)
    if same.exists():
        raise ValidationError(
            {
                "year": ValidationError(
                    _("{recipient} already has a rating for {year}.").format(
                        recipient=person or unit, year=year
                    ),
                    code="duplicate",
                )
            }
        )


def _unit_exists_in_year(unit: Unit, year: int) -> bool:
    return unit.valid_from <= datetime.date(year, 12, 31) and (
        unit.valid_to is None or unit.valid_to >= datetime.date(year, 1, 1)
    )


def _save_as(record: models.Model, *, user: AbstractBaseUser) -> None:
    record.full_clean()
    record._history_user = user
    record.save()


@transaction.atomic
def quality_rating_record(
    *,
    user: AbstractBaseUser,
    year: int,
    grade: str,
    decision_number: str,
    person: Person | None = None,
    unit: Unit | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> QualityRating:
    """Record the yearly rating of a person or a collective of the user's units."""
    quality_rating_check(year=year, person=person, unit=unit)
    _require_person_scope(
        user, person.unit_id if person is not None else unit.pk, "organizations.add_qualityrating"
    )
    rating = QualityRating(
        year=year,
        person=person,
        unit=unit,
        grade=grade,
        decision_number=decision_number,
        decision_date=decision_date,
        decided_by=decided_by,
        notes=notes,
    )
    _save_as(rating, user=user)
    return rating


@transaction.atomic
def quality_rating_update(
    *,
    user: AbstractBaseUser,
    rating: QualityRating,
    year: int,
    grade: str,
    decision_number: str,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> QualityRating:
    """Correct a stored rating: its year, grade or deciding document."""
    current = QualityRating.objects.select_for_update().get(pk=rating.pk)
    _require_person_scope(
        user,
        current.person.unit_id if current.person_id else current.unit_id,
        "organizations.change_qualityrating",
    )
    quality_rating_check(year=year, person=current.person, unit=current.unit, rating=current)
    current.year = year
    current.grade = grade
    current.decision_number = decision_number
    current.decision_date = decision_date
    current.decided_by = decided_by
    current.notes = notes
    _save_as(current, user=user)
    return current


QUALITY_RATING_IMPORTED_FIELDS = (
    "grade",
    "decision_number",
    "decision_date",
    "decided_by",
    "notes",
)


@transaction.atomic
def quality_rating_bulk_save(
    *,
    user: AbstractBaseUser,
    created: list[QualityRating],
    updated: list[QualityRating],
    reason: str,
) -> None:
    """Store new ratings and the corrected grades of stored ones (a unit's rating results)."""
    bulk_save_with_history(
        QualityRating,
        created=created,
        updated=updated,
        fields=QUALITY_RATING_IMPORTED_FIELDS,
        user=user,
        reason=reason,
    )


def discipline_check(*, starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    """Refuse a discipline record that ends before it starts."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("A discipline record cannot end before it starts."), code="ends_before"
                )
            }
        )


@transaction.atomic
def discipline_record(
    *,
    user: AbstractBaseUser,
    person: Person,
    kind: str,
    starts_on: datetime.date,
    decision_number: str,
    ends_on: datetime.date | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> Discipline:
    """Record a penalty or an investigation of a person of the user's units."""
    discipline_check(starts_on=starts_on, ends_on=ends_on)
    _require_person_scope(user, person.unit_id, "organizations.add_discipline")
    record = Discipline(
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_number=decision_number,
        decision_date=decision_date,
        decided_by=decided_by,
        notes=notes,
    )
    _save_as(record, user=user)
    return record


@transaction.atomic
def discipline_update(
    *,
    user: AbstractBaseUser,
    discipline: Discipline,
    kind: str,
    starts_on: datetime.date,
    decision_number: str,
    ends_on: datetime.date | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
) -> Discipline:
    """Correct a discipline record, or close it with the day it ended."""
    current = Discipline.objects.select_for_update().select_related("person").get(pk=discipline.pk)
    _require_person_scope(user, current.person.unit_id, "organizations.change_discipline")
    discipline_check(starts_on=starts_on, ends_on=ends_on)
    current.kind = kind
    current.starts_on = starts_on
    current.ends_on = ends_on
    current.decision_number = decision_number
    current.decision_date = decision_date
    current.decided_by = decided_by
    current.notes = notes
    _save_as(current, user=user)
    return current
