"""Find a file's header under the title block a real document opens with, by its column names.

The offices' registers open in the state's layout: the agency's name at the left and the
national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc") at the
right, then the document's title, blank rows, the header, and often a row numbering the
columns ("(1)", "(2)", … or 1, 2, …). No count of cells tells a title row from a header: the
header is the row that names the most of the import's own columns. A header of two levels
(a group title merged over the columns it groups, their names in the row below; or names
merged down over two rows) is read as one row; a merged cell's other parts are empty.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from organizations.imports.values import clean_text

Rows = Iterator[tuple[int, list[object]]]
# A header names this many of the import's columns at least.
LEAST_NAMES = 2
_NUMBERING = re.compile(r"^\(?(\d{1,3})\)?$")


class HeaderNotFoundError(Exception):
    """No row among the searched ones names the import's columns; the message says so."""


@dataclass(frozen=True)
class HeaderSearch:
    """How an import finds its header: among the first ``rows``, by its columns' names."""

    rows: int
    # Tells whether a cell as written names one of the import's columns.
    names_column: Callable[[object], bool]
    # A few headers to quote when no row names the columns.
    expected: tuple[str, ...]

    def named(self, row: list[object]) -> int:
        """Return how many cells of the row name one of the columns."""
        return sum(1 for cell in row if self.names_column(cell))

    def not_found(self) -> str:
        """Return the message for a file whose searched rows name none of the columns."""
        return _(
            "No row among the first %(rows)s names the columns of this file. The header row "
            "must hold the column names, for example: %(headers)s."
        ) % {
            "rows": self.rows,
            "headers": ", ".join(f"“{header}”" for header in self.expected),
        }


@dataclass(frozen=True)
class FoundHeader:
    """The header's cells, the row it is on, and the last row it takes (two levels: +1)."""

    number: int
    cells: list[str]
    last: int


def find_header(rows: Rows, search: HeaderSearch) -> tuple[FoundHeader, Rows] | None:
    """Return the header and the rows after it, past a numbering row; None for no rows.

    Raises ``HeaderNotFoundError`` when no searched row names two columns at least.
    """
    top = list(itertools.islice(rows, search.rows))
    if not top:
        return None
    counts = [search.named(row) for _number, row in top]
    best = counts.index(max(counts))
    if counts[best] < LEAST_NAMES:
        raise HeaderNotFoundError(search.not_found())
    number, row = top[best]
    cells = [_text(cell) for cell in row]
    last = best
    if best > 0 and _completes(top[best - 1][1], cells, search):
        cells = _joined(top[best - 1][1], cells, search)
    if best + 1 < len(top) and _completes(top[best + 1][1], cells, search):
        cells = _joined(top[best + 1][1], cells, search)
        last = best + 1
    while cells and not cells[-1]:
        cells.pop()
    after = itertools.chain(top[last + 1 :], rows)
    return FoundHeader(number=number, cells=cells, last=top[last][0]), _past_numbering(after)


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _completes(row: list[object], cells: list[str], search: HeaderSearch) -> bool:
    """Tell whether a row next to the header is its other level, not a title or data row.

    It names a column where the header names none, and is empty under every column the
    header names: a cell merged down leaves the row below it empty, as a merged group title
    leaves empty the columns it spans in its own row. A data row has values under them.
    """
    fills = False
    for index, cell in enumerate(row):
        if index < len(cells) and search.names_column(cells[index]):
            if _text(cell):
                return False
        elif search.names_column(cell):
            fills = True
    return fills


def _joined(row: list[object], cells: list[str], search: HeaderSearch) -> list[str]:
    width = max(len(row), len(cells))
    joined = [*cells, *([""] * (width - len(cells)))]
    for index, cell in enumerate(row):
        if search.names_column(cell):
            joined[index] = _text(cell)
    return joined


def _past_numbering(rows: Rows) -> Rows:
    """Yield the rows, without the row numbering the columns right under the header."""
    for number, row in rows:
        if not any(_text(cell) for cell in row):
            yield number, row
            continue
        if not _numbers_columns(row):
            yield number, row
        yield from rows
        return


def _numbers_columns(row: list[object]) -> bool:
    """Tell whether a row only numbers the columns: (1), (2), … or 1, 2, … left to right."""
    numbers = []
    for cell in row:
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        text = clean_text(cell)
        if not text:
            continue
        match = _NUMBERING.match(text)
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= LEAST_NAMES and all(
        earlier < later for earlier, later in itertools.pairwise(numbers)
    )
