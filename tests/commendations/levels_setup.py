"""Shared set-up of the levels tests: forms decided at a level, a city council, a fixed today."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from commendations.models import AwardForm
from emulation.models import Level


def level_form(level: str, *, code: str = "", comment_days: int = 0) -> AwardForm:
    """Return an award form of the level without rules (every nominee is eligible)."""
    return AwardForm.objects.create(
        code=code or f"test_{level}_form",
        name=f"Hình thức cấp {level}",
        recipients="both",
        level=level,
        authority="Thủ trưởng",
        certificate_title="Bằng khen",
        council_vote_threshold=Decimal(70),
        public_comment_days=comment_days,
    )


def national_form() -> AwardForm:
    """Return a national-level form published for five working days of comment."""
    return level_form(Level.NATIONAL, code="test_national_form", comment_days=5)


def set_today(monkeypatch, day: datetime.date) -> None:
    """Make the services and selectors see ``day`` as today."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
