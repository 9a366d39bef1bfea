"""Stored files: a storage that leaves no half-written file, and a full disk told plainly.

Every app server and worker reads the files another one stored (an upload checked by a
worker, an export written by a worker and sent by an app server): they are read only through
the configured storage (``settings.STORAGES``), never by a path on this server's disk.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

# A full disk or an exhausted quota: the server, not the file, is at fault.
STORAGE_FULL_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT})


class CleanFileSystemStorage(FileSystemStorage):
    """The file system storage, removing a file it could not finish writing (full disk)."""

    def _save(self, name: str, content: Any) -> str:
        full_path = Path(self.path(name))
        existed = full_path.exists()
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            # Django opens the file before writing it; a write that fails half-way leaves a
            # truncated file no row refers to. The name was free a moment ago, so it is ours.
            if not existed:
                full_path.unlink(missing_ok=True)
            raise


def storage_full_message() -> str:
    """Return what a user is told when the server has no room left for their file."""
    return _(
        "The server has no room left to store this file, so nothing was saved. "
        "Try again later; if it happens again, tell the administrators."
    )


def save_upload(field_file: FieldFile, name: str, content: Any) -> None:
    """Store an uploaded file in a file field, refusing with a clear message on a full disk."""
    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        if error.errno in STORAGE_FULL_ERRORS:
            raise ValidationError(storage_full_message(), code="storage_full") from error
        raise


@contextlib.contextmanager
def local_copy(field_file: FieldFile) -> Iterator[Path]:
    """Yield a path on this server's disk holding the content of a stored file.

    The spreadsheet readers seek in a file (an XLSX workbook is a zip archive). A file the
    storage keeps on a disk (a mount every server shares) is read where it is; one kept
    elsewhere (an S3-compatible bucket) is copied into a temporary file, removed after.
    """
    storage = field_file.storage
    if isinstance(storage, FileSystemStorage):
        yield Path(storage.path(field_file.name))
        return
    with tempfile.TemporaryDirectory(prefix="stored-") as folder:
        path = Path(folder) / f"copy{Path(field_file.name).suffix}"
        with storage.open(field_file.name, "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield path
