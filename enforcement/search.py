"""The admin's case search: one text per case under one index of its words, kept off bulk writes.

A case's decision number, debtor, creditor and judgment are joined into its search text
(``CaseSearchText``), followed by the names of its parties (``CaseParty``) one a line: the
debtor and creditor texts already name them, cut at 255 characters; the lines name each in
full, and a party equal to the search ranks first. The services write it with the case; a
bulk import instead notes the ids it wrote in the backlog (``defer_indexing``) and a
background task indexes them after the import commits. Until then the search also reads the
backlog's cases' own fields, so a case is found from the moment it is committed.

The text is stored folded, without diacritics and in capitals (organizations.folding), and
the words searched are folded by the database the same way: "hoang thi trung" finds "Hoàng
Thị Trung" (and "Hoàng" finds "Hoang"). Each word typed is found as a whole word of the text
(a word: letters and digits), so "an" finds "An" but not "Anh" nor "Lan", and "15/qd" finds
"15/QĐ-CCTHADS" but not "115/QĐ"; "nguy*" finds the words starting so. On PostgreSQL a GIN
index over the text's words and its case's unit answers that from its posting lists,
reading only the texts it returns, of the user's units (``WORDS_SQL``); SQLite reads its few
texts through the same rule as a regular expression. Folding is done by
``UPPER(UNACCENT(...))`` inside the set-based INSERT … SELECT, so bulk indexing still reads
no row out of the database. The ids of the cases found are fetched once, up to a cap. Up to
``RANKED_AT_MOST`` come with a rank: a field equal to the whole search first, then the search
as whole words, then the rest. More keep the list's order, read by their ids up to the cap;
past it (a common word) the list walks its cases in its own order, checking each one's text,
and stops at its page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from django.db import connection, connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.db.models.lookups import Contains, Regex
from django.db.transaction import TransactionManagementError

from enforcement.id_lists import with_ids
from enforcement.models import CaseParty, CaseSearchBacklog, CaseSearchText, EnforcementCase
from organizations.folding import (
    Unaccent,
    order_by_rank,
    search_keys,
    search_words,
    whole_word_pattern,
)
from organizations.jobs import enqueue_on_commit

SEARCHED_FIELDS = ("decision_number", "debtor", "creditor", "judgment")
# The case list's own order, in which ``_found_ids`` sorts what it found: the latest
# accepted first, then the highest id (``EnforcementCase.Meta.ordering``).
LIST_ORDER = ("-accepted_on", "-id")
# Admin search terms are split at whitespace, so no term holds a newline and none can match
# across two fields of the text.
SEPARATOR = "\n"
# Cases indexed per transaction by the background task and ``index_case_search --all``.
CHUNK = 50_000
# A search finding more cases than this lists them in the list's order, unranked.
RANKED_AT_MOST = 1_000
# A word of the folded text is a run of capitals and digits. A word typed is found as a whole
# word of the text ("an" finds "An", not "Anh" nor "Lan"; "15/qd" finds "15/QĐ-CCTHADS", not
# "115/QĐ"), or as the start of one when it ends with PREFIX ("ngu*" finds "Nguyễn").
WORD = re.compile("[A-Z0-9]+")
WORD_START = "(^|[^A-Z0-9])"
WORD_END = "([^A-Z0-9]|$)"
PREFIX = "*"
# No text holds a longer word (each field is at most 255 characters, a few more once folded),
# and PostgreSQL refuses a word over 2,047 bytes in a query: a longer word typed finds nothing.
LONGEST_WORD = 1_000
# Fewer letters before PREFIX would read a good part of the index: the word is taken whole.
PREFIX_AT_LEAST = 2
# The text's words, whole, and its case's unit ("u" and its id: lowercase, so never a word),
# as PostgreSQL's tsvector: the expression of the search index (migration 0036). Its posting
# lists find the texts holding every word searched, in the user's units, without reading a
# text. Written again, character for character, in that migration.
WORDS_SQL = (
    "array_to_tsvector(array_append(array_remove(regexp_split_to_array("
    "{text}, '[^A-Z0-9]+'), ''), 'u' || COALESCE({unit}::text, '')))"
)
# Memory of the query finding the cases (``_found_ids``): a bitmap of every text's page, at
# ten million cases, takes about 16 MB.
SEARCH_WORK_MEM = "32MB"
# A scope of more units than this reads their posting lists for little: the query leaves
# them out and the queryset's own filter keeps the scope.
UNITS_IN_QUERY_AT_MOST = 100

# Stored folded, so that matching a row compares it as it is instead of converting ~80
# characters per word searched (five times the work on a million rows). Every column is NOT
# NULL (an absent creditor is ''), so the concatenation never turns NULL.
TEXT_SQL = f"UPPER(UNACCENT({' || %s || '.join(SEARCHED_FIELDS)}{{parties}}))"
TEXT_PARAMS = [SEPARATOR] * (len(SEARCHED_FIELDS) - 1)
# The parties' names, one a line, after the fields; nothing at all for a case without parties
# (the separator joined to NULL is NULL), so such a case's text is as it always was. The
# (case, role, position) index of the parties serves the lookup of each case's names.
PARTY_NAMES_SQL = {
    "postgresql": "string_agg(p.name, %s ORDER BY p.role, p.position, p.id)",
    "sqlite": "group_concat(p.name, %s)",
}


def _text_sql() -> str:
    """Return the SQL of a case's folded search text, its parties' names included."""
    names = PARTY_NAMES_SQL[connection.vendor]
    parties = (
        f" || COALESCE(%s || (SELECT {names} FROM {CaseParty._meta.db_table} p "  # noqa: S608
        f"WHERE p.case_id = {EnforcementCase._meta.db_table}.id), '')"
    )
    return TEXT_SQL.format(parties=parties)


def index_cases(first_id: int, last_id: int) -> int:
    """Write the search text of the cases with ids from first_id to last_id; return how many."""
    search_table = CaseSearchText._meta.db_table
    case_table = EnforcementCase._meta.db_table
    # On PostgreSQL the case rows are read share-locked: a correction committed while this
    # statement ran is then read as corrected, not overwritten by the text it replaced.
    lock = " FOR SHARE" if connection.features.has_select_for_update else ""
    sql = (
        f"INSERT INTO {search_table} (case_id, unit_id, text) "  # noqa: S608
        f"SELECT id, unit_id, {_text_sql()} FROM {case_table} "
        f"WHERE id BETWEEN %s AND %s{lock} "
        "ON CONFLICT (case_id) DO UPDATE SET unit_id = excluded.unit_id, text = excluded.text"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*TEXT_PARAMS, SEPARATOR, SEPARATOR, first_id, last_id])
        return cursor.rowcount


def refresh_case_text(case: EnforcementCase) -> None:
    """Write the search text of one saved case; call it in the transaction that saved it."""
    index_cases(case.pk, case.pk)


def id_ranges(ids: Iterable[int]) -> list[tuple[int, int]]:
    """Return the runs of consecutive ids as (first, last) ranges."""
    ranges: list[tuple[int, int]] = []
    for case_id in sorted(set(ids)):
        if ranges and ranges[-1][1] == case_id - 1:
            ranges[-1] = (ranges[-1][0], case_id)
        else:
            ranges.append((case_id, case_id))
    return ranges


def defer_indexing(ranges: Iterable[tuple[int, int]]) -> None:
    """Index the cases of these id ranges in the background once the open transaction commits.

    Call it inside the transaction that writes the cases: the ranges commit (or roll back)
    with them, and the search reads their cases' fields until the task has indexed them.
    """
    rows = [CaseSearchBacklog(first_id=first, last_id=last) for first, last in ranges]
    if not rows:
        return
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("defer_indexing() belongs inside the cases' transaction.")
    CaseSearchBacklog.objects.bulk_create(rows)
    enqueue_on_commit("enforcement.tasks.index_case_search")


def index_backlog() -> int:
    """Index the backlog's cases, a chunk per transaction; return how many were indexed."""
    indexed = 0
    while True:
        with transaction.atomic():
            # Workers running side by side each take a different range.
            pending = (
                CaseSearchBacklog.objects.select_for_update(skip_locked=True)
                .order_by("first_id", "pk")
                .first()
            )
            if pending is None:
                return indexed
            last_id = min(pending.last_id, pending.first_id + CHUNK - 1)
            indexed += index_cases(pending.first_id, last_id)
            if last_id == pending.last_id:
                pending.delete()
            else:
                pending.first_id = last_id + 1
                pending.save(update_fields=["first_id"])


