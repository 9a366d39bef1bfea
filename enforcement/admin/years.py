"""Admin of targets, statistical years (close, reopen) and their frozen snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement import services
from enforcement.admin.forms import YearReopenForm
from enforcement.imports import TargetResource
from enforcement.models import AnnualSnapshot, StatisticalYear, Target, YearLogEntry
from enforcement.selectors import LINE_FIELDS, Lines
from organizations.admin.base import (
    DeclaredParametersAdminMixin,
    HistoryAdmin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    ScopedAdmin,
)
from organizations.admin.imports import ImportableAdminMixin


@admin.register(Target)
class TargetAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("enforcement.target",)
    resource_classes = [TargetResource]
    list_display = ["year", "unit", "case_ratio", "money_ratio"]
    list_select_related = ["unit"]
    list_filter = ["year"]
    search_fields = ["unit__code", "unit__name"]
    autocomplete_fields = ["unit"]


class YearLogEntryInline(ReadOnlyInline):
    model = YearLogEntry
    fields = ["at", "action", "user", "reason", "case"]
    readonly_fields = fields


@admin.register(StatisticalYear)
class StatisticalYearAdmin(HistoryAdmin):
    list_display = ["year", "state", "closed_at", "closed_by"]
    list_filter = ["state"]
    fields = ["year", "state", "closed_at", "closed_by"]
    inlines = [YearLogEntryInline]
    actions = ["close_years", "reopen_years", "recompute_money"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The state changes only through the close and reopen actions.
        return (
            ["year", "state", "closed_at", "closed_by"]
            if obj
            else ["state", "closed_at", "closed_by"]
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_close_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("enforcement.close_statistical_year")

    def has_reopen_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("enforcement.reopen_statistical_year")

    @admin.action(
        description=gettext_lazy("Close the year and freeze its figures"), permissions=["close"]
    )
    def close_years(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for statistical_year in queryset.order_by("year"):
            try:
                services.statistical_year_close(user=request.user, year=statistical_year.year)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(_messages(error)), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The statistical year %(year)s is closed; its figures are frozen.")
                    % {"year": statistical_year.year},
                    messages.SUCCESS,
                )

    @admin.action(
        description=gettext_lazy("Reopen the year for corrections"), permissions=["reopen"]
    )
    def reopen_years(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._reasoned_action(
            request,
            queryset,
            action="reopen_years",
            title=_("Reopen the year for corrections"),
            explanation=_(
                "Reopening lets the year's cases be corrected; its frozen figures are dropped "
                "until it is closed again. The reason is logged."
            ),
            submit=_("Reopen"),
            service=services.statistical_year_reopen,
            done=_("The statistical year %(year)s is open again."),
        )

    @admin.action(
        description=gettext_lazy("Recompute the money figures of a closed year"),
        permissions=["close"],
    )
    def recompute_money(
        self, request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        return self._reasoned_action(
            request,
            queryset,
            action="recompute_money",
            title=_("Recompute the money figures of a closed year"),
            explanation=_(
                "A year closed before the money actually collected was counted froze the "
                "amounts due by the outcome of each case. Recomputing replaces its money "
                "lines with the money collected, reduced or exempted and left (Thông tư "
                "05/2024/TT-BTP); its case lines and targets stay as frozen. The reason is "
                "logged."
            ),
            submit=_("Recompute"),
            service=services.statistical_year_recompute_money,
            done=_("The money figures of %(year)s now count the money collected."),
        )

    def _reasoned_action(
        self,
        request: HttpRequest,
        queryset: models.QuerySet,
        *,
        action: str,
        title: str,
        explanation: str,
        submit: str,
        service: Callable[..., object],
        done: str,
    ) -> HttpResponse | None:
        if "apply" in request.POST:
            form = YearReopenForm(request.POST)
            if form.is_valid():
                for statistical_year in queryset.order_by("year"):
                    try:
                        service(
                            user=request.user,
                            year=statistical_year.year,
                            reason=form.cleaned_data["reason"],
                        )
                    except (ValidationError, PermissionDenied) as error:
                        self.message_user(request, " ".join(_messages(error)), messages.ERROR)
                    else:
                        self.message_user(
                            request, done % {"year": statistical_year.year}, messages.SUCCESS
                        )
                return None
        else:
            form = YearReopenForm()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "explanation": explanation,
            "submit": submit,
            "opts": self.model._meta,
            "form": form,
            "years": queryset.order_by("year"),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "enforcement/admin/year_reopen.html", context)


def _messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, PermissionDenied):
        return [str(error)]
    return list(error.messages)


@admin.register(AnnualSnapshot)
class AnnualSnapshotAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = [
        "statistical_year",
        "unit",
        "carried_over",
        "newly_accepted",
        "eligible",
        "resolved",
        "ratio",
        "case_target",
        "money_basis",
    ]
    list_select_related = ["unit", "statistical_year"]
    list_filter = ["statistical_year", "money_basis"]
    search_fields = ["unit__code", "unit__name"]

    @staticmethod
    def _lines(obj: AnnualSnapshot) -> Lines:
        return Lines(**{name: getattr(obj, name) for name in LINE_FIELDS})

    @admin.display(description=gettext_lazy("eligible"))
    def eligible(self, obj: AnnualSnapshot) -> int:
        return self._lines(obj).eligible

    @admin.display(description=gettext_lazy("resolved"))
    def resolved(self, obj: AnnualSnapshot) -> int:
        return self._lines(obj).resolved

    @admin.display(description=gettext_lazy("resolution ratio (%)"))
    def ratio(self, obj: AnnualSnapshot) -> Any:
        return self._lines(obj).ratio


@admin.register(YearLogEntry)
class YearLogEntryAdmin(ReadOnlyAdminMixin, DeclaredParametersAdminMixin, admin.ModelAdmin):
    list_display = ["at", "statistical_year", "action", "user", "case", "reason"]
    list_select_related = ["statistical_year", "user", "case"]
    list_filter = ["action", "statistical_year"]
    raw_id_fields = ["case"]
