"""Admin of people and their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organizations import selectors, services
from organizations.admin.base import ScopedAdmin
from organizations.admin.imports import ImportableAdminMixin
from organizations.admin.search import FoldedSearchAdminMixin
from organizations.imports.people import PersonResource
from organizations.models import Membership, Person


@admin.register(Person)
class PersonAdmin(FoldedSearchAdminMixin, ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("organizations.person",)
    resource_classes = [PersonResource]
    list_display = ["staff_code", "full_name", "position", "unit"]
    list_select_related = ["unit"]
    search_fields = ["staff_code", "full_name"]
    search_help_text = _("Search by name or staff code, with or without accents.")
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
