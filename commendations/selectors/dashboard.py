"""The commendation blocks of the home page: each role's nominations waiting for it.

The officer sees first what came back, with the reviewer's reason; the reviewer their own
reviews, then what nobody has taken, then the council sessions due; a council member the
motions still waiting for their vote; a leader the approved nominations to put in a
decision. Each block is one count and one short list, within the user's scope.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendations.models import CouncilSession, Nomination, NominationEvent, Vote
from organizations.dashboard import TOP_ITEMS, DashboardBlock, DashboardItem
from organizations.formatting import short_date

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Status = Nomination.Status
# A session held within this many days, or held and still open, is due.
SESSION_DUE_DAYS = 7
_SUBMITTING = "commendations.submit_nomination"
_REVIEWING = "commendations.review_nomination"
_VOTING = "commendations.vote_nomination"
_MANAGING = "commendations.manage_council_session"
_DECIDING = "commendations.decide_nomination"


def _queue_url(status: str) -> str:
    return f"{reverse('commendations:queue')}?status={status}"


def _listed(queryset: QuerySet[Nomination]) -> QuerySet[Nomination]:
    return queryset.select_related(
        "person", "unit", "proposed_title", "award_form", "nominating_unit"
    )


def _label(nomination: Nomination) -> str:
    return f"{nomination.nominee} · {nomination.proposal}"


def _block(
    *,
    key: str,
    title: str | Promise,
    queryset: QuerySet[Nomination],
    url: str,
    item: Callable[[Nomination], DashboardItem],
    empty: str | Promise,
    urgent: bool = False,
) -> DashboardBlock:
    """Build a block from the first items and, only when there are more, a count."""
    first = list(queryset[: TOP_ITEMS + 1])
    count = len(first) if len(first) <= TOP_ITEMS else queryset.count()
    return DashboardBlock(
        key=key,
        title=title,
        count=count,
        url=url,
        items=[item(nomination) for nomination in first[:TOP_ITEMS]],
        empty=empty,
        urgent=urgent,
    )


def officer_blocks(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the user's units' returned nominations (with the reason) and their drafts."""
    if not user.has_perm(_SUBMITTING):
        return []
    own = Nomination.objects.for_user(user, _SUBMITTING)
    last_return = NominationEvent.objects.filter(
        nomination=OuterRef("pk"), to_status=Status.RETURNED
    ).order_by("-at", "-pk")
    returned = _listed(own.filter(status=Status.RETURNED)).annotate(
        return_reason=Subquery(last_return.values("comment")[:1]),
        returned_at=Subquery(last_return.values("at")[:1]),
    )
    drafts = _listed(own.filter(status=Status.DRAFT))
    return [
        _block(
            key="nominations_returned",
            title=gettext_lazy("Nominations returned for changes"),
            queryset=returned.order_by("-returned_at", "-pk"),
            url=_queue_url(Status.RETURNED),
            item=lambda nomination: DashboardItem(
                label=_label(nomination),
                url=nomination.get_absolute_url(),
                note=_("returned on {day}").format(day=short_date(nomination.returned_at))
                if nomination.returned_at
                else "",
                emphasis=nomination.return_reason or "",
            ),
            empty=gettext_lazy("No nomination has been returned."),
            urgent=True,
        ),
        _block(
            key="nominations_draft",
            title=gettext_lazy("Drafts not yet submitted"),
            queryset=drafts.order_by("created_at", "pk"),
            url=_queue_url(Status.DRAFT),
            item=lambda nomination: DashboardItem(
                label=_label(nomination),
                url=nomination.get_absolute_url(),
                note=_("drafted on {day}").format(day=short_date(nomination.created_at)),
            ),
            empty=gettext_lazy("No draft is waiting."),
        ),
    ]


