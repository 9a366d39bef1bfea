"""Writes of levels: publishing a nomination for comment, comments, submitting upwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commendations.models import Forwarding, Nomination, NominationEvent, PublicComment
from commendations.selectors import (
    comment_days,
    comment_publish_refusal,
    comment_refusal,
    forward_refusal,
    may_see_public_list,
    session_tally,
    working_days_from,
)
from commendations.selectors.workflow import names_account
from commendations.services.notifications import notify_step
from commendations.services.workflow import (
    lock,
    move,
    require_eligible,
    require_independent,
    require_permission,
    require_scope,
)
from organizations.models import Unit
from organizations.scoping import unit_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

_MANAGE = "commendations.manage_council_session"
_SUBMIT = "commendations.submit_nomination"
MAX_COMMENT_LENGTH = 4000


@transaction.atomic
def public_comment_open(*, user: AbstractBaseUser, nomination: Nomination) -> Nomination:
    """Publish a recommended nomination for comment over its working days, from today."""
    require_permission(user, _MANAGE, _("Your role does not keep the council's business."))
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require_scope(user, current, _MANAGE)
    require_independent(user, current)
    refusal = comment_publish_refusal(current)
    if refusal:
        raise ValidationError(refusal, code="public_comment")
    days = comment_days(current)
    first, last = working_days_from(timezone.localdate(), days)
    current.comment_from, current.comment_until = first, last
    current._change_reason = _("published for public comment")
    current._history_user = user
    current.save(update_fields=["comment_from", "comment_until", "updated_at"])
    event = NominationEvent.objects.create(
        nomination=current,
        from_status=current.status,
        to_status=current.status,
        actor=user,
        comment=_("Published for public comment for {days} working days: {start} to {end}.").format(
            days=days, start=first.strftime("%d/%m/%Y"), end=last.strftime("%d/%m/%Y")
        ),
    )
    notify_step(event=event, action="publish_comment")
    return current


@transaction.atomic
def public_comment_add(
    *, user: AbstractBaseUser, nomination: Nomination, text: str
) -> PublicComment:
    """Record a sector user's comment on a nomination while its public comment runs."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep the comment within {count} characters.").format(
                    count=MAX_COMMENT_LENGTH
                )
            }
        )
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    refusal = comment_refusal(user=user, nomination=current, today=timezone.localdate())
    if refusal:
        if not may_see_public_list(user) or names_account(current, user.pk, ever=True):
            raise PermissionDenied(refusal)
        raise ValidationError(refusal, code="closed")
    return PublicComment.objects.create(nomination=current, author=user, text=text)


@transaction.atomic
def nomination_forward(
    *, user: AbstractBaseUser, nomination: Nomination, target: Unit | None, note: str = ""
) -> Nomination:
    """Submit a nomination its unit's council approved to the higher unit that decides it.

    The dossier goes with it (the same files) and the lower council's result is recorded.
    """
    require_permission(
        user, _SUBMIT, _("Your role does not allow submitting nominations to a higher level.")
    )
    current = lock(nomination, "forward")
    require_scope_of_handling(user, current)
    if names_account(current, user.pk, ever=True):
        raise PermissionDenied(_("You cannot submit a nomination that names you."))
    refusal = forward_refusal(current, target)
    if refusal:
        raise ValidationError({"target": refusal})
    require_eligible(current)
    members = yes = no = abstain = 0
    if current.council_session_id:
        tally = session_tally(session=current.council_session)
        motion = next((m for m in tally.motions if m.nomination.pk == current.pk), None)
        members = tally.member_count
        if motion is not None:
            yes, no, abstain = motion.yes, motion.no, motion.abstain
    source = current.handling_unit_id
    Forwarding.objects.create(
        nomination=current,
        from_unit_id=source,
        to_unit=target,
        council_session=current.council_session,
        members=members,
        yes_votes=yes,
        no_votes=no,
        abstentions=abstain,
        note=(note or "").strip(),
        forwarded_by=user,
    )
    return move(
        current,
        "forward",
        user=user,
        comment=_("Submitted to {unit}.").format(unit=target.name),
        forwarded_to=target,
        reviewer=None,
        comment_from=None,
        comment_until=None,
    )


def require_scope_of_handling(user: AbstractBaseUser, nomination: Nomination) -> None:
    """Refuse a user who does not submit nominations in the unit handling the nomination."""
    if not unit_in_scope(user, nomination.handling_unit_id, _SUBMIT):
        raise PermissionDenied(_("This nomination belongs to a unit outside yours."))
