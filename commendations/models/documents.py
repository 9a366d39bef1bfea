"""Templates of the official documents: an administrator's DOCX replaces a shipped default."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TemplateKind(models.TextChoices):
    DECISION = "decision", _("award decision")
    MINUTES = "minutes", _("council minutes")
    PROPOSAL = "proposal", _("proposal for commendation")
    REPORT = "report", _("achievement report")
    STATISTICS = "statistics", _("statistics report")


def document_template_path(instance: DocumentTemplate, filename: str) -> str:
    # The stored name is the kind's: an uploaded name never reaches the file system.
    return f"commendations/document-templates/{instance.kind}.docx"


class DocumentTemplate(models.Model):
    """An uploaded DOCX with placeholders that replaces the shipped template of a kind."""

    kind = models.CharField(_("document"), max_length=20, choices=TemplateKind.choices, unique=True)
    file = models.FileField(_("template (DOCX)"), upload_to=document_template_path, max_length=255)
    original_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())
