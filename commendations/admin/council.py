"""Admin of councils, their sessions and the votes cast in them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commendations import services
from commendations.admin.common import ServiceAdminMixin, SignedCopyAdminMixin, confirm_action
from commendations.models import Council, CouncilMember, CouncilSession, Vote
from commendations.selectors import session_tally
from organizations.admin.base import (
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    SafeAutocompleteAdminMixin,
    ScopedAdmin,
    ScopedInlineMixin,
)


class CouncilMemberInline(ScopedInlineMixin, SafeAutocompleteAdminMixin, admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["order", "user", "person", "position"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["person"]


@admin.register(Council)
class CouncilAdmin(ScopedAdmin):
    list_display = ["name", "unit", "level", "is_active"]
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
    verbose_name_plural = _("votes by open ballot")
    fields = [*VoteColumnsMixin.vote_fields, "recorded_at", "corrected_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Vote]:
        # A secret ballot's votes are never listed by name; the session shows their tallies.
        return super().get_queryset(request).shown_by_name()


@admin.register(CouncilSession)
class CouncilSessionAdmin(SignedCopyAdminMixin, ServiceAdminMixin, ScopedAdmin):
    list_display = ["title", "council", "held_on", "status", "session_page"]
    list_select_related = ["council"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [VoteInline]
    actions = ["close_selected"]
    filter_horizontal = ["present"]

    def get_fields(self, request: HttpRequest, obj: CouncilSession | None = None) -> list:
        if obj is None:
            return ["council", "title", "number", "held_on", "starts_at", "ends_at", "place"]
        return [
            "session_page",
            "council",
            "title",
            "number",
            "held_on",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "present",
            "tallies",
            "signed_copy_link",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: CouncilSession | None = None) -> list:
        if obj is None:
            return []
        fixed = [
            "session_page",
            "council",
            "title",
            "held_on",
            "place",
            "status",
            "tallies",
            "signed_copy_link",
        ]
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

    @admin.display(description=_("tallies"))
    def tallies(self, session: CouncilSession) -> str:
        """List each motion's tally, the only record of a secret ballot shown here."""
        tally = session_tally(session=session)
        if not tally.motions:
            return "–"
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}",
            (
                (
                    motion.nomination,
                    gettext(
                        "secret ballot — not voted {not_voted}; the tally is shown once the "
                        "motion closes"
                    ).format(not_voted=motion.not_voted)
                    if motion.sealed
                    else gettext(
                        "{ballot} — yes {yes}, no {no}, abstain {abstain}, not voted "
                        "{not_voted}; {needed} yes votes needed"
                    ).format(
                        ballot=gettext("secret ballot")
                        if motion.secret
                        else gettext("open ballot"),
                        yes=motion.yes,
                        no=motion.no,
                        abstain=motion.abstain,
                        not_voted=motion.not_voted,
                        needed=motion.yes_needed,
                    ),
                )
                for motion in tally.motions
            ),
        )

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
    def close_selected(
        self, request: HttpRequest, queryset: QuerySet[CouncilSession]
    ) -> TemplateResponse | None:
        asked = confirm_action(
            self,
            request,
            queryset,
            action="close_selected",
            title=gettext("Close the selected sessions and record their results?"),
            consequences=[
                gettext(
                    "Each nomination put to a session is approved or rejected by its votes, "
                    "as the session's page counts them now."
                ),
                gettext("A closed session takes no vote afterwards; this cannot be undone."),
            ],
            button=gettext("Close the sessions and record the results"),
        )
        if asked is not None:
            return asked
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
        return None


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdminMixin, VoteColumnsMixin, ScopedAdmin):
    """Votes by open ballot; a secret ballot's votes are not listed, exported nor opened here.

    Its tallies are on the session's page and in the session's admin.
    """

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
    fields = ["session", *VoteColumnsMixin.vote_fields, "recorded_at", "corrected_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Vote]:
        # The list, a vote's page, its history and the export all read this queryset.
        return super().get_queryset(request).shown_by_name()
