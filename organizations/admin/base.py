"""The admin base every scoped model uses: one scoping rule for every admin path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin, SimpleListFilter, TabularInline, helpers
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import BaseModelAdmin, IncorrectLookupParameters
from django.contrib.admin.utils import (
    NotRelationField,
    flatten_fieldsets,
    get_fields_from_path,
)
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    url_params_from_lookup_dict,
)
from django.contrib.auth import get_permission_codename
from django.core.exceptions import (
    FieldDoesNotExist,
    FieldError,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.resources import ModelResource, modelresource_factory
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from organizations.admin.exports import BackgroundExportMixin
from organizations.audit import ReadableChangesHelper
from organizations.imports.exporting import ExportForm, LabelledModelResource
from organizations.numbers import NUMBER_FORMFIELD_OVERRIDES
from organizations.params import holds_nul, parse_int, refuse_unknown_parameters
from organizations.scoping import ScopedQuerySet, unit_scope_ids


def scoped_queryset(model: type[models.Model], request: HttpRequest) -> models.QuerySet:
    """Return the model's rows the requesting user may see, or all rows of unscoped models."""
    queryset = model._default_manager.all()
    if isinstance(queryset, ScopedQuerySet):
        return queryset.for_user(request.user)
    return queryset


class ParsedValuesAutocompleteMixin:
    """Re-display only posted values the related key can hold.

    Django's autocomplete widget shows a bound form's choice by filtering the related table
    with the raw posted value, so ``unit=abc`` raised ``ValueError`` (a 500) instead of
    letting the field say "Select a valid choice". Values the key cannot parse are dropped
    here; the form field still refuses them.
    """

    field: models.ForeignKey | models.ManyToManyField

    def optgroups(self, name: str, value: list[str], attrs: dict | None = None) -> list:
        remote_opts = self.field.remote_field.model._meta
        key = remote_opts.get_field(
            getattr(self.field.remote_field, "field_name", None) or remote_opts.pk.name
        )
        return super().optgroups(name, [v for v in value if _parses(key, v)], attrs)


def _parses(key: models.Field, value: Any) -> bool:
    if "\x00" in str(value):  # PostgreSQL refuses NUL in text before any row is compared
        return False
    try:
        key.to_python(value)
    except ValidationError:
        return False
    return True


class SafeAutocompleteSelect(ParsedValuesAutocompleteMixin, AutocompleteSelect):
    """The admin's autocomplete select, safe to re-display with any posted value."""


class SafeAutocompleteSelectMultiple(ParsedValuesAutocompleteMixin, AutocompleteSelectMultiple):
    """The admin's autocomplete multiple select, safe to re-display with any posted value."""


class NumberInputsAdminMixin(BaseModelAdmin):
    """Amounts and figures typed the Vietnamese way (1.000.000; 5,6) in every admin form."""

    formfield_overrides = NUMBER_FORMFIELD_OVERRIDES


class SafeAutocompleteAdminMixin(BaseModelAdmin):
    """Use the safe autocomplete widgets; every admin and inline with autocomplete has it."""

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# --- Changelist and export parameters: an allow-list ------------------------------------------

# The parameters a field's own list filter names after the field's path: Django's choice,
# boolean and related filters (``__exact``), date filters (``__gte``, ``__lt``), every one of
# them (``__isnull``) and the empty-value filter (``__isempty``); the all-values filter
# names the path itself.
FIELD_FILTER_SUFFIXES = ("exact", "isnull", "gte", "lt", "isempty")
DATE_HIERARCHY_PARTS = ("year", "month", "day")


def refuse_parameters(reason: str) -> DisallowedModelAdminLookup:
    """Return the refusal of a list's parameter: the "bad request" page, logged as suspicious."""
    return DisallowedModelAdminLookup(reason)


