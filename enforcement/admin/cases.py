"""Admin of enforcement cases: scoped, searchable, fast on millions of rows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement.admin.actions import CaseStatusActionsMixin
from enforcement.admin.events import CaseEventInline, import_link
from enforcement.admin.filters import (
    EnforcerFilter,
    EntrustmentFilter,
    IssuingAgencyFilter,
    OriginFilter,
    StatisticalYearFilter,
    ToDoFilter,
)
from enforcement.admin.forms import EnforcementCaseForm, receiving_agencies
from enforcement.admin.linking import EntrustmentLinkAdminMixin, linked_case
from enforcement.admin.obligations import ObligationFormSet, ObligationInline, save_obligations
from enforcement.admin.paginators import (
    CappedCountPaginator,
    count_cap,
    remember_count,
    remember_order,
    remembered_count,
    remembered_order,
)
from enforcement.admin.parties import CasePartyInline, JudgmentInline
from enforcement.imports import CaseResource
from enforcement.models import CaseEvent, CaseParty, EnforcementCase, ImportedCases
from enforcement.register.views import ROW_LIMIT, list_heading, register_file, too_many
from enforcement.search import LIST_ORDER, search_cases_counted
from enforcement.selectors.register import register_cases
from enforcement.services.parties import case_parties_summarize
from organizations.admin.base import DeclaredParametersChangeList, ScopedAdmin
from organizations.admin.imports import ImportableAdminMixin
from organizations.formatting import format_money, short_date, short_datetime, short_unit_name
from organizations.forms import LongSelect
from organizations.params import year_value
from organizations.scoping import unit_scope_ids, view_permission


class CappedChangeList(DeclaredParametersChangeList):
    """A changelist that tells the template when its count stopped at the cap."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        self.count_capped = getattr(self.paginator, "is_capped", False)
        self.count_cap = getattr(self.paginator, "cap", None)


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(
    EntrustmentLinkAdminMixin, CaseStatusActionsMixin, ImportableAdminMixin, ScopedAdmin
):
    import_spec_keys = (
        "enforcement.enforcementcase",
        "enforcement.casestatus",
        "enforcement.register",
    )
    # The import and export tools, and the intake register of the list as filtered.
    import_export_change_list_template = "admin/enforcement/enforcementcase/change_list.html"
    resource_classes = [CaseResource]
    form = EnforcementCaseForm
    paginator = CappedCountPaginator
    list_per_page = 50
    # One line a case at 1366 px: the decision, the debtor, the unit's short name, the state
    # and the amounts; the enforcer, the judgment and the rest are on the case page.
    list_display = [
        "decision_number",
        "debtor",
        "unit_name",
        "state",
        "due",
        "recovered",
    ]
    # Facet counts would run one COUNT(*) per filter choice over millions of rows.
    show_facets = admin.ShowFacets.NEVER
    list_select_related = ["unit", "issuing_agency"]
    # Shows the search box; get_search_results searches these fields through their search
    # text (enforcement.search), not column by column.
    search_fields = ["decision_number", "debtor", "creditor", "judgment"]
    search_help_text = gettext_lazy(
        "Search by decision number, any debtor or creditor, or judgment, with or without "
        "accents. Each word is found whole; end one with * to find the words it starts "
        "(nguy*). Quote a phrase to keep it whole."
    )
    list_filter = [
        StatisticalYearFilter,
        OriginFilter,
        EnforcerFilter,
        IssuingAgencyFilter,
        EntrustmentFilter,
        ToDoFilter,
        "status",
        "eligibility",
        "judgment_kind",
        "initiation",
    ]
    autocomplete_fields = ["unit"]
    inlines = [CasePartyInline, JudgmentInline, ObligationInline, CaseEventInline]
    object_history_template = "enforcement/admin/case_history.html"
    readonly_fields = [
        "status",
        "ground",
        "closed_on",
        "entrusted_to",
        "recovered_so_far",
        "reduced_so_far",
        "balance",
        "state_changed_on",
        "imported_from",
        "enforcer",
        "enforcer_since",
        "sender_case",
        "entrustment_decision",
        "receiver_case",
    ]
    fieldsets = [
        (
            gettext_lazy("Enforcement decision"),
            {
                "fields": [
                    "issuing_agency",
                    "unit",
                    "decision_number",
                    "decision_date",
                    "accepted_on",
                ]
            },
        ),
        (
            gettext_lazy("Judgment"),
            {"fields": ["judgment", "judgment_kind", "initiation", "debtor", "creditor"]},
        ),
        (
            gettext_lazy("Amounts and state"),
            {
                "description": gettext_lazy(
                    "Status, eligibility and payments change through the actions of the case "
                    "list, each as a dated event."
                ),
                "fields": [
                    "amount_due",
                    "recovered_so_far",
                    "reduced_so_far",
                    "balance",
                    "eligibility",
                    "status",
                    "ground",
                    "closed_on",
                    "entrusted_to",
                    "state_changed_on",
                ],
            },
        ),
        (
            gettext_lazy("Entrustment"),
            {
                "description": gettext_lazy(
                    "Received: the agency that entrusted the case and its decision; the "
                    "sender's case is linked when that agency keeps its cases here too. "
                    "Entrusted out: the decision issued and the receiver's case."
                ),
                "fields": [
                    "received_from",
                    "received_decision_number",
                    "received_decision_date",
                    "sender_case",
                    "entrustment_decision",
                    "receiver_case",
                ],
            },
        ),
        (
            gettext_lazy("Enforcer"),
            {
                "description": gettext_lazy(
                    "The enforcer changes through the action “Assign enforcer” of the case "
                    "list, as a dated event."
                ),
                "fields": ["enforcer", "enforcer_since"],
            },
        ),
        (None, {"fields": ["notes", "imported_from", "reason"]}),
    ]
    actions = [
        "postpone",
        "suspend",
        "resume",
        "complete",
        "terminate",
        "withdraw",
        "entrust",
        "record_entrustment_decision",
        "mark_eligible",
        "mark_not_eligible",
        "record_payment",
        "record_reduction",
        "correct_payment",
        "assign_enforcer",
    ]

    @admin.display(description=gettext_lazy("handling office"), ordering="unit__code")
    def unit_name(self, obj: EnforcementCase) -> str:
        if obj.issuing_agency_id == obj.unit_id:
            name = short_unit_name(obj.unit)
            return format_html('<span title="{}">{}</span>', obj.unit.name, name)
        # An office's case: the agency that issued the decision in the hover text, so that each
        # case keeps one line (the agency filter and the form show it in full).
        issued = _("issued by %(agency)s") % {"agency": obj.issuing_agency.name}
        return format_html(
            '<span title="{} ({})">{}</span>', obj.unit.name, issued, short_unit_name(obj.unit)
        )

    @admin.display(description=gettext_lazy("to enforce (VND)"), ordering="amount_due")
    def due(self, obj: EnforcementCase) -> str:
        return format_money(obj.amount_due)

    @admin.display(description=gettext_lazy("recovered (VND)"), ordering="amount_recovered")
    def recovered(self, obj: EnforcementCase) -> str:
        return format_money(obj.amount_recovered)

    @admin.display(description=gettext_lazy("imported from"))
    def imported_from(self, obj: EnforcementCase) -> str:
        job = ImportedCases.job_of(obj.pk) if obj.pk else None
        if job is None:
            return "–"
        return format_html(
            "{} ({}, {})",
            import_link(job),
            job.uploaded_by,
            short_datetime(job.created_at),
        )

    @admin.display(description=gettext_lazy("sender's case"))
    def sender_case(self, obj: EnforcementCase) -> str:
        if obj.pk is None or obj.received_from_id is None:
            return "–"
        return linked_case(obj, obj.received_from_case)

    @admin.display(description=gettext_lazy("entrustment decision issued"))
    def entrustment_decision(self, obj: EnforcementCase) -> str:
        if not obj.entrustment_decision_number:
            return "–"
        return _("%(number)s of %(date)s") % {
            "number": obj.entrustment_decision_number,
            "date": short_date(obj.entrustment_decision_date),
        }

    @admin.display(description=gettext_lazy("receiver's case"))
    def receiver_case(self, obj: EnforcementCase) -> str:
        if obj.pk is None or obj.entrusted_to_id is None:
            return "–"
        received = EnforcementCase.objects.filter(received_from_case=obj).first()
        return linked_case(obj, received)

    @admin.display(description=gettext_lazy("amount recovered (VND)"))
    def recovered_so_far(self, obj: EnforcementCase) -> str:
        return format_money(obj.amount_recovered)

    @admin.display(description=gettext_lazy("amount reduced or exempted (VND)"))
    def reduced_so_far(self, obj: EnforcementCase) -> str:
        return format_money(obj.amount_reduced)

    @admin.display(description=gettext_lazy("still to enforce (VND)"))
    def balance(self, obj: EnforcementCase) -> str:
        return format_money(obj.amount_outstanding)

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def state(self, obj: EnforcementCase) -> str:
        # The status on the row's one line; eligibility (or the closing day) on hovering it
        # and on the case page.
        detail = obj.get_eligibility_display() if obj.is_open else short_date(obj.closed_on)
        status = obj.get_status_display()
        return format_html('<span title="{} · {}">{}</span>', status, detail, status)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> EnforcementCase | None:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            # Who looks: the linked case of another agency is a link only for its readers.
            obj.viewer = request.user
        return obj

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "register/",
                self.admin_site.admin_view(self.register_view),
                name="{}_{}_register".format(*info),
            )
        ]
        return own + super().get_urls()

    def register_view(self, request: HttpRequest) -> HttpResponse:
        """Send the list, as filtered and searched, as the intake register to print (XLSX)."""
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        if not self.has_export_permission(request):
            raise PermissionDenied
        # The list's own scope, filters and search; a parameter it does not declare is a 400.
        cases = register_cases(self.get_export_queryset(request))
        count = cases.count()
        changelist = reverse("admin:enforcement_enforcementcase_changelist")
        if count > ROW_LIMIT:
            self.message_user(request, too_many(count), messages.ERROR)
            return HttpResponseRedirect(f"{changelist}?{request.GET.urlencode()}")
        year = year_value(request.GET.get(StatisticalYearFilter.parameter_name))
        with translation.override(settings.LANGUAGE_CODE):
            heading = list_heading(user=request.user, cases=cases, year=year)
        subject = f"so-thu-ly nam {year}" if year is not None else "so-thu-ly"
        today = timezone.localdate()
        return register_file(heading=heading, cases=cases, subject=subject, day=today)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Cases written by a bulk import have no history rows: their import (who, when,
        # which file) is shown above their events; every later change is in both.
        case = self.get_object(request, object_id)
        events = (
            CaseEvent.objects.filter(case=case)
            .select_related("recorded_by", "import_job__uploaded_by", "ground", "enforcer")
            .order_by("recorded_at", "id")
        )
        context = {
            **(extra_context or {}),
            "case_events": events,
            "imported_by": ImportedCases.job_of(case.pk) if case is not None else None,
        }
        return super().history_view(request, object_id, context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The widest list of the admin gets the whole screen: the apps are one click away in
        # the breadcrumbs, and a 1366 px screen then holds every column on one line.
        extra_context = {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        return super().changelist_view(request, extra_context)

    def get_search_results(
        self, request: HttpRequest, queryset: models.QuerySet, search_term: str
    ) -> tuple[models.QuerySet, bool]:
        # The queryset is already scoped to the user's units; the search only narrows it. Its
        # count serves the list's paginator, which would otherwise count the same cases again.
        found = search_cases_counted(
            queryset,
            search_term,
            units=unit_scope_ids(request.user, view_permission(self.model)),
            count_at_most=count_cap(),
        )
        if found.count is not None:
            remember_count(request, found.cases, found.count)
        if found.in_list_order is not None:
            remember_order(request, found.cases, found.in_list_order, LIST_ORDER)
        return found.cases, False

    def get_paginator(
        self,
        request: HttpRequest,
        queryset: models.QuerySet,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
    ) -> CappedCountPaginator:
        return self.paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            known_count=remembered_count(request, queryset),
            known_order=remembered_order(request, queryset),
        )

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return CappedChangeList

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Eligibility then changes only through its actions, as a dated event; the debtor
            # and creditor texts are the names of the parties, edited below the case.
            fields += ["eligibility", "debtor", "creditor"]
        return fields

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list:
        # A new case's parties come from its debtor and creditor texts (services.case_open);
        # their addresses and further parties are added on the saved case.
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if obj is not None or not isinstance(inline, CasePartyInline)
        ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "entrusted_to":
            # The receiving agency is usually outside the clerk's own units.
            kwargs["queryset"] = receiving_agencies().queryset
        if db_field.name == "received_from":
            # Every enforcement unit of the country (the form sets them): a thousand options.
            kwargs["widget"] = LongSelect
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_form(self, request: HttpRequest, form: ModelForm, change: bool) -> EnforcementCase:
        # Nothing is written yet: the admin validates the inlines after this, and a refused
        # party or judgment must leave the case as it was (``save_model`` writes).
        return form.instance

    def save_model(
        self, request: HttpRequest, obj: EnforcementCase, form: ModelForm, change: bool
    ) -> None:
        """Open or correct the case through the services, once the form and inlines are valid."""
        saved = form.save()
        # The inlines' rows point at ``obj``: it becomes the saved case.
        obj.pk = saved.pk
        obj.refresh_from_db()

    def get_inlines(self, request: HttpRequest, obj: Any) -> list:
        # Obligations are added to a saved case; a new case takes its amount in the form.
        if obj is None:
            return [inline for inline in self.inlines if inline is not ObligationInline]
        return list(self.inlines)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: Any, change: bool
    ) -> None:
        if isinstance(formset, ObligationFormSet):
            save_obligations(
                request, form.instance, formset, reason=form.cleaned_data.get("reason", "")
            )
            return
        super().save_formset(request, form, formset, change)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        # No many-to-many fields to save; the admin's change message reads what each formset
        # did. Changed parties write the case's debtor and creditor texts and search text.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        if any(formset.model is CaseParty and formset.has_changed() for formset in formsets):
            case_parties_summarize(case=form.instance, user=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A case leaves the statistics only by being withdrawn, never by deletion.
        return False
