"""Admin of the yearly quality ratings and the discipline records of people and units."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organizations import services
from organizations.admin.base import ScopedAdmin
from organizations.admin.imports import ImportableAdminMixin
from organizations.forms import add_service_error
from organizations.imports.ratings import QualityRatingResource
from organizations.models import Discipline, QualityRating
from organizations.params import year_value


class RatingYearFilter(admin.SimpleListFilter):
    """Filter ratings by year, offering the years that have ratings."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        years = (
            model_admin.get_queryset(request)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), year) for year in years]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        year = year_value(self.value())
        if year is not None:
            return queryset.filter(year=year)
        return queryset


class QualityRatingForm(forms.ModelForm):
    class Meta:
        model = QualityRating
        fields = [
            "year",
            "person",
            "unit",
            "grade",
            "decision_number",
            "decision_date",
            "decided_by",
            "notes",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        year = cleaned.get("year")
        if year is None:
            return cleaned
        person = cleaned.get("person", self.instance.person if self.instance.person_id else None)
        unit = cleaned.get("unit", self.instance.unit if self.instance.unit_id else None)
        try:
            services.quality_rating_check(year=year, person=person, unit=unit, rating=self.instance)
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned

    def validate_constraints(self) -> None:
        # The service's check says it in words; the constraints would repeat it.
        return None


@admin.register(QualityRating)
class QualityRatingAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("organizations.qualityrating",)
    resource_classes = [QualityRatingResource]
    form = QualityRatingForm
    list_display = ["year", "recipient_label", "grade", "decision_number", "decision_date"]
    list_select_related = ["person__unit", "unit"]
    list_filter = [RatingYearFilter, "grade"]
    search_fields = [
        "person__full_name",
        "person__staff_code",
        "unit__code",
        "unit__name",
        "decision_number",
    ]
    autocomplete_fields = ["person", "unit"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: QualityRating | None = None
    ) -> list[str]:
        # A rating belongs to its person or collective; a wrong one is a new rating.
        return ["person", "unit"] if obj is not None else []

    @admin.display(description=_("rated"))
    def recipient_label(self, rating: QualityRating) -> str:
        if rating.person_id:
            return f"{rating.person} ({rating.person.unit.display_name})"
        return str(rating.unit)

    def save_model(
        self, request: HttpRequest, obj: QualityRating, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        details = {
            "year": data["year"],
            "grade": data["grade"],
            "decision_number": data["decision_number"],
            "decision_date": data.get("decision_date"),
            "decided_by": data.get("decided_by", ""),
            "notes": data.get("notes", ""),
        }
        if change:
            services.quality_rating_update(user=request.user, rating=obj, **details)
        else:
            saved = services.quality_rating_record(
                user=request.user, person=data.get("person"), unit=data.get("unit"), **details
            )
            obj.pk = saved.pk


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = [
            "person",
            "kind",
            "starts_on",
            "ends_on",
            "decision_number",
            "decision_date",
            "decided_by",
            "notes",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on = cleaned.get("starts_on")
        if starts_on is None:
            return cleaned
        try:
            services.discipline_check(starts_on=starts_on, ends_on=cleaned.get("ends_on"))
        except (ValidationError, PermissionDenied) as error:
            add_service_error(self, error)
        return cleaned

    def validate_constraints(self) -> None:
        # The service's check says it in words; the constraint would repeat it.
        return None


@admin.register(Discipline)
class DisciplineAdmin(ScopedAdmin):
    form = DisciplineForm
    list_display = ["person", "kind", "starts_on", "ends_on", "decision_number"]
    list_select_related = ["person"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "person__staff_code", "decision_number"]
    autocomplete_fields = ["person"]

    def get_readonly_fields(self, request: HttpRequest, obj: Discipline | None = None) -> list[str]:
        return ["person"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: Discipline, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        details = {
            "kind": data["kind"],
            "starts_on": data["starts_on"],
            "ends_on": data.get("ends_on"),
            "decision_number": data["decision_number"],
            "decision_date": data.get("decision_date"),
            "decided_by": data.get("decided_by", ""),
            "notes": data.get("notes", ""),
        }
        if change:
            services.discipline_update(user=request.user, discipline=obj, **details)
        else:
            saved = services.discipline_record(user=request.user, person=data["person"], **details)
            obj.pk = saved.pk
