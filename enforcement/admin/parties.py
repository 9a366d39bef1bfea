"""Admin of a case's parties and judgments (inlines of the case) and of the court catalogue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _

from enforcement.models import CaseParty, Court, EnforcementCase, Judgment, PartyRole
from enforcement.services.parties import judgment_check, party_check
from organizations.admin.base import HistoryAdmin, SafeAutocompleteAdminMixin, ScopedInlineMixin
from organizations.forms import add_service_error
from organizations.scoping import has_unit_permission


class CasePartyForm(forms.ModelForm):
    """A party, checked by the service's rules so that their refusals show on the row."""

    class Meta:
        model = CaseParty
        fields = ["role", "kind", "name", "address", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Checked below with the service's message, not the browser's or the field's own.
        self.fields["name"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors:
            try:
                party_check(
                    role=cleaned.get("role", ""),
                    kind=cleaned.get("kind", ""),
                    name=cleaned.get("name") or "",
                )
            except ValidationError as error:
                add_service_error(self, error)
        if "name" in cleaned:
            cleaned["name"] = (cleaned["name"] or "").strip()
        return cleaned


class CasePartyFormSet(forms.BaseInlineFormSet):
    """The case's parties: at least one debtor remains."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        # The debtors the forms keep, and the stored ones no form names (a page sends them all,
        # a script may not).
        edited = {form.instance.pk for form in self.forms if form.instance.pk is not None}
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == PartyRole.DEBTOR
        ]
        untouched = (
            CaseParty.objects.filter(case=self.instance, role=PartyRole.DEBTOR)
            .exclude(pk__in=edited)
            .exists()
        )
        if not kept and not untouched:
            raise ValidationError(_("A case needs at least one debtor."), code="no_debtor")


class CaseInlinePermissionMixin(admin.options.InlineModelAdmin):
    """Edit a case's rows only where the user's role grants it in the case's unit.

    A user with two memberships (a clerk of one city, a leader at the ministry) sees every
    case but changes the parties and judgments of their own city's cases only.
    """

    def _holds(self, request: HttpRequest, action: str, obj: EnforcementCase | None) -> bool:
        permission = f"{self.opts.app_label}.{action}_{self.opts.model_name}"
        if obj is None or obj.pk is None:
            return request.user.has_perm(permission)
        return has_unit_permission(request.user, permission, obj.unit_id) and (
            action == "view"
            or has_unit_permission(request.user, "enforcement.change_enforcementcase", obj.unit_id)
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._holds(request, "view", obj) or self._holds(request, "change", obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._holds(request, "add", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._holds(request, "change", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._holds(request, "delete", obj)


class CasePartyInline(CaseInlinePermissionMixin, ScopedInlineMixin, admin.TabularInline):
    """The debtors and creditors of the case; their names make the case's texts."""

    model = CaseParty
    form = CasePartyForm
    formset = CasePartyFormSet
    fields = ["role", "kind", "name", "address", "position"]
    extra = 0
    ordering = ["role", "position", "id"]


class JudgmentForm(forms.ModelForm):
    """A judgment, checked against the case's acceptance date and the court's dates."""

    class Meta:
        model = Judgment
        fields = ["kind", "number", "issued_on", "court", "instance"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors or cleaned.get("issued_on") is None:
            return cleaned
        # The case as the form above it left it: a corrected acceptance date counts.
        case = getattr(self, "parent", None)
        try:
            judgment_check(
                accepted_on=case.accepted_on if case is not None else None,
                issued_on=cleaned["issued_on"],
                court=cleaned.get("court"),
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned


class JudgmentFormSet(forms.BaseInlineFormSet):
    """The case's judgments; each form sees the case as edited on the same page."""

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        form.parent = self.instance
        return form

    @property
    def empty_form(self) -> forms.Form:
        form = super().empty_form
        form.parent = self.instance
        return form


class JudgmentInline(
    CaseInlinePermissionMixin, ScopedInlineMixin, SafeAutocompleteAdminMixin, admin.TabularInline
):
    """The judgments the case enforces, first instance and appeal apart; courts by autocomplete."""

    model = Judgment
    form = JudgmentForm
    formset = JudgmentFormSet
    fields = ["kind", "number", "issued_on", "court", "instance"]
    autocomplete_fields = ["court"]
    extra = 0
    ordering = ["issued_on", "id"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return super().get_queryset(request).select_related("court")


@admin.register(Court)
class CourtAdmin(HistoryAdmin):
    """The courts: reference data every case reader reads, kept by the administrators."""

    list_display = ["code", "name", "short_name", "kind", "province", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "short_name", "province"]
    fields = ["code", "name", "short_name", "kind", "province", "valid_from", "valid_to"]
    ordering = ["kind", "province", "code"]
