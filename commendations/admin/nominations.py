"""Admin of nominations: drafting through the services, bulk steps, the dossier and history.

Steps that need a comment (return, reject) are taken on the reviewer pages, which each
record links to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from commendations import selectors, services
from commendations.admin.common import ServiceAdminMixin, confirm_action
from commendations.forms import NominationContentForm
from commendations.imports import NominationResource
from commendations.models import (
    DossierFile,
    Forwarding,
    Nomination,
    NominationEvent,
    PublicComment,
)
from emulation.admin.common import YearFilter
from organizations.admin.base import ReadOnlyInline, ScopedAdmin, apply_to_each
from organizations.admin.imports import ImportableAdminMixin
from organizations.admin.search import FoldedSearchAdminMixin


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


class ForwardingInline(ReadOnlyInline):
    model = Forwarding
    fields = [
        "forwarded_at",
        "from_unit",
        "to_unit",
        "council_session",
        "members",
        "yes_votes",
        "no_votes",
        "abstentions",
        "forwarded_by",
        "note",
    ]
    readonly_fields = fields


class PublicCommentInline(ReadOnlyInline):
    model = PublicComment
    fields = ["at", "author", "text"]
    readonly_fields = fields


@admin.register(Nomination)
class NominationAdmin(FoldedSearchAdminMixin, ServiceAdminMixin, ImportableAdminMixin, ScopedAdmin):
    import_spec_keys = ("commendations.nomination",)
    resource_classes = [NominationResource]
    form = NominationContentForm
    list_display = ["nominee_label", "proposal_label", "year", "nominating_unit", "status"]
    list_select_related = [
        "person__unit",
        "unit",
        "proposed_title",
        "award_form",
        "nominating_unit",
    ]
    list_filter = [YearFilter, "status", "commendation_type", "award_form", "proposed_title"]
    search_fields = ["person__full_name", "person__staff_code", "unit__name", "unit__code"]
    search_help_text = _(
        "Search by the nominee's name or staff code, or the unit's name or code, with or "
        "without accents."
    )
    autocomplete_fields = ["nominating_unit", "person", "unit", "proposed_title", "award_form"]
    filter_horizontal = ["initiatives"]
    inlines = [DossierFileInline, NominationEventInline, ForwardingInline, PublicCommentInline]
    actions = ["submit_selected", "take_selected", "recommend_selected"]
    readonly_fields = [
        "status",
        "created_by",
        "submitted_by",
        "submitted_at",
        "reviewer",
        "council_session",
        "secret_ballot",
        "decision",
        "reviewer_page",
        "forwarded_to",
        "comment_from",
        "comment_until",
    ]

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_fieldsets(self, request: HttpRequest, obj: Nomination | None = None) -> list:
        content = [
            "year",
            "nominating_unit",
            ("person", "unit"),
            ("proposed_title", "award_form"),
            "commendation_type",
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
                        ("reviewer", "council_session", "secret_ballot", "decision"),
                        ("forwarded_to", "comment_from", "comment_until"),
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
        return obj is None or selectors.nomination_deletable(obj)

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
        self, request: HttpRequest, obj: Nomination, form: NominationContentForm, change: bool
    ) -> None:
        content = form.content()
        if change:
            self.through_service(
                lambda: services.nomination_update(user=request.user, nomination=obj, **content)
            )
        else:
            saved = self.through_service(
                lambda: services.nomination_create(
                    user=request.user,
                    nominating_unit=form.cleaned_data["nominating_unit"],
                    **content,
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
    def submit_selected(
        self, request: HttpRequest, queryset: QuerySet[Nomination]
    ) -> TemplateResponse | None:
        asked = confirm_action(
            self,
            request,
            queryset,
            action="submit_selected",
            title=gettext("Submit the selected nominations for review?"),
            consequences=[
                gettext(
                    "Each nomination and its dossier go to the reviewers of the sector; one "
                    "that lacks a required document or a condition is left as it is, with "
                    "the reason."
                ),
                gettext(
                    "Its unit can no longer change it or its files: it can withdraw it only "
                    "until a reviewer takes it, or change it once a reviewer returns it."
                ),
            ],
            button=gettext("Submit for review"),
        )
        if asked is not None:
            return asked
        self._apply(
            request,
            queryset,
            lambda nomination: services.nomination_submit(user=request.user, nomination=nomination),
            lambda count: ngettext(
                "{count} nomination submitted.", "{count} nominations submitted.", count
            ),
        )
        return None

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
        apply_to_each(
            self, request, queryset, action, lambda count: done(count).format(count=count)
        )
