"""Writes of nominations: drafting and the review steps (the dossier's files: ``dossier``).

Refusals are ``ValidationError`` (bad input, wrong state, not eligible) or
``PermissionDenied`` (a role, a unit or a conflict of interest the user has); nothing is
written when either is raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commendations.models import AwardForm, CouncilSession, Nomination, NominationEvent
from commendations.selectors import (
    TRANSITIONS,
    nomination_deletable,
    submit_conflict,
    vote_refusal,
)
from commendations.services.workflow import (
    lock,
    move,
    require_complete_dossier,
    require_eligible,
    require_independent,
    require_permission,
    require_scope,
)
from emulation.models import CommendationType, Initiative, Title
from emulation.models.clusters import FIRST_YEAR, LAST_YEAR
from organizations.formatting import user_name
from organizations.models import Person, Unit
from organizations.scoping import unit_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Status = Nomination.Status


_REVIEW = "commendations.review_nomination"
# Drafting a nomination: whom and for which unit the user may nominate.
_DRAFTING = "commendations.add_nomination"


def require_drafting(user: AbstractBaseUser, unit: Unit, permission: str) -> None:
    """Refuse a user who may not draft, change or delete nominations for the unit."""
    require_permission(
        user, permission, _("Your role does not allow drafting or changing nominations.")
    )
    if not unit_in_scope(user, unit.pk, permission):
        raise PermissionDenied(_("You may nominate on behalf of your own units only."))


def nomination_check(
    *,
    user: AbstractBaseUser,
    year: int | None,
    nominating_unit: Unit | None,
    person: Person | None,
    unit: Unit | None,
    proposed_title: Title | None,
    award_form: AwardForm | None,
    achievements: str,
    initiatives: Iterable[Initiative] = (),
    nomination: Nomination | None = None,
    commendation_type: str = CommendationType.MERIT,
) -> None:
    """Refuse a nomination's content with every reason, field by field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        add("year", _("The year must lie between 2000 and 2100."))
    if nominating_unit is None:
        add("nominating_unit", _("Choose the nominating unit."))
    if person is None and unit is None:
        add("person", _("Choose whom to nominate: a person or a unit."))
    elif person is not None and unit is not None:
        add("unit", _("Nominate either a person or a unit, not both."))
    if proposed_title is None and award_form is None:
        add("award_form", _("Choose what to propose: an emulation title or an award form."))
    elif proposed_title is not None and award_form is not None:
        add("proposed_title", _("Propose either a title or an award form, not both."))
    if not (achievements or "").strip():
        add("achievements", _("Describe the nominee's achievements."))
    if commendation_type not in CommendationType.values:
        add(
            "commendation_type",
            _(
                "Choose the commendation type: merit over a period, a movement or theme, or "
                "one-off."
            ),
        )
    one_nominee = (person is None) != (unit is None)
    if (
        one_nominee
        and person is not None
        and not Person.objects.for_user(user, _DRAFTING).filter(pk=person.pk).exists()
    ):
        add("person", _("This person works in a unit outside yours."))
    if (
        one_nominee
        and unit is not None
        and not Unit.objects.for_user(user, _DRAFTING).filter(pk=unit.pk).exists()
    ):
        add("unit", _("This unit is outside yours."))
    individual = person is not None
    if one_nominee and proposed_title is not None and award_form is None:
        wanted = Title.Recipient.INDIVIDUAL if individual else Title.Recipient.COLLECTIVE
        if not proposed_title.is_active:
            add("proposed_title", _("This title is no longer in use."))
        elif proposed_title.recipient != wanted:
            add(
                "proposed_title",
                _("“{title}” is awarded to collectives, not to a person.").format(
                    title=proposed_title
                )
                if individual
                else _("“{title}” is awarded to individuals, not to a unit.").format(
                    title=proposed_title
                ),
            )
    if one_nominee and award_form is not None and proposed_title is None:
        if not award_form.is_active:
            add("award_form", _("This award form is no longer in use."))
        elif not award_form.is_for(individual=individual):
            add(
                "award_form",
                _("“{form}” is awarded to collectives, not to a person.").format(form=award_form)
                if individual
                else _("“{form}” is awarded to individuals, not to a unit.").format(
                    form=award_form
                ),
            )
    for initiative in initiatives:
        owner_ok = (
            initiative.person_id == person.pk
            if person is not None
            else unit is not None and initiative.person.unit_id == unit.pk
        )
        if not owner_ok:
            add(
                "initiatives",
                _("The initiative “{initiative}” is not the nominee's.").format(
                    initiative=initiative.name
                ),
            )
    if not errors:
        same = Nomination.objects.filter(
            year=year,
            person=person,
            unit=unit,
            proposed_title=proposed_title,
            award_form=award_form,
            # A movement's commendation does not stand in the way of the year's merit one.
            commendation_type=commendation_type,
        ).exclude(status=Status.REJECTED)
        if nomination is not None and nomination.pk is not None:
            same = same.exclude(pk=nomination.pk)
        if same.exists():
            add(
                "__all__",
                _("{nominee} is already nominated for “{proposal}” in {year}.").format(
                    nominee=person or unit, proposal=proposed_title or award_form, year=year
                ),
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def nomination_create(
    *,
    user: AbstractBaseUser,
    year: int,
    nominating_unit: Unit,
    achievements: str,
    person: Person | None = None,
    unit: Unit | None = None,
    proposed_title: Title | None = None,
    award_form: AwardForm | None = None,
    initiatives: Iterable[Initiative] = (),
    commendation_type: str = CommendationType.MERIT,
) -> Nomination:
    """Draft a nomination on behalf of one of the user's units."""
    if nominating_unit is not None:
        require_drafting(user, nominating_unit, "commendations.add_nomination")
    initiatives = list(initiatives)
    nomination_check(
        user=user,
        year=year,
        nominating_unit=nominating_unit,
        person=person,
        unit=unit,
        proposed_title=proposed_title,
        award_form=award_form,
        achievements=achievements,
        initiatives=initiatives,
        commendation_type=commendation_type,
    )
    nomination = Nomination(
        year=year,
        nominating_unit=nominating_unit,
        person=person,
        unit=unit,
        proposed_title=proposed_title,
        award_form=award_form,
        commendation_type=commendation_type,
        achievements=achievements.strip(),
        created_by=user,
    )
    nomination.full_clean()
    nomination.save()
    nomination.initiatives.set(initiatives)
    NominationEvent.objects.create(
        nomination=nomination, from_status="", to_status=Status.DRAFT, actor=user
    )
    return nomination


@transaction.atomic
def nomination_update(
    *,
    user: AbstractBaseUser,
    nomination: Nomination,
    year: int,
    achievements: str,
    person: Person | None = None,
    unit: Unit | None = None,
    proposed_title: Title | None = None,
    award_form: AwardForm | None = None,
    initiatives: Iterable[Initiative] = (),
    commendation_type: str | None = None,
) -> Nomination:
    """Change a draft or returned nomination; its nominating unit stays, its type if not given."""
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require_drafting(user, current.nominating_unit, "commendations.change_nomination")
    if not current.is_editable:
        raise ValidationError(
            _(
                "Only a draft or a returned nomination can be changed; this one is “{status}”."
            ).format(status=current.get_status_display()),
            code="not_editable",
        )
    initiatives = list(initiatives)
    if commendation_type is None:
        commendation_type = current.commendation_type
    nomination_check(
        user=user,
        year=year,
        nominating_unit=current.nominating_unit,
        person=person,
        unit=unit,
        proposed_title=proposed_title,
        award_form=award_form,
        achievements=achievements,
        initiatives=initiatives,
        nomination=current,
        commendation_type=commendation_type,
    )
    current.year = year
    current.person = person
    current.unit = unit
    current.proposed_title = proposed_title
    current.award_form = award_form
    current.commendation_type = commendation_type
    current.achievements = achievements.strip()
    current.full_clean()
    current.save()
    current.initiatives.set(initiatives)
    return current


@transaction.atomic
def nomination_delete(*, user: AbstractBaseUser, nomination: Nomination) -> None:
    """Delete a draft that was never submitted."""
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require_drafting(user, current.nominating_unit, "commendations.delete_nomination")
    if not nomination_deletable(current):
        raise ValidationError(
            _("Only a draft that was never submitted can be deleted."), code="not_draft"
        )
    for dossier in current.files.all():
        dossier.file.delete(save=False)
    current.delete()


@transaction.atomic
def nomination_submit(*, user: AbstractBaseUser, nomination: Nomination) -> Nomination:
    """Submit a draft (or resubmit a returned nomination) of the user's units for review."""
    require_permission(
        user,
        "commendations.submit_nomination",
        _("Your role does not allow submitting nominations."),
    )
    current = lock(nomination, "submit")
    require_scope(user, current, "commendations.submit_nomination")
    reason = submit_conflict(user, current)
    if reason:
        raise PermissionDenied(reason)
    require_eligible(current)
    require_complete_dossier(current)
    return move(current, "submit", user=user, submitted_by=user, submitted_at=timezone.now())


@transaction.atomic
def nomination_withdraw(*, user: AbstractBaseUser, nomination: Nomination) -> Nomination:
    """Call a submitted nomination back to a draft of its unit, before a reviewer takes it.

    The row is locked like every step's, so of a withdrawal and a reviewer's take at the
    same moment exactly one succeeds.
    """
    require_permission(
        user,
        "commendations.submit_nomination",
        _("Your role does not allow withdrawing nominations."),
    )
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require_scope(user, current, "commendations.submit_nomination")
    if current.status not in TRANSITIONS["withdraw"][0]:
        raise ValidationError(withdraw_refusal(current), code="conflict")
    if current.forwarded_to_id is not None:
        raise ValidationError(
            _(
                "Nothing was done: this nomination was submitted to {unit}, which reviews it "
                "now; it can no longer be withdrawn to a draft."
            ).format(unit=current.forwarded_to.name),
            code="conflict",
        )
    return move(current, "withdraw", user=user)


def withdraw_refusal(current: Nomination) -> str:
    """Explain why a nomination no longer waiting for a reviewer cannot be withdrawn."""
    if current.status == Status.IN_REVIEW and current.reviewer_id is not None:
        return _(
            "Nothing was done: {reviewer} has already taken this nomination for review, so "
            "your unit can no longer withdraw it. Ask the reviewer to return it if it needs "
            "changes."
        ).format(reviewer=user_name(current.reviewer))
    return _(
        "Nothing was done: this nomination is “{status}”; only a submitted nomination that no "
        "reviewer has taken yet can be withdrawn."
    ).format(status=current.get_status_display())


def _require_reviewer(user: AbstractBaseUser) -> None:
    require_permission(user, _REVIEW, _("Your role does not review nominations."))


def _require_own_review(user: AbstractBaseUser, nomination: Nomination) -> None:
    if nomination.reviewer_id != user.pk:
        raise PermissionDenied(
            _("{reviewer} is reviewing this nomination; only they can decide on it.").format(
                reviewer=user_name(nomination.reviewer)
            )
        )


@transaction.atomic
def nomination_take(*, user: AbstractBaseUser, nomination: Nomination) -> Nomination:
    """Take a submitted nomination for review; of two reviewers at once, one gets it."""
    _require_reviewer(user)
    current = lock(nomination, "take")
    require_scope(user, current, _REVIEW)
    require_independent(user, current, advancing=False)
    return move(current, "take", user=user, reviewer=user)


@transaction.atomic
def nomination_return(
    *, user: AbstractBaseUser, nomination: Nomination, comment: str
) -> Nomination:
    """Return a nomination under review to its unit, saying what to change."""
    _require_reviewer(user)
    if not (comment or "").strip():
        raise ValidationError(
            {"comment": _("Say what the unit should change before resubmitting.")}
        )
    current = lock(nomination, "return")
    require_scope(user, current, _REVIEW)
    require_independent(user, current, advancing=False)
    _require_own_review(user, current)
    return move(current, "return", user=user, comment=comment.strip(), reviewer=None)


@transaction.atomic
def nomination_recommend(
    *, user: AbstractBaseUser, nomination: Nomination, comment: str = ""
) -> Nomination:
    """Recommend a nomination under review to the council, once every rule is met."""
    _require_reviewer(user)
    current = lock(nomination, "recommend")
    require_scope(user, current, _REVIEW)
    require_independent(user, current)
    _require_own_review(user, current)
    require_eligible(current)
    return move(current, "recommend", user=user, comment=(comment or "").strip())


@transaction.atomic
def nomination_reject(*, user: AbstractBaseUser, nomination: Nomination, reason: str) -> Nomination:
    """Reject a nomination under review, giving the reason."""
    _require_reviewer(user)
    if not (reason or "").strip():
        raise ValidationError({"comment": _("Give the reason for rejecting the nomination.")})
    current = lock(nomination, "reject")
    require_scope(user, current, _REVIEW)
    require_independent(user, current, advancing=False)
    _require_own_review(user, current)
    return move(current, "reject", user=user, comment=reason.strip())


@transaction.atomic
def nomination_put_to_vote(
    *, user: AbstractBaseUser, nomination: Nomination, session: CouncilSession
) -> Nomination:
    """Put a recommended nomination before an open council session."""
    require_permission(
        user,
        "commendations.manage_council_session",
        _("Your role does not keep council sessions."),
    )
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError({"session": _("This council session is closed; choose an open one.")})
    managing = "commendations.manage_council_session"
    if not CouncilSession.objects.for_user(user, managing).filter(pk=session.pk).exists():
        raise PermissionDenied(_("This council session belongs to a unit outside yours."))
    current = lock(nomination, "put_to_vote")
    require_scope(user, current, "commendations.manage_council_session")
    require_independent(user, current)
    if current.forwarded_to_id is not None and session.council.unit_id != current.forwarded_to_id:
        raise ValidationError(
            {
                "session": _(
                    "This nomination was submitted to {unit}: its own council votes on it."
                ).format(unit=current.forwarded_to.name)
            }
        )
    refusal = vote_refusal(current, session.council, timezone.localdate())
    if refusal:
        raise ValidationError(refusal, code="public_comment")
    require_eligible(current)
    # The ballot's mode is fixed here: a later change of the title's setting cannot reveal
    # the votes of a secret ballot, nor make an open one secret halfway.
    return move(
        current,
        "put_to_vote",
        user=user,
        comment=str(session),
        council_session=session,
        secret_ballot=current.proposal.secret_ballot,
    )
