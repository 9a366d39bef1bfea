"""Admin of the public holidays that public comment periods skip."""

from __future__ import annotations

from django.contrib import admin

from commendations.models import PublicHoliday
from organizations.admin.base import HistoryAdmin


@admin.register(PublicHoliday)
class PublicHolidayAdmin(HistoryAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["-date"]
