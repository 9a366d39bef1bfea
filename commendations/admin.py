"""Admin of commendations: award forms, nominations, the council, decisions and certificates.

Every write with a rule goes through the services; steps that need a comment (return,
reject) and votes are taken on the reviewer pages, which each record links to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commendations import services
from commendations.forms import add_service_error
from commendations.imports import DecisionListResource, NominationResource
from commendations.models import (
    AwardForm,
    AwardFormRule,
    Certificate,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DossierFile,
    Nomination,
    NominationEvent,
    PrintJob,
    Vote,
)
from emulation.admin.common import YearFilter
from organizations.admin_base import (
    HistoryAdmin,
    SafeAutocompleteAdminMixin,
    ScopedAdmin,
    ScopedInlineMixin,
)
from organizations.imports.admin import ImportableAdminMixin


class _RefusedError(Exception):
    """A service refused the admin's save; carries its refusal back to the form."""

    def __init__(self, error: ValidationError | PermissionDenied) -> None:
        super().__init__(str(error))
        self.error = error


class ServiceAdminMixin:
    """Save through the services: a refusal comes back on the form, nothing is written.

    ``save_model`` and ``save_related`` run after the form was validated, inside the admin's
    transaction. A refusal raised there unwinds that transaction; the same request is then
    shown again, its form carrying the refusal, as a form error rather than a server error.
    """

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _RefusedError as refused:
            request._service_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if isinstance(refusal, PermissionDenied):
                    self.add_error(None, str(refusal) or _("Your role does not allow this."))
                else:
                    add_service_error(self, refusal)
                return cleaned

        return RefusedForm

    def through_service(self, call: Callable[[], Any]) -> Any:
        """Run a service's write; turn its refusal into a form error."""
        try:
            return call()
        except (ValidationError, PermissionDenied) as error:
            raise _RefusedError(error) from error

    def adopt(self, obj: Any, saved: Any) -> None:
        """Make the admin's object the record the service saved, for its log and redirect."""
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        # The services have written the record and its relations; the inlines are read-only
        # and save nothing, but the admin's change message reads what their formsets did.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AwardFormRuleInline(admin.StackedInline):
    model = AwardFormRule
    fk_name = "award_form"
    extra = 0
    fields = [
        ("applies_to", "kind"),
        ("required_title", "required_award_form", "count", "initiative_level"),
        "note",
        "note_en",
    ]


@admin.register(AwardForm)
class AwardFormAdmin(HistoryAdmin):
    list_display = ["name", "level", "recipients", "council_vote_threshold", "is_active"]
    list_filter = ["level", "recipients", "is_active"]
    search_fields = ["code", "name", "name_en"]
    inlines = [AwardFormRuleInline]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "name_en", "recipients", "level", "order", "is_active"]},
        ),
        (_("Certificate"), {"fields": ["authority", "certificate_title"]}),
        (_("Council"), {"fields": ["council_vote_threshold"]}),
        (None, {"fields": ["description"]}),
    ]


