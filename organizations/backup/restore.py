"""Restoring a backup into a migrated database, all or nothing.

Restoring checks the whole archive before touching anything, then replaces every table in
one transaction and moves the media files in just before it commits: a failure at any
point leaves the database and the files as they were.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import tarfile
import uuid
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from organizations.backup.archive import (
    BATCH,
    CHUNK,
    MANIFEST,
    BackupError,
    applied_migrations,
    backed_up_models,
    derived_models,
    media_directory,
    natural_key_model,
    natural_keys,
    read_manifest,
    stored_columns,
)

# What migrate itself writes (role groups, the titles, award forms and legal grounds
# catalogues): a database holding only these counts as empty.
MADE_BY_MIGRATE = {
    "auth.group",
    "auth.group_permissions",
    "emulation.title",
    "emulation.titlerule",
    "commendations.awardform",
    "commendations.awardformrule",
    "commendations.dossierrequirement",
    "commendations.publicholiday",
    "enforcement.legalground",
    "enforcement.court",
}


def _ids_by_natural_key() -> dict[type[models.Model], dict[tuple, int]]:
    return {
        model: {tuple(key): pk for pk, key in keys.items()}
        for model, keys in natural_keys().items()
    }


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and bool(pure.parts)


def _extract_verified(path: Path, manifest: dict[str, Any], target: Path) -> None:
    """Extract every file the manifest lists into ``target``, checking size and SHA-256."""
    expected = {entry["file"]: entry["sha256"] for entry in manifest["models"].values()}
    expected.update({f"media/{name}": entry["sha256"] for name, entry in manifest["media"].items()})
    seen: set[str] = set()
    damaged = _("The backup is damaged: %(name)s does not match its checksum.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise BackupError(
                        _("The backup holds %(name)s, which its manifest does not list.")
                        % {"name": member.name}
                    )
                if not _safe_name(member.name):
                    raise BackupError(
                        _("The backup holds an unsafe path: %(name)s.") % {"name": member.name}
                    )
                destination = target / member.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                source = archive.extractfile(member)
                with destination.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != expected[member.name]:
                    raise BackupError(damaged % {"name": member.name})
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        if isinstance(error, BackupError):
            raise
        raise BackupError(
            _("The backup is damaged and cannot be read to its end: %(error)s") % {"error": error}
        ) from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(_("The backup lacks %(name)s.") % {"name": missing[0]})


def database_holds_data(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Return the models holding rows beyond what ``migrate`` writes itself."""
    found = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label in MADE_BY_MIGRATE:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found[label] = count
    return found


def _tables(models_: Iterable[type[models.Model]]) -> list[str]:
    """Return the tables a restore empties: every backed-up one, and the sessions."""
    # Sessions go too: a session kept across a restore could name another user by id.
    tables = []
    if apps.is_installed("django.contrib.sessions"):
        tables.append(apps.get_model("sessions", "Session")._meta.db_table)
    tables += [model._meta.db_table for model in models_]
    # Figures derived from the rest are computed again from what is restored.
    tables += [model._meta.db_table for model in derived_models()]
    return tables


# Columns whose JSON value is already what the database takes, on either vendor.
_AS_STORED = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "FileField",
    "ImageField",
    "GenericIPAddressField",
    "DateField",
}
# COPY hands PostgreSQL text, which it parses by the column's type.
_AS_TEXT_FOR_COPY = {"DateTimeField", "DecimalField", "UUIDField", "TimeField"}


def _converter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """Return how a stored JSON value becomes a database value, or None when it already is."""
    target = field.target_field if field.is_relation else field
    internal = target.get_internal_type()
    if internal in _AS_STORED:
        return None
    if connection.vendor == "postgresql" and internal in _AS_TEXT_FOR_COPY:
        return None
    if internal == "DateTimeField":
        adapt = connection.ops.adapt_datetimefield_value
        return lambda value: adapt(datetime.datetime.fromisoformat(value))
    return lambda value: target.get_db_prep_save(target.to_python(value), connection)


class _Writer:
    """Insert rows into one table: COPY on PostgreSQL, batched executemany elsewhere."""

    def __init__(self, cursor: Any, table: str, names: str, width: int) -> None:
        self.cursor = cursor
        self.batch: list[list[Any]] = []
        self.copying = ExitStack()
        self.copy: Any = None
        if cursor.db.vendor == "postgresql":
            self.copy = self.copying.enter_context(
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN")
            )
        else:
            marks = ", ".join(["%s"] * width)
            self.sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608

    def write(self, row: list[Any]) -> None:
        if self.copy is not None:
            self.copy.write_row(row)
            return
        self.batch.append(row)
        if len(self.batch) >= BATCH:
            self.cursor.executemany(self.sql, self.batch)
            self.batch = []

    def close(self, error: BaseException | None = None) -> None:
        if self.copy is not None:
            self.copy = None
            # Ends the COPY, or on an error tells the server to abandon it.
            self.copying.__exit__(type(error) if error else None, error, None)
        elif self.batch and error is None:
            self.cursor.executemany(self.sql, self.batch)
            self.batch = []


