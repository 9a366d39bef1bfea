"""Stored files: a storage that leaves no half-written file, and a full disk told plainly."""

from __future__ import annotations

import errno
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
