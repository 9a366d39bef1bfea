"""Admin of document templates: an administrator's DOCX replaces a shipped default."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendations import documents
from commendations.models import DocumentTemplate, TemplateKind
from organizations.admin.base import HistoryAdmin
from organizations.documents.word import MAX_TEMPLATE_BYTES


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        kind = cleaned.get("kind")
        if not upload or not kind or not hasattr(upload, "content_type"):
            return cleaned
        if upload.size > MAX_TEMPLATE_BYTES:
            # Refused before it is read into memory.
            self.add_error(
                "file",
                _("The template is larger than {size} MB.").format(
                    size=MAX_TEMPLATE_BYTES // (1024 * 1024)
                ),
            )
            return cleaned
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            documents.validate_upload(kind, data)
        except ValidationError as error:
            self.add_error("file", error)
        return cleaned


def placeholder_list(kind: str) -> str:
    spec = documents.KINDS[kind]
    items = format_html_join("", "<li><code>{}</code> — {}</li>", sorted(spec.placeholders.items()))
    lists = [("rows", spec.columns)] if spec.columns else []
    lists += [(f"{layout.key}.rows", layout.columns) for layout in spec.annex_layouts()]
    columns = format_html_join(
        "",
        "<p>{} <code>{}</code>: <code>{}</code></p>",
        (
            (_("Columns of the list"), name, ", ".join(f"row.{column.key}" for column in cols))
            for name, cols in lists
        ),
    )
    return format_html("<ul>{}</ul>{}", items, columns)


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(HistoryAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "original_name", "uploaded_by", "uploaded_at"]
    readonly_fields = ["placeholders"]

    def get_fields(self, request: HttpRequest, obj: DocumentTemplate | None = None) -> list:
        return ["kind", "file", "placeholders"]

    @admin.display(description=gettext_lazy("placeholders the template may use"))
    def placeholders(self, template: DocumentTemplate | None) -> str:
        kinds = [template.kind] if template and template.kind else list(documents.KINDS)
        return format_html_join(
            "",
            "<h4>{}</h4>{}",
            ((TemplateKind(kind).label, placeholder_list(kind)) for kind in kinds),
        )

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: forms.ModelForm, change: bool
    ) -> None:
        upload = form.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            obj.original_name = upload.name[:255]
            if change and obj.pk:
                # The stored name is the kind's: the old file makes room for the new one.
                DocumentTemplate.objects.get(pk=obj.pk).file.delete(save=False)
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
