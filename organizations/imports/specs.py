"""What an importable model looks like in a spreadsheet: its columns and how rows are written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

from organizations.audit import change_reason
from organizations.imports.headers import HeaderSearch
from organizations.imports.values import accepted_values, fold
from organizations.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from organizations.models import ImportJob

Parser = Callable[[object], object]


class RowError(Exception):
    """A rule that a whole row breaks, reported against one of its columns.

    ``allowed`` lists the values the column accepts when the row named an unknown code
    (a unit, a legal ground, a title): the message then quotes them.
    """

    def __init__(
        self, column: str, message: str | Promise, *, allowed: Iterable[object] = ()
    ) -> None:
        super().__init__(str(message))
        self.column = column
        self.message = message
        self.allowed = tuple(allowed)

    def text(self) -> str:
        """Return the message shown to the clerk, with the accepted values if any."""
        if not self.allowed:
            return str(self.message)
        return gettext("%(message)s Accepted values: %(allowed)s.") % {
            "message": str(self.message),
            "allowed": accepted_values(self.allowed),
        }


def row_error(
    error: ValidationError,
    *,
    default: str,
    fields: dict[str, str] | None = None,
    codes: dict[str, str] | None = None,
) -> RowError:
    """Turn a service's refusal into a row error on the column its field or code points to."""
    fields, codes = fields or {}, codes or {}
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return RowError(fields.get(field, default), " ".join(ValidationError(errors).messages))
    column = next((codes[item.code] for item in error.error_list if item.code in codes), default)
    return RowError(column, " ".join(error.messages))


@dataclass(frozen=True)
class Column:
    """One column of an import file."""

    name: str  # canonical name, also accepted as the header
    header: str  # the official Vietnamese header
    parse: Parser
    required: bool = False
    help: str | Promise = ""
    example: object = ""
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()  # the labels a choice column accepts, for the template
    # Few distinct values over many rows (units, dates, labels, round amounts): the engine
    # then parses each distinct cell once.
    repeats: bool = False

    def matches(self) -> set[str]:
        """Return the folded spellings a file's header may use for this column."""
        return {fold(self.name), fold(self.header), *(fold(alias) for alias in self.aliases)}


@dataclass
class ImportContext:
    """What one import knows before reading rows: the user, their lookups, existing rows."""

    user: AbstractBaseUser
    lookups: dict[str, Any] = field(default_factory=dict)
    existing: dict[tuple, dict[str, object]] = field(default_factory=dict)
    accepted_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What the uploader chose on the upload form (``ImportSpec.options_form``).
    options: dict[str, object] = field(default_factory=dict)

    def accepted(self, key: str, read: Callable[[], Iterable[object]]) -> tuple[str, ...]:
        """Return the values a lookup accepts, sorted and read once per import, to quote.

        Every row naming an unknown unit quotes the same list: it is built at the first.
        """
        if key not in self.accepted_lists:
            self.accepted_lists[key] = tuple(sorted({str(value) for value in read()}))
        return self.accepted_lists[key]


class RowWriter(Protocol):
    """Writes a file's new rows while it is still being read (see ``ImportSpec.writer``)."""

    written: int

    def is_stored(self, key: tuple) -> bool:
        """Tell whether a record with this natural key is already stored."""

    def write(self, values: Mapping[str, object]) -> None:
        """Send one checked new row to the database."""

    def finish(self) -> None:
        """Write what follows from the rows sent (events, logs), once every row is valid."""

    def abandon(self) -> None:
        """Stop after a failure; the import's transaction is being rolled back."""


