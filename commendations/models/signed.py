"""The signed, stamped scan of a document the system drafted: once attached, the record is final.

An award decision and a council session's minutes are signed on paper, stamped and scanned;
the scan is then the document of record, and what the pages link to. Its file lies in the
default storage, which no URL serves: only the scoped views send it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def signed_copy_path(instance: models.Model, filename: str) -> str:
    """Store the scans of a kind of record together, named by the record, never by the user."""
    return f"commendations/signed/{instance._meta.model_name}/{instance.pk}.pdf"


class SignedCopy(models.Model):
    """The fields of a record that can carry its signed copy (a PDF scan)."""

    signed_copy = models.FileField(
        _("signed copy"),
        upload_to=signed_copy_path,
        max_length=255,
        blank=True,
        help_text=_("The signed and stamped scan, as a PDF. Once attached, the record is final."),
    )
    signed_copy_name = models.CharField(_("signed copy file name"), max_length=255, blank=True)
    signed_copy_at = models.DateTimeField(_("signed copy attached at"), null=True, blank=True)
    signed_copy_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed copy attached by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_signed(self) -> bool:
        """Tell whether the signed copy is attached: the record can then no longer change."""
        return bool(self.signed_copy)
