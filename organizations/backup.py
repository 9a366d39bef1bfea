"""Back up the whole database and the uploaded files into one archive, and restore it.

The archive is a gzipped tar: ``manifest.json`` first (format, version, time, migration
state, per model its row count and the SHA-256 of its data file, per media file its size
and SHA-256), then one JSON-lines file per model written by Django's serializer, then the
files of ``MEDIA_ROOT``. The same archive restores into SQLite or PostgreSQL.

Content types and permissions are not copied: ``migrate`` makes them, with ids of its own,
so rows pointing at them are written with their natural keys (``["enforcement",
"enforcementcase"]``) and find the target database's ids on restore. Every other row keeps
its primary key, so links, history and the ids in URLs stay as they were.

Restoring checks the whole archive before touching anything, then replaces every table in
one transaction and moves the media files in just before it commits: a failure at any
point leaves the database and the files as they were.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import itertools
import json
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "justice-sector-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
BATCH = 2000
# Made by migrate in every database, with ids of their own; referred to by natural key.
BY_NATURAL_KEY = (ContentType, Permission)
# Logins in progress are not data: a restored session would log someone in again.
NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# What migrate itself writes (role groups, the titles and award forms catalogues): a
# database holding only these counts as empty.
MADE_BY_MIGRATE = {
    "auth.group",
    "auth.group_permissions",
    "emulation.title",
    "emulation.titlerule",
    "commendations.awardform",
    "commendations.awardformrule",
}


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, keeping the microseconds it drops from times and datetimes."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The archive or the database is not fit for the requested operation."""


@dataclass
class BackupResult:
    """What an archive holds."""

    path: Path
    counts: dict[str, int]
    media_files: int
    size: int
    manifest: dict[str, Any] = field(repr=False, default_factory=dict)


def backed_up_models() -> list[type[models.Model]]:
    """Return every model whose rows the archive holds, in dependency order."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_BACKED_UP
    ]
    return chosen


def _natural_keys() -> dict[type[models.Model], dict[int, list[str]]]:
    """Map the ids of content types and permissions to their natural keys."""
    return {
        ContentType: {ct.pk: list(ct.natural_key()) for ct in ContentType.objects.all()},
        Permission: {
            permission.pk: list(permission.natural_key())
            for permission in Permission.objects.select_related("content_type")
        },
    }


def _ids_by_natural_key() -> dict[type[models.Model], dict[tuple, int]]:
    return {
        model: {tuple(key): pk for pk, key in keys.items()}
        for model, keys in _natural_keys().items()
    }


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def _by_natural_key(field: models.Field) -> type[models.Model] | None:
    if field.is_relation and field.remote_field.model in BY_NATURAL_KEY:
        return field.remote_field.model
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        # A restore in progress keeps its files under a dot directory.
        if path.is_file() and not relative.parts[0].startswith(".restore-"):
            yield relative.as_posix(), path


def _dump_data(directory: Path, using: str) -> dict[str, dict[str, Any]]:
    """Write one JSON-lines file per table: a header naming the columns, then one row a line."""
    entries: dict[str, dict[str, Any]] = {}
    connection = connections[using]
    encoder = _Encoder(ensure_ascii=False)
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table: rows written meanwhile are all in or all out.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        natural = _natural_keys()
        for model in backed_up_models():
            label = model._meta.label_lower
            fields = _columns(model)
            mapped = [
                (index, natural[target])
                for index, field in enumerate(fields)
                if (target := _by_natural_key(field)) is not None
            ]
            rows = (
                model._base_manager.using(using)
                .order_by("pk")
                .values_list(*(field.attname for field in fields))
                .iterator(chunk_size=BATCH)
            )
            digest = hashlib.sha256()
            count = 0
            with (directory / f"{label}.jsonl").open("wb") as target:
                header = {"model": label, "columns": [field.attname for field in fields]}
                for item in itertools.chain([header], rows):
                    if item is not header:
                        count += 1
                        if mapped:
                            item = list(item)
                            for index, keys in mapped:
                                if item[index] is not None:
                                    item[index] = keys[item[index]]
                    line = (encoder.encode(item) + "\n").encode()
                    digest.update(line)
                    target.write(line)
            entries[label] = {
                "file": f"data/{label}.jsonl",
                "count": count,
                "sha256": digest.hexdigest(),
            }
    return entries


def backup_create(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the database and the media files into the archive at ``path``."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="backup-", dir=path.parent) as scratch:
        data_dir = Path(scratch)
        entries = _dump_data(data_dir, using)
        media = {
            name: {"size": file.stat().st_size, "sha256": _sha256(file)}
            for name, file in _media_files(media_root)
        }
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "migrations": _applied_migrations(using),
            "models": entries,
            "media": media,
        }
        encoded = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        partial = path.with_name(f".{path.name}.partial")
        try:
            with tarfile.open(partial, "w:gz", compresslevel=1) as archive:
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(encoded)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(encoded))
                for label, entry in entries.items():
                    archive.add(data_dir / f"{label}.jsonl", arcname=entry["file"])
                for name in media:
                    archive.add(media_root / name, arcname=f"media/{name}")
            # The archive appears under its name only once it is complete.
            partial.replace(path)
        except OSError as error:
            # A full disk or a file gone meanwhile: leave no half archive behind.
            partial.unlink(missing_ok=True)
            raise BackupError(
                _("The backup could not be written: %(error)s") % {"error": error}
            ) from None
    return BackupResult(
        path=path,
        counts={label: entry["count"] for label, entry in entries.items()},
        media_files=len(media),
        size=path.stat().st_size,
        manifest=manifest,
    )


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and bool(pure.parts)


def read_manifest(path: Path) -> dict[str, Any]:
    """Return the archive's manifest, or refuse a file that is not one of our backups."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise BackupError(_("This file is not a backup of this system (no manifest)."))
            manifest = json.loads(archive.extractfile(member).read())
    except FileNotFoundError:
        raise BackupError(_("There is no file %(path)s.") % {"path": path}) from None
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(
            _("%(path)s is not a readable backup archive: it is damaged or of another kind.")
            % {"path": path}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a backup of this system (unknown format)."))
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this system reads version %(ours)s.")
            % {"found": manifest.get("version"), "ours": VERSION}
        )
    return manifest


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
    by_attname = {field.attname: field for field in _columns(model)}
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
            if (target := _by_natural_key(field)) is not None
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
    current = _applied_migrations(using)
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
    media_root = Path(settings.MEDIA_ROOT)
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


def describe(manifest: dict[str, Any]) -> str:
    """Return one line on what an archive holds, for the commands' output."""
    rows = sum(entry["count"] for entry in manifest["models"].values())
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return _("%(rows)s rows of %(tables)s tables and %(files)s files, made %(time)s") % {
        "rows": rows,
        "tables": len(manifest["models"]),
        "files": len(manifest["media"]),
        "time": timezone.localtime(created).strftime("%d/%m/%Y %H:%M"),
    }
