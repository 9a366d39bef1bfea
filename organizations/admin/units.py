"""Admin of localities and units."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organizations import services
from organizations.admin.base import HistoryAdmin, ScopedAdmin
from organizations.admin.imports import ImportableAdminMixin
from organizations.imports.units import UnitResource
from organizations.models import Locality, Unit


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
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


@admin.register(Unit)
class UnitAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("organizations.unit",)
    form = UnitAdminForm
    resource_classes = [UnitResource]
    list_display = ["code", "name", "kind", "locality", "parent", "valid_from", "valid_to"]
    list_select_related = ["locality", "parent"]
    list_filter = ["kind", "locality"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "successor"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "locality", "parent"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_to", "successor"]}),
    ]

    def get_form(self, request: HttpRequest, obj: Unit | None = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form
