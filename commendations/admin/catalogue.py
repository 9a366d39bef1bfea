"""Admin of the award forms and the rules each sets for its nominees."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from commendations.models import AwardForm, AwardFormRule, DossierRequirement, Recipients
from emulation.selectors.alternatives import rules_description
from organizations.admin.base import HistoryAdmin


class AwardFormRuleInline(admin.StackedInline):
    model = AwardFormRule
    fk_name = "award_form"
    extra = 0
    fields = [
        ("alternative", "applies_to", "kind"),
        ("required_title", "required_award_form", "count"),
        ("initiative_level", "initiatives_needed", "min_rating"),
        "note",
        "note_en",
    ]


class DossierRequirementInline(admin.TabularInline):
    model = DossierRequirement
    fk_name = "award_form"
    extra = 0
    verbose_name_plural = _("documents its dossier must carry before submission")
    fields = ["kind", "applies_to", "only_with_initiatives", "note", "note_en"]


@admin.register(AwardForm)
class AwardFormAdmin(HistoryAdmin):
    list_display = [
        "name",
        "level",
        "recipients",
        "council_vote_threshold",
        "reward_multiple_individual",
        "reward_multiple_collective",
        "physical_item",
        "secret_ballot",
        "is_active",
    ]
    list_filter = ["level", "recipients", "is_active"]
    search_fields = ["code", "name", "name_en"]
    inlines = [AwardFormRuleInline, DossierRequirementInline]
    readonly_fields = ["conditions"]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "name_en", "recipients", "level", "order", "is_active"]},
        ),
        (_("Conditions, as the rules below read"), {"fields": ["conditions"]}),
        (_("Certificate"), {"fields": ["authority", "certificate_title"]}),
        (
            _("Reward"),
            {
                "fields": [
                    ("reward_multiple_individual", "reward_multiple_collective"),
                    "physical_item",
                    "reward_basis",
                ]
            },
        ),
        (
            _("Council"),
            {
                "fields": [
                    "council_vote_threshold",
                    "secret_ballot",
                    "council_basis",
                    "public_comment_days",
                ]
            },
        ),
        (None, {"fields": ["description"]}),
    ]

    @admin.display(description=_("conditions"))
    def conditions(self, award_form: AwardForm) -> str:
        if award_form.pk is None:
            return "–"
        rules = award_form.rules.select_related("required_title", "required_award_form")
        lines = []
        for label, recipients in (
            (_("Individuals"), Recipients.INDIVIDUALS),
            (_("Collectives"), Recipients.COLLECTIVES),
        ):
            individual = recipients == Recipients.INDIVIDUALS
            own = [rule for rule in rules if rule.applies(individual=individual)]
            if own and award_form.is_for(individual=individual):
                lines.append((format_html("<strong>{}</strong>", label),))
                lines.extend((line,) for line in rules_description(own))
        return format_html_join(mark_safe("<br>"), "{}", lines) or "–"
