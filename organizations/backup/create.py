"""Writing a backup: one snapshot of every table and the media files into one archive."""

from __future__ import annotations

import datetime
import hashlib
import io
import itertools
import json
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.backup.archive import (
    BATCH,
    CHUNK,
    FORMAT,
    MANIFEST,
    VERSION,
    BackupError,
    applied_migrations,
    backed_up_models,
    media_directory,
    natural_key_model,
    natural_keys,
    stored_columns,
)


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, keeping the microseconds it drops from times and datetimes."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class BackupResult:
    """What an archive holds."""

    path: Path
    counts: dict[str, int]
    media_files: int
    size: int
    manifest: dict[str, Any] = field(repr=False, default_factory=dict)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


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
        natural = natural_keys()
        for model in backed_up_models():
            label = model._meta.label_lower
            fields = stored_columns(model)
            mapped = [
                (index, natural[target])
                for index, field in enumerate(fields)
                if (target := natural_key_model(field)) is not None
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
    media_root = media_directory()
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
            "migrations": applied_migrations(using),
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
