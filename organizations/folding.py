"""Accent-free, case-free text for search: one folding in Python, the same one in SQL.

People type "hoang thi trung" for "Hoàng Thị Trung", so the searches compare text folded:
Vietnamese diacritics stripped (đ/Đ made d/D) and letters in capitals. The database folds
both sides, the searched text and the words typed, with ``UPPER(UNACCENT(...))``:

* on PostgreSQL ``UNACCENT`` is the ``unaccent`` extension (created by enforcement's
  migrations). Folding a million case texts with it takes seconds; ``translate()`` over the
  Vietnamese letters took ten times longer, and reading the rows out to fold them in Python
  longer still, so the extension is what keeps bulk indexing fast;
* on SQLite it is ``strip_diacritics`` below, registered on every connection.

Words are folded by the same statement as the text they are looked for in, never by Python
beside SQL, so a letter one side would fold and the other not (``Ł``, ``ß``) cannot make a
search miss. Folding is symmetric: "Hoang" finds "Hoàng" and "Hoàng" finds "Hoang" too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Upper
from django.db.models.lookups import Contains, Exact, Regex
from django.utils.text import smart_split, unescape_string_literal

# The annotation by which searched rows are ordered first: 0 for a field equal to the whole
# search, 1 for the search found as whole words of a field, 2 otherwise.
SEARCH_RANK = "search_rank"

# Letters whose decomposition keeps no base letter to strip down to. "Ð" (the eth) stands in
# for "Đ" in text typed with some old Vietnamese keyboards.
_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D"})


def strip_diacritics(text: str) -> str:
    """Return the text without diacritics: "Đặng Thị Ánh" → "Dang Thi Anh"; case is kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


class Unaccent(Func):
    """``UNACCENT(text)``: PostgreSQL's extension, or ``strip_diacritics`` on SQLite."""

    function = "UNACCENT"
    output_field = TextField()


def register_sqlite_unaccent(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Give a new SQLite connection the ``UNACCENT`` function (connected in the app's ready)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNACCENT", 1, _sqlite_unaccent, deterministic=True)


def _sqlite_unaccent(text: str | None) -> str | None:
    return None if text is None else strip_diacritics(text)


def search_keys(texts: list[str], *, using: str = "default") -> list[str]:
    """Return the texts folded by the database as it folds searched text, in one query."""
    if not texts:
        return []
    columns = ", ".join(["UPPER(UNACCENT(%s))"] * len(texts))
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {columns}", texts)
        return list(cursor.fetchone())


def whole_word_pattern(key: str) -> str:
    """Return a regular expression finding the folded key as whole words of folded text.

    The syntax is common to PostgreSQL's and Python's (SQLite's) regular expressions.
    """
    return f"(^|[^A-Z0-9]){re.escape(key)}([^A-Z0-9]|$)"


def search_words(term: str) -> list[str]:
    """Split a search as the admin does: at whitespace, a quoted phrase staying whole."""
    words = []
    for bit in smart_split(term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


def folded(field: str) -> Upper:
    """Return the field folded as searched text is: ``UPPER(UNACCENT(field))``."""
    return Upper(Unaccent(F(field)))


def order_by_rank(queryset: QuerySet, rank: Case) -> QuerySet:
    """Annotate the rank and order by it first, then by the queryset's own order."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return queryset.annotate(**{SEARCH_RANK: rank}).order_by(SEARCH_RANK, *ordering)


def filter_fields_folded(queryset: QuerySet, fields: Sequence[str], term: str) -> QuerySet:
    """Return the rows holding every word of the term in one of the fields, folded.

    For the small tables (people, nominations): each row's fields are folded as the search
    reads them, with no stored copy.
    """
    words = search_words(term)
    if not words:
        return queryset
    for key in search_keys(words, using=queryset.db):
        queryset = queryset.filter(
            Q.create([Contains(folded(field), key) for field in fields], connector=Q.OR)
        )
    return queryset


def rank_fields_folded(queryset: QuerySet, fields: Sequence[str], term: str) -> QuerySet:
    """Order the rows by their ``SEARCH_RANK`` for the term first, then in their own order."""
    words = search_words(term)
    if not words:
        return queryset
    (phrase_key,) = search_keys([" ".join(words)], using=queryset.db)
    equal = Q.create([Exact(folded(field), phrase_key) for field in fields], connector=Q.OR)
    pattern = whole_word_pattern(phrase_key)
    whole_words = Q.create([Regex(folded(field), pattern) for field in fields], connector=Q.OR)
    rank = Case(
        When(equal, then=Value(0)),
        When(whole_words, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return order_by_rank(queryset, rank)


def search_fields_folded(queryset: QuerySet, fields: Sequence[str], term: str) -> QuerySet:
    """Return the rows holding every word of the term in one of the fields, best first."""
    found = filter_fields_folded(queryset, fields, term)
    return rank_fields_folded(found, fields, term)
