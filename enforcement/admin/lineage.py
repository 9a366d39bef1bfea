"""Admin of the units' lineage: an administrator records a merger or a split, never edits one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from enforcement import services
from enforcement.admin.lineage_split import UnitSplitForm, open_case_lines
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
        if data["kind"] == UnitLineage.Kind.SPLIT:
            # A split without its cases shared out would leave them with an ended unit.
            self.add_error(
                "kind",
                ValidationError(
                    _(
                        "A split shares the unit's open cases among its successors: record it "
                        "on the page “Split a unit”."
                    ),
                    code="split_on_its_page",
                ),
            )
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

    change_list_template = "enforcement/admin/unitlineage_change_list.html"

    def get_urls(self) -> list:
        own = [
            path(
                "split/",
                self.admin_site.admin_view(self.split_view),
                name="organizations_unitlineage_split",
            )
        ]
        return own + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        split_url = (
            reverse("admin:organizations_unitlineage_split")
            if self.has_add_permission(request)
            else None
        )
        return super().changelist_view(request, {**(extra_context or {}), "split_url": split_url})

    def split_view(self, request: HttpRequest) -> HttpResponse:
        """Record a split: the unit, the day, the decision and where each open case goes."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = UnitSplitForm(request.POST, user=request.user)
            if form.is_valid() and self._split(request, form):
                return HttpResponseRedirect(reverse("admin:organizations_unitlineage_changelist"))
        else:
            form = UnitSplitForm(user=request.user)
            # The unit chosen first: its open cases to start the distribution from.
            chosen = request.GET.get("predecessor", "")
            unit = (
                form.fields["predecessor"].queryset.filter(pk=chosen).first()
                if chosen.isascii() and chosen.isdigit()
                else None
            )
            if unit is not None:
                form = UnitSplitForm(
                    initial={"predecessor": unit, "distribution": open_case_lines(unit)},
                    user=request.user,
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Split a unit"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "enforcement/admin/unit_split.html", context)

    def _split(self, request: HttpRequest, form: UnitSplitForm) -> bool:
        # The form checked the same rules; a race with another change lands here.
        data = form.cleaned_data
        try:
            moved = services.unit_split(
                user=request.user,
                predecessor=data["predecessor"],
                taken_over_on=data["taken_over_on"],
                shares=form.shares,
                decision_number=data.get("decision_number", ""),
                decision_date=data.get("decision_date"),
                reason=data.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_error(form, error)
            return False
        for successor, count in moved.items():
            self.message_user(
                request,
                _("%(count)s open cases are now handled by %(successor)s.")
                % {"count": count, "successor": successor},
            )
        return True

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
