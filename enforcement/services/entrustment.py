"""Entrustment (ủy thác): the sender's decision, the receiver's new case, and their link.

A case entrusted by another agency is a newly accepted case of the receiver (Luật Thi hành
án dân sự 2008, Art. 55 and 56: the receiving agency issues its own enforcement decision on
the entrustment decision it received). It names the sending agency and that decision. When
the sending agency keeps its cases here too, the receiver's case is linked to the sender's
entrusted-out case, so that the national totals count the work once: the sender's case is
closed by entrustment (line 4), the receiver's is new (line 2), and line 6 on counts it once.

A link is made only where it cannot be wrong: the sender's case is entrusted, names the
same entrustment decision (number and date), was issued or handled by the sending agency,
went to the receiver's agency or one of its offices (or to a predecessor of that agency),
and is linked to no other case; where two cases fit, the judgment enforced decides, and
where that does not, neither is linked. The receiver's clerk never reads the sender's case
through a link they cannot see (``received_link_visible``). Where the rules leave a pair
unlinked, a person who may change both cases links it by hand (``services.linking``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from enforcement.models import EnforcementCase, Status
from enforcement.selectors import ENFORCEMENT_UNIT_KINDS
from enforcement.services.guards import short_date, today
from enforcement.services.records import lock_case, save_case
from organizations.imports.values import fold
from organizations.models import Unit
from organizations.selectors import agency_id_of, unit_parents

CHANGE = "enforcement.change_enforcementcase"
NUMBER_LIMIT = 50

Tree = dict[int, tuple[str, int | None]]


def received_entrustment_check(
    *,
    unit: Unit,
    issuing_agency: Unit,
    accepted_on: datetime.date,
    received_from: Unit | None,
    decision_number: str,
    decision_date: datetime.date | None,
    tree: Tree | None = None,
) -> None:
    """Refuse an entrustment received that the rules forbid.

    The sending agency is an enforcement agency (or, before 1 July 2025, a district
    agency's office) other than the receiver's own agency and its offices; its decision has
    a number and a date, not in the future and not after the case's acceptance.
    """
    number = decision_number.strip()
    if received_from is None:
        if number or decision_date is not None:
            raise ValidationError(
                {
                    "received_from": _(
                        "Name the enforcement agency that entrusted the case, or leave the "
                        "entrustment decision empty."
                    )
                }
            )
        return
    errors: dict[str, str] = {}
    if received_from.kind not in ENFORCEMENT_UNIT_KINDS:
        errors["received_from"] = _(
            "%(unit)s is not a civil judgment enforcement agency: only another enforcement "
            "agency entrusts a case."
        ) % {"unit": received_from}
    else:
        tree = unit_parents() if tree is None else tree
        own = {agency_id_of(unit.pk, tree), agency_id_of(issuing_agency.pk, tree)}
        if agency_id_of(received_from.pk, tree) in own:
            errors["received_from"] = _(
                "%(unit)s belongs to the receiving agency itself: a case passed between "
                "offices of one agency is reassigned, not entrusted."
            ) % {"unit": received_from}
    if not number:
        errors["received_decision_number"] = _(
            "Write the number of the entrustment decision received (for example 12/QĐ-THADS)."
        )
    elif len(number) > NUMBER_LIMIT:
        errors["received_decision_number"] = _(
            "The entrustment decision number is longer than %(limit)s characters."
        ) % {"limit": NUMBER_LIMIT}
    if decision_date is None:
        errors["received_decision_date"] = _("Write the date of the entrustment decision received.")
    elif decision_date > today():
        errors["received_decision_date"] = _(
            "The entrustment decision date %(date)s is in the future."
        ) % {"date": short_date(decision_date)}
    elif decision_date > accepted_on:
        errors["received_decision_date"] = _(
            "The entrustment decision date %(date)s is after the case was accepted "
            "(%(accepted)s): the receiver accepts a case after it is entrusted."
        ) % {"date": short_date(decision_date), "accepted": short_date(accepted_on)}
    if not errors and not received_from.is_active_on(decision_date):
        errors["received_from"] = _("%(unit)s did not exist on %(date)s.") % {
            "unit": received_from,
            "date": short_date(decision_date),
        }
    if errors:
        raise ValidationError(errors)


def entrustment_decision_check(
    *, case: EnforcementCase, number: str, on: datetime.date | None, entrusted_on: datetime.date
) -> None:
    """Refuse an entrustment decision sent that is incomplete or dated out of its case's life."""
    number = number.strip()
    if not number and on is None:
        return
    if not number:
        raise ValidationError(
            {"entrustment_decision_number": _("Write the number of the entrustment decision.")}
        )
    if len(number) > NUMBER_LIMIT:
        raise ValidationError(
            {
                "entrustment_decision_number": _(
                    "The entrustment decision number is longer than %(limit)s characters."
                )
                % {"limit": NUMBER_LIMIT}
            }
        )
    if on is None:
        raise ValidationError(
            {"entrustment_decision_date": _("Write the date of the entrustment decision.")}
        )
    if on < case.accepted_on or on > entrusted_on:
        raise ValidationError(
            {
                "entrustment_decision_date": _(
                    "The entrustment decision date %(date)s is outside the case's life: "
                    "between its acceptance (%(accepted)s) and the entrustment (%(entrusted)s)."
                )
                % {
                    "date": short_date(on),
                    "accepted": short_date(case.accepted_on),
                    "entrusted": short_date(entrusted_on),
                }
            }
        )


def _receiving_agencies(agency_id: int, successors: dict[int, int | None]) -> set[int]:
    """Return the agency and its predecessors: a case entrusted to either came to it."""
    found = {agency_id}
    changed = True
    while changed:
        changed = False
        for unit_id, successor_id in successors.items():
            if successor_id in found and unit_id not in found:
                found.add(unit_id)
                changed = True
    return found


class EntrustmentMatcher:
    """Tells which sender's case a received case is, by the rules of the module docstring."""

    def __init__(self) -> None:
        self.tree = unit_parents()
        self.successors = dict(Unit.objects.values_list("pk", "successor_id"))
        self._agencies: dict[int, set[int]] = {}

    def receiving_agencies(self, received: EnforcementCase) -> set[int]:
        """Return the agencies a case went to if the received case is its other side."""
        agency_id = agency_id_of(received.issuing_agency_id, self.tree)
        if agency_id not in self._agencies:
            self._agencies[agency_id] = _receiving_agencies(agency_id, self.successors)
        return self._agencies[agency_id]

    def agencies_receiving(self, sent: EnforcementCase) -> set[int]:
        """Return the agencies that may have received the sender's case: its successors too."""
        found: set[int] = set()
        agency_id: int | None = agency_id_of(sent.entrusted_to_id, self.tree)
        while agency_id is not None and agency_id not in found:
            found.add(agency_id)
            agency_id = self.successors.get(agency_id)
        return found

    def units_of(self, agency_ids: set[int]) -> set[int]:
        """Return the units that belong to the agencies: the agencies and their offices."""
        return {unit_id for unit_id in self.tree if agency_id_of(unit_id, self.tree) in agency_ids}

    def fits(
        self, received: EnforcementCase, sent: EnforcementCase, *, by_hand: bool = False
    ) -> bool:
        """Tell whether the sender's case is the one the received case names.

        By hand, a sender's case whose entrustment decision was never recorded may fit.
        """
        if sent.entrustment_decision_number:
            same_decision = (
                sent.entrustment_decision_number == received.received_decision_number
                and sent.entrustment_decision_date == received.received_decision_date
            )
        else:
            same_decision = by_hand
        return same_decision and self.may_pair(received, sent)

    def may_pair(self, received: EnforcementCase, sent: EnforcementCase) -> bool:
        """Tell whether the two cases can be the two sides of one entrustment, decision aside.

        The sender's case went, entrusted, from the agency the received case names to the
        receiver's agency (or one of its offices, or a predecessor) before the receiver
        accepted it. Only a person, reading both, tells which such case a received one is.
        """
        return (
            sent.pk != received.pk
            and sent.status == Status.ENTRUSTED
            and received.received_from_id in (sent.issuing_agency_id, sent.unit_id)
            and sent.closed_on is not None
            and sent.closed_on <= received.accepted_on
            and agency_id_of(sent.entrusted_to_id, self.tree) in self.receiving_agencies(received)
        )

    def choose(
        self, received: EnforcementCase, candidates: Iterable[EnforcementCase]
    ) -> EnforcementCase | None:
        """Return the one fitting case, the judgment deciding between several; else None."""
        fitting = [sent for sent in candidates if self.fits(received, sent)]
        if len(fitting) > 1:
            judgment = fold(received.judgment)
            fitting = [sent for sent in fitting if fold(sent.judgment) == judgment]
        return fitting[0] if len(fitting) == 1 else None


def _unlinked_senders(numbers: Iterable[str]) -> list[EnforcementCase]:
    return list(
        EnforcementCase.objects.filter(
            status=Status.ENTRUSTED,
            entrustment_decision_number__in=set(numbers),
            received_as__isnull=True,
        )
    )


def _unlinked_receivers(numbers: Iterable[str]) -> list[EnforcementCase]:
    return list(
        EnforcementCase.objects.filter(
            received_from__isnull=False,
            received_decision_number__in=set(numbers),
            received_from_case__isnull=True,
        )
    )


def _link_pairs(received: list[EnforcementCase]) -> int:
    """Link each received case to its one sender's case where both sides agree; return how many.

    A sender's case two received cases claim stays unlinked: which is right cannot be told.
    """
    received = [case for case in received if case.received_from_case_id is None]
    if not received:
        return 0
    matcher = EntrustmentMatcher()
    senders = _unlinked_senders(case.received_decision_number for case in received)
    by_decision: dict[tuple[str, datetime.date | None], list[EnforcementCase]] = {}
    for sent in senders:
        key = (sent.entrustment_decision_number, sent.entrustment_decision_date)
        by_decision.setdefault(key, []).append(sent)
    claims: dict[int, list[EnforcementCase]] = {}
    chosen: dict[int, EnforcementCase] = {}
    for case in received:
        key = (case.received_decision_number, case.received_decision_date)
        sent = matcher.choose(case, by_decision.get(key, []))
        if sent is not None:
            chosen[case.pk] = sent
            claims.setdefault(sent.pk, []).append(case)
    # Another received case, of this batch or stored before, may claim the same sender's.
    others = _unlinked_receivers(sent.entrustment_decision_number for sent in chosen.values())
    linked = 0
    for case in received:
        sent = chosen.get(case.pk)
        if sent is None or len(claims[sent.pk]) > 1:
            continue
        rivals = [
            other
            for other in others
            if other.pk != case.pk and matcher.choose(other, [sent]) is not None
        ]
        if rivals:
            continue
        if _link(case, sent):
            linked += 1
    return linked


def _link(received: EnforcementCase, sent: EnforcementCase) -> bool:
    """Write the link, the sender's case locked so that no other case takes it meanwhile."""
    locked = EnforcementCase.objects.select_for_update().filter(pk=sent.pk).first()
    if locked is None or EnforcementCase.objects.filter(received_from_case=locked).exists():
        return False
    EnforcementCase.objects.filter(pk=received.pk, received_from_case__isnull=True).update(
        received_from_case=locked
    )
    received.received_from_case = locked
    return True


@transaction.atomic
def received_cases_link(case_ids: Iterable[tuple[int, int]]) -> int:
    """Link the received cases among the ranges of new case ids (an import's); return how many.

    Called after cases were written in bulk (``CaseWriter``): each received case among them
    is linked to the sender's case that fits it, as ``case_open`` does for one case.
    """
    condition = Q()
    for first, last in case_ids:
        condition |= Q(pk__range=(first, last))
    if not condition:
        return 0
    received = list(
        EnforcementCase.objects.filter(condition)
        .filter(received_from__isnull=False, received_from_case__isnull=True)
        .order_by("pk")
    )
    return _link_pairs(received)


def received_case_link(case: EnforcementCase) -> EnforcementCase | None:
    """Link one received case to the sender's case that fits it; return that case, or None."""
    if case.received_from_id is None:
        return None
    if case.received_from_case_id is None:
        _link_pairs([case])
    return case.received_from_case


def sent_case_link(case: EnforcementCase) -> EnforcementCase | None:
    """Link an entrusted-out case to the received case waiting for it; return that, or None."""
    if case.status != Status.ENTRUSTED or not case.entrustment_decision_number:
        return None
    if hasattr(case, "received_as"):
        return case.received_as
    matcher = EntrustmentMatcher()
    waiting = [
        other
        for other in _unlinked_receivers([case.entrustment_decision_number])
        if matcher.choose(other, [case]) is not None
    ]
    if len(waiting) != 1:
        return None
    received = waiting[0]
    # The received case must have no other fitting sender's case either.
    if matcher.choose(received, _unlinked_senders([received.received_decision_number])) != case:
        return None
    return received if _link(received, case) else None


def received_link_follow(case: EnforcementCase) -> None:
    """Drop a link a corrected case no longer fits (before it is saved).

    A link made by hand to a sender's case whose entrustment decision was never recorded
    stays while everything else fits: the decision number was not what paired them.
    """
    sent = case.received_from_case
    if sent is not None and (
        case.received_from_id is None or not EntrustmentMatcher().fits(case, sent, by_hand=True)
    ):
        case.received_from_case = None


@transaction.atomic
def case_record_entrustment_decision(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    number: str,
    on: datetime.date | None,
    reason: str = "",
) -> EnforcementCase:
    """Record the entrustment decision of a case entrusted out before it was recorded.

    The received case waiting for it at the receiver is linked to it then.
    """
    locked = lock_case(user, case, "enforcement.change_case_status")
    if locked.status != Status.ENTRUSTED:
        raise ValidationError(_("Only an entrusted case records the entrustment decision."))
    if hasattr(locked, "received_as"):
        raise ValidationError(
            _("The receiver's case is linked to this case: its entrustment decision stays.")
        )
    entrustment_decision_check(case=locked, number=number, on=on, entrusted_on=locked.closed_on)
    locked.entrustment_decision_number = number.strip()
    locked.entrustment_decision_date = on if number.strip() else None
    save_case(locked, user=user, reason=reason)
    sent_case_link(locked)
    return locked


def received_link_visible(user: AbstractBaseUser, case: EnforcementCase | None) -> bool:
    """Tell whether the user may see the linked case (and so follow the link to it)."""
    if case is None:
        return False
    return EnforcementCase.objects.for_user(user).filter(pk=case.pk).exists()
