"""Writes to a case's obligations; its amount to enforce follows their money.

See ``enforcement.services.obligation_rules`` for how the amount and the obligations agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enforcement.models import MONEY_KINDS, EnforcementCase, Obligation, ObligationKind
from enforcement.services.cases import case_update
from enforcement.services.guards import (
    closed_years_check,
    closed_years_of_case,
    guard_closed_years,
    require_permission,
)
from enforcement.services.obligation_rules import MAX_CASE_MONEY, money_of, obligation_check
from enforcement.services.records import lock_case
from organizations.formatting import format_money


def _money_terms(obligations: Iterable[Obligation]) -> list[tuple]:
    # What of a case's obligations the statistics read: kinds, amounts and periods.
    return sorted(
        (o.kind, o.amount, o.first_period, o.last_period)
        for o in obligations
        if o.kind in MONEY_KINDS
    )


def _held(case: EnforcementCase) -> list[Obligation]:
    # The case's obligations; an amount that came without any (a case file) counts as the
    # one money obligation it is about to become (``_ensure_amount_held``).
    stored = list(case.obligations.all())
    if case.amount_due and not any(o.kind in MONEY_KINDS for o in stored):
        stored.append(Obligation(case=case, kind=ObligationKind.MONEY, amount=case.amount_due))
    return stored


def _ensure_amount_held(case: EnforcementCase) -> None:
    if case.amount_due and not case.obligations.filter(kind__in=MONEY_KINDS).exists():
        Obligation.objects.create(case=case, kind=ObligationKind.MONEY, amount=case.amount_due)


def case_obligations_check(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    saved: Iterable[Obligation] = (),
    deleted: Iterable[Obligation] = (),
    reason: str = "",
) -> bool:
    """Refuse obligations the rules forbid; return whether the case's money changes.

    Changing the money of a case counted in a closed year changes frozen figures: it needs
    the reopen permission and a reason, as a correction of the amount does.
    """
    permission = "enforcement.change_enforcementcase"
    require_permission(user, permission)
    if not EnforcementCase.objects.for_user(user, permission).filter(pk=case.pk).exists():
        raise PermissionDenied(_("This case is outside your units."))
    saved, deleted = list(saved), list(deleted)
    for obligation in saved:
        if obligation.case_id is not None and obligation.case_id != case.pk:
            raise ValidationError(_("This obligation belongs to another case."))
        obligation.case = case
        obligation_check(obligation)
    for obligation in deleted:
        if obligation.case_id != case.pk:
            raise ValidationError(_("This obligation belongs to another case."))
    before = _held(case)
    ids = {o.pk for o in saved if o.pk} | {o.pk for o in deleted if o.pk}
    after = [o for o in before if o.pk is None or o.pk not in ids] + saved
    if money_of(after) > MAX_CASE_MONEY:
        raise ValidationError(
            _("The money obligations of a case add up to at most %(amount)s VND.")
            % {"amount": format_money(MAX_CASE_MONEY)},
            code="too_much",
        )
    if money_of(after) < case.amount_recovered + case.amount_reduced:
        raise ValidationError(
            _(
                "The money obligations would order less than what was already collected, "
                "reduced or exempted."
            )
        )
    changes_money = _money_terms(before) != _money_terms(after)
    if changes_money:
        closed_years_check(
            user=user, years=closed_years_of_case(case), reason=reason, unit_id=case.unit_id
        )
    return changes_money


@transaction.atomic
def case_obligations_save(
    *,
    user: AbstractBaseUser,
    case: EnforcementCase,
    saved: Iterable[Obligation] = (),
    deleted: Iterable[Obligation] = (),
    reason: str = "",
) -> EnforcementCase:
    """Add, change and remove obligations of a case; its amount to enforce follows them.

    See ``case_obligations_check`` for what is refused.
    """
    locked = lock_case(user, case, "enforcement.change_enforcementcase")
    saved, deleted = list(saved), list(deleted)
    changes_money = case_obligations_check(
        user=user, case=locked, saved=saved, deleted=deleted, reason=reason
    )
    _ensure_amount_held(locked)
    for obligation in deleted:
        Obligation.objects.filter(pk=obligation.pk, case=locked).delete()
    for obligation in saved:
        obligation.case = locked
        obligation.save()
    new_total = money_of(locked.obligations.all())
    if new_total != locked.amount_due:
        # The amount follows through the case service: its rules, its closed years' guard
        # and log, its history and its event.
        return case_update(user=user, case=locked, changes={"amount_due": new_total}, reason=reason)
    if changes_money:
        # Money by period moved without changing the whole: the figures of closed years move.
        guard_closed_years(
            user=user, years=closed_years_of_case(locked), reason=reason, case=locked
        )
    return locked
