"""Admin of localities and units."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organizations import services
from organizations.admin.base import (
    HistoryAdmin,
    SafeAutocompleteAdminMixin,
    ScopedAdmin,
    ScopedInlineMixin,
)
from organizations.admin.imports import ImportableAdminMixin
from organizations.forms import add_service_error
from organizations.imports.units import UnitResource
from organizations.models import Locality, Unit, UnitVersion
from organizations.scoping import has_unit_permission


@admin.register(Locality)
class LocalityAdmin(HistoryAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


class UnitAdminForm(ModelForm):
    """A unit's form: its kind and parent stay within the administrator's units."""

    request_user: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "kind" in cleaned and "parent" in cleaned and self.request_user is not None:
            stored = Unit.objects.get(pk=self.instance.pk) if self.instance.pk else None
            try:
                services.unit_shape_check(
                    user=self.request_user,
                    kind=cleaned["kind"],
                    parent=cleaned["parent"],
                    unit=stored,
                )
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned


class DatedInlineFormSet(BaseInlineFormSet):
    """Dated rows added through a service; a post without the inline leaves them as they are.

    Stored rows are read-only (history is kept, never rewritten), so a form posted without
    the inline's fields (a script, a page opened before the inline existed) means "no new
    row", not a broken form.
    """

    @property
    def management_form(self) -> ManagementForm:
        if self.is_bound and f"{self.prefix}-{TOTAL_FORM_COUNT}" not in self.data:
            stored = len(self.get_queryset())
            form = ManagementForm(
                {
                    f"{self.prefix}-{TOTAL_FORM_COUNT}": stored,
                    f"{self.prefix}-{INITIAL_FORM_COUNT}": stored,
                },
                auto_id=self.auto_id,
                prefix=self.prefix,
            )
            form.full_clean()
            return form
        return super().management_form


class UnitVersionForm(ModelForm):
    """A new dated name: checked by the service's rules before anything is written."""

    request_user: Any = None

    class Meta:
        model = UnitVersion
        fields = ["valid_from", "name", "short_name", "kind", "parent", "decision"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None and self.has_changed() and self.request_user is not None:
            try:
                services.unit_version_check(
                    user=self.request_user,
                    unit=self.instance.unit,
                    on=cleaned.get("valid_from"),
                    name=cleaned.get("name") or "",
                    kind=cleaned.get("kind") or "",
                    parent=cleaned.get("parent"),
                )
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned

    def validate_unique(self) -> None:
        # The service's check has said whether the day is taken, in its own words.
        pass


class UnitVersionInline(ScopedInlineMixin, SafeAutocompleteAdminMixin, admin.TabularInline):
    """The unit's dated names: added by an administrator, never changed or deleted."""

    model = UnitVersion
    form = UnitVersionForm
    formset = DatedInlineFormSet
    fk_name = "unit"
    extra = 0
    can_delete = False
    autocomplete_fields = ["parent"]
    fields = ["valid_from", "name", "short_name", "kind", "parent", "decision"]

    def get_formset(self, request: HttpRequest, obj: Unit | None = None, **kwargs: Any) -> type:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.request_user = request.user
        return formset

    def has_add_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        return obj is not None and has_unit_permission(
            request.user, "organizations.add_unitversion", obj.pk
        )

    def has_change_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("organizations.unit",)
    form = UnitAdminForm
    resource_classes = [UnitResource]
    list_display = ["code", "name", "kind", "locality", "parent", "valid_from", "valid_to"]
    list_select_related = ["locality", "parent"]
    list_filter = ["kind", "locality"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent"]
    # Copies of the unit's lineage, kept by the service that records a merger.
    readonly_fields = ["successor"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "locality", "parent"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_to", "successor"]}),
    ]

    def get_form(self, request: HttpRequest, obj: Unit | None = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def get_inlines(self, request: HttpRequest, obj: Unit | None) -> list[type]:
        # A new unit's first name is the one it is created with.
        return [UnitVersionInline] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Unit, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and {"name", "short_name", "kind", "parent"} & set(form.changed_data):
            services.unit_current_version_correct(unit=obj, user=request.user)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: Any, change: bool
    ) -> None:
        if formset.model is not UnitVersion:
            super().save_formset(request, form, formset, change)
            return
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for version_form in formset.extra_forms:
            if not version_form.has_changed():
                continue
            data = version_form.cleaned_data
            try:
                version = services.unit_rename(
                    unit=form.instance,
                    on=data["valid_from"],
                    name=data["name"],
                    short_name=data.get("short_name", ""),
                    kind=data["kind"],
                    parent=data.get("parent"),
                    decision=data.get("decision", ""),
                    user=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                # The form checked the same rules; a race with another change lands here.
                text = " ".join(error.messages) if isinstance(error, ValidationError) else error
                self.message_user(request, str(text), level="error")
                continue
            formset.new_objects.append(version)
        form.instance.refresh_from_db()
