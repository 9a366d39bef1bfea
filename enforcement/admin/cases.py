"""Admin of enforcement cases: scoped, searchable, fast on millions of rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement import services
from enforcement.admin.filters import OriginFilter, StatisticalYearFilter
from enforcement.admin.forms import CaseActionForm, EnforcementCaseForm, receiving_agencies
from enforcement.admin.paginators import COUNT_CAP, CappedCountPaginator
from enforcement.imports import CaseResource
from enforcement.models import CaseEvent, Eligibility, EnforcementCase, ImportedCases
from enforcement.search import search_cases
from enforcement.services import today
from organizations.admin_base import DeclaredParametersChangeList, ScopedAdmin
from organizations.formatting import format_money
from organizations.imports.admin import ImportableAdminMixin
from organizations.models import ImportJob

Apply = Callable[[EnforcementCase, dict[str, Any]], object]


class CaseEventInline(admin.TabularInline):
    """The case's dated events, read-only: they are written only by the services."""

    model = CaseEvent
    fields = [
        "occurred_on",
        "kind",
        "amount_display",
        "status_after",
        "eligibility_after",
        "note",
        "author",
        "recorded_at",
        "origin",
    ]
    readonly_fields = fields
    ordering = ["occurred_on", "id"]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return (
            super().get_queryset(request).select_related("recorded_by", "import_job__uploaded_by")
        )

    @admin.display(description=gettext_lazy("recorded by"))
    def author(self, obj: CaseEvent) -> str:
        return str(obj.author or "–")

    @admin.display(description=gettext_lazy("amount (VND)"))
    def amount_display(self, obj: CaseEvent) -> str:
        return format_money(obj.amount) if obj.amount else "–"

    @admin.display(description=gettext_lazy("import"))
    def origin(self, obj: CaseEvent) -> str:
        return import_link(obj.import_job)


def import_link(job: ImportJob | None) -> str:
    """Link to the import (file, who, when) an event came from, or a dash."""
    if job is None:
        return "–"
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:organizations_importjob_change", args=[job.pk]), job
    )


