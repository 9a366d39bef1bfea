"""Yearly quality ratings and discipline records of people and collectives."""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from organizations.models import (
    Discipline,
    Person,
    QualityRating,
    Unit,
)
from organizations.scoping import has_unit_permission
from organizations.services.history import bulk_save_with_history


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