class ImportSpec:
    """Base of every importable model's declaration; subclasses live in their app's imports."""

    key: str = ""
    title: str | Promise = ""
    model: type[models.Model]
    columns: list[Column] = []
    key_columns: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()
    # Rows compared to tell "updated" from "unchanged": every column but the key by default.
    compared_columns: tuple[str, ...] | None = None
    # False for files that only change stored records (status updates): a row whose key is
    # not stored is then an error with this message.
    allow_new: bool = True
    # True for files whose blank cells mean "leave as it is" (status updates).
    blank_keeps_stored: bool = False
    unknown_record_message: str | Promise = ""
    # The fields a changed row writes onto its stored record (see ``change_record``).
    updated_fields: tuple[str, ...] = ()
    # Documents kept by hand open with a title block of any shape (the agency and the national
    # motto side by side, the document's name): their header is looked for among this many
    # first rows, by the columns' names (``header_search``). 0: the header is on row 1, or
    # under the title block of our own exports.
    header_search_rows: int = 0

    def has_permission(self, user: AbstractBaseUser) -> bool:
        """Tell whether the user may import this kind of rows at all."""
        return user.is_active and user.has_perms(self.permissions)

    def writable(self, queryset: ScopedQuerySet, user: AbstractBaseUser) -> ScopedQuerySet:
        """Return the queryset's rows in units where the user holds every permission it needs.

        A user with several memberships imports only into the units of the memberships whose
        roles grant the import's permissions, not into every unit they may read.
        """
        for permission in self.permissions:
            queryset = queryset.for_user(user, permission)
        return queryset

    def header_key(self, header: object) -> str:
        """Return the spelling a file's header (or a column's name) is matched by."""
        return fold(header)

    def header_search(self) -> HeaderSearch | None:
        """Return how to find the file's header by the columns' names, or None (row 1)."""
        if not self.header_search_rows:
            return None
        key = self.header_key
        spellings = {key(spelling) for column in self.columns for spelling in column.matches()}
        spellings.discard("")
        return HeaderSearch(
            rows=self.header_search_rows,
            names_column=lambda cell: key(cell) in spellings,
            expected=tuple(column.header for column in self.columns if column.required)[:4],
        )

    def options_form(
        self, *, user: AbstractBaseUser, data: Mapping[str, object] | None = None
    ) -> forms.Form | None:
        """Return the form of what the uploader chooses beside the file, or None (the default).

        Its cleaned data, kept on the job, reaches the import as ``context.options``.
        """
        return None

    def preview_row(self, values: Mapping[str, object]) -> dict[str, object] | None:
        """Return how a checked row reads, cell by cell, to show before applying; or None."""
        return None

    def prepare(self, *, user: AbstractBaseUser) -> ImportContext:
        """Load the lookups the rows need, scoped to the user."""
        return ImportContext(user=user)

    def load_existing(self, *, context: ImportContext, keys: Iterable[tuple]) -> None:
        """Fill ``context.existing`` with the stored rows of the given natural keys."""

    def clean(self, *, values: dict[str, object], context: ImportContext) -> dict[str, object]:
        """Check rules across columns and resolve references; raise RowError on a broken rule."""
        return values

    def check_new(self, *, values: Mapping[str, object], context: ImportContext) -> None:
        """Refuse a new record that its rules forbid (a rule only a new one obeys); raise
        RowError. Rows a ``writer`` stores as the file is read never come here: a spec with
        a writer checks its new rows in ``clean``."""

    def check_change(
        self, *, values: dict[str, object], stored: dict[str, object], context: ImportContext
    ) -> None:
        """Refuse a change to a stored record that its rules forbid; raise RowError."""

    def natural_key(self, values: dict[str, object]) -> tuple:
        """Return the row's natural key."""
        return tuple(map(values.__getitem__, self.key_columns))

    def compared(self) -> tuple[str, ...]:
        if self.compared_columns is not None:
            return self.compared_columns
        return tuple(c.name for c in self.columns if c.name not in self.key_columns)

    def apply(
        self,
        *,
        new: list[dict[str, object]],
        changed: list[dict[str, object]],
        context: ImportContext,
        job: ImportJob,
    ) -> None:
        """Write new and changed rows; runs inside the import's one transaction.

        By default the new rows become records (``new_record``), the changed rows are copied
        onto their stored records (``change_record``), and both go to the app's bulk service
        (``save_records``) in one call.
        """
        stored = self.model.objects.in_bulk([row["_existing"]["pk"] for row in changed])
        updated = []
        for row in changed:
            record = stored[row["_existing"]["pk"]]
            self.change_record(record, row)
            updated.append(record)
        self.save_records(
            created=[self.new_record(row) for row in new],
            updated=updated,
            user=job.uploaded_by,
            reason=change_reason(job),
        )

    def new_record(self, row: Mapping[str, object]) -> models.Model:
        """Return the unsaved record of a new row."""
        raise NotImplementedError

    def change_record(self, record: models.Model, row: Mapping[str, object]) -> None:
        """Copy a changed row onto its stored record (default: the ``updated_fields``)."""
        for name in self.updated_fields:
            setattr(record, name, row[name])

    def save_records(
        self,
        *,
        created: list[models.Model],
        updated: list[models.Model],
        user: AbstractBaseUser,
        reason: str,
    ) -> None:
        """Write the records through the app's bulk service, with their history."""
        raise NotImplementedError

    def lock(self, *, rows: list[dict[str, object]], context: ImportContext) -> None:
        """Serialise imports touching the same records (default: nothing to lock)."""

    def writer(self, *, context: ImportContext, job: ImportJob | None) -> RowWriter | None:
        """Return a writer that stores new rows as the file is read, or None (the default).

        Big files of new records are written faster while they are read: the database
        stores rows while the next ones are checked. The rows go out inside the import's one
        transaction, which is rolled back unless every row of the file is valid; the writer
        takes the spec's locks itself before it tells which keys are stored.
        """
        return None


_REGISTRY: dict[str, ImportSpec] = {}
# This app's own specs: its ``imports`` package is the engine, so they sit in modules beside it.
OWN_SPECS = (
    "organizations.imports.people",
    "organizations.imports.ratings",
    "organizations.imports.units",
)


def register(spec_class: type[ImportSpec]) -> type[ImportSpec]:
    """Register an import spec under its key; used as a class decorator."""
    _REGISTRY[spec_class.key] = spec_class()
    return spec_class


def all_specs() -> dict[str, ImportSpec]:
    """Return every registered spec by key, after loading every app's ``imports`` module."""
    for module in OWN_SPECS:
        import_module(module)
    autodiscover_modules("imports")
    return dict(_REGISTRY)


def get_spec(key: str) -> ImportSpec:
    """Return the registered spec of a key such as ``enforcement.case``; KeyError if none."""
    if key not in _REGISTRY:
        all_specs()
    return _REGISTRY[key]
