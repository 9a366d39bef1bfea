"""Admin of localities, units, people and memberships."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organizations import selectors, services
from organizations.admin_base import HistoryAdmin, ScopedAdmin
from organizations.imports.admin import ImportableAdminMixin
from organizations.imports.people import PersonResource
from organizations.imports.units import UnitResource
from organizations.models import Locality, Membership, Person, Unit


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


@admin.register(Person)
class PersonAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("organizations.person",)
    resource_classes = [PersonResource]
    list_display = ["staff_code", "full_name", "position", "unit"]
    list_select_related = ["unit"]
    search_fields = ["staff_code", "full_name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]

    def get_exclude(self, request: HttpRequest, obj: Person | None = None) -> list[str]:
        # Who is whom decides who may judge a nomination: only administrators link accounts,
        # and nobody else sees the field, not even read-only.
        excluded = list(super().get_exclude(request, obj) or [])
        if not selectors.may_link_accounts(request.user):
            excluded.append("user")
        return excluded

    def save_model(self, request: HttpRequest, obj: Person, form: ModelForm, change: bool) -> None:
        if "user" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        account = obj.user
        obj.user = Person.objects.get(pk=obj.pk).user if change else None
        super().save_model(request, obj, form, change)
        services.person_link_account(person=obj, user=account, by=request.user)


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "unit"]
    list_select_related = ["user", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]

    def save_model(
        self, request: HttpRequest, obj: Membership, form: ModelForm, change: bool
    ) -> None:
        if change:
            original = Membership.objects.get(pk=obj.pk)
            obj.user = original.user
            services.membership_change(membership=original, unit=obj.unit, role=obj.role)
        else:
            saved = services.membership_grant(user=obj.user, unit=obj.unit, role=obj.role)
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_revoke(membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user"):
            services.membership_revoke(membership=membership)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A membership belongs to its user for life; move it, don't re-assign it.
        return ["user"] if obj is not None else []
