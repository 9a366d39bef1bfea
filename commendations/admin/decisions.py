"""Admin of award decisions, their certificates and print jobs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from commendations import services
from commendations.admin.common import ServiceAdminMixin, SignedCopyAdminMixin
from commendations.imports import DecisionListResource
from commendations.models import Certificate, Decision, DecisionLine, Nomination, PrintJob
from commendations.selectors import decision_list
from organizations.admin.base import ReadOnlyAdminMixin, ReadOnlyInline, ScopedAdmin
from organizations.formatting import format_figure, format_money
from organizations.forms import add_service_error

# What a decision records, in the order the admin shows it.
DECISION_FORM_FIELDS = [
    "number",
    "date",
    "issuing_unit",
    "authority",
    "signer_title",
    "signer_name",
    "place",
]


def certificate_link(certificate: Certificate) -> str:
    """Link a certificate's PDF, or say that the law gives none to print."""
    if not certificate.is_printable:
        return _("no certificate under the law")
    return format_html('<a href="{}">{}</a>', certificate.get_absolute_url(), _("print"))


class DecisionLineInline(ReadOnlyInline):
    model = DecisionLine
    fields = ["recipient_name", "award_name", "physical_item", "multiple", "base", "reward"]
    readonly_fields = fields
    verbose_name_plural = _("recipients and rewards")

    def get_queryset(self, request: HttpRequest) -> QuerySet[DecisionLine]:
        # A decision of several units shows each user the recipients of their own.
        return super().get_queryset(request).for_user(request.user)

    @admin.display(description=_("times the base salary"))
    def multiple(self, line: DecisionLine) -> str:
        return format_figure(line.reward_multiple)

    @admin.display(description=_("base salary applied (VND)"))
    def base(self, line: DecisionLine) -> str:
        return format_money(line.base_salary)

    @admin.display(description=_("reward (VND)"))
    def reward(self, line: DecisionLine) -> str:
        return format_money(line.amount)


class CertificateInline(ReadOnlyInline):
    model = Certificate
    fields = ["serial", "recipient_name", "award_name", "pdf"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Certificate]:
        # A decision of several units shows each user the certificates of their own.
        return (
            super()
            .get_queryset(request)
            .for_user(request.user)
            .select_related("award_form", "title")
        )

    @admin.display(description=_("PDF"))
    def pdf(self, certificate: Certificate) -> str:
        return certificate_link(certificate)


class DecisionAdminForm(forms.ModelForm):
    nominations = forms.ModelMultipleChoiceField(
        label=_("approved nominations"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    # Recording is final: the form asks, next to the button, for the clerk's confirmation.
    confirmed = forms.BooleanField(
        label=_("I confirm the decision as signed"),
        help_text=_(
            "Each chosen nomination becomes “decided” and receives a certificate number; a "
            "recorded decision cannot be changed or deleted."
        ),
        error_messages={
            "required": _("Tick the confirmation: a recorded decision cannot be undone.")
        },
    )

    class Meta:
        model = Decision
        fields = DECISION_FORM_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            services.decision_check(
                user=self.request_user,
                number=cleaned.get("number") or "",
                date=cleaned.get("date"),
                issuing_unit=cleaned.get("issuing_unit"),
                authority=cleaned.get("authority") or "",
                signer_name=cleaned.get("signer_name") or "",
                signer_title=cleaned.get("signer_title") or "",
                nominations=cleaned.get("nominations") or (),
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned


@admin.register(Decision)
class DecisionAdmin(SignedCopyAdminMixin, ServiceAdminMixin, ScopedAdmin):
    resource_classes = [DecisionListResource]
    form = DecisionAdminForm
    list_display = ["number", "date", "authority", "signer_name", "decision_page"]
    list_select_related = ["issuing_unit"]
    search_fields = ["number", "signer_name"]
    date_hierarchy = "date"
    inlines = [DecisionLineInline, CertificateInline]

    def get_inlines(self, request: HttpRequest, obj: Decision | None) -> list[type]:
        # A decision being recorded has no recipients or certificates yet.
        return self.inlines if obj is not None else []

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> type:
        if obj is not None:
            kwargs["form"] = forms.ModelForm
            return super().get_form(request, obj, **kwargs)
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        form.base_fields["nominations"].queryset = (
            Nomination.objects.for_user(request.user, "commendations.decide_nomination")
            .filter(status=Nomination.Status.APPROVED)
            .select_related("person", "unit", "award_form", "proposed_title")
        )
        return form

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[Certificate]:
        # The export is the decisions' list of awards: one row per certificate.
        decisions = super().get_export_queryset(request)
        return (
            Certificate.objects.for_user(request.user)
            .filter(decision__in=decisions.values("pk"))
            .select_related("decision", "nomination__nominating_unit")
            .order_by("decision__date", "decision__number", "number")
        )

    def get_fields(self, request: HttpRequest, obj: Decision | None = None) -> list:
        if obj is None:
            return [*DECISION_FORM_FIELDS, "nominations", "confirmed"]
        return [
            "decision_page",
            *DECISION_FORM_FIELDS,
            "recorded_by",
            "recorded_at",
            "signed_copy_link",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Decision | None = None) -> list:
        if obj is None:
            return []
        return self.get_fields(request, obj)

    @admin.display(description=_("decision page"))
    def decision_page(self, decision: Decision) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("commendations:decision", args=[decision.pk]),
            _("Certificates, printing and the list"),
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        # The total counts the recipients the user may see, as the inline lists them.
        decision = self.get_object(request, object_id)
        if decision is not None:
            listing = decision_list(user=request.user, decision=decision)
            extra_context = {
                **(extra_context or {}),
                "reward_total": format_money(listing.total),
                "reward_count": len(listing.lines),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("commendations.decide_nomination")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A recorded decision is a signed document: it is not edited.
        return obj is None and self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Decision, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = self.through_service(
            lambda: services.decision_record(
                user=request.user,
                **{name: data[name] for name in services.DECISION_FIELDS},
            )
        )
        self.adopt(obj, saved)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    resource_classes = [DecisionListResource]
    list_display = ["serial", "recipient_name", "award_name", "decision", "pdf"]
    list_select_related = ["decision", "award_form", "title"]
    search_fields = ["recipient_name", "decision__number"]
    list_filter = ["year"]

    @admin.display(description=_("PDF"))
    def pdf(self, certificate: Certificate) -> str:
        return certificate_link(certificate)


@admin.register(PrintJob)
class PrintJobAdmin(ScopedAdmin):
    list_display = ["pk", "decision", "requested_by", "requested_at", "status", "done", "total"]
    list_select_related = ["decision", "requested_by"]
    # The job's own fields first, then those of the shared job base.
    fields = [
        "decision",
        "requested_by",
        "requested_at",
        "status",
        "total",
        "done",
        "file",
        "message",
        "heartbeat_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
