"""The backup archive: its format, what it holds, and its manifest.

The archive is a gzipped tar: ``manifest.json`` first (format, version, time, migration
state, per model its row count and the SHA-256 of its data file, per media file its size
and SHA-256), then one JSON-lines file per model written by Django's serializer, then the
stored files (the directory of the file storage: ``MEDIA_ROOT``, or the shared mount it
was pointed at). The same archive restores into SQLite or PostgreSQL.

Content types and permissions are not copied: ``migrate`` makes them, with ids of its own,
so rows pointing at them are written with their natural keys (``["enforcement",
"enforcementcase"]``) and find the target database's ids on restore. Every other row keeps
its primary key, so links, history and the ids in URLs stay as they were.
"""

from __future__ import annotations

import datetime
import json
import tarfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from organizations.formatting import short_datetime

FORMAT = "justice-sector-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
BATCH = 2000
# Made by migrate in every database, with ids of their own; referred to by natural key.
BY_NATURAL_KEY = (ContentType, Permission)
# Logins in progress are not data: a restored session would log someone in again.
NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """The archive or the database is not fit for the requested operation."""


def media_directory() -> Path:
    """Return the directory holding the stored files, which the archive copies.

    Files kept by another storage (an S3-compatible bucket) are not on any disk of this
    server: backing up the database alone would pass for a whole backup, so it is refused.
    """
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            _(
                "The files are kept by %(backend)s, not in a directory: back them up with "
                "that storage's own tools, and the database with pg_dump."
            )
            % {"backend": type(storage).__name__}
        )
    return Path(storage.location)


def is_derived(model: type[models.Model]) -> bool:
    """Tell whether a model only keeps figures computed from the rest (``derived_data``).

    Such rows are not archived: a restore empties them and they are computed again.
    """
    return bool(getattr(model, "derived_data", False))


def backed_up_models() -> list[type[models.Model]]:
    """Return every model whose rows the archive holds, in dependency order."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_BACKED_UP
        and not is_derived(model)
    ]
    return chosen


def derived_models() -> list[type[models.Model]]:
    """Return the models of derived figures, which a restore empties."""
    return [model for model in apps.get_models() if model._meta.managed and is_derived(model)]


def natural_keys() -> dict[type[models.Model], dict[int, list[str]]]:
    """Map the ids of content types and permissions to their natural keys."""
    return {
        ContentType: {ct.pk: list(ct.natural_key()) for ct in ContentType.objects.all()},
        Permission: {
            permission.pk: list(permission.natural_key())
            for permission in Permission.objects.select_related("content_type")
        },
    }


def stored_columns(model: type[models.Model]) -> list[models.Field]:
    # A generated column (a case's decision year) is the database's to compute, never written.
    return [field for field in model._meta.local_concrete_fields if not field.generated]


def natural_key_model(field: models.Field) -> type[models.Model] | None:
    if field.is_relation and field.remote_field.model in BY_NATURAL_KEY:
        return field.remote_field.model
    return None


def applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


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


def describe(manifest: dict[str, Any]) -> str:
    """Return one line on what an archive holds, for the commands' output."""
    rows = sum(entry["count"] for entry in manifest["models"].values())
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return _("%(rows)s rows of %(tables)s tables and %(files)s files, made %(time)s") % {
        "rows": rows,
        "tables": len(manifest["models"]),
        "files": len(manifest["media"]),
        "time": short_datetime(created),
    }
