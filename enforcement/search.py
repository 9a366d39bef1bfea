"""The admin's case search: one text per case under one trigram index, kept off bulk writes.

A case's decision number, debtor, creditor and judgment are joined into its search text
(``CaseSearchText``), followed by the names of its parties (``CaseParty``) one a line: the
debtor and creditor texts already name them, cut at 255 characters; the lines name each in
full, and a party equal to the search ranks first. The services write it with the case; a
bulk import instead notes the ids it wrote in the backlog (``defer_indexing``) and a
background task indexes them after the import commits. Until then the search also reads the
backlog's cases' own fields, so a case is found from the moment it is committed.

The text is stored folded, without diacritics and in capitals (organizations.folding), and
the words searched are folded by the database the same way: "hoang thi trung" finds "Hoàng
Thị Trung" (and "Hoàng" finds "Hoang") through the one trigram index, on both databases.
Folding is done by ``UPPER(UNACCENT(...))`` inside the set-based INSERT … SELECT, so bulk
indexing still reads no row out of the database. The cases found come with a rank: a field
equal to the whole search first, then the search as whole words, then the rest. Ranking
sorts all the cases found, so a search finding thousands (one common word) keeps the list's
order instead: with it PostgreSQL stops at the first page, and "nguyen" answers in tens of
milliseconds instead of seconds on a million cases.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.db.models.lookups import Contains
from django.db.transaction import TransactionManagementError

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
# Admin search terms are split at whitespace, so no term holds a newline and none can match
# across two fields of the text.
SEPARATOR = "\n"
# Cases indexed per transaction by the background task and ``index_case_search --all``.
CHUNK = 50_000
# A search finding more cases than this lists them in the list's order, unranked.
RANKED_AT_MOST = 1_000

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
        f"INSERT INTO {search_table} (case_id, text) "  # noqa: S608
        f"SELECT id, {_text_sql()} FROM {case_table} WHERE id BETWEEN %s AND %s{lock} "
        "ON CONFLICT (case_id) DO UPDATE SET text = excluded.text"
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
        pending = pending.filter(_in_fields(key))
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


def search_cases(queryset: QuerySet[EnforcementCase], term: str) -> QuerySet[EnforcementCase]:
    """Return the cases of the queryset holding every word of the term, best matches first.

    Words match in any searched field, ignoring diacritics and case. Up to ``RANKED_AT_MOST``
    cases found are ordered by their rank (``_rank``), then by the queryset's own order.
    """
    return search_cases_counted(queryset, term)[0]


def search_cases_counted(
    queryset: QuerySet[EnforcementCase], term: str, *, count_at_most: int = RANKED_AT_MOST
) -> tuple[QuerySet[EnforcementCase], int | None]:
    """Return the cases found, as ``search_cases`` does, and how many up to a cap.

    The count stops at ``count_at_most + 1`` (at least ``RANKED_AT_MOST + 1``): deciding
    whether to rank needs it, and a list that counts its rows up to the same cap can take it
    instead of counting again (a common word costs seconds per count on millions of cases).
    None when the term holds no word: the queryset comes back as it was, uncounted.
    """
    words = search_words(term)
    if not words:
        return queryset, None
    *keys, phrase_key = search_keys([*words, " ".join(words)], using=queryset.db)
    indexed = CaseSearchText.objects.order_by()
    for key in keys:
        indexed = indexed.filter(text__contains=key)
    found = indexed.values("case_id")
    # Alone, the texts' semi-join lets PostgreSQL either probe the trigram index or walk the
    # cases in the list's order, whichever is cheaper; a union would fix the first. So the
    # backlog's cases join in only while there are some (a search that starts as an import
    # commits sees the cases as they were just before).
    if CaseSearchBacklog.objects.exists():
        found = found.union(_pending(keys).values("pk"), all=True)
    found = queryset.filter(pk__in=found)
    for key in keys:
        if SEPARATOR in key:
            # A quoted phrase over lines could match across two fields of the text.
            found = found.filter(_in_fields(key))
    cap = max(count_at_most, RANKED_AT_MOST)
    counted = found.values("pk")[: cap + 1].count()
    # Ranking sorts every case found: cheap for a name (hundreds of cases), seconds for a
    # word in a tenth of a million cases, which then stay in the list's own order.
    if counted > RANKED_AT_MOST:
        return found, counted
    return order_by_rank(found, _rank(phrase_key)), counted