def index_all() -> int:
    """Rewrite the search text of every case, then index the backlog; return how many."""
    first = EnforcementCase.objects.order_by("pk").values_list("pk", flat=True).first()
    last = EnforcementCase.objects.order_by("-pk").values_list("pk", flat=True).first()
    indexed = 0
    if first is not None:
        for start in range(first, last + 1, CHUNK):
            with transaction.atomic():
                indexed += index_cases(start, min(start + CHUNK - 1, last))
    return indexed + index_backlog()


def _in_fields(key: str) -> Q:
    """Match the folded key in one of the case's own fields, folded as the text is."""
    return Q.create(
        [Contains(Upper(Unaccent(field)), key) for field in SEARCHED_FIELDS], connector=Q.OR
    )


def _split_prefix(key: str) -> tuple[str, bool]:
    """Return the key without its closing ``PREFIX`` and whether it asks for a word's start.

    A closing ``PREFIX`` is never looked for as typed: after fewer than ``PREFIX_AT_LEAST``
    letters or digits, the word before it is taken whole.
    """
    body = key.rstrip(PREFIX)
    words = WORD.findall(body)
    asks = (
        body != key
        and bool(words)
        and body.endswith(words[-1])
        and len(words[-1]) >= PREFIX_AT_LEAST
    )
    return body, asks


