"""A case's events on its page, read-only, each with the import it came from."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.models import CaseEvent
from organizations.admin.base import ReadOnlyInline
from organizations.formatting import format_money, short_date
from organizations.models import ImportJob


class CaseEventInline(ReadOnlyInline):
    """The case's dated events, read-only: they are written only by the services."""

    model = CaseEvent
    fields = [
        "occurred_on",
        "kind",
        "amount_display",
        "status_after",
        "eligibility_after",
        "ground",
        "enforcer",
        "note",
        "author",
        "recorded_at",
        "origin",
    ]
    readonly_fields = fields
    ordering = ["occurred_on", "id"]
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related(
                # The case too: each event's title names it.
                "case",
                "recorded_by",
                "import_job__uploaded_by",
                "ground",
                "corrects",
                "enforcer",
            )
        )

    @admin.display(description=gettext_lazy("recorded by"))
    def author(self, obj: CaseEvent) -> str:
        return str(obj.author or "–")

    @admin.display(description=gettext_lazy("amount (VND)"))
    def amount_display(self, obj: CaseEvent) -> str:
        # What the event did to the money: collected (a correction's difference, signed),
        # reduced or exempted; other events show their amount, if any.
        parts = []
        if obj.corrects is not None:
            parts.append(
                _("payment of %(date)s corrected to %(amount)s ₫")
                % {"date": short_date(obj.corrects.occurred_on), "amount": format_money(obj.amount)}
            )
        if obj.collected:
            sign = "+" if obj.collected > 0 else "−"
            parts.append(
                _("collected %(amount)s ₫")
                % {"amount": f"{sign}{format_money(abs(obj.collected))}"}
            )
        if obj.reduced:
            parts.append(
                _("reduced or exempted %(amount)s ₫") % {"amount": format_money(obj.reduced)}
            )
        if parts:
            return "; ".join(parts)
        return format_money(obj.amount) if obj.amount else "–"

    @admin.display(description=gettext_lazy("import"))
    def origin(self, obj: CaseEvent) -> str:
        return import_link(obj.import_job)


def import_link(job: ImportJob | None) -> str:
    """Link to the import (file, who, when) an event came from, or a dash."""
    if job is None:
        return "–"
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:organizations_importjob_change", args=[job.pk]), job
    )
