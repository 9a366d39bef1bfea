"""Link an entrustment by hand: a received case to the sender's, where the rules could not.

``services.entrustment`` links the two sides of an entrustment only where the pair cannot be
wrong. Where two of the sender's cases fit, or one side typed the decision number
differently, nothing is linked, and a person who may change both cases chooses the pair:
the case pages list the cases that can be the other side (everything fits but, perhaps, the
decision number), and the link is written here with its reason, in the history of both
cases. The sending agency issued the entrustment decision, so a pair whose numbers differ
keeps the sender's on the received case too (a corrected event says so): the automatic
rules, which compare the numbers, then hold the link from then on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from enforcement.models import CaseEvent, EnforcementCase, Status
from enforcement.services.entrustment import (
    CHANGE,
    EntrustmentMatcher,
    received_entrustment_check,
)
from enforcement.services.guards import short_date, today
from enforcement.services.records import lock_case, record_event, record_imported_states, save_case
from organizations.imports.values import fold

# The candidates a page lists: the closest first; a pair is rarely further down.
CANDIDATE_LIMIT = 50
# The length of a history row's change reason (simple-history's column).
LINK_REASON_LIMIT = 100

# An entrustment decision: its number and date.
Decision = tuple[str, datetime.date]


def sender_link_missing(case: EnforcementCase) -> bool:
    """Tell whether the case was received by entrustment and is linked to no sender's case."""
    return case.received_from_id is not None and case.received_from_case_id is None


def receiver_link_missing(case: EnforcementCase) -> bool:
    """Tell whether the case was entrusted out and no received case is linked to it."""
    return (
        case.status == Status.ENTRUSTED
        and not EnforcementCase.objects.filter(received_from_case=case.pk).exists()
    )


@dataclass(frozen=True)
class LinkCandidate:
    """A case that can be the other side of an entrustment, and what it shares with this one."""

    case: EnforcementCase
    same_decision: bool
    same_judgment: bool
    same_debtor: bool
    # The received case's decision, rewritten as the sender issued it when this pair is linked.
    decision_rewritten: Decision | None


@dataclass(frozen=True)
class LinkCandidates:
    """The candidates a page lists (at most ``CANDIDATE_LIMIT``) and how many there are."""

    candidates: list[LinkCandidate]
    total: int


def _decision_key(number: str) -> str:
    # "12/QĐ-THADS", "12/QD-THADS" and "12 / qđ-thads" name one decision.
    return fold(number).replace(" ", "")


def _rewritten(received: EnforcementCase, sent: EnforcementCase) -> Decision | None:
    """Return the sender's decision when the received case records it otherwise, else None."""
    number, on = sent.entrustment_decision_number, sent.entrustment_decision_date
    if not number or on is None:
        return None
    if (number, on) == (received.received_decision_number, received.received_decision_date):
        return None
    return number, on


def _candidate(
    received: EnforcementCase, sent: EnforcementCase, other: EnforcementCase
) -> tuple[tuple, LinkCandidate]:
    """Return the candidate ``other`` (one of the two cases) and its place in the list."""
    same_decision = bool(sent.entrustment_decision_number) and _decision_key(
        sent.entrustment_decision_number
    ) == _decision_key(received.received_decision_number)
    candidate = LinkCandidate(
        case=other,
        same_decision=same_decision,
        same_judgment=fold(sent.judgment) == fold(received.judgment),
        same_debtor=fold(sent.debtor) == fold(received.debtor),
        decision_rewritten=_rewritten(received, sent),
    )
    # The entrustment the received case names happened on its decision's day: the nearer the
    # sender's closing day, the likelier the pair.
    distance = abs((sent.closed_on - received.received_decision_date).days)
    rank = (
        not same_decision,
        not (candidate.same_judgment or candidate.same_debtor),
        not (candidate.same_judgment and candidate.same_debtor),
        distance,
        other.pk,
    )
    return rank, candidate


def _listed(ranked: list[tuple[tuple, LinkCandidate]]) -> LinkCandidates:
    ranked.sort(key=lambda item: item[0])
    return LinkCandidates(
        candidates=[candidate for _rank, candidate in ranked[:CANDIDATE_LIMIT]], total=len(ranked)
    )


def sender_case_candidates_query(
    *, user: AbstractBaseUser, case: EnforcementCase, matcher: EntrustmentMatcher | None = None
) -> QuerySet[EnforcementCase]:
    """Return the user's changeable cases that can be the sender's side of a received case.

    Entrusted out, linked to no case, by the agency the received case names (or one of its
    offices), to the receiver's agency, one of its offices or a predecessor, before the
    receiver accepted it; the entrustment decision may differ.
    """
    if not sender_link_missing(case):
        return EnforcementCase.objects.none()
    matcher = matcher or EntrustmentMatcher()
    receivers = matcher.units_of(matcher.receiving_agencies(case))
    return (
        EnforcementCase.objects.for_user(user, CHANGE)
        .filter(
            Q(issuing_agency_id=case.received_from_id) | Q(unit_id=case.received_from_id),
            status=Status.ENTRUSTED,
            received_as__isnull=True,
            closed_on__lte=case.accepted_on,
            entrusted_to__in=receivers,
        )
        .exclude(pk=case.pk)
    )


