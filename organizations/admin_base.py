"""The admin base every scoped model uses: one scoping rule for every admin path."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from organizations.scoping import ScopedQuerySet


def scoped_queryset(model: type[models.Model], request: HttpRequest) -> models.QuerySet:
    """Return the model's rows the requesting user may see, or all rows of unscoped models."""
    queryset = model._default_manager.all()
    if isinstance(queryset, ScopedQuerySet):
        return queryset.for_user(request.user)
    return queryset


class ScopedAdmin(ExportMixin, SimpleHistoryAdmin):
    """Admin of a unit-scoped model.

    The model's ``for_user`` decides what a user sees; this class applies it to the
    changelist, the change, delete and history views, the export, autocomplete (through
    ``get_queryset``) and the choices of every foreign key to another scoped model.
    Objects outside the scope answer 404, as if they did not exist.
    """

    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        if isinstance(queryset, ScopedQuerySet):
            queryset = queryset.for_user(request.user)
        return queryset

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> models.Model:
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
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)