def reviewer_blocks(
    user: AbstractBaseUser, *, today: datetime.date | None = None
) -> list[DashboardBlock]:
    """Return the user's own reviews, then the submitted nominations nobody has taken."""
    if not user.has_perm(_REVIEWING):
        return []
    today = today or timezone.localdate()
    scoped = Nomination.objects.for_user(user, _REVIEWING)
    mine = _listed(scoped.filter(status=Status.IN_REVIEW, reviewer=user))
    waiting = _listed(scoped.filter(status=Status.SUBMITTED))

    def waiting_item(nomination: Nomination) -> DashboardItem:
        submitted = (
            timezone.localdate(nomination.submitted_at) if nomination.submitted_at else today
        )
        return DashboardItem(
            label=_label(nomination),
            url=nomination.get_absolute_url(),
            note=_("{unit}; submitted on {day}, waiting {days} days").format(
                unit=nomination.nominating_unit.display_name,
                day=short_date(submitted),
                days=(today - submitted).days,
            ),
        )

    return [
        _block(
            key="reviews_mine",
            title=gettext_lazy("Your reviews in progress"),
            queryset=mine.order_by("submitted_at", "pk"),
            url=_queue_url(Status.IN_REVIEW),
            item=waiting_item,
            empty=gettext_lazy("You have no nomination under review."),
            urgent=True,
        ),
        _block(
            key="reviews_unassigned",
            title=gettext_lazy("Submitted, waiting for a reviewer"),
            queryset=waiting.order_by("submitted_at", "pk"),
            url=_queue_url(Status.SUBMITTED),
            item=waiting_item,
            empty=gettext_lazy("No submitted nomination is waiting."),
        ),
    ]


def sessions_due_block(
    user: AbstractBaseUser, *, today: datetime.date | None = None
) -> list[DashboardBlock]:
    """Return the secretariat's open council sessions held soon or already held."""
    if not user.has_perm(_MANAGING):
        return []
    today = today or timezone.localdate()
    due = (
        CouncilSession.objects.for_user(user, _MANAGING)
        .filter(
            status=CouncilSession.Status.OPEN,
            held_on__lte=today + datetime.timedelta(days=SESSION_DUE_DAYS),
        )
        .select_related("council")
        .order_by("held_on", "pk")
    )
    first = list(due[: TOP_ITEMS + 1])
    count = len(first) if len(first) <= TOP_ITEMS else due.count()
    return [
        DashboardBlock(
            key="sessions_due",
            title=gettext_lazy("Council sessions due"),
            count=count,
            url=reverse("commendations:sessions"),
            items=[
                DashboardItem(
                    label=session.title,
                    url=session.get_absolute_url(),
                    note=session.council.name,
                    emphasis=_("held on {day} and still open").format(
                        day=short_date(session.held_on)
                    )
                    if session.held_on < today
                    else _("to be held on {day}").format(day=short_date(session.held_on)),
                )
                for session in first[:TOP_ITEMS]
            ],
            empty=gettext_lazy("No council session is due in the coming week."),
            urgent=any(session.held_on < today for session in first),
        )
    ]


def council_member_blocks(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the motions of open sessions on which the user, a member, has not voted."""
    if not user.has_perm(_VOTING):
        return []
    voted = Vote.objects.filter(
        session=OuterRef("council_session"), nomination=OuterRef("pk"), member__user=user
    )
    open_votes = _listed(
        Nomination.objects.for_user(user)
        .filter(
            status=Status.COUNCIL_VOTE,
            council_session__status=CouncilSession.Status.OPEN,
            council_session__council__members__user=user,
        )
        .filter(~Exists(voted))
    ).select_related("council_session")
    return [
        _block(
            key="votes_open",
            title=gettext_lazy("Open votes waiting for you"),
            queryset=open_votes.order_by("council_session__held_on", "pk"),
            url=reverse("commendations:sessions"),
            item=lambda nomination: DashboardItem(
                label=_label(nomination),
                url=nomination.council_session.get_absolute_url(),
                note=str(nomination.council_session),
            ),
            empty=gettext_lazy("You have voted on every open motion."),
            urgent=True,
        )
    ]


def leader_blocks(user: AbstractBaseUser) -> list[DashboardBlock]:
    """Return the approved nominations waiting to be recorded in a signed decision."""
    if not user.has_perm(_DECIDING):
        return []
    approved = _listed(Nomination.objects.for_user(user, _DECIDING).filter(status=Status.APPROVED))
    return [
        _block(
            key="nominations_approved",
            title=gettext_lazy("Approved, waiting for a decision"),
            queryset=approved.order_by("updated_at", "pk"),
            url=_queue_url(Status.APPROVED),
            item=lambda nomination: DashboardItem(
                label=_label(nomination),
                url=nomination.get_absolute_url(),
                note=nomination.nominating_unit.display_name,
            ),
            empty=gettext_lazy("No approved nomination is waiting for a decision."),
        )
    ]
