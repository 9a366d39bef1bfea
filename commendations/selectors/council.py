"""Tallies of a council session: quorum, each motion's votes against all members, results.

A motion passes when its yes votes reach the threshold of the title or award form proposed
(a share of **all** the council's members, not of those present) and the session has its
quorum: the council's setting (two thirds unless changed) of the members present.

The secretary never decides a motion alone: written votes of absent members (entered by
the secretary, each with the member's signed ballot) count towards the yes votes, never
towards the quorum. A motion is decided only when the members who voted on it **in person**
reach the council's quorum of all members.

A motion by secret ballot is counted the same way; its tally says how many voted and how,
never who voted how.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from commendations.models import CouncilMember, CouncilSession, Nomination, Vote

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

HUNDREDTH = Decimal("0.01")


def share_needed(*, members: int, percent: Decimal) -> int:
    """Return the fewest members whose share of all, as a percentage to two decimals, reaches it.

    Shares are compared as people read them: two of three members are 66.67 %, which reaches
    a quorum set at 66.67 % (two thirds), whereas 66.67 % of three, rounded up, would be three.
    """
    for count in range(members + 1):
        share = (Decimal(100 * count) / Decimal(members or 1)).quantize(
            HUNDREDTH, rounding=ROUND_HALF_UP
        )
        if count and share >= percent:
            return count
    return members


def quorum_needed(members: int, percent: Decimal) -> int:
    """Return how many members must be present for the council's quorum."""
    return share_needed(members=members, percent=percent)


def yes_votes_needed(*, members: int, threshold: Decimal) -> int:
    """Return the yes votes that reach ``threshold`` per cent of all members."""
    return share_needed(members=members, percent=threshold)


@dataclass
class MotionTally:
    """The votes on one nomination, counted against all members."""

    nomination: Nomination
    members: int
    threshold: Decimal
    quorum_percent: Decimal
    votes: list[Vote] = field(default_factory=list)

    @property
    def secret(self) -> bool:
        """Tell whether the motion is voted by secret ballot: tallies only, no names."""
        return self.nomination.secret_ballot

    @property
    def sealed(self) -> bool:
        """Tell whether the tally is withheld: a secret ballot still open for votes.

        While members vote, a tally beside who has voted would tell each new vote's choice
        to anyone who reloads the page; the counts are shown once the motion closes.
        """
        return self.secret and self.nomination.status == self.nomination.Status.COUNCIL_VOTE

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
        return quorum_needed(self.members, self.quorum_percent)

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
        """Return the member's vote; callers show its choice by name only on an open ballot."""
        return next((vote for vote in self.votes if vote.member_id == member.pk), None)

    def has_voted(self, member: CouncilMember) -> bool:
        """Tell whether the member took part in the vote (shown even on a secret ballot)."""
        return any(vote.member_id == member.pk for vote in self.votes)


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
    def quorum_percent(self) -> Decimal:
        """Return the council's quorum, a share of all its members."""
        return self.session.council.quorum_percent

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(self.member_count, self.quorum_percent)

    @property
    def has_secret_ballot(self) -> bool:
        """Tell whether any motion of the session is voted by secret ballot."""
        return any(motion.secret for motion in self.motions)

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
            quorum_percent=session.council.quorum_percent,
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
