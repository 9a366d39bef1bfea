"""Writes to the targets the ministry assigns each unit for a statistical year."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from enforcement.models import Target
from organizations.services import bulk_save_with_history

TARGET_RATIOS = ("case_ratio", "money_ratio")


@transaction.atomic
def target_bulk_save(
    *, user: AbstractBaseUser, created: list[Target], updated: list[Target], reason: str
) -> None:
    """Store new targets and the corrected ratios of stored ones (a targets file)."""
    bulk_save_with_history(
        Target, created=created, updated=updated, fields=TARGET_RATIOS, user=user, reason=reason
    )
