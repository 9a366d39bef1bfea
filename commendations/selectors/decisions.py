"""Reads of decisions: their list of recipients with the rewards, the certificates to print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from commendations.models import Certificate, Decision, DecisionLine

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class DecisionList:
    """The recipients of a decision a user may see, with the money of each and the total.

    ``unlisted`` are certificates of decisions recorded before rewards were kept, whose
    money could not be computed (no base salary of their date): shown without an amount.
    """

    lines: list[DecisionLine]
    total: int
    unlisted: list[Certificate]


def decision_list(*, user: AbstractBaseUser | AnonymousUser, decision: Decision) -> DecisionList:
    """Return the decision's recipients of the user's units, their rewards and certificates."""
    lines = list(
        DecisionLine.objects.for_user(user, "commendations.view_decision")
        .filter(decision=decision)
        .select_related(
            "nomination__nominating_unit",
            "nomination__certificate__award_form",
            "nomination__certificate__title",
        )
        .order_by("pk")
    )
    unlisted = list(
        Certificate.objects.for_user(user)
        .filter(decision=decision, nomination__decision_line__isnull=True)
        .select_related("nomination__nominating_unit", "award_form", "title")
        .order_by("number")
    )
    return DecisionList(lines=lines, total=sum(line.amount for line in lines), unlisted=unlisted)


def printable_certificates(
    *, user: AbstractBaseUser | AnonymousUser, decision: Decision
) -> list[Certificate]:
    """Return the decision's certificates the user may print: theirs, and given by the law."""
    certificates = (
        Certificate.objects.for_user(user, "commendations.print_certificate")
        .filter(decision=decision)
        .select_related("decision", "award_form", "title")
        .order_by("number")
    )
    return [certificate for certificate in certificates if certificate.is_printable]
