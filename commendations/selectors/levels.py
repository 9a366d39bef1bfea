"""Reads of levels: working days, public comment, which unit decides what, forwarding upwards.

A unit's council advises its head, who confers what the council's ``level`` reaches (the
Law on Emulation and Commendation 2022, Art. 80–81: a unit head's Letter of Commendation,
the Minister's Certificate of Merit, and forms the Minister proposes to the Prime Minister).
A higher form is approved by the unit's own council, then submitted to a higher unit whose
council reaches the form's level (trình cấp trên); that unit reviews, votes and decides.

National-level titles and forms are published for comment before the deciding level's council
votes (Decree 152/2025/NĐ-CP, Art. 60(3); earlier Decree 98/2023/NĐ-CP, Art. 46(1)). Their
length in working days is data on the title or award form; Saturdays, Sundays and the public
holidays the administrator keeps are skipped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendations.models import Council, Nomination, PublicComment, PublicHoliday
from commendations.selectors.workflow import names_account
from emulation.models import Level
from emulation.models.titles import level_reaches
from organizations.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.utils.functional import Promise

Status = Nomination.Status
LEVEL_ORDER = [Level.GRASSROOTS, Level.MINISTRY, Level.NATIONAL]
# A nomination may be published for comment once its reviewers recommend it.
COMMENT_OPENS_FROM = frozenset({Status.RECOMMENDED})


def is_working_day(day: datetime.date, holidays: set[datetime.date]) -> bool:
    """Tell whether public servants work on the day: Monday to Friday, no public holiday."""
    return day.weekday() < 5 and day not in holidays


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Return the public holidays the administrator recorded between two days."""
    return set(
        PublicHoliday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


def working_days_from(start: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last of ``count`` working days beginning on or after ``start``."""
    # Tết and a weekend never take more than a few weeks: look far enough ahead once.
    holidays = holidays_between(start, start + datetime.timedelta(days=count * 3 + 30))
    day = start
    while not is_working_day(day, holidays):
        day += datetime.timedelta(days=1)
    first = day
    left = count - 1
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return first, day


def comment_days(nomination: Nomination) -> int:
    """Return the working days of public comment the nomination's title or award form asks."""
    proposal = nomination.proposal
    return proposal.public_comment_days if proposal is not None else 0


def unit_level(unit_id: int | None) -> str | None:
    """Return the highest level the unit's councils in office decide, or None without one."""
    levels = set(
        Council.objects.filter(unit_id=unit_id, is_active=True).values_list("level", flat=True)
    )
    found = [level for level in LEVEL_ORDER if level in levels]
    return found[-1] if found else None


def decides_here(nomination: Nomination, unit_id: int | None = None) -> bool:
    """Tell whether the unit (default: the one handling the nomination) may decide its form."""
    level = unit_level(unit_id or nomination.handling_unit_id)
    return level is not None and level_reaches(level, nomination.proposal.level)


def comment_required(nomination: Nomination) -> bool:
    """Tell whether the nomination is published for comment before its council votes.

    Only before the vote of a council of the level that decides it: a unit whose own
    council is of a lower level votes without one, then submits the nomination upwards.
    """
    if comment_days(nomination) == 0:
        return False
    return unit_level(nomination.handling_unit_id) is None or decides_here(nomination)


def comment_is_open(nomination: Nomination, today: datetime.date) -> bool:
    """Tell whether comments are taken on the day."""
    return (
        nomination.comment_from is not None
        and nomination.comment_from <= today <= nomination.comment_until
    )


def comment_has_ended(nomination: Nomination, today: datetime.date) -> bool:
    """Tell whether the public comment period is over (the council may vote)."""
    return nomination.comment_until is not None and today > nomination.comment_until


def vote_refusal(nomination: Nomination, council: Council, today: datetime.date) -> str | None:
    """Return why the council may not vote on the nomination yet: its public comment."""
    if comment_days(nomination) == 0 or not level_reaches(council.level, nomination.proposal.level):
        return None
    if nomination.comment_until is None:
        return _(
            "“{proposal}” is published for {days} working days of public comment before the "
            "council votes: publish the nomination first."
        ).format(proposal=nomination.proposal, days=comment_days(nomination))
    if not comment_has_ended(nomination, today):
        return _(
            "The public comment runs until {date}: the council can vote on this nomination "
            "from the next working day."
        ).format(date=nomination.comment_until.strftime("%d/%m/%Y"))
    return None


def comment_publish_refusal(nomination: Nomination) -> str | None:
    """Return why the nomination may not be published for comment now."""
    if not comment_required(nomination):
        return _("“{proposal}” is not published for public comment at this level.").format(
            proposal=nomination.proposal
        )
    if nomination.status not in COMMENT_OPENS_FROM:
        return _(
            "This nomination is “{status}”: it is published for comment once recommended."
        ).format(status=nomination.get_status_display())
    if nomination.comment_from is not None:
        return _(
            "This nomination was already published for comment, from {start} to {end}."
        ).format(
            start=nomination.comment_from.strftime("%d/%m/%Y"),
            end=nomination.comment_until.strftime("%d/%m/%Y"),
        )
    return None


def commented_nominations(*, today: datetime.date) -> list[Nomination]:
    """Return the nominations published for comment now, for every user of the sector.

    The list is public within the sector on purpose: the law asks that it be published, so
    it is not narrowed to the reader's units (only the nominee, the proposal and the
    achievements are shown; the dossier stays with the units in scope).
    """
    return list(
        Nomination.objects.filter(comment_from__lte=today, comment_until__gte=today)
        .select_related("person__unit", "unit", "nominating_unit", "proposed_title", "award_form")
        .order_by("comment_until", "pk")
    )


def comment_refusal(
    *, user: AbstractBaseUser, nomination: Nomination, today: datetime.date
) -> str | None:
    """Return why the user may not comment on the nomination today, or None."""
    if not may_see_public_list(user):
        return _("Only users of the sector comment on published nominations.")
    if not comment_is_open(nomination, today):
        if comment_has_ended(nomination, today):
            return _("The public comment ended on {date}: no comment can be added.").format(
                date=nomination.comment_until.strftime("%d/%m/%Y")
            )
        return _("This nomination is not published for comment.")
    # The nominee's word on their own merits is not a public comment.
    if names_account(nomination, user.pk, ever=True):
        return _("This nomination names you: you cannot comment on it.")
    return None


def may_see_public_list(user: AbstractBaseUser) -> bool:
    """Tell whether the user belongs to the sector: an active account with a membership."""
    return bool(user.is_active and (user.is_superuser or user.memberships.exists()))


def public_comments(nomination: Nomination) -> list[PublicComment]:
    """Return the comments left on the nomination, oldest first."""
    return list(nomination.public_comments.select_related("author").order_by("at", "pk"))


def forward_targets(nomination: Nomination) -> list[Unit]:
    """Return the higher units the nomination may be submitted to: ancestors deciding its form."""
    targets = []
    unit = Unit.objects.filter(pk=nomination.handling_unit_id).first()
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
        if decides_here(nomination, unit.pk):
            targets.append(unit)
    return targets


def forward_refusal(nomination: Nomination, target: Unit | None) -> str | None:
    """Return why the nomination may not be submitted to the target unit, or None."""
    if nomination.status != Status.APPROVED:
        return _(
            "This nomination is “{status}”: only a nomination its unit's council approved is "
            "submitted to the higher level."
        ).format(status=nomination.get_status_display())
    if decides_here(nomination):
        return _(
            "“{proposal}” is decided at this level: record the decision here instead of "
            "submitting it upwards."
        ).format(proposal=nomination.proposal)
    if target is None:
        return _("Choose the higher unit to submit the nomination to.")
    if not decides_here(nomination, target.pk):
        level = unit_level(target.pk)
        return _(
            "{unit} cannot decide “{proposal}” ({level} level): its council decides {reach}. "
            "Nothing was submitted."
        ).format(
            unit=target.name,
            proposal=nomination.proposal,
            level=Level(nomination.proposal.level).label,
            reach=_("{level}-level forms").format(level=Level(level).label)
            if level
            else _("nothing, as it has no council in office"),
        )
    if target.pk not in {unit.pk for unit in forward_targets(nomination)}:
        return _(
            "{unit} is not above {handling} in the organisation: a nomination is submitted "
            "to a higher unit of its own line. Nothing was submitted."
        ).format(unit=target.name, handling=_unit_name(nomination.handling_unit_id))
    return None


def _unit_name(unit_id: int) -> str:
    return Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or ""


@dataclass(frozen=True)
class HigherLevelState:
    """Where a forwarded nomination stands at the higher level, as its unit sees it."""

    unit: Unit
    label: str
    closed: bool


# The higher level's state, in the words the submitting unit reads, and whether it is closed.
_AWAITING = gettext_lazy("awaiting review")
_UNDER_REVIEW = gettext_lazy("under review")
_STATE_LABELS: dict[str, tuple[Promise, bool]] = {
    Status.FORWARDED: (_AWAITING, False),
    Status.SUBMITTED: (_AWAITING, False),
    Status.IN_REVIEW: (_UNDER_REVIEW, False),
    Status.RETURNED: (gettext_lazy("returned for changes"), False),
    Status.RECOMMENDED: (_UNDER_REVIEW, False),
    Status.COUNCIL_VOTE: (gettext_lazy("before its council"), False),
    Status.APPROVED: (gettext_lazy("approved, awaiting the decision"), False),
    Status.REJECTED: (gettext_lazy("not accepted"), True),
    Status.DECIDED: (gettext_lazy("decided"), True),
}


def higher_level_state(nomination: Nomination) -> HigherLevelState | None:
    """Return the state of a nomination submitted upwards, or None if it was not."""
    if nomination.forwarded_to_id is None:
        return None
    label, closed = _STATE_LABELS.get(nomination.status, (_UNDER_REVIEW, False))
    return HigherLevelState(unit=nomination.forwarded_to, label=str(label), closed=closed)
