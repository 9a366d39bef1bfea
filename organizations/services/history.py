"""Bulk writes that keep each row's history."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def bulk_save_with_history(
    model: type[models.Model],
    *,
    created: list[models.Model],
    updated: list[models.Model],
    fields: Iterable[str],
    user: AbstractBaseUser,
    reason: str,
) -> None:
    """Insert the new records and update the stored ones, each with its history row."""
    bulk_create_with_history(created, model, default_user=user, default_change_reason=reason)
    bulk_update_with_history(
        updated, model, list(fields), default_user=user, default_change_reason=reason
    )
