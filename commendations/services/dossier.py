"""Writes of a nomination's dossier, and the check of every uploaded file's content."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commendations.models import DossierFile, Nomination
from commendations.services.nominations import require_drafting
from organizations.files import save_upload

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.core.files.uploadedfile import UploadedFile

DEFAULT_DOSSIER_MAX_BYTES = 10 * 1024 * 1024
# Extension: what its first bytes must be.
DOSSIER_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def dossier_max_bytes() -> int:
    """Return the largest dossier file accepted, from ``COMMENDATIONS_DOSSIER_MAX_BYTES``."""
    return int(getattr(settings, "COMMENDATIONS_DOSSIER_MAX_BYTES", DEFAULT_DOSSIER_MAX_BYTES))


@dataclass(frozen=True)
class UploadRefusals:
    """What to tell the user of a refused file: empty, too large ({limit}), not its {kind}."""

    empty: str
    too_large: str
    not_its_kind: str


def upload_content_check(
    upload: UploadedFile,
    *,
    suffix: str,
    refusals: UploadRefusals,
    field: str | None = None,
    limit: int | None = None,
) -> None:
    """Refuse an empty or oversized file (past ``limit``, by default a dossier file's), or one
    whose first bytes are not of its type."""

    def refuse(message: str, code: str) -> ValidationError:
        return ValidationError({field: message} if field else message, code=code)

    if not upload.size:
        raise refuse(refusals.empty, "file_empty")
    limit = limit or dossier_max_bytes()
    if upload.size > limit:
        megabytes = round(limit / (1024 * 1024), 1)
        raise refuse(refusals.too_large.format(limit=megabytes), "file_size")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOSSIER_SIGNATURES[suffix]):
        kind = suffix.lstrip(".").upper()
        raise refuse(refusals.not_its_kind.format(kind=kind), "file_content")


def dossier_file_check(*, upload: UploadedFile) -> str:
    """Refuse a file that is not a PDF, DOCX, JPG or PNG of an acceptable size; return its type."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in DOSSIER_SIGNATURES:
        raise ValidationError(
            _("Only PDF, DOCX, JPG and PNG files can be added to a dossier."), code="file_type"
        )
    upload_content_check(
        upload,
        suffix=suffix,
        refusals=UploadRefusals(
            empty=_("The file is empty."),
            too_large=_("The file is too large: a dossier file may be at most {limit} MB."),
            not_its_kind=_("The file's content is not a {kind} file, whatever its name says."),
        ),
    )
    if suffix == ".docx":
        try:
            with zipfile.ZipFile(upload) as archive:
                is_word = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_word = False
        upload.seek(0)
        if not is_word:
            raise ValidationError(
                _("The file's content is not a DOCX file, whatever its name says."),
                code="file_content",
            )
    return suffix


@transaction.atomic
def dossier_file_add(
    *, user: AbstractBaseUser, nomination: Nomination, kind: str, upload: UploadedFile
) -> DossierFile:
    """Add a file to the dossier of a draft or returned nomination of the user's units."""
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require_drafting(user, current.nominating_unit, "commendations.add_dossierfile")
    if not current.is_editable:
        raise ValidationError(
            _("Files can be added while the nomination is a draft or returned for changes."),
            code="not_editable",
        )
    if kind not in DossierFile.Kind.values:
        raise ValidationError({"kind": _("Choose which document this file is.")})
    dossier_file_check(upload=upload)
    dossier = DossierFile(
        nomination=current,
        kind=kind,
        original_name=Path(upload.name or "").name[:255],
        size=upload.size,
        uploaded_by=user,
    )
    save_upload(dossier.file, Path(upload.name or "file").name, upload)
    try:
        dossier.save()
    except Exception:
        dossier.file.delete(save=False)
        raise
    return dossier


@transaction.atomic
def dossier_file_remove(*, user: AbstractBaseUser, dossier_file: DossierFile) -> None:
    """Remove a file from the dossier of a draft or returned nomination."""
    current = Nomination.objects.select_for_update().get(pk=dossier_file.nomination_id)
    require_drafting(user, current.nominating_unit, "commendations.delete_dossierfile")
    if not current.is_editable:
        raise ValidationError(
            _("Files can be removed while the nomination is a draft or returned for changes."),
            code="not_editable",
        )
    stored = dossier_file.file
    dossier_file.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