def receiver_case_candidates_query(
    *, user: AbstractBaseUser, case: EnforcementCase, matcher: EntrustmentMatcher | None = None
) -> QuerySet[EnforcementCase]:
    """Return the user's changeable cases that can be the receiver's side of an entrusted case.

    Received by entrustment from the case's agency or office, linked to no sender's case, by
    the agency the case went to (or its successor), accepted on or after the entrustment.
    """
    if not receiver_link_missing(case) or case.closed_on is None:
        return EnforcementCase.objects.none()
    matcher = matcher or EntrustmentMatcher()
    agencies = matcher.units_of(matcher.agencies_receiving(case))
    return (
        EnforcementCase.objects.for_user(user, CHANGE)
        .filter(
            received_from__in={case.issuing_agency_id, case.unit_id},
            received_from_case__isnull=True,
            accepted_on__gte=case.closed_on,
            issuing_agency__in=agencies,
        )
        .exclude(pk=case.pk)
    )


def sender_case_candidates(*, user: AbstractBaseUser, case: EnforcementCase) -> LinkCandidates:
    """List the sender's cases a received case can be linked to: the same decision first.

    Then those of the same judgment or debtor, then by how near their entrustment is to the
    decision received. Only the user's changeable cases: nobody reads another agency's.
    """
    matcher = EntrustmentMatcher()
    query = sender_case_candidates_query(user=user, case=case, matcher=matcher)
    ranked = [
        _candidate(case, sent, sent)
        for sent in query.select_related("unit", "entrusted_to")
        if matcher.may_pair(case, sent)
    ]
    return _listed(ranked)


def receiver_case_candidates(*, user: AbstractBaseUser, case: EnforcementCase) -> LinkCandidates:
    """List the received cases an entrusted-out case can be linked to, in the same order."""
    matcher = EntrustmentMatcher()
    query = receiver_case_candidates_query(user=user, case=case, matcher=matcher)
    ranked = [
        _candidate(received, case, received)
        for received in query.select_related("unit", "received_from")
        if matcher.may_pair(received, case)
    ]
    return _listed(ranked)


def link_reason_check(reason: str) -> str:
    """Return the reason of a link by hand, refused when empty or longer than history keeps."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for linking the two cases: the history keeps it.")}
        )
    if len(reason) > LINK_REASON_LIMIT:
        raise ValidationError(
            {
                "reason": _("The reason is longer than %(limit)s characters.")
                % {"limit": LINK_REASON_LIMIT}
            }
        )
    return reason


@transaction.atomic
def case_link_received(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    sent_case: EnforcementCase,
    reason: str,
) -> EnforcementCase:
    """Link a received case by hand to the sender's case, both changeable by the user.

    Everything but the entrustment decision must fit (``EntrustmentMatcher.may_pair``); the
    received case then records the decision as the sender issued it. The link and its
    reason go into the history of both cases. A sender's case outside the user's units
    answers as one that does not exist.
    """
    locked = lock_case(user, case, CHANGE)
    reason = link_reason_check(reason)
    if locked.received_from_id is None:
        raise ValidationError(
            _("Record where the case was received from before linking it to the sender's case.")
        )
    if locked.received_from_case_id is not None:
        raise ValidationError(_("This case is already linked to the sender's case."))
    visible = EnforcementCase.objects.for_user(user, CHANGE).filter(pk=sent_case.pk)
    sent = visible.select_for_update().first()
    if sent is None:
        raise PermissionDenied(_("No case of your units has this number."))
    if EnforcementCase.objects.filter(received_from_case=sent).exists():
        raise ValidationError(
            _("Case %(number)s is already linked to another received case."),
            params={"number": sent.decision_number},
        )
    if not EntrustmentMatcher().may_pair(locked, sent):
        raise ValidationError(
            _(
                "Case %(number)s is not a case that %(agency)s entrusted to the agency of this "
                "case before it was accepted."
            ),
            params={"number": sent.decision_number, "agency": locked.received_from},
        )
    record_imported_states([sent])
    rewritten = _rewritten(locked, sent)
    if rewritten is not None:
        _record_senders_decision(user=user, case=locked, decision=rewritten, reason=reason)
    locked.received_from_case = sent
    save_case(locked, user=user, reason=reason)
    # The sender's case changes in nothing but the history keeps who linked it, and why.
    save_case(sent, user=user, reason=reason)
    return locked


def _record_senders_decision(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    decision: Decision,
    reason: str,
) -> None:
    """Write the sender's entrustment decision on the received case, as a corrected event."""
    number, on = decision
    received_entrustment_check(
        unit=case.unit,
        issuing_agency=case.issuing_agency,
        accepted_on=case.accepted_on,
        received_from=case.received_from,
        decision_number=number,
        decision_date=on,
    )
    note = _(
        "Linked by hand to the sender's case: the entrustment decision received, "
        "%(old)s of %(old_date)s, now reads %(new)s of %(new_date)s as the sender issued it."
    ) % {
        "old": case.received_decision_number,
        "old_date": short_date(case.received_decision_date),
        "new": number,
        "new_date": short_date(on),
    }
    case.received_decision_number, case.received_decision_date = number, on
    record_event(
        case=case,
        kind=CaseEvent.Kind.CORRECTED,
        on=max(today(), case.state_changed_on),
        user=user,
        note=f"{note} {reason}",
    )