class DeclaredParametersChangeList(ChangeList):
    """A changelist that takes only the filters, search and ordering its admin declares.

    Its admin's ``lookup_allowed`` refuses, before any query, a parameter that no declared
    filter names; here the ordering must name sortable columns, and a parameter that a
    declared filter left unused (``status__gte`` where the filter reads ``status__exact``)
    is refused too, so nothing undeclared ever reaches the queryset.
    """

    def get_filters(self, request: HttpRequest) -> tuple:
        self.refuse_undeclared_ordering()
        filters = super().get_filters(request)
        derived = set()
        if self.date_hierarchy:
            # Django turns the hierarchy's year, month and day into a range itself.
            derived = {f"{self.date_hierarchy}__gte", f"{self.date_hierarchy}__lt"}
        for lookup, values in filters[2].items():
            if lookup in derived:
                continue
            if not all(self.model_admin.related_lookup_declared(lookup, v) for v in values):
                raise refuse_parameters(f"Filtering by {lookup} is not declared")
        return filters

    def refuse_undeclared_ordering(self) -> None:
        """Refuse an ordering that is not a list of this list's sortable column numbers."""
        ordering = self.params.get(ORDER_VAR)
        if not ordering:
            return
        for part in ordering.split("."):
            column = parse_int(
                part.removeprefix("-"), minimum=0, maximum=len(self.list_display) - 1
            )
            if column is None or not self.column_sortable(self.list_display[column]):
                raise refuse_parameters(f"Ordering by {part!r} is not declared")

    def column_sortable(self, field_name: Any) -> bool:
        """Return whether the list may be sorted by the column, as its headers offer."""
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return False
        try:
            return bool(self.get_ordering_field(field_name))
        except AttributeError:
            return False


class DeclaredParametersAdminMixin(BaseModelAdmin):
    """Take only declared filters, search and ordering on the changelist and the export.

    Django's own ``lookup_allowed`` allows any lookup on a local field, so
    ``?debtor__regex=(.*)*x`` ran a catastrophic regular expression over every row on SQLite
    and failed with a server error on PostgreSQL. Every admin of the site has this mixin (the
    site adds it to the libraries' admins); anything undeclared answers 400.
    """

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return DeclaredParametersChangeList

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # An action posted with a NUL in a selected row's id failed with a server error.
        if request.method == "POST" and holds_nul(request.POST):
            raise refuse_parameters("NUL character in the posted list")
        return super().changelist_view(request, extra_context)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        return lookup in self.declared_lookups(request) or self.related_lookup_declared(
            lookup, value
        )

    def declared_lookups(self, request: HttpRequest) -> set[str]:
        """Return the parameter names of the declared list filters and date hierarchy."""
        lookups = set()
        for list_filter in self.get_list_filter(request):
            if isinstance(list_filter, type) and issubclass(list_filter, SimpleListFilter):
                lookups.add(list_filter.parameter_name)
                continue
            path = list_filter[0] if isinstance(list_filter, list | tuple) else list_filter
            lookups.add(path)
            lookups.update(f"{path}__{suffix}" for suffix in FIELD_FILTER_SUFFIXES)
            try:
                field = get_fields_from_path(self.model, path)[-1]
                target = field.target_field if field.is_relation else None
            except (FieldDoesNotExist, NotRelationField, FieldError):
                continue
            if target is not None:
                lookups.add(f"{path}__{target.name}__exact")
        if self.date_hierarchy:
            lookups.update(f"{self.date_hierarchy}__{part}" for part in DATE_HIERARCHY_PARTS)
        return lookups

    def related_lookup_declared(self, lookup: str, value: str) -> bool:
        """Return whether a related model's ``limit_choices_to`` asks for this lookup.

        Django's raw-id popups filter the list by it; the condition is declared in code.
        """
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False

    def refuse_query_parameters(self, request: HttpRequest) -> None:
        """Refuse any query parameter on a page that takes none (import and template pages)."""
        refuse_unknown_parameters(request)


