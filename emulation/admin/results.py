"""Admin of indicator results: a unit's officers enter and submit, the cluster head locks."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from emulation import selectors, services
from emulation.admin.common import YearFilter
from emulation.admin.result_grid import ENTER, grid_index_view, grid_view
from emulation.imports import IndicatorResultResource
from emulation.measures import Measure, is_fraction
from emulation.models import Cluster, Criterion, IndicatorResult
from organizations.admin.base import ScopedAdmin, apply_to_each
from organizations.admin.imports import ImportableAdminMixin
from organizations.formatting import format_figure
from organizations.forms import add_service_error
from organizations.models import Unit
from organizations.params import MAX_ID, int_value
from organizations.scoping import unit_scope_ids

_REVIEW_FIELDS = [
    "status",
    "entered_by",
    "entered_at",
    "updated_at",
    "submitted_by",
    "submitted_at",
    "locked_by",
    "locked_at",
]


class ClusterFilter(admin.SimpleListFilter):
    title = _("cluster")
    parameter_name = "cluster"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        clusters = Cluster.objects.for_user(request.user).order_by("-year", "name")
        return [(str(cluster.pk), str(cluster)) for cluster in clusters]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        cluster_id = int_value(self.value(), name=self.parameter_name, minimum=1, maximum=MAX_ID)
        if cluster_id is not None:
            return queryset.filter(criterion__pact__cluster_id=cluster_id)
        return queryset


class ResultYearFilter(YearFilter):
    year_field = "criterion__pact__cluster__year"


class IndicatorResultForm(forms.ModelForm):
    class Meta:
        model = IndicatorResult
        fields = ["unit", "criterion", "numerator", "denominator", "value", "evidence"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "value" in self.fields:
            self.fields["value"].required = False
            self.fields["value"].help_text = _(
                "For a percentage or ratio, enter the numerator and denominator: the value "
                "is computed from them."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        unit = cleaned.get("unit") or (self.instance.unit if self.instance.unit_id else None)
        criterion = cleaned.get("criterion") or (
            self.instance.criterion if self.instance.criterion_id else None
        )
        if unit is None or criterion is None:
            return cleaned
        try:
            cleaned["value"] = services.indicator_result_check(
                unit=unit,
                criterion=criterion,
                value=cleaned.get("value"),
                numerator=cleaned.get("numerator"),
                denominator=cleaned.get("denominator"),
                result=self.instance if self.instance.pk else None,
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned


@admin.register(IndicatorResult)
class IndicatorResultAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("emulation.indicatorresult",)
    import_export_change_list_template = "admin/emulation/indicatorresult_change_list.html"
    resource_classes = [IndicatorResultResource]
    form = IndicatorResultForm
    list_display = [
        "unit_label",
        "criterion_label",
        "figure",
        "status_label",
        "entered_by_label",
    ]
    list_select_related = ["unit", "criterion__pact__cluster", "entered_by"]
    list_filter = [ResultYearFilter, ClusterFilter, "status"]
    search_fields = ["unit__code", "unit__name", "criterion__name"]
    actions = ["submit_results", "lock_results", "unlock_results"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/emulation.css"]}

    def get_urls(self) -> list:
        own = [
            path(
                "grid/",
                self.admin_site.admin_view(partial(grid_index_view, self)),
                name="emulation_indicatorresult_grids",
            ),
            path(
                "grid/<int:unit_id>/<int:pact_id>/",
                self.admin_site.admin_view(partial(grid_view, self)),
                name="emulation_indicatorresult_grid",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        extra_context = extra_context or {}
        if request.user.has_perm(ENTER):
            extra_context["grid_url"] = reverse("admin:emulation_indicatorresult_grids")
        return super().changelist_view(request, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj: IndicatorResult | None = None) -> list:
        figures = ["numerator", "denominator", "value", "evidence"]
        if obj is None:
            return [(None, {"fields": ["unit", "criterion", *figures]})]
        return [
            (None, {"fields": ["unit", "criterion", "criterion_details", *figures]}),
            (_("Review"), {"fields": _REVIEW_FIELDS}),
        ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: IndicatorResult | None = None
    ) -> list[str]:
        if obj is None:
            return []
        # A result belongs to its unit and criterion for life.
        return ["unit", "criterion", "criterion_details", *_REVIEW_FIELDS]

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "criterion":
            kwargs["queryset"] = (
                Criterion.objects.for_user(request.user)
                .filter(source=Criterion.Source.ENTERED, pact__signed_on__isnull=False)
                .select_related("pact__cluster")
                .order_by("-pact__cluster__year", "pact__cluster__name", "number")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "criterion" and field is not None:
            # A unit is in one cluster a year: the year tells the criteria apart.
            field.label_from_instance = lambda criterion: (
                f"{criterion.pact.cluster.year} · {criterion}"
            )
        return field

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        adding = "emulation.add_indicatorresult"
        if "unit" not in initial and unit_scope_ids(request.user, adding) is not None:
            own_units = list(Unit.objects.for_user(request.user, adding)[:2])
            if len(own_units) == 1:
                initial["unit"] = own_units[0].pk
        return initial

    def has_change_permission(
        self, request: HttpRequest, obj: IndicatorResult | None = None
    ) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        return not obj.is_locked and selectors.may_write_for_unit(request.user, obj.unit)

    def has_delete_permission(
        self, request: HttpRequest, obj: IndicatorResult | None = None
    ) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None:
            return True
        return selectors.may_delete_result(request.user, obj)

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("emulation.submit_indicator_result")

    def has_lock_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("emulation.lock_indicator_result")

    def has_unlock_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("emulation.unlock_indicator_result")

    def save_model(
        self, request: HttpRequest, obj: IndicatorResult, form: forms.ModelForm, change: bool
    ) -> None:
        figures = {
            "value": form.cleaned_data.get("value"),
            "numerator": form.cleaned_data.get("numerator"),
            "denominator": form.cleaned_data.get("denominator"),
            "evidence": form.cleaned_data.get("evidence", ""),
        }
        if change:
            services.indicator_result_update(user=request.user, result=obj, **figures)
        else:
            saved = services.indicator_result_create(
                user=request.user, unit=obj.unit, criterion=obj.criterion, **figures
            )
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: IndicatorResult) -> None:
        services.indicator_result_delete(user=request.user, result=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[IndicatorResult]) -> None:
        self._apply(
            request,
            queryset,
            lambda result: services.indicator_result_delete(user=request.user, result=result),
            lambda count: ngettext(
                "{count} draft result deleted.", "{count} draft results deleted.", count
            ).format(count=count),
        )

    @admin.display(description=_("unit"), ordering="unit__code")
    def unit_label(self, result: IndicatorResult) -> str:
        return result.unit.display_name

    @admin.display(description=_("criterion"), ordering="criterion__number")
    def criterion_label(self, result: IndicatorResult) -> str:
        criterion = result.criterion
        return format_html(
            '<span title="{}">{} · {}</span>',
            criterion.name,
            criterion.pact.cluster.year,
            Truncator(str(criterion)).chars(60),
        )

    @admin.display(description=_("entered by"), ordering="entered_by__last_name")
    def entered_by_label(self, result: IndicatorResult) -> str:
        user = result.entered_by
        if user is None:
            return "–"
        return user.get_full_name() or user.get_username()

    @admin.display(description=_("value"))
    def figure(self, result: IndicatorResult) -> str:
        value = format_figure(result.value)
        if result.criterion.measure == Measure.PERCENT:
            value = f"{value} %"
        if result.numerator is None or result.denominator is None:
            return value
        return format_html(
            '{}<br><span class="emulation-fraction">{} / {}</span>',
            value,
            format_figure(result.numerator),
            format_figure(result.denominator),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, result: IndicatorResult) -> str:
        return format_html(
            '<span class="emulation-status emulation-status-{}">{}</span>',
            result.status,
            result.get_status_display(),
        )

    @admin.display(description=_("measure and scoring"))
    def criterion_details(self, result: IndicatorResult) -> str:
        criterion = result.criterion
        target = format_figure(criterion.target)
        if criterion.measure == Measure.PERCENT:
            target = f"{target} %"
        entry = (
            _("entered as numerator and denominator")
            if is_fraction(criterion.measure)
            else _("entered as a whole number")
        )
        return _("{measure}, {entry}; target {target}; {rule}; at most {points} points.").format(
            measure=criterion.get_measure_display(),
            entry=entry,
            target=target,
            rule=criterion.get_rule_display(),
            points=format_figure(criterion.max_points),
        )

    @admin.action(description=_("Submit the selected results for review"), permissions=["submit"])
    def submit_results(self, request: HttpRequest, queryset: QuerySet[IndicatorResult]) -> None:
        self._apply(
            request,
            queryset,
            lambda result: services.indicator_result_submit(user=request.user, result=result),
            lambda count: ngettext(
                "{count} result submitted.", "{count} results submitted.", count
            ).format(count=count),
        )

    @admin.action(description=_("Lock the selected results after review"), permissions=["lock"])
    def lock_results(self, request: HttpRequest, queryset: QuerySet[IndicatorResult]) -> None:
        self._apply(
            request,
            queryset,
            lambda result: services.indicator_result_lock(user=request.user, result=result),
            lambda count: ngettext(
                "{count} result locked.", "{count} results locked.", count
            ).format(count=count),
        )

    @admin.action(description=_("Unlock the selected results"), permissions=["unlock"])
    def unlock_results(self, request: HttpRequest, queryset: QuerySet[IndicatorResult]) -> None:
        reason = _("Unlocked by {user} from the results list.").format(
            user=request.user.get_username()
        )
        self._apply(
            request,
            queryset,
            lambda result: services.indicator_result_unlock(
                user=request.user, result=result, reason=str(reason)
            ),
            lambda count: ngettext(
                "{count} result unlocked.", "{count} results unlocked.", count
            ).format(count=count),
        )

    def _apply(
        self,
        request: HttpRequest,
        queryset: QuerySet[IndicatorResult],
        action: Callable[[IndicatorResult], IndicatorResult | None],
        done: Callable[[int], str],
    ) -> None:
        apply_to_each(self, request, queryset.select_related("unit", "criterion"), action, done)
