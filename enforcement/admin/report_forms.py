"""Admin of the official statistics forms whose headers the printed report carries."""

from __future__ import annotations

from django.contrib import admin

from enforcement.models import ReportForm
from organizations.admin.base import HistoryAdmin


@admin.register(ReportForm)
class ReportFormAdmin(HistoryAdmin):
    list_display = ["code", "name", "measure", "valid_from"]
    list_filter = ["measure"]
    search_fields = ["code", "name"]
    fields = ["measure", "code", "name", "legal_basis", "valid_from"]
