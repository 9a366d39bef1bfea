"""Admin of movements, clusters with their members, and pacts with their criteria."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from emulation import services
from emulation.admin.common import YearFilter
from emulation.models import Cluster, ClusterMember, Criterion, Movement, Pact
from organizations.admin.base import (
    HistoryAdmin,
    NumberInputsAdminMixin,
    SafeAutocompleteAdminMixin,
    ScopedAdmin,
    ScopedInlineMixin,
)
from organizations.forms import add_service_error

ENTER_RESULTS = "emulation.add_indicatorresult"


@admin.register(Movement)
class MovementAdmin(HistoryAdmin):
    list_display = ["name", "launched_by", "starts_on", "ends_on"]
    list_select_related = ["launched_by"]
    search_fields = ["name"]
    autocomplete_fields = ["launched_by"]


class ClusterMemberFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        cluster: Cluster = self.instance
        kept = [
            form.cleaned_data["unit"]
            for form in self.forms
            if form.cleaned_data.get("unit") and not form.cleaned_data.get("DELETE")
        ]
        leaving = [
            form.instance
            for form in self.forms
            if form.instance.pk is not None and form.cleaned_data.get("DELETE")
        ]
        if not cluster.head_id:
            return
        try:
            services.cluster_composition_check(
                year=cluster.year,
                kind=cluster.kind,
                head=cluster.head,
                deputy_head=cluster.deputy_head,
                members=kept,
                cluster=cluster,
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        for member in leaving:
            if member.unit.indicator_results.filter(criterion__pact__cluster=cluster).exists():
                raise ValidationError(
                    _("{unit} has results for this cluster's pact and cannot leave it.").format(
                        unit=member.unit
                    )
                )


class ClusterMemberInline(ScopedInlineMixin, SafeAutocompleteAdminMixin, admin.TabularInline):
    model = ClusterMember
    formset = ClusterMemberFormSet
    fields = ["unit", "statistics_unit"]
    autocomplete_fields = ["unit", "statistics_unit"]
    extra = 0
    min_num = 1


@admin.register(Cluster)
class ClusterAdmin(ScopedAdmin):
    list_display = ["name", "year", "kind", "head", "deputy_head", "member_count", "decision"]
    list_select_related = ["head", "deputy_head"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name", "decision_number"]
    autocomplete_fields = ["head", "deputy_head"]
    inlines = [ClusterMemberInline]
    fieldsets = [
        (None, {"fields": ["year", "kind", "name", "head", "deputy_head"]}),
        (
            _("Establishing decision"),
            {"fields": ["decision_number", "decision_date", "decided_by"]},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cluster]:
        # A grouped query drops the model's ordering: the autocomplete pages need it back.
        return (
            super()
            .get_queryset(request)
            .annotate(member_total=Count("members"))
            .order_by(*Cluster._meta.ordering)
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, cluster: Cluster) -> int:
        return cluster.member_total

    @admin.display(description=_("establishing decision"))
    def decision(self, cluster: Cluster) -> str:
        return cluster.decision_number


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "number",
            "name",
            "measure",
            "source",
            "direction",
            "target",
            "max_points",
            "rule",
            "base_points",
            "bonus_per_point",
            "deduction_per_point",
            "floor_points",
            "description",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            services.criterion_change_check(criterion=self.instance)
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned


class CriterionInline(NumberInputsAdminMixin, admin.StackedInline):
    model = Criterion
    form = CriterionForm
    extra = 0
    fieldsets = [
        (None, {"fields": [("number", "name"), ("measure", "source", "direction")]}),
        (
            _("Scoring"),
            {
                "fields": [
                    ("target", "max_points", "rule"),
                    ("base_points", "bonus_per_point", "deduction_per_point", "floor_points"),
                    "description",
                ]
            },
        ),
    ]


class PactForm(forms.ModelForm):
    class Meta:
        model = Pact
        fields = ["cluster", "name", "movement", "signed_on", "document_reference"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cluster = cleaned.get("cluster") or getattr(self.instance, "cluster", None)
        signed_on = cleaned.get("signed_on")
        if cluster is not None and signed_on is not None and signed_on < cluster.decision_date:
            self.add_error(
                "signed_on", _("The pact cannot be signed before the cluster was established.")
            )
        return cleaned


@admin.register(Pact)
class PactAdmin(ScopedAdmin):
    form = PactForm
    list_display = ["name", "cluster", "year", "signed_on", "criterion_count"]
    list_select_related = ["cluster"]
    list_filter = [("cluster__year", admin.AllValuesFieldListFilter)]
    search_fields = ["name", "cluster__name", "document_reference"]
    autocomplete_fields = ["cluster"]
    inlines = [CriterionInline]
    readonly_fields = ["result_grids"]

    @staticmethod
    def _offers_grids(request: HttpRequest, obj: Pact | None) -> bool:
        # Only a signed pact's page offers its grids, to those who enter results. Signed as
        # stored: a posted form changes the pact in memory between the admin's two questions.
        return (
            obj is not None
            and obj.pk is not None
            and request.user.has_perm(ENTER_RESULTS)
            and Pact.objects.filter(pk=obj.pk, signed_on__isnull=False).exists()
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Pact | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not self._offers_grids(request, obj):
            fields = [name for name in fields if name != "result_grids"]
        return fields

    def get_fields(self, request: HttpRequest, obj: Pact | None = None) -> list[str]:
        fields = list(super().get_fields(request, obj))
        if not self._offers_grids(request, obj):
            fields = [name for name in fields if name != "result_grids"]
        return fields

    @admin.display(description=_("enter results"))
    def result_grids(self, pact: Pact) -> str:
        url = reverse("admin:emulation_indicatorresult_grids") + "?" + urlencode({"pact": pact.pk})
        return format_html('<a href="{}">{}</a>', url, _("Enter your units' results in a grid"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Pact]:
        return super().get_queryset(request).annotate(criterion_total=Count("criteria"))

    @admin.display(description=_("year"), ordering="cluster__year")
    def year(self, pact: Pact) -> int:
        return pact.cluster.year

    @admin.display(description=_("criteria"), ordering="criterion_total")
    def criterion_count(self, pact: Pact) -> int:
        return pact.criterion_total
