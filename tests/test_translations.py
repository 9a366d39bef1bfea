"""Every catalogue of ours is complete, and its committed compiled file matches it."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    path
    for pattern in ("*/locale/vi/LC_MESSAGES/django.po", "locale*/vi/LC_MESSAGES/django.po")
    for path in Path(settings.BASE_DIR).glob(pattern)
)


def test_there_are_vietnamese_catalogues():
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.parent.parent.parent))
def test_catalogue_is_fully_translated(po_path: Path):
    catalogue = polib.pofile(str(po_path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.parent.parent.parent))
def test_compiled_catalogue_matches_its_source(po_path: Path):
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.pofile(str(po_path)).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.mofile(str(po_path.with_suffix(".mo")))
        if entry.msgid
    }

    assert compiled == source, "run `make messages` (or compilemessages) and commit the .mo"