def _load_file(
    model: type[models.Model], path: Path, using: str, ids: dict[type[models.Model], dict]
) -> int:
    """Insert a table's rows as stored: no save(), no signals, no new history rows."""
    connection = connections[using]
    by_attname = {field.attname: field for field in stored_columns(model)}
    inconsistent = _("The backup is inconsistent: %(name)s does not fit its table.") % {
        "name": path.name
    }
    with path.open("rb") as stream:
        header = json.loads(stream.readline() or b"{}")
        columns = header.get("columns") or []
        if header.get("model") != model._meta.label_lower or not set(columns) <= set(by_attname):
            raise BackupError(inconsistent)
        fields = [by_attname[name] for name in columns]
        natural = {
            index: ids[target]
            for index, field in enumerate(fields)
            if (target := natural_key_model(field)) is not None
        }
        converters = [
            (index, convert)
            for index, field in enumerate(fields)
            if index not in natural and (convert := _converter(field, connection)) is not None
        ]
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        width = len(fields)
        count = 0
        with connection.cursor() as cursor:
            writer = _Writer(cursor, table, names, width)
            try:
                for line in stream:
                    row = json.loads(line)
                    if not isinstance(row, list) or len(row) != width:
                        raise BackupError(inconsistent)
                    for index, keys in natural.items():
                        value = row[index]
                        if value is not None:
                            try:
                                row[index] = keys[tuple(value)]
                            except (KeyError, TypeError):
                                raise BackupError(
                                    _("This database has no %(key)s, which the backup refers to.")
                                    % {"key": ".".join(map(str, value))}
                                ) from None
                    for index, convert in converters:
                        if row[index] is not None:
                            row[index] = convert(row[index])
                    writer.write(row)
                    count += 1
            except BaseException as error:
                writer.close(error)
                raise
            writer.close()
    return count


@dataclass
class RestoreResult:
    """What a restore wrote."""

    counts: dict[str, int]
    media_files: int


def _check_compatible(manifest: dict[str, Any], using: str) -> dict[str, type[models.Model]]:
    current = applied_migrations(using)
    if not current:
        raise BackupError(_("The database has no tables yet: run “manage.py migrate” first."))
    if current != manifest.get("migrations"):
        raise BackupError(
            _(
                "The backup was made at another migration state than this database's: restore "
                "it with the version of the system that made it, then migrate."
            )
        )
    by_label = {model._meta.label_lower: model for model in backed_up_models()}
    unknown = sorted(set(manifest["models"]) - set(by_label))
    if unknown:
        raise BackupError(
            _("The backup holds a table this system does not know: %(name)s.")
            % {"name": unknown[0]}
        )
    return by_label


def _move_media(staged: Path, media_root: Path, names: list[str], undo: list) -> None:
    for name in names:
        destination = media_root / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        kept = None
        if destination.exists():
            kept = staged / "replaced" / name
            kept.parent.mkdir(parents=True, exist_ok=True)
            destination.replace(kept)
        (staged / "media" / name).replace(destination)
        undo.append((destination, kept))


def _undo_media(undo: list) -> None:
    for destination, kept in reversed(undo):
        destination.unlink(missing_ok=True)
        if kept is not None:
            kept.replace(destination)


def backup_restore(
    *, path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Replace the database's rows and the media files by the archive's, all or nothing."""
    manifest = read_manifest(path)
    by_label = _check_compatible(manifest, using)
    if not force:
        holding = database_holds_data(using)
        if holding:
            label, count = next(iter(holding.items()))
            raise BackupError(
                _(
                    "The database is not empty (%(table)s holds %(count)s rows): restoring "
                    "would replace its data. Use --force to do so anyway."
                )
                % {"table": label, "count": count}
            )
    media_root = media_directory()
    media_root.mkdir(parents=True, exist_ok=True)
    # Staged inside MEDIA_ROOT, so that moving the files in is a rename on one disk.
    staged = media_root / f".restore-{uuid.uuid4().hex}"
    staged.mkdir()
    undo: list = []
    try:
        _extract_verified(path, manifest, staged)
        connection = connections[using]
        models_ = [by_label[label] for label in manifest["models"]]
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # TRUNCATE refuses tables with reference checks still pending in this
                    # transaction (a caller's own writes): run them first.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                for statement in connection.ops.sql_flush(
                    no_style(), _tables(by_label.values()), allow_cascade=False
                ):
                    cursor.execute(statement)
            counts: dict[str, int] = {}
            ids = _ids_by_natural_key()
            for label, entry in manifest["models"].items():
                count = _load_file(by_label[label], staged / entry["file"], using, ids)
                if count != entry["count"]:
                    raise BackupError(
                        _(
                            "The backup is inconsistent: %(name)s holds %(found)s rows, "
                            "not %(count)s."
                        )
                        % {"name": label, "found": count, "count": entry["count"]}
                    )
                counts[label] = count
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models_):
                    cursor.execute(statement)
            # Check every reference now, so that the commit below cannot fail after the
            # files have been moved in.
            connection.check_constraints()
            _move_media(staged, media_root, sorted(manifest["media"]), undo)
    except BaseException:
        _undo_media(undo)
        raise
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return RestoreResult(counts=counts, media_files=len(manifest["media"]))
