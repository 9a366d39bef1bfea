"""Tallies of a council session: quorum, each motion's votes against all members, results.

A motion passes when its yes votes reach the threshold of the title or award form proposed
(a share of **all** the council's members, not of those present) and the session has its
quorum of two thirds of the members present.

The secretary never decides a motion alone: written votes of absent members (entered by
the secretary, each with the member's signed ballot) count towards the yes votes, never
towards the quorum. A motion is decided only when the members who voted on it **in person**
reach the quorum of two thirds of all members.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from commendations.models import CouncilMember, CouncilSession, Nomination, Vote

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Two thirds of the members must be present for a session to decide (Law on Emulation and
# Commendation 2022 and the councils' rules of procedure).
QUORUM_NUMERATOR = 2
QUORUM_DENOMINATOR = 3


def quorum_needed(members: int) -> int:
    """Return how many members must be present: two thirds, rounded up."""
    return math.ceil(members * QUORUM_NUMERATOR / QUORUM_DENOMINATOR)


def yes_votes_needed(*, members: int, threshold: Decimal) -> int:
    """Return the yes votes that reach ``threshold`` per cent of all members, rounded up."""
    return math.ceil(Decimal(members) * threshold / Decimal(100))


@dataclass
class MotionTally:
    """The votes on one nomination, counted against all members."""

    nomination: Nomination
    members: int
    threshold: Decimal
    votes: list[Vote] = field(default_factory=list)

    @property
    def in_person(self) -> int:
        """Count the votes the members cast themselves, at the session."""
        return sum(1 for vote in self.votes if not vote.written)

    @property
    def written(self) -> int:
        """Count the written votes of absent members, entered by the secretary."""
        return sum(1 for vote in self.votes if vote.written)

    @property
    def quorum_needed(self) -> int:
        """Return how many members must vote in person for the motion to be decided."""
        return quorum_needed(self.members)

    @property
    def has_quorum(self) -> bool:
        """Tell whether enough members voted in person for the motion to be decided."""
        return self.members > 0 and self.in_person >= self.quorum_needed

    @property
    def yes(self) -> int:
        return sum(1 for vote in self.votes if vote.choice == Vote.Choice.YES)

    @property
    def no(self) -> int:
        return sum(1 for vote in self.votes if vote.choice == Vote.Choice.NO)

    @property
    def abstain(self) -> int:
        return sum(1 for vote in self.votes if vote.choice == Vote.Choice.ABSTAIN)

    @property
    def not_voted(self) -> int:
        return self.members - len(self.votes)

    @property
    def yes_needed(self) -> int:
        return yes_votes_needed(members=self.members, threshold=self.threshold)

    @property
    def reaches_threshold(self) -> bool:
        """Tell whether the yes votes reach the threshold (quorum aside)."""
        return self.members > 0 and self.yes >= self.yes_needed

    def vote_of(self, member: CouncilMember) -> Vote | None:
        return next((vote for vote in self.votes if vote.member_id == member.pk), None)


@dataclass
class SessionTally:
    """A session's members, presence, quorum and motions."""

    session: CouncilSession
    members: list[CouncilMember]
    present_ids: set[int]
    motions: list[MotionTally]

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def present_count(self) -> int:
        return len(self.present_ids)

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(self.member_count)

    @property
    def has_quorum(self) -> bool:
        return self.member_count > 0 and self.present_count >= self.quorum_needed

    def may_decide(self, motion: MotionTally) -> bool:
        """Tell whether the motion can be decided: quorum present and voting in person."""
        return self.has_quorum and motion.has_quorum

    def passes(self, motion: MotionTally) -> bool:
        """Tell whether a motion passes: quorum present and yes votes at the threshold."""
        return self.may_decide(motion) and motion.reaches_threshold


def session_tally(*, session: CouncilSession) -> SessionTally:
    """Count a session's presence and every motion's votes."""
    members = list(session.council.members.select_related("user", "person").order_by("order", "pk"))
    present_ids = set(session.present.values_list("pk", flat=True))
    nominations = (
        Nomination.objects.filter(council_session=session)
        .select_related("person__unit", "unit", "proposed_title", "award_form", "nominating_unit")
        .order_by("pk")
    )
    votes: dict[int, list[Vote]] = {}
    for vote in session.votes.select_related("member__person", "member__user", "recorded_by"):
        votes.setdefault(vote.nomination_id, []).append(vote)
    motions = [
        MotionTally(
            nomination=nomination,
            members=len(members),
            threshold=nomination.vote_threshold,
            votes=votes.get(nomination.pk, []),
        )
        for nomination in nominations
    ]
    return SessionTally(session=session, members=members, present_ids=present_ids, motions=motions)


def member_of(*, session: CouncilSession, user: AbstractBaseUser) -> CouncilMember | None:
    """Return the user's seat on the session's council, if they have one."""
    return session.council.members.filter(user=user).first()


def open_sessions(*, user: AbstractBaseUser) -> list[CouncilSession]:
    """Return the open sessions the user may see, soonest first."""
    return list(
        CouncilSession.objects.for_user(user)
        .filter(status=CouncilSession.Status.OPEN)
        .select_related("council")
        .order_by("held_on", "pk")
    )
