"""Writes of the base salary that reward money is a multiple of."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.models import BaseSalary
from organizations.formatting import format_money

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def base_salary_check(
    *,
    valid_from: datetime.date | None,
    amount: int | None,
    legal_basis: str,
    base_salary: BaseSalary | None = None,
) -> None:
    """Refuse a base salary with every reason, field by field."""
    errors: dict[str, list[str]] = {}
    if valid_from is None:
        errors["valid_from"] = [_("Give the day from which the base salary is in force.")]
    else:
        same_day = BaseSalary.objects.filter(valid_from=valid_from)
        if base_salary is not None and base_salary.pk is not None:
            same_day = same_day.exclude(pk=base_salary.pk)
        existing = same_day.first()
        if existing is not None:
            # Each base salary runs until the next one starts: two from one day would overlap.
            errors["valid_from"] = [
                _(
                    "A base salary of {amount} đồng already takes effect on {date}: correct "
                    "that one instead of adding another."
                ).format(
                    amount=format_money(existing.amount),
                    date=valid_from.strftime("%d/%m/%Y"),
                )
            ]
    if amount is None or amount <= 0:
        errors["amount"] = [
            _("The base salary is an amount in đồng above zero, for example 2.340.000.")
        ]
    if not (legal_basis or "").strip():
        errors["legal_basis"] = [
            _("Name the decree that sets it, for example Nghị định 73/2024/NĐ-CP.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def base_salary_save(
    *,
    user: AbstractBaseUser,
    base_salary: BaseSalary | None,
    valid_from: datetime.date,
    amount: int,
    legal_basis: str,
) -> BaseSalary:
    """Add a base salary, or correct one; decisions already recorded keep their amounts."""
    permission = "emulation.change_basesalary" if base_salary else "emulation.add_basesalary"
    if not user.has_perm(permission):
        raise PermissionDenied(_("Only an administrator keeps the base salary."))
    base_salary_check(
        valid_from=valid_from, amount=amount, legal_basis=legal_basis, base_salary=base_salary
    )
    base_salary = base_salary or BaseSalary()
    base_salary.valid_from = valid_from
    base_salary.amount = amount
    base_salary.legal_basis = legal_basis.strip()
    base_salary.full_clean()
    base_salary.save()
    return base_salary
