"""Admin of the units' lineage: an administrator records a merger or a split, never edits one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from enforcement import services
from enforcement.services.lineage import LINEAGE_PERMISSION
from organizations.admin.base import ScopedAdmin
from organizations.forms import add_service_error
from organizations.models import UnitLineage


class UnitLineageForm(forms.ModelForm):
    """The lineage's fields, checked by the service's rules so that a refusal reads clearly."""

    request_user: Any = None

    class Meta:
        model = UnitLineage
        fields = [
            "predecessor",
            "successor",
            "kind",
            "taken_over_on",
            "decision_number",
            "decision_date",
            "reason",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            services.unit_lineage_check(
                user=self.request_user,
                predecessor=data["predecessor"],
                successor=data["successor"],
                kind=data["kind"],
                taken_over_on=data["taken_over_on"],
                reason=data.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_error(self, error)
        return data


@admin.register(UnitLineage)
class UnitLineageAdmin(ScopedAdmin):
    form = UnitLineageForm
    list_display = ["predecessor", "successor", "kind", "taken_over_on", "decision_number"]
    list_select_related = ["predecessor", "successor"]
    list_filter = ["kind"]
    search_fields = ["predecessor__name", "successor__name", "decision_number"]
    autocomplete_fields = ["predecessor", "successor"]

    def get_form(self, request: HttpRequest, obj: UnitLineage | None = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def has_view_permission(self, request: HttpRequest, obj: UnitLineage | None = None) -> bool:
        return request.user.has_perm(LINEAGE_PERMISSION) or super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(LINEAGE_PERMISSION)

    def has_change_permission(self, request: HttpRequest, obj: UnitLineage | None = None) -> bool:
        # Recorded once: the statistics of every period from its date on read it.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: UnitLineage | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: UnitLineage, form: ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                lineage = services.unit_lineage_record(
                    user=request.user,
                    predecessor=data["predecessor"],
                    successor=data["successor"],
                    kind=data["kind"],
                    taken_over_on=data["taken_over_on"],
                    decision_number=data.get("decision_number", ""),
                    decision_date=data.get("decision_date"),
                    reason=data.get("reason", ""),
                )
                moved = 0
                if lineage.kind == UnitLineage.Kind.MERGER:
                    moved = services.unit_merge_into_successor(
                        user=request.user, unit=lineage.predecessor
                    )
        except (ValidationError, PermissionDenied) as error:
            # The form checked the same rules; a race with another change lands here.
            text = " ".join(error.messages) if isinstance(error, ValidationError) else error
            self.message_user(request, str(text), level="error")
            return
        obj.pk = lineage.pk
        self.message_user(
            request,
            _("%(count)s open cases are now handled by %(successor)s.")
            % {"count": moved, "successor": lineage.successor},
        )