class HistoryAdmin(
    DeclaredParametersAdminMixin,
    NumberInputsAdminMixin,
    SafeAutocompleteAdminMixin,
    SimpleHistoryAdmin,
):
    """An admin whose change history is read, never written back.

    Every model admin with history uses it (a test checks): the history lists who changed
    what and when, field by field; a past version opens read-only, and a POST to it (the
    library's "revert") is refused, so history cannot bypass the services.
    """

    object_history_list_template = "organizations/admin/object_history_list.html"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request, *args) and self._sector_wide(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._sector_wide(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._sector_wide(request, "delete")

    def _sector_wide(self, request: HttpRequest, action: str) -> bool:
        """Tell whether a catalogue (a model without units) may be written by the user.

        A catalogue is the whole sector's (award forms, titles, localities): it changes only
        through a membership whose role grants the permission over every unit, never through
        an administrator of one city's units. Scoped models answer per unit instead.
        """
        if isinstance(self.model._default_manager.all(), ScopedQuerySet):
            return True
        codename = get_permission_codename(action, self.opts)
        return unit_scope_ids(request.user, f"{self.opts.app_label}.{codename}") is None

    def revert_disabled(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        if not (version_id.isascii() and version_id.isdigit()):
            # simple_history would look the version up as given: a 500 for "abc".
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(
        self, request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        admin_form = context.get("adminform")
        if admin_form is not None:
            # A past version shows its values as text, not as inputs one might submit.
            fieldsets = list(admin_form.fieldsets)
            context["adminform"] = helpers.AdminForm(
                admin_form.form,
                fieldsets,
                {},
                readonly_fields=flatten_fieldsets(fieldsets),
                model_admin=self,
            )
        return super().render_history_view(request, template, context, **kwargs)

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> ReadableChangesHelper:
        return ReadableChangesHelper(self.model, historical_record)


class ReadOnlyAdminMixin:
    """Records shown, never added, changed or deleted by hand: the services write them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, TabularInline):
    """Related records shown in their parent, read-only: the services write them."""

    extra = 0
    can_delete = False


class ScopedInlineMixin(BaseModelAdmin):
    """Offer only the rows the user may see in foreign keys and many-to-manys (admins, inlines)."""

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_queryset(db_field.remote_field.model, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField | None:
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_queryset(db_field.remote_field.model, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# The request attribute holding ScopedAdmin._holds_on's answers: {(model, pk, action): bool}.
HOLDS_ON_ATTRIBUTE = "_scoped_admin_holds_on"


class ScopedAdmin(BackgroundExportMixin, ExportMixin, ScopedInlineMixin, HistoryAdmin):
    """Admin of a unit-scoped model.

    The model's ``for_user`` decides what a user sees; this class applies it to the
    changelist, the change, delete and history views, the export, autocomplete (through
    ``get_queryset``) and the choices of every foreign key to another scoped model.
    Objects outside the scope answer 404, as if they did not exist.
    """

    show_full_result_count = False
    export_form_class = ExportForm

    def get_resource_classes(self, request: HttpRequest | None) -> list[type[ModelResource]]:
        # A list without its own file format exports its fields under their readable names.
        if not self.resource_classes:
            return [modelresource_factory(self.model, resource_class=LabelledModelResource)]
        return super().get_resource_classes(request)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        if isinstance(queryset, ScopedQuerySet):
            queryset = queryset.for_user(request.user)
        return queryset

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._holds_on(
            request, obj, "change"
        )

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._holds_on(
            request, obj, "delete"
        )

    def _holds_on(self, request: HttpRequest, obj: models.Model | None, action: str) -> bool:
        """Tell whether the permission to act on the object is granted in the object's unit.

        A user with several memberships sees the union of their units, but a permission
        holds only in the units of the membership whose role grants it: a clerk of one city
        who is also a leader at the ministry reads every city's cases and changes their own.
        """
        if obj is None or obj.pk is None:
            return True
        queryset = self.model._default_manager.all()
        if not isinstance(queryset, ScopedQuerySet):
            return True
        # A page asks it a dozen times (the form, each inline, each button): one query per
        # request. The answer is for the object as the request read it; a request that moves
        # the object saves it and then only redirects.
        answers = request.__dict__.setdefault(HOLDS_ON_ATTRIBUTE, {})
        key = (self.model._meta.label_lower, obj.pk, action)
        if key not in answers:
            scoped = queryset.for_user(request.user, self._permission(action))
            answers[key] = scoped.filter(pk=obj.pk).exists()
        return answers[key]

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> models.Model:
        if not self.has_view_or_change_permission(request):
            # A role without access to the model is refused as such, whatever the record.
            raise PermissionDenied
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("This record does not exist or is outside your units."))
        return obj

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # simple-history reads history rows unscoped; check the object first.
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self.get_object(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_queryset(db_field.remote_field.model, request)
            if db_field.name == self._scope_field_name():
                # The record's own unit: only units where the user may add or change such
                # records, not every unit they may read.
                units = kwargs["queryset"]
                kwargs["queryset"] = units.for_user(
                    request.user, self._permission("add")
                ) | units.for_user(request.user, self._permission("change"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _scope_field_name(self) -> str | None:
        queryset = self.model._default_manager.all()
        return queryset.scope_field if isinstance(queryset, ScopedQuerySet) else None

    def _permission(self, action: str) -> str:
        return f"{self.opts.app_label}.{get_permission_codename(action, self.opts)}"

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_export_queryset(self, request: HttpRequest) -> models.QuerySet:
        # The list answers a value its filter cannot compare with its "?e=1" page; the
        # export, a file, answers 400 rather than the library's server error.
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as error:
            raise refuse_parameters(str(error)) from error


def apply_to_each(
    model_admin: ModelAdmin,
    request: HttpRequest,
    records: Iterable[Any],
    action: Callable[[Any], object],
    done: Callable[[int], str],
) -> None:
    """Run a service on each selected record; report each refusal, then how many were done."""
    count = 0
    for record in records:
        try:
            action(record)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else error
            model_admin.message_user(request, f"{record}: {text}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done(count), messages.SUCCESS)