class DossierFileInline(ReadOnlyInline):
    model = DossierFile
    fields = ["kind", "download", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("dossier files (added on the nomination's page)")

    @admin.display(description=_("file"))
    def download(self, dossier: DossierFile) -> str:
        return format_html('<a href="{}">{}</a>', dossier.get_absolute_url(), dossier.original_name)


class NominationEventInline(ReadOnlyInline):
    model = NominationEvent
    fields = ["at", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields


class NominationAdminForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = [
            "year",
            "nominating_unit",
            "person",
            "unit",
            "proposed_title",
            "award_form",
            "achievements",
            "initiatives",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        nominating_unit = (
            self.instance.nominating_unit if self.instance.pk else cleaned.get("nominating_unit")
        )
        try:
            services.nomination_check(
                user=self.request_user,
                year=cleaned.get("year"),
                nominating_unit=nominating_unit,
                person=cleaned.get("person"),
                unit=cleaned.get("unit"),
                proposed_title=cleaned.get("proposed_title"),
                award_form=cleaned.get("award_form"),
                achievements=cleaned.get("achievements") or "",
                initiatives=cleaned.get("initiatives") or (),
                nomination=self.instance if self.instance.pk else None,
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned

    def _post_clean(self) -> None:
        # The service checked the whole nomination in clean().
        pass


@admin.register(Nomination)
class NominationAdmin(ServiceAdminMixin, ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("commendations.nomination",)
    resource_classes = [NominationResource]
    form = NominationAdminForm
    list_display = ["nominee_label", "proposal_label", "year", "nominating_unit", "status"]
    list_select_related = [
        "person__unit",
        "unit",
        "proposed_title",
        "award_form",
        "nominating_unit",
    ]
    list_filter = [YearFilter, "status", "award_form", "proposed_title"]
    search_fields = ["person__full_name", "person__staff_code", "unit__name", "unit__code"]
    autocomplete_fields = ["nominating_unit", "person", "unit", "proposed_title", "award_form"]
    filter_horizontal = ["initiatives"]
    inlines = [DossierFileInline, NominationEventInline]
    actions = ["submit_selected", "take_selected", "recommend_selected"]
    readonly_fields = [
        "status",
        "created_by",
        "submitted_by",
        "submitted_at",
        "reviewer",
        "council_session",
        "decision",
        "reviewer_page",
    ]

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def get_fieldsets(self, request: HttpRequest, obj: Nomination | None = None) -> list:
        content = [
            "year",
            "nominating_unit",
            ("person", "unit"),
            ("proposed_title", "award_form"),
            "achievements",
            "initiatives",
        ]
        if obj is None:
            return [(None, {"fields": content})]
        return [
            (None, {"fields": ["reviewer_page", *content]}),
            (
                _("Workflow"),
                {
                    "fields": [
                        "status",
                        ("created_by", "submitted_by", "submitted_at"),
                        ("reviewer", "council_session", "decision"),
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Nomination | None = None) -> list:
        fixed = list(self.readonly_fields)
        if obj is not None:
            fixed.append("nominating_unit")
        return fixed

    def has_change_permission(self, request: HttpRequest, obj: Nomination | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.is_editable

    def has_delete_permission(self, request: HttpRequest, obj: Nomination | None = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or (obj.status == Nomination.Status.DRAFT and obj.submitted_at is None)

    @admin.display(description=_("nominee"))
    def nominee_label(self, nomination: Nomination) -> str:
        if nomination.person_id:
            return f"{nomination.person} ({nomination.person.unit.display_name})"
        return str(nomination.unit)

    @admin.display(description=_("proposed"))
    def proposal_label(self, nomination: Nomination) -> str:
        return str(nomination.proposal)

    @admin.display(description=_("reviewer page"))
    def reviewer_page(self, nomination: Nomination) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            nomination.get_absolute_url(),
            _("Open the nomination's page: dossier, eligibility, steps"),
        )

    def save_model(
        self, request: HttpRequest, obj: Nomination, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        content = {
            "year": data["year"],
            "person": data.get("person"),
            "unit": data.get("unit"),
            "proposed_title": data.get("proposed_title"),
            "award_form": data.get("award_form"),
            "achievements": data["achievements"],
            "initiatives": data.get("initiatives") or (),
        }
        if change:
            self.through_service(
                lambda: services.nomination_update(user=request.user, nomination=obj, **content)
            )
        else:
            saved = self.through_service(
                lambda: services.nomination_create(
                    user=request.user, nominating_unit=data["nominating_unit"], **content
                )
            )
            self.adopt(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Nomination) -> None:
        services.nomination_delete(user=request.user, nomination=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        self._apply(
            request,
            queryset,
            lambda nomination: services.nomination_delete(user=request.user, nomination=nomination),
            lambda count: ngettext("{count} draft deleted.", "{count} drafts deleted.", count),
        )

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("commendations.submit_nomination")

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("commendations.review_nomination")

    @admin.action(description=_("Submit the selected nominations"), permissions=["submit"])
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        self._apply(
            request,
            queryset,
            lambda nomination: services.nomination_submit(user=request.user, nomination=nomination),
            lambda count: ngettext(
                "{count} nomination submitted.", "{count} nominations submitted.", count
            ),
        )

    @admin.action(description=_("Take the selected nominations for review"), permissions=["review"])
    def take_selected(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        self._apply(
            request,
            queryset,
            lambda nomination: services.nomination_take(user=request.user, nomination=nomination),
            lambda count: ngettext(
                "{count} nomination taken for review.",
                "{count} nominations taken for review.",
                count,
            ),
        )

    @admin.action(description=_("Recommend the selected nominations"), permissions=["review"])
    def recommend_selected(self, request: HttpRequest, queryset: QuerySet[Nomination]) -> None:
        self._apply(
            request,
            queryset,
            lambda nomination: services.nomination_recommend(
                user=request.user, nomination=nomination
            ),
            lambda count: ngettext(
                "{count} nomination recommended.", "{count} nominations recommended.", count
            ),
        )

    def _apply(
        self,
        request: HttpRequest,
        queryset: QuerySet[Nomination],
        action: Callable[[Nomination], object],
        done: Callable[[int], str],
    ) -> None:
        count = 0
        for nomination in queryset:
            try:
                action(nomination)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(error.messages) if isinstance(error, ValidationError) else error
                self.message_user(request, f"{nomination}: {text}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done(count).format(count=count), messages.SUCCESS)


class CouncilMemberInline(ScopedInlineMixin, SafeAutocompleteAdminMixin, admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["order", "user", "person", "position"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["person"]


@admin.register(Council)
class CouncilAdmin(ScopedAdmin):
    list_display = ["name", "unit", "is_active"]
    list_select_related = ["unit"]
    search_fields = ["name"]
    autocomplete_fields = ["unit"]
    inlines = [CouncilMemberInline]


@admin.display(description=_("signed ballot"))
def ballot_link(vote: Vote) -> str:
    """Link a written vote's signed ballot."""
    if not vote.ballot:
        return "–"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("commendations:vote_ballot", args=[vote.pk]),
        vote.ballot_name,
    )


class VoteColumnsMixin:
    """A vote's read-only columns; the ballot is sent by its page, which checks the scope."""

    vote_fields = ["nomination", "member", "choice", "written", "ballot_file", "recorded_by"]

    @admin.display(description=_("signed ballot"))
    def ballot_file(self, vote: Vote) -> str:
        return ballot_link(vote)


class VoteInline(VoteColumnsMixin, ReadOnlyInline):
    model = Vote
    fields = [*VoteColumnsMixin.vote_fields, "recorded_at"]
    readonly_fields = fields


@admin.register(CouncilSession)
class CouncilSessionAdmin(ServiceAdminMixin, ScopedAdmin):
    list_display = ["title", "council", "held_on", "status", "session_page"]
    list_select_related = ["council"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [VoteInline]
    actions = ["close_selected"]
    filter_horizontal = ["present"]

    def get_fields(self, request: HttpRequest, obj: CouncilSession | None = None) -> list:
        if obj is None:
            return ["council", "title", "held_on", "place"]
        return ["session_page", "council", "title", "held_on", "place", "status", "present"]

    def get_readonly_fields(self, request: HttpRequest, obj: CouncilSession | None = None) -> list:
        if obj is None:
            return []
        fixed = ["session_page", "council", "title", "held_on", "place", "status"]
        if not obj.is_open or obj.voting_has_begun():
            # Presence is fixed once voting on a motion has begun.
            return [*fixed, "present"]
        return fixed

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "present":
            session_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = CouncilMember.objects.filter(
                council__sessions__pk=session_id
            ).select_related("person", "user")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("session page"))
    def session_page(self, session: CouncilSession) -> str:
        return format_html(
            '<a href="{}">{}</a>', session.get_absolute_url(), _("Votes, tallies and minutes")
        )

    def save_model(
        self, request: HttpRequest, obj: CouncilSession, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            saved = self.through_service(
                lambda: services.council_session_create(
                    user=request.user,
                    council=obj.council,
                    title=obj.title,
                    held_on=obj.held_on,
                    place=obj.place,
                )
            )
            self.adopt(obj, saved)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        if change and "present" in form.changed_data:
            self.through_service(
                lambda: services.council_session_set_presence(
                    user=request.user, session=form.instance, present=form.cleaned_data["present"]
                )
            )
        super().save_related(request, form, formsets, change)

    def has_close_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("commendations.manage_council_session")

    @admin.action(
        description=_("Close the selected sessions and record their results"), permissions=["close"]
    )
    def close_selected(self, request: HttpRequest, queryset: QuerySet[CouncilSession]) -> None:
        for session in queryset:
            try:
                services.council_session_close(user=request.user, session=session)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(error.messages) if isinstance(error, ValidationError) else error
                self.message_user(request, f"{session}: {text}", messages.ERROR)
            else:
                self.message_user(
                    request, _("{session} is closed.").format(session=session), messages.SUCCESS
                )


@admin.register(Vote)
class VoteAdmin(VoteColumnsMixin, ScopedAdmin):
    list_display = [
        "session",
        "nomination",
        "member",
        "choice",
        "written",
        ballot_link,
        "recorded_by",
        "recorded_at",
    ]
    list_select_related = [
        "session",
        "nomination__person",
        "nomination__unit",
        "member__person",
        "recorded_by",
    ]
    list_filter = ["choice", "written"]
    fields = ["session", *VoteColumnsMixin.vote_fields, "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CertificateInline(ReadOnlyInline):
    model = Certificate
    fields = ["serial", "recipient_name", "award_name", "pdf"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Certificate]:
        # A decision of several units shows each user the certificates of their own.
        return super().get_queryset(request).for_user(request.user)

    @admin.display(description=_("PDF"))
    def pdf(self, certificate: Certificate) -> str:
        return format_html('<a href="{}">{}</a>', certificate.get_absolute_url(), _("print"))


class DecisionAdminForm(forms.ModelForm):
    nominations = forms.ModelMultipleChoiceField(
        label=_("approved nominations"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Decision
        fields = [
            "number",
            "date",
            "issuing_unit",
            "authority",
            "signer_title",
            "signer_name",
            "place",
        ]

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

    def _post_clean(self) -> None:
        # decision_check checked the whole decision in clean().
        pass


@admin.register(Decision)
class DecisionAdmin(ServiceAdminMixin, ScopedAdmin):
    resource_classes = [DecisionListResource]
    form = DecisionAdminForm
    list_display = ["number", "date", "authority", "signer_name", "decision_page"]
    list_select_related = ["issuing_unit"]
    search_fields = ["number", "signer_name"]
    date_hierarchy = "date"
    inlines = [CertificateInline]

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
        base = [
            "number",
            "date",
            "issuing_unit",
            "authority",
            "signer_title",
            "signer_name",
            "place",
        ]
        if obj is None:
            return [*base, "nominations"]
        return ["decision_page", *base, "recorded_by", "recorded_at"]

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
class CertificateAdmin(ScopedAdmin):
    resource_classes = [DecisionListResource]
    list_display = ["serial", "recipient_name", "award_name", "decision", "pdf"]
    list_select_related = ["decision"]
    search_fields = ["recipient_name", "decision__number"]
    list_filter = ["year"]

    @admin.display(description=_("PDF"))
    def pdf(self, certificate: Certificate) -> str:
        return format_html('<a href="{}">{}</a>', certificate.get_absolute_url(), _("print"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PrintJob)
class PrintJobAdmin(ScopedAdmin):
    list_display = ["pk", "decision", "requested_by", "requested_at", "status", "done", "total"]
    list_select_related = ["decision", "requested_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