class CappedChangeList(DeclaredParametersChangeList):
    """A changelist that tells the template when its count stopped at the cap."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        self.count_capped = getattr(self.paginator, "is_capped", False)
        self.count_cap = COUNT_CAP


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("enforcement.enforcementcase", "enforcement.casestatus")
    resource_classes = [CaseResource]
    form = EnforcementCaseForm
    paginator = CappedCountPaginator
    list_per_page = 50
    list_display = [
        "decision_number",
        "unit_name",
        "accepted_on",
        "debtor",
        "state",
        "due",
        "recovered",
    ]
    # Facet counts would run one COUNT(*) per filter choice over millions of rows.
    show_facets = admin.ShowFacets.NEVER
    list_select_related = ["unit"]
    # Shows the search box; get_search_results searches these fields through their search
    # text (enforcement.search), not column by column.
    search_fields = ["decision_number", "debtor", "creditor", "judgment"]
    search_help_text = gettext_lazy(
        "Search by decision number, debtor, creditor or judgment; quote a phrase to keep it whole."
    )
    list_filter = [
        StatisticalYearFilter,
        OriginFilter,
        "status",
        "eligibility",
        "judgment_kind",
        "initiation",
    ]
    autocomplete_fields = ["unit"]
    inlines = [CaseEventInline]
    object_history_template = "enforcement/admin/case_history.html"
    readonly_fields = [
        "status",
        "closed_on",
        "entrusted_to",
        "recovered_so_far",
        "state_changed_on",
        "imported_from",
    ]
    fieldsets = [
        (
            gettext_lazy("Enforcement decision"),
            {"fields": ["unit", "decision_number", "decision_date", "accepted_on"]},
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
                    "eligibility",
                    "status",
                    "closed_on",
                    "entrusted_to",
                    "state_changed_on",
                ],
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
        "mark_eligible",
        "mark_not_eligible",
        "record_payment",
    ]

    @admin.display(description=gettext_lazy("unit"), ordering="unit__code")
    def unit_name(self, obj: EnforcementCase) -> str:
        return obj.unit.display_name

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
            date_format(localtime(job.created_at), "SHORT_DATETIME_FORMAT"),
        )

    @admin.display(description=gettext_lazy("amount recovered (VND)"))
    def recovered_so_far(self, obj: EnforcementCase) -> str:
        return format_money(obj.amount_recovered)

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def state(self, obj: EnforcementCase) -> str:
        # One column for status and eligibility (or closing day) keeps the list narrow.
        if obj.is_open:
            detail = obj.get_eligibility_display()
        else:
            detail = date_format(obj.closed_on, "SHORT_DATE_FORMAT")
        return format_html("{}<br><small>{}</small>", obj.get_status_display(), detail)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Cases written by a bulk import have no history rows: their import (who, when,
        # which file) is shown above their events; every later change is in both.
        case = self.get_object(request, object_id)
        events = (
            CaseEvent.objects.filter(case=case)
            .select_related("recorded_by", "import_job__uploaded_by")
            .order_by("recorded_at", "id")
        )
        context = {
            **(extra_context or {}),
            "case_events": events,
            "imported_by": ImportedCases.job_of(case.pk) if case is not None else None,
        }
        return super().history_view(request, object_id, context)

    def get_search_results(
        self, request: HttpRequest, queryset: models.QuerySet, search_term: str
    ) -> tuple[models.QuerySet, bool]:
        # The queryset is already scoped to the user's units; the search only narrows it.
        return search_cases(queryset, search_term), False

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return CappedChangeList

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Eligibility then changes only through its actions, as a dated event.
            fields.append("eligibility")
        return fields

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
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_form(self, request: HttpRequest, form: ModelForm, change: bool) -> EnforcementCase:
        # The form checked the case by the services' rules; its save goes through them.
        return form.save()

    def save_model(
        self, request: HttpRequest, obj: EnforcementCase, form: ModelForm, change: bool
    ) -> None:
        """Do nothing: the services have saved the case already."""

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        # No many-to-many fields to save; the read-only event inline saves nothing, but the
        # admin's change message reads what its formset did.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A case leaves the statistics only by being withdrawn, never by deletion.
        return False

    def has_change_status_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("enforcement.change_case_status")

    def _run(
        self,
        request: HttpRequest,
        queryset: models.QuerySet,
        *,
        action: str,
        title: str,
        apply: Apply,
        extra: tuple[str, ...] = (),
        single: bool = False,
    ) -> HttpResponse | None:
        if single and queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one case for this action."), messages.WARNING
            )
            return None
        if "apply" in request.POST:
            form = CaseActionForm(request.POST, extra=extra)
            if form.is_valid():
                if not single:
                    self._apply_each(request, queryset, apply, form.cleaned_data)
                    return None
                # One case: a refusal is shown on the form, which keeps what was typed.
                refusal = self._apply_one(request, queryset.get(), apply, form.cleaned_data)
                if refusal is None:
                    return None
                form.add_error(None, refusal)
        else:
            form = CaseActionForm(initial={"on": today()}, extra=extra)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "cases": queryset.select_related("unit")[:100],
            "case_count": queryset.count(),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "enforcement/admin/case_action.html", context)

    def _apply_one(
        self,
        request: HttpRequest,
        case: EnforcementCase,
        apply: Apply,
        data: dict[str, Any],
    ) -> str | None:
        """Apply the action to one case; return why it was refused, or None when it was done."""
        try:
            with transaction.atomic():
                changed = apply(case, data)
        except ValidationError as error:
            return " ".join(error.messages)
        except PermissionDenied as error:
            return str(error)
        self.message_user(request, self._done_message(changed, data), messages.SUCCESS)
        return None

    def _done_message(self, case: object, data: dict[str, Any]) -> str:
        if isinstance(case, EnforcementCase) and "amount" in data:
            # A payment echoes what was recorded and what remains, so a typo shows at once.
            return _(
                "%(amount)s ₫ recorded on case %(number)s: %(recovered)s ₫ of %(due)s ₫ "
                "recovered, %(outstanding)s ₫ still to enforce."
            ) % {
                "amount": format_money(data["amount"]),
                "number": case.decision_number,
                "recovered": format_money(case.amount_recovered),
                "due": format_money(case.amount_due),
                "outstanding": format_money(case.amount_outstanding),
            }
        return _("%(count)d case(s) changed.") % {"count": 1}

    def _apply_each(
        self,
        request: HttpRequest,
        queryset: models.QuerySet,
        apply: Apply,
        data: dict[str, Any],
    ) -> None:
        done = 0
        refused: list[str] = []
        for case in queryset.order_by("pk"):
            # Each case on its own: one refusal leaves the others done and itself unchanged.
            try:
                with transaction.atomic():
                    apply(case, data)
            except ValidationError as error:
                refused.append(f"{case.decision_number}: {' '.join(error.messages)}")
            except PermissionDenied as error:
                refused.append(f"{case.decision_number}: {error}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                _("%(count)d case(s) changed.") % {"count": done},
                messages.SUCCESS,
            )
        for line in refused[:20]:
            self.message_user(request, line, messages.ERROR)
        if len(refused) > 20:
            self.message_user(
                request,
                _("%(count)d more case(s) refused.") % {"count": len(refused) - 20},
                messages.ERROR,
            )

    def _status_action(
        self,
        request: HttpRequest,
        queryset: models.QuerySet,
        *,
        action: str,
        title: str,
        service: Callable,
    ) -> HttpResponse | None:
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return service(
                user=request.user,
                case=case,
                on=data["on"],
                note=data["note"],
                reason=data["reason"],
            )

        return self._run(request, queryset, action=action, title=title, apply=apply)

    @admin.action(description=gettext_lazy("Postpone"), permissions=["change_status"])
    def postpone(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request,
            queryset,
            action="postpone",
            title=_("Postpone"),
            service=services.case_postpone,
        )

    @admin.action(description=gettext_lazy("Suspend"), permissions=["change_status"])
    def suspend(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request, queryset, action="suspend", title=_("Suspend"), service=services.case_suspend
        )

    @admin.action(description=gettext_lazy("Resume"), permissions=["change_status"])
    def resume(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request, queryset, action="resume", title=_("Resume"), service=services.case_resume
        )

    @admin.action(description=gettext_lazy("Mark completed"), permissions=["change_status"])
    def complete(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request,
            queryset,
            action="complete",
            title=_("Mark completed"),
            service=services.case_complete,
        )

    @admin.action(description=gettext_lazy("Terminate"), permissions=["change_status"])
    def terminate(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request,
            queryset,
            action="terminate",
            title=_("Terminate"),
            service=services.case_terminate,
        )

    @admin.action(description=gettext_lazy("Withdraw or cancel"), permissions=["change_status"])
    def withdraw(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request,
            queryset,
            action="withdraw",
            title=_("Withdraw or cancel"),
            service=services.case_withdraw,
        )

    @admin.action(
        description=gettext_lazy("Entrust to another agency"), permissions=["change_status"]
    )
    def entrust(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return services.case_entrust(
                user=request.user,
                case=case,
                on=data["on"],
                to_unit=data["to_unit"],
                note=data["note"],
                reason=data["reason"],
            )

        return self._run(
            request,
            queryset,
            action="entrust",
            title=_("Entrust to another agency"),
            apply=apply,
            extra=("to_unit",),
        )

    def _eligibility_action(
        self,
        request: HttpRequest,
        queryset: models.QuerySet,
        *,
        eligibility: str,
        action: str,
        title: str,
    ) -> HttpResponse | None:
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return services.case_set_eligibility(
                user=request.user,
                case=case,
                eligibility=eligibility,
                on=data["on"],
                note=data["note"],
                reason=data["reason"],
            )

        return self._run(request, queryset, action=action, title=title, apply=apply)

    @admin.action(description=gettext_lazy("Mark eligible"), permissions=["change_status"])
    def mark_eligible(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._eligibility_action(
            request,
            queryset,
            eligibility=Eligibility.ELIGIBLE,
            action="mark_eligible",
            title=_("Mark eligible"),
        )

    @admin.action(description=gettext_lazy("Mark not yet eligible"), permissions=["change_status"])
    def mark_not_eligible(
        self, request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        return self._eligibility_action(
            request,
            queryset,
            eligibility=Eligibility.NOT_ELIGIBLE,
            action="mark_not_eligible",
            title=_("Mark not yet eligible"),
        )

    @admin.action(description=gettext_lazy("Record a payment"), permissions=["change_status"])
    def record_payment(
        self, request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return services.case_record_payment(
                user=request.user,
                case=case,
                on=data["on"],
                amount=data["amount"],
                note=data["note"],
                reason=data["reason"],
            )

        return self._run(
            request,
            queryset,
            action="record_payment",
            title=_("Record a payment"),
            apply=apply,
            extra=("amount",),
            single=True,
        )
