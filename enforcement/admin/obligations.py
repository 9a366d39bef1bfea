"""The obligations of a case, listed and edited on its page; saved through the service."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from enforcement import services
from enforcement.models import EnforcementCase, Obligation
from organizations.forms import add_service_error
from organizations.imports.values import CellError, parse_date
from organizations.numbers import NUMBER_FORMFIELD_OVERRIDES
from organizations.scoping import has_unit_permission


class MonthField(forms.DateField):
    """A month typed as 10/2025 (or any day of it, 05/10/2025): stored as its first day."""

    widget = forms.TextInput(attrs={"placeholder": "10/2025", "size": 8})
    default_error_messages = {"invalid": _("Write the month as mm/yyyy, for example 10/2025.")}

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return f"{value:%m/%Y}"
        return value

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = str(value).strip()
        month, slash, year = text.partition("/")
        if slash and "/" not in year and month.isdigit() and year.isdigit() and len(year) == 4:
            try:
                return datetime.date(int(year), int(month), 1)
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        try:
            day = parse_date(text)
        except CellError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return day.replace(day=1) if day is not None else None


class ObligationForm(forms.ModelForm):
    """One obligation; the service's rules for its kind are checked on the form."""

    first_period = MonthField(label=_("first month"), required=False)
    last_period = MonthField(label=_("last month"), required=False)

    class Meta:
        model = Obligation
        fields = [
            "kind",
            "description",
            "amount",
            "period_unit",
            "first_period",
            "last_period",
            "quantity",
            "quantity_unit",
        ]

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors or not self.has_changed():
            return
        try:
            services.obligation_check(self.instance)
        except ValidationError as error:
            add_service_error(self, error)


class ObligationFormSet(BaseInlineFormSet):
    """The case's obligations; together they are checked as the service will save them.

    A case form posted without the inline's fields (a script, a page opened before the
    inline existed) leaves the obligations as they are, rather than failing.
    """

    request: HttpRequest

    @property
    def management_form(self) -> ManagementForm:
        if self.is_bound and f"{self.prefix}-{TOTAL_FORM_COUNT}" not in self.data:
            form = ManagementForm(
                {f"{self.prefix}-{TOTAL_FORM_COUNT}": 0, f"{self.prefix}-{INITIAL_FORM_COUNT}": 0},
                auto_id=self.auto_id,
                prefix=self.prefix,
            )
            form.full_clean()
            return form
        return super().management_form

    def changes(self) -> tuple[list[Obligation], list[Obligation]]:
        """Return the obligations added or changed, and those removed."""
        deleted = [form.instance for form in self.deleted_forms if form.instance.pk]
        saved = [
            form.instance
            for form in self.forms
            if form.has_changed() and form not in self.deleted_forms
        ]
        return saved, deleted

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        saved, deleted = self.changes()
        if not saved and not deleted:
            return
        try:
            services.case_obligations_check(
                user=self.request.user,
                case=self.instance,
                saved=saved,
                deleted=deleted,
                reason=self.request.POST.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise ValidationError(messages) from None


class ObligationInline(admin.TabularInline):
    """What the case orders: money, money by period, property or land, an act."""

    model = Obligation
    form = ObligationForm
    formset = ObligationFormSet
    formfield_overrides = NUMBER_FORMFIELD_OVERRIDES
    extra = 0
    fields = ObligationForm.Meta.fields

    def get_formset(
        self, request: HttpRequest, obj: EnforcementCase | None = None, **kwargs: Any
    ) -> type:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})

    def _may_change(self, request: HttpRequest, obj: EnforcementCase | None) -> bool:
        # The case as the request read it, against the scope read once per request: the
        # page asks this eight times.
        return obj is not None and has_unit_permission(
            request.user, "enforcement.change_enforcementcase", obj.unit_id
        )

    def has_add_permission(self, request: HttpRequest, obj: EnforcementCase | None = None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(
        self, request: HttpRequest, obj: EnforcementCase | None = None
    ) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: EnforcementCase | None = None
    ) -> bool:
        return self._may_change(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: EnforcementCase | None = None) -> bool:
        return obj is not None and request.user.has_perm("enforcement.view_enforcementcase")


def save_obligations(
    request: HttpRequest, case: EnforcementCase, formset: ObligationFormSet, reason: str
) -> None:
    """Save what the inline changed through the service (the case's amount follows)."""
    saved, deleted = formset.changes()
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    if not saved and not deleted:
        return
    services.case_obligations_save(
        user=request.user, case=case, saved=saved, deleted=deleted, reason=reason
    )
    for form in formset.forms:
        if form.instance in saved:
            if form in formset.initial_forms:
                formset.changed_objects.append((form.instance, form.changed_data))
            else:
                formset.new_objects.append(form.instance)
    formset.deleted_objects = deleted
