"""The signed copy of a decision or of a council session's minutes: attached once, then final.

Attaching the scan needs the right to record the document (a leader for a decision, the
council's secretariat for minutes) in its units; replacing or removing it needs
``commendations.replace_signed_copy`` too. Every change is kept in the record's history
(django-simple-history) with its author and a reason naming the files, and a replaced
scan's file is kept: the history points to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from commendations.models import CouncilSession, Decision
from commendations.services.dossier import UploadRefusals, upload_content_check
from commendations.services.workflow import require_permission
from organizations.files import save_upload
from organizations.formatting import user_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.core.files.uploadedfile import UploadedFile

    from commendations.models.signed import SignedCopy

DEFAULT_SIGNED_COPY_MAX_BYTES = 20 * 1024 * 1024
REPLACE_PERMISSION = "commendations.replace_signed_copy"


def signed_copy_max_bytes() -> int:
    """Return the largest scan accepted, from ``COMMENDATIONS_SIGNED_COPY_MAX_BYTES``."""
    return int(
        getattr(settings, "COMMENDATIONS_SIGNED_COPY_MAX_BYTES", DEFAULT_SIGNED_COPY_MAX_BYTES)
    )


def record_permission(record: SignedCopy) -> str:
    """Return the permission that records the document: a decision's, or a session's."""
    if isinstance(record, Decision):
        return "commendations.decide_nomination"
    return "commendations.manage_council_session"


def _scoped(record: SignedCopy, user: AbstractBaseUser, permission: str) -> bool:
    model = type(record)
    return model.objects.for_user(user, permission).filter(pk=record.pk).exists()


def may_attach_signed_copy(user: AbstractBaseUser, record: SignedCopy) -> bool:
    """Tell whether the user may attach the record's first signed copy."""
    permission = record_permission(record)
    return (
        user.is_active
        and user.has_perm(permission)
        and _scoped(record, user, permission)
        and _ready_for_signature(record)
    )


def may_replace_signed_copy(user: AbstractBaseUser, record: SignedCopy) -> bool:
    """Tell whether the user may replace or remove the record's signed copy."""
    return (
        user.is_active
        and user.has_perm(REPLACE_PERMISSION)
        and _scoped(record, user, REPLACE_PERMISSION)
    )


def _ready_for_signature(record: SignedCopy) -> bool:
    # Minutes are written once the session is closed: an open session has none to sign.
    return not isinstance(record, CouncilSession) or not record.is_open


def require_unlocked(record: SignedCopy) -> None:
    """Refuse to change a record whose signed copy is attached."""
    if record.is_signed:
        raise ValidationError(locked_message(record), code="signed_copy_attached")


def locked_message(record: SignedCopy) -> str:
    """Return what a user is told when changing a record that is final."""
    if isinstance(record, Decision):
        return _(
            "Decision {number} is signed and its signed copy is attached: it can no longer be "
            "changed. To correct it, the signed copy must first be removed by someone allowed to."
        ).format(number=record.number)
    return _(
        "The minutes of “{session}” are signed and their signed copy is attached: the session "
        "can no longer be changed. To correct it, the signed copy must first be removed by "
        "someone allowed to."
    ).format(session=record.title)


def signed_copy_check(*, upload: UploadedFile | None) -> None:
    """Refuse a scan that is missing, not a PDF (by name, first bytes and structure) or too big."""
    if upload is None:
        raise ValidationError(_("Choose the signed copy's PDF file."), code="file_missing")
    if not (upload.name or "").lower().endswith(".pdf"):
        raise ValidationError(_("The signed copy must be a PDF file."), code="file_type")
    limit = signed_copy_max_bytes()
    if upload.size and upload.size > limit:
        raise ValidationError(
            _("The signed copy is too large: it may be at most {limit} MB.").format(
                limit=round(limit / (1024 * 1024), 1)
            ),
            code="file_size",
        )
    upload_content_check(
        upload,
        suffix=".pdf",
        refusals=UploadRefusals(
            empty=_("The signed copy's file is empty."),
            too_large=_("The signed copy is too large: it may be at most {limit} MB."),
            not_its_kind=_(
                "The signed copy's content is not a {kind} file, whatever its name says."
            ),
        ),
        limit=limit,
    )
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("The signed copy is protected by a password: scan it again without one."),
                code="file_encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception:
        pages = 0
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(
            _("The signed copy could not be read as a PDF document: scan it again."),
            code="file_content",
        )


@transaction.atomic
def signed_copy_attach(
    *, user: AbstractBaseUser, record: SignedCopy, upload: UploadedFile | None
) -> SignedCopy:
    """Attach the signed copy of a decision or minutes, or replace it (with the permission)."""
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if current.is_signed:
        if not may_replace_signed_copy(user, current):
            raise PermissionDenied(
                _("The signed copy is attached; your role does not allow replacing it.")
            )
        reason = _("signed copy replaced by {user} (was {name})").format(
            user=user_name(user), name=current.signed_copy_name
        )
    else:
        permission = record_permission(current)
        require_permission(user, permission, _("Your role does not record this document."))
        if not _scoped(current, user, permission):
            raise PermissionDenied(_("This document belongs to a unit outside yours."))
        if not _ready_for_signature(current):
            raise ValidationError(
                _("Close the session first: its minutes are signed once it is closed."),
                code="session_open",
            )
        reason = _("signed copy attached by {user}").format(user=user_name(user))
    signed_copy_check(upload=upload)
    save_upload(current.signed_copy, "signed.pdf", upload)
    current.signed_copy_name = (upload.name or "signed.pdf")[-255:]
    current.signed_copy_at = timezone.now()
    current.signed_copy_by = user
    current._change_reason = reason[:100]
    current.save()
    return current


@transaction.atomic
def signed_copy_remove(*, user: AbstractBaseUser, record: SignedCopy) -> SignedCopy:
    """Remove the signed copy, which unlocks the record; the file stays for the history."""
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if not may_replace_signed_copy(user, current):
        raise PermissionDenied(_("Your role does not allow removing a signed copy."))
    if not current.is_signed:
        raise ValidationError(_("There is no signed copy to remove."), code="no_signed_copy")
    reason = _("signed copy removed by {user} (was {name})").format(
        user=user_name(user), name=current.signed_copy_name
    )
    current.signed_copy = ""
    current.signed_copy_name = ""
    current.signed_copy_at = None
    current.signed_copy_by = None
    current._change_reason = reason[:100]
    current.save()
    return current
