"""Writes of the title history: title awards and recognised initiatives of the user's units."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.measures import field_error
from emulation.models import CommendationType, Initiative, Title, TitleAward
from organizations.models import Person, Unit
from organizations.scoping import has_unit_permission
from organizations.services import bulk_save_with_history

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def _require_scope(user: AbstractBaseUser, unit: Unit, permission: str) -> None:
    if not has_unit_permission(user, permission, unit.pk):
        raise PermissionDenied(_("You may keep the title history of your own units only."))


def title_award_check(
    *,
    title: Title,
    year: int,
    person: Person | None,
    unit: Unit | None,
    award: TitleAward | None = None,
) -> None:
    """Refuse an award without exactly one recipient of the kind the title is for."""
    if (person is None) == (unit is None):
        raise ValidationError(
            _("A title goes to exactly one person or one unit."), code="recipient"
        )
    if person is not None and title.recipient != Title.Recipient.INDIVIDUAL:
        raise field_error(
            "title",
            _("“{title}” is awarded to collectives, not to a person.").format(title=title),
            "recipient_kind",
        )
    if unit is not None and title.recipient != Title.Recipient.COLLECTIVE:
        raise field_error(
            "title",
            _("“{title}” is awarded to individuals, not to a unit.").format(title=title),
            "recipient_kind",
        )
    same = TitleAward.objects.filter(title=title, year=year, person=person, unit=unit)
    if award is not None and award.pk is not None:
        same = same.exclude(pk=award.pk)
    if same.exists():
        raise ValidationError(
            _("{recipient} already holds “{title}” for {year}.").format(
                recipient=person or unit, title=title, year=year
            ),
            code="duplicate",
        )


@transaction.atomic
def title_award_record(
    *,
    user: AbstractBaseUser,
    title: Title,
    year: int,
    decision_number: str,
    person: Person | None = None,
    unit: Unit | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
    reason: str = "",
    commendation_type: str = CommendationType.MERIT,
) -> TitleAward:
    """Record that a person or a unit of the user's units holds a title for a year."""
    title_award_check(title=title, year=year, person=person, unit=unit)
    _require_scope(user, person.unit if person is not None else unit, "emulation.add_titleaward")
    return _save_award(
        TitleAward(
            title=title,
            year=year,
            person=person,
            unit=unit,
            decision_number=decision_number,
            decision_date=decision_date,
            decided_by=decided_by,
            notes=notes,
            commendation_type=commendation_type,
        ),
        reason=reason,
    )


def _save_award(award: TitleAward, *, reason: str) -> TitleAward:
    award.full_clean()
    if reason:
        award._change_reason = reason
    award.save()
    return award


@transaction.atomic
def title_award_confer(
    *,
    title: Title,
    year: int,
    decision_number: str,
    person: Person | None = None,
    unit: Unit | None = None,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    commendation_type: str = CommendationType.MERIT,
) -> TitleAward:
    """Record the title a recorded award decision confers; the decision is its authority.

    Only the service recording a decision calls this: it has checked the user's right to
    decide. Nobody enters such a title by hand.
    """
    title_award_check(title=title, year=year, person=person, unit=unit)
    return _save_award(
        TitleAward(
            title=title,
            year=year,
            person=person,
            unit=unit,
            decision_number=decision_number,
            decision_date=decision_date,
            decided_by=decided_by,
            commendation_type=commendation_type,
        ),
        reason=_("conferred by decision {number}").format(number=decision_number),
    )


@transaction.atomic
def title_award_update(
    *,
    user: AbstractBaseUser,
    award: TitleAward,
    title: Title,
    year: int,
    decision_number: str,
    decision_date: datetime.date | None = None,
    decided_by: str = "",
    notes: str = "",
    reason: str = "",
    commendation_type: str | None = None,
) -> TitleAward:
    """Correct an award's title, year, decision or type; its recipient stays."""
    current = TitleAward.objects.select_for_update().get(pk=award.pk)
    recipient_unit = current.person.unit if current.person_id else current.unit
    _require_scope(user, recipient_unit, "emulation.change_titleaward")
    title_award_check(
        title=title, year=year, person=current.person, unit=current.unit, award=current
    )
    current.title = title
    current.year = year
    current.decision_number = decision_number
    current.decision_date = decision_date
    current.decided_by = decided_by
    current.notes = notes
    if commendation_type is not None:
        current.commendation_type = commendation_type
    current.full_clean()
    if reason:
        current._change_reason = reason
    current.save()
    return current


@transaction.atomic
def initiative_record(
    *,
    user: AbstractBaseUser,
    person: Person,
    year: int,
    name: str,
    level: str,
    decision_number: str,
    decision_date: datetime.date | None = None,
    recognised_by: str = "",
    description: str = "",
) -> Initiative:
    """Record an initiative of a person of the user's units, recognised at a level."""
    _require_scope(user, person.unit, "emulation.add_initiative")
    initiative = Initiative(
        person=person,
        year=year,
        name=name,
        level=level,
        decision_number=decision_number,
        decision_date=decision_date,
        recognised_by=recognised_by,
        description=description,
    )
    initiative.full_clean()
    initiative.save()
    return initiative


@transaction.atomic
def initiative_update(
    *,
    user: AbstractBaseUser,
    initiative: Initiative,
    year: int,
    name: str,
    level: str,
    decision_number: str,
    decision_date: datetime.date | None = None,
    recognised_by: str = "",
    description: str = "",
) -> Initiative:
    """Correct a recorded initiative; its author stays."""
    current = Initiative.objects.select_for_update().select_related("person").get(pk=initiative.pk)
    _require_scope(user, current.person.unit, "emulation.change_initiative")
    current.year = year
    current.name = name
    current.level = level
    current.decision_number = decision_number
    current.decision_date = decision_date
    current.recognised_by = recognised_by
    current.description = description
    current.full_clean()
    current.save()
    return current


AWARD_IMPORTED_FIELDS = ("decision_number", "decision_date", "decided_by", "notes")
INITIATIVE_IMPORTED_FIELDS = (
    "level",
    "decision_number",
    "decision_date",
    "recognised_by",
    "description",
)


@transaction.atomic
def title_award_bulk_save(
    *, user: AbstractBaseUser, created: list[TitleAward], updated: list[TitleAward], reason: str
) -> None:
    """Store new title awards and the corrected decisions of stored ones (a title history file)."""
    bulk_save_with_history(
        TitleAward,
        created=created,
        updated=updated,
        fields=AWARD_IMPORTED_FIELDS,
        user=user,
        reason=reason,
    )


@transaction.atomic
def initiative_bulk_save(
    *, user: AbstractBaseUser, created: list[Initiative], updated: list[Initiative], reason: str
) -> None:
    """Store new initiatives and the corrected recognition of stored ones (an initiatives file)."""
    bulk_save_with_history(
        Initiative,
        created=created,
        updated=updated,
        fields=INITIATIVE_IMPORTED_FIELDS,
        user=user,
        reason=reason,
    )
