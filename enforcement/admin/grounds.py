"""Admin of the legal grounds catalogue, kept by administrators of the whole sector."""

from __future__ import annotations

from django.contrib import admin

from enforcement.models import LegalGround
from organizations.admin.base import HistoryAdmin


@admin.register(LegalGround)
class LegalGroundAdmin(HistoryAdmin):
    list_display = ["code", "provision", "description", "action", "classification", "is_active"]
    list_filter = ["action", "classification", "is_active"]
    search_fields = ["code", "provision", "description"]
    fields = [
        "code",
        "provision",
        "law",
        "description",
        "action",
        "classification",
        "order",
        "is_active",
    ]
