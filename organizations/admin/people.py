"""Admin of people and their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organizations import selectors, services
from organizations.admin.base import SafeAutocompleteAdminMixin, ScopedAdmin, ScopedInlineMixin
from organizations.admin.imports import ImportableAdminMixin
from organizations.admin.search import FoldedSearchAdminMixin
from organizations.admin.units import DatedInlineFormSet
from organizations.forms import add_service_error
from organizations.imports.people import PersonResource
from organizations.models import Membership, Person, Posting
from organizations.scoping import has_unit_permission


class PostingForm(ModelForm):
    """A transfer: the new unit and the day it takes effect."""

    class Meta:
        model = Posting
        fields = ["unit", "valid_from"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None and self.has_changed():
            try:
                services.person_transfer_check(
                    person=self.instance.person,
                    unit=cleaned.get("unit"),
                    on=cleaned.get("valid_from"),
                )
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned

    def _post_clean(self) -> None:
        # The service closes the current posting before it opens the new one: checked
        # alone, the new row would clash with the posting still open.
        pass


class PostingInline(ScopedInlineMixin, SafeAutocompleteAdminMixin, admin.TabularInline):
    """A person's postings, past and present: a transfer adds one, history is never rewritten."""

    model = Posting
    form = PostingForm
    formset = DatedInlineFormSet
    extra = 0
    can_delete = False
    autocomplete_fields = ["unit"]
    fields = ["unit", "valid_from", "valid_to"]
    readonly_fields = ["valid_to"]

    def has_add_permission(self, request: HttpRequest, obj: Person | None = None) -> bool:
        return obj is not None and has_unit_permission(
            request.user, "organizations.change_person", obj.unit_id
        )

    def has_change_permission(self, request: HttpRequest, obj: Person | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Person | None = None) -> bool:
        return False


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

    def get_inlines(self, request: HttpRequest, obj: Person | None) -> list[type]:
        # A new person has no posting until a transfer: until then they count as members
        # of their unit (organizations.selectors, the members of a unit in a year).
        return [PostingInline] if obj is not None else []

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: Any, change: bool
    ) -> None:
        if formset.model is not Posting:
            super().save_formset(request, form, formset, change)
            return
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for posting_form in formset.extra_forms:
            if not posting_form.has_changed() or not posting_form.is_valid():
                continue
            try:
                posting = services.person_transfer(
                    person=form.instance,
                    unit=posting_form.cleaned_data["unit"],
                    on=posting_form.cleaned_data["valid_from"],
                    user=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(error.messages) if isinstance(error, ValidationError) else error
                self.message_user(request, str(text), level="error")
                continue
            formset.new_objects.append(posting)

    def get_exclude(self, request: HttpRequest, obj: Person | None = None) -> list[str]:
        # Who is whom decides who may judge a nomination: only administrators link accounts,
        # and nobody else sees the field, not even read-only.
        excluded = list(super().get_exclude(request, obj) or [])
        if not selectors.may_link_accounts(request.user):
            excluded.append("user")
        return excluded

    def save_model(self, request: HttpRequest, obj: Person, form: ModelForm, change: bool) -> None:
        if change and "unit" in form.changed_data:
            services.person_postings_correct(people=[obj], user=request.user)
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
