"""Texts stored in both languages, read in the user's."""

from __future__ import annotations

from django.utils.translation import get_language


def in_user_language(vietnamese: str, english: str) -> str:
    """Return the English text to users reading English (when there is one), else Vietnamese."""
    language = (get_language() or "vi").split("-")[0]
    if language == "en" and english:
        return english
    return vietnamese