def word_pattern(key: str) -> str:
    """Return the regular expression of a folded key found as whole words of the text.

    A key ending with ``PREFIX`` is found where a word starts; a key opening or closing with
    punctuation ("/2024", "QD-") is found wherever that end stands. The syntax is common to
    PostgreSQL's and Python's (SQLite's) regular expressions.
    """
    body, prefix = _split_prefix(key)
    start = WORD_START if WORD.match(body) else ""
    end = WORD_END if not prefix and WORD.fullmatch(body[-1:]) else ""
    return start + re.escape(body) + end


class MatchesWords(Func):
    """``words(text, unit) @@ query``: the text holds the query's words, in one of its units.

    ``WORDS_SQL`` over the text and the unit is the expression of the GIN index (migration
    0036), so that PostgreSQL finds the texts through it; the query is a ``tsquery``.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, query: str) -> None:
        super().__init__(F("text"), F("unit_id"), Value(query))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        (text, text_params), (unit, unit_params), (query, query_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        return (
            f"{WORDS_SQL.format(text=text, unit=unit)} @@ CAST({query} AS tsquery)",
            [*text_params, *unit_params, *query_params],
        )


def words_query(keys: list[str], units: Collection[int] | None = None) -> str:
    """Return the tsquery of the keys' words (the last one a prefix where asked), in the units.

    Each word is made of capitals and digits only, and each unit is an integer, so nothing
    typed reaches the query's syntax.
    """
    terms = []
    for key in keys:
        body, prefix = _split_prefix(key)
        words = [f"'{word}'" for word in WORD.findall(body)]
        if prefix:
            words[-1] += ":*"
        terms.extend(words)
    query = " & ".join(terms)
    if units is not None and len(units) <= UNITS_IN_QUERY_AT_MOST:
        in_units = " | ".join(f"'u{int(unit)}'" for unit in sorted(units))
        query = f"{query} & ({in_units})"
    return query


def _matching_texts(keys: list[str], units: Collection[int] | None) -> QuerySet[CaseSearchText]:
    """Return the texts holding each key as whole words (``word_pattern``), in the units.

    On PostgreSQL the index answers a key of one word exactly, and the units with it; a key
    of several ("15/QD", a quoted phrase) also needs its words in a row, which its regular
    expression checks on the few texts the index found. SQLite checks every key's expression.
    """
    texts = CaseSearchText.objects.order_by()
    exact = keys
    if connection.vendor == "postgresql":
        texts = texts.filter(MatchesWords(words_query(keys, units)))
        exact = [key for key in keys if WORD.fullmatch(_split_prefix(key)[0]) is None]
    elif units is not None:
        texts = texts.filter(unit_id__in=units)
    return _holding(texts, exact)


def _holding(texts: QuerySet[CaseSearchText], keys: list[str]) -> QuerySet[CaseSearchText]:
    """Narrow the texts to those holding each key as whole words, read text by text."""
    for key in keys:
        texts = texts.filter(text__regex=word_pattern(key))
    return texts


def _phrases_in_one_field(found: QuerySet[EnforcementCase], keys: list[str]) -> QuerySet:
    """Keep the cases whose quoted phrases over lines stand within one field of the case.

    The text joins the fields with ``SEPARATOR``, so such a phrase could match across two.
    """
    for key in keys:
        if SEPARATOR in key:
            found = found.filter(_in_fields(key))
    return found


def _found_ids(found: QuerySet[EnforcementCase], limit: int) -> list[int]:
    """Return the ids of up to ``limit`` cases found, in the list's order (``LIST_ORDER``).

    The query itself sorts nothing (no sort to wait for): it reads each case's acceptance
    day with its id, from the row it reads anyway to check the user's units, and the ids are
    sorted here. On PostgreSQL the query gets ``SEARCH_WORK_MEM``: the index's bitmap of a
    common word's texts then stays exact, where at the default 4 MB it turns to whole pages
    whose every text PostgreSQL reads and splits into words again (2 s for "Lê Minh" across
    the country).
    """
    query = found.order_by().values_list("accepted_on", "pk")[:limit]
    if connections[found.db].vendor != "postgresql":
        rows = list(query)
    else:
        with transaction.atomic(using=found.db), connections[found.db].cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [SEARCH_WORK_MEM])
            rows = list(query)
    return [case_id for _accepted_on, case_id in sorted(rows, reverse=True)]


def _each_text_holds(keys: list[str]) -> Exists:
    """Tell whether a case's own text holds each key as whole words, read row by row.

    The subquery counts its text (``HAVING``), which keeps it a check PostgreSQL runs for
    each case the list walks: a plain ``EXISTS`` is turned into a join, and PostgreSQL,
    taking a common word's texts for a few thousand, then starts from the texts, reading
    every one in the country (8 s, past the web's statement timeout, for "Công ty TNHH" in
    a city of ten million cases, against 8 ms walking the city's cases).
    """
    own_text = _holding(CaseSearchText.objects.filter(case_id=OuterRef("pk")), keys)
    return Exists(own_text.values("case_id").annotate(held=Count("*")).filter(held__gt=0))


def _pending(keys: list[str]) -> QuerySet[EnforcementCase]:
    # The backlog's bounds are read in the search's own statement: a range indexed meanwhile
    # is then seen either pending or indexed, never neither.
    backlog = CaseSearchBacklog.objects.order_by()
    pending = EnforcementCase.objects.order_by().filter(
        pk__gte=Subquery(backlog.order_by("first_id").values("first_id")[:1]),
        pk__lte=Subquery(backlog.order_by("-last_id").values("last_id")[:1]),
    )
    pending = pending.filter(
        Exists(backlog.filter(first_id__lte=OuterRef("pk"), last_id__gte=OuterRef("pk")))
    )
    for key in keys:
        pattern = word_pattern(key)
        pending = pending.filter(
            Q.create(
                [Regex(Upper(Unaccent(field)), pattern) for field in SEARCHED_FIELDS],
                connector=Q.OR,
            )
        )
    return pending


def _rank(phrase_key: str) -> Case:
    """Rank a case by its search text: 0 a field equal to the search, 1 whole words, else 2.

    A case still in the backlog has no text yet and ranks 2 until it is indexed.
    """
    text = "search_text__text"
    equal = (
        Q(**{f"{text}__startswith": phrase_key + SEPARATOR})
        | Q(**{f"{text}__contains": SEPARATOR + phrase_key + SEPARATOR})
        | Q(**{f"{text}__endswith": SEPARATOR + phrase_key})
    )
    whole_words = Q(**{f"{text}__regex": whole_word_pattern(phrase_key)})
    return Case(
        When(equal, then=Value(0)),
        When(whole_words, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


class Found(NamedTuple):
    """What a search found: the cases, how many up to a cap, their ids in the list's order."""

    cases: QuerySet[EnforcementCase]
    # None when the term holds no word (the queryset as it was, uncounted).
    count: int | None
    # Every case found, in ``LIST_ORDER``, when they were few enough to read by their ids and
    # too many to rank; else None. A list in that order pages through them by their ids.
    in_list_order: list[int] | None = None


def search_cases(
    queryset: QuerySet[EnforcementCase], term: str, *, units: Collection[int] | None = None
) -> QuerySet[EnforcementCase]:
    """Return the cases of the queryset holding every word of the term, best matches first.

    Words match in any searched field, ignoring diacritics and case. Up to ``RANKED_AT_MOST``
    cases found are ordered by their rank (``_rank``), then by the queryset's own order.
    ``units``, when given, holds every unit of the queryset's cases (the user's scope): the
    index then reads only their texts.
    """
    return search_cases_counted(queryset, term, units=units).cases


def search_cases_counted(
    queryset: QuerySet[EnforcementCase],
    term: str,
    *,
    units: Collection[int] | None = None,
    count_at_most: int = RANKED_AT_MOST,
) -> Found:
    """Return the cases found, as ``search_cases`` does, and how many up to a cap.

    The count stops at ``count_at_most + 1`` (at least ``RANKED_AT_MOST + 1``): deciding
    whether to rank needs it, and a list that counts its rows up to the same cap can take it
    instead of counting again (a common word costs seconds per count on millions of cases).
    """
    words = search_words(term)
    if not words:
        return Found(queryset, None)
    *keys, phrase_key = search_keys([*words, " ".join(words)], using=queryset.db)
    # A word with neither a letter nor a digit ("-", "/") is no word of any text.
    keys = [key for key in keys if WORD.search(key)]
    longest = max((len(word) for key in keys for word in WORD.findall(key)), default=0)
    if not keys or longest > LONGEST_WORD or (units is not None and not units):
        return Found(queryset.none(), 0)
    found = _matching_texts(keys, units).values("case_id")
    # The backlog's cases join in only while there are some (a search that starts as an
    # import commits sees the cases as they were just before).
    pending = CaseSearchBacklog.objects.exists()
    if pending:
        found = found.union(_pending(keys).values("pk"), all=True)
    found = _phrases_in_one_field(queryset.filter(pk__in=found), keys)
    cap = max(count_at_most, RANKED_AT_MOST)
    ids = _found_ids(found, cap + 1)
    if len(ids) <= RANKED_AT_MOST:
        # The list reads the few cases found by their ids instead of searching again.
        return Found(order_by_rank(with_ids(queryset, ids), _rank(phrase_key)), len(ids))
    if len(ids) <= cap:
        # Too many to rank (ranking sorts them all), few enough to read by their ids: a
        # list in its own order reads only its page's cases.
        return Found(with_ids(queryset, ids), len(ids), ids)
    # More than the cap: a common word, tens of thousands of cases in a city, which any
    # order read through the index would fetch and sort. The list instead walks its cases in
    # its own order, checking each one's text, and stops at its page: with one case in thirty
    # holding the words, a page reads three thousand texts, in tens of milliseconds.
    if pending:
        return Found(found, len(ids))
    return Found(_phrases_in_one_field(queryset.filter(_each_text_holds(keys)), keys), len(ids))
