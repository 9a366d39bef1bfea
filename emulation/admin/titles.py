"""Admin of the titles catalogue and its rules, title awards and initiatives."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from emulation import services
from emulation.admin.common import YearFilter
from emulation.imports import InitiativeResource, TitleAwardResource
from emulation.models import (
    BaseSalary,
    CommendationType,
    Initiative,
    Title,
    TitleAward,
    TitleRule,
)
from emulation.selectors.alternatives import rules_description
from organizations.admin.base import HistoryAdmin, ScopedAdmin
from organizations.admin.imports import ImportableAdminMixin
from organizations.formatting import format_money, format_percent
from organizations.forms import add_service_error


class TitleRuleInline(admin.StackedInline):
    model = TitleRule
    fk_name = "title"
    extra = 0
    fields = [
        ("alternative", "kind"),
        ("required_title", "count", "every_years"),
        ("initiative_level", "share_percent", "share_strict"),
        "min_rating",
        "note",
        "note_en",
    ]


@admin.register(Title)
class TitleAdmin(HistoryAdmin):
    list_display = [
        "name",
        "name_en",
        "recipient",
        "level",
        "council_vote_threshold",
        "secret_ballot",
        "quota",
        "reward_multiple",
        "physical_item",
        "rule_count",
        "is_active",
    ]
    list_filter = ["recipient", "level", "is_active"]
    search_fields = ["code", "name", "name_en"]
    inlines = [TitleRuleInline]
    readonly_fields = ["conditions"]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "recipient", "level", "order", "is_active"]}),
        (_("Conditions, as the rules below read"), {"fields": ["conditions"]}),
        (
            _("Council and quota"),
            {
                "fields": [
                    ("council_vote_threshold", "secret_ballot"),
                    "council_basis",
                    "public_comment_days",
                    ("quota_percent", "quota_of"),
                ]
            },
        ),
        (_("Reward"), {"fields": ["reward_multiple", "physical_item", "reward_basis"]}),
        (None, {"fields": ["description"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Title]:
        return (
            super()
            .get_queryset(request)
            .select_related("quota_of")
            .annotate(rule_total=Count("rules"))
            # A grouped query drops the model's ordering: the autocomplete pages need it back.
            .order_by(*Title._meta.ordering)
        )

    @admin.display(description=_("conditions"))
    def conditions(self, title: Title) -> str:
        if title.pk is None:
            return "–"
        lines = rules_description(title.rules.select_related("required_title"))
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)) or "–"

    @admin.display(description=_("quota"))
    def quota(self, title: Title) -> str:
        if title.quota_of is None:
            return "–"
        return _("{percent} of “{title}”").format(
            percent=format_percent(title.quota_percent), title=title.quota_of
        )

    @admin.display(description=_("rules"), ordering="rule_total")
    def rule_count(self, title: Title) -> int:
        return title.rule_total


class TitleAwardForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("reason for entering it by hand"),
        max_length=100,
        help_text=_(
            "Titles come from recorded decisions and the history import; say why this one is "
            "entered or corrected by hand. The reason is kept in its history."
        ),
    )

    class Meta:
        model = TitleAward
        fields = [
            "title",
            "year",
            "person",
            "unit",
            "decision_number",
            "decision_date",
            "decided_by",
            "commendation_type",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out, an award is for merit over a period, as almost every one is.
        if "commendation_type" in self.fields:  # absent from a read-only admin form
            self.fields["commendation_type"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        title, year = cleaned.get("title"), cleaned.get("year")
        if title is None or year is None:
            return cleaned
        person = cleaned.get("person", self.instance.person if self.instance.person_id else None)
        unit = cleaned.get("unit", self.instance.unit if self.instance.unit_id else None)
        try:
            services.title_award_check(
                title=title, year=year, person=person, unit=unit, award=self.instance
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned


@admin.register(TitleAward)
class TitleAwardAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("emulation.titleaward",)
    resource_classes = [TitleAwardResource]
    form = TitleAwardForm
    list_display = [
        "title",
        "year",
        "recipient_label",
        "commendation_type",
        "decision_number",
        "decision_date",
    ]
    list_select_related = ["title", "person__unit", "unit"]
    list_filter = [YearFilter, "title"]
    search_fields = [
        "person__full_name",
        "person__staff_code",
        "unit__code",
        "unit__name",
        "decision_number",
    ]
    autocomplete_fields = ["person", "unit"]

    def get_readonly_fields(self, request: HttpRequest, obj: TitleAward | None = None) -> list[str]:
        # An award belongs to its recipient for life; a wrong recipient is a new award.
        return ["person", "unit"] if obj is not None else []

    @admin.display(description=_("awarded to"))
    def recipient_label(self, award: TitleAward) -> str:
        if award.person_id:
            return f"{award.person} ({award.person.unit.display_name})"
        return str(award.unit)

    def save_model(
        self, request: HttpRequest, obj: TitleAward, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        decision = {
            "decision_number": data["decision_number"],
            "decision_date": data.get("decision_date"),
            "decided_by": data.get("decided_by", ""),
            "notes": data.get("notes", ""),
            "reason": data["reason"],
            "commendation_type": data.get("commendation_type") or CommendationType.MERIT,
        }
        if change:
            services.title_award_update(
                user=request.user, award=obj, title=data["title"], year=data["year"], **decision
            )
        else:
            saved = services.title_award_record(
                user=request.user,
                title=data["title"],
                year=data["year"],
                person=data.get("person"),
                unit=data.get("unit"),
                **decision,
            )
            obj.pk = saved.pk


@admin.register(Initiative)
class InitiativeAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("emulation.initiative",)
    resource_classes = [InitiativeResource]
    list_display = ["name", "person", "year", "level", "decision_number"]
    list_select_related = ["person"]
    list_filter = [YearFilter, "level"]
    search_fields = ["name", "person__full_name", "person__staff_code", "decision_number"]
    autocomplete_fields = ["person"]
    fields = [
        "person",
        "year",
        "name",
        "level",
        "decision_number",
        "decision_date",
        "recognised_by",
        "description",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Initiative | None = None) -> list[str]:
        return ["person"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: Initiative, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        details = {
            "year": data["year"],
            "name": data["name"],
            "level": data["level"],
            "decision_number": data["decision_number"],
            "decision_date": data.get("decision_date"),
            "recognised_by": data.get("recognised_by", ""),
            "description": data.get("description", ""),
        }
        if change:
            services.initiative_update(user=request.user, initiative=obj, **details)
        else:
            saved = services.initiative_record(user=request.user, person=data["person"], **details)
            obj.pk = saved.pk


class BaseSalaryForm(forms.ModelForm):
    class Meta:
        model = BaseSalary
        fields = ["valid_from", "amount", "legal_basis"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            services.base_salary_check(
                valid_from=cleaned.get("valid_from"),
                amount=cleaned.get("amount"),
                legal_basis=cleaned.get("legal_basis") or "",
                base_salary=self.instance,
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned

    def validate_unique(self) -> None:
        # The service's check says it in words, with the base salary already in force.
        return


@admin.register(BaseSalary)
class BaseSalaryAdmin(HistoryAdmin):
    form = BaseSalaryForm
    list_display = ["valid_from", "amount_display", "legal_basis"]
    fields = ["valid_from", "amount", "legal_basis"]

    @admin.display(description=_("base salary (VND per month)"), ordering="amount")
    def amount_display(self, base_salary: BaseSalary) -> str:
        return format_money(base_salary.amount)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A base salary is the record of a decree: it is corrected, never deleted.
        return False

    def save_model(
        self, request: HttpRequest, obj: BaseSalary, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = services.base_salary_save(
            user=request.user,
            base_salary=obj if change else None,
            valid_from=data["valid_from"],
            amount=data["amount"],
            legal_basis=data["legal_basis"],
        )
        obj.pk = saved.pk
