"""Link an entrustment by hand from the case page: the received case and the sender's case.

Where the rules of ``services.entrustment`` leave a received case unlinked (two of the
sender's cases fit, or a decision number typed differently), a user who may change both
cases opens ``<case>/link-sender/`` from the received case (or ``<case>/link-receiver/``
from the entrusted-out case), picks the other side among the cases listed and gives a
reason. The lists hold only cases the user may change: a clerk of one city never reads
another city's cases here, whatever id they post. Unlinking is not offered: a link goes only
when a correction of the received case makes the pair no longer fit (``received_link_follow``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.boundfield import BoundWidget
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalChanges, ModelChange

from enforcement import services
from enforcement.models import EnforcementCase, Status
from organizations.audit import ReadableChangesHelper
from organizations.formatting import format_money, short_date
from organizations.forms import add_service_error

# The two pages: from a received case to the sender's, from an entrusted-out case to the
# receiver's.
SENDER, RECEIVER = "sender", "receiver"
LINK_TEMPLATE = "enforcement/admin/case_link.html"


def linked_case(case: EnforcementCase, other: EnforcementCase | None) -> str:
    """Link to the other case of an entrustment if the viewer may read it; else say no more.

    A clerk who may not read the other agency's case learns only that it is linked: not its
    number, office or state (the agency and the decision are on the case itself).
    """
    if other is None:
        return _("not linked: the other agency's case is not in the system, or not yet found")
    viewer = getattr(case, "viewer", None)
    if viewer is None or not services.received_link_visible(viewer, other):
        return _("linked to the other agency's case (outside your units)")
    url = reverse("admin:enforcement_enforcementcase_change", args=[other.pk])
    return format_html(
        '<a href="{}">{}</a> — {}', url, other.decision_number, other.unit.display_name
    )


class EntrustmentLinkForm(forms.Form):
    """The other side, chosen among the cases listed, and the reason: both required."""

    case = forms.TypedChoiceField(
        label=gettext_lazy("case to link"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the case to link among the cases listed."),
            "invalid_choice": gettext_lazy(
                "The case chosen is not among the cases listed: choose one of them."
            ),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("reason for the link"),
        max_length=services.LINK_REASON_LIMIT,
        widget=forms.Textarea({"rows": 2}),
        help_text=gettext_lazy(
            "What shows that the two cases are one entrustment (the same judgment and debtor, "
            "the decision read on paper…); kept in the history of both cases."
        ),
        error_messages={
            "required": gettext_lazy(
                "Give the reason for linking the two cases: the history keeps it."
            )
        },
    )

    def __init__(self, *args: Any, candidates: list[services.LinkCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed = {candidate.case.pk: candidate.case for candidate in candidates}
        self.fields["case"].choices = [
            (candidate.case.pk, candidate.case.decision_number) for candidate in candidates
        ]

    def chosen(self) -> EnforcementCase:
        """Return the case chosen; the form is valid."""
        return self.listed[self.cleaned_data["case"]]


@dataclass(frozen=True)
class CandidateRow:
    """One case listed on the page, as the clerk compares it with the case at hand."""

    radio: BoundWidget
    url: str
    number: str
    decided_on: str
    unit: str
    decision: str
    entrustment: str
    debtor: str
    judgment: str
    amount: str
    matches: list[str]
    rewritten: str


def _decision_text(number: str, on: Any) -> str:
    if not number:
        return _("not recorded")
    return _("%(number)s of %(date)s") % {"number": number, "date": short_date(on)}


def _matches(candidate: services.LinkCandidate) -> list[str]:
    found = []
    if candidate.same_decision:
        found.append(_("same entrustment decision"))
    if candidate.same_judgment:
        found.append(_("same judgment"))
    if candidate.same_debtor:
        found.append(_("same debtor"))
    return found


def _row(candidate: services.LinkCandidate, radio: BoundWidget, side: str) -> CandidateRow:
    other = candidate.case
    if side == SENDER:
        decision = _decision_text(
            other.entrustment_decision_number, other.entrustment_decision_date
        )
        entrustment = _("entrusted on %(date)s to %(unit)s") % {
            "date": short_date(other.closed_on),
            "unit": other.entrusted_to.display_name,
        }
        amount = format_money(other.amount_outstanding)
    else:
        decision = _decision_text(other.received_decision_number, other.received_decision_date)
        entrustment = _("accepted on %(date)s") % {"date": short_date(other.accepted_on)}
        amount = format_money(other.amount_due)
    rewritten = ""
    if candidate.decision_rewritten is not None:
        number, on = candidate.decision_rewritten
        rewritten = _(
            "The decisions differ: linking records %(decision)s on the received case, as the "
            "sending agency issued it."
        ) % {"decision": _decision_text(number, on)}
    return CandidateRow(
        radio=radio,
        url=reverse("admin:enforcement_enforcementcase_change", args=[other.pk]),
        number=other.decision_number,
        decided_on=short_date(other.decision_date),
        unit=other.unit.display_name,
        decision=decision,
        entrustment=entrustment,
        debtor=other.debtor,
        judgment=other.judgment,
        amount=amount,
        matches=_matches(candidate),
        rewritten=rewritten,
    )


def _link_missing(case: EnforcementCase, side: str) -> bool:
    if side == SENDER:
        return services.sender_link_missing(case)
    return services.receiver_link_missing(case)


def _not_applicable(case: EnforcementCase, side: str) -> str:
    """Say why the case has nothing to link on this page."""
    if side == SENDER:
        if case.received_from_id is None:
            return _("This case names no agency that entrusted it: it has no sender's case.")
        return _("This case is already linked to the sender's case.")
    if case.status != Status.ENTRUSTED:
        return _("This case was not entrusted out: it has no receiver's case.")
    return _("A received case is already linked to this case.")


def _candidates(
    user: AbstractBaseUser, case: EnforcementCase, side: str
) -> services.LinkCandidates:
    if side == SENDER:
        return services.sender_case_candidates(user=user, case=case)
    return services.receiver_case_candidates(user=user, case=case)


def _link(
    user: AbstractBaseUser, case: EnforcementCase, other: EnforcementCase, side: str, reason: str
) -> EnforcementCase:
    """Link the pair; return the received case, linked."""
    if side == SENDER:
        return services.case_link_received(user=user, case=case, sent_case=other, reason=reason)
    return services.case_link_received(user=user, case=other, sent_case=case, reason=reason)


def _title(side: str) -> str:
    if side == SENDER:
        return _("Link to the sender's case")
    return _("Link to the receiver's case")


def _intro(case: EnforcementCase, side: str) -> str:
    """Say which cases the page lists, and what a link means for the statistics."""
    if side == SENDER:
        return _(
            "The cases listed were entrusted out by %(agency)s to this case's agency, one of "
            "its offices or a predecessor, on or before this case's acceptance, and no received "
            "case is linked to them yet; only the cases of your units are listed. The same "
            "entrustment decision comes first, then the same judgment or debtor. Linked, the "
            "two cases count as one piece of work that moved: the sender's leaves at line 4, "
            "this one comes in at line 2."
        ) % {"agency": case.received_from.display_name}
    return _(
        "The cases listed were accepted by %(agency)s (or its successor) as entrusted by this "
        "case's agency or office, on or after this case was entrusted, and are linked to no "
        "sender's case yet; only the cases of your units are listed. The same entrustment "
        "decision comes first, then the same judgment or debtor. Linked, the two cases count "
        "as one piece of work that moved: this one leaves at line 4, the receiver's comes in "
        "at line 2."
    ) % {"agency": case.entrusted_to.display_name}


class LinkedCaseChangesHelper(ReadableChangesHelper):
    """History diffs that name the other agency's case only to those who may read it."""

    def __init__(
        self, model: type[models.Model], record: HistoricalChanges, *, viewer: AbstractBaseUser
    ) -> None:
        super().__init__(model, record)
        self.viewer = viewer

    def format_delta_change(self, change: ModelChange) -> ModelChange:
        if change.field == "received_from_case":
            change = ModelChange(change.field, self._linked(change.old), self._linked(change.new))
        return super().format_delta_change(change)

    def _linked(self, value: object) -> object:
        if not isinstance(value, EnforcementCase):
            return value
        if services.received_link_visible(self.viewer, value):
            return value
        return _("linked to the other agency's case (outside your units)")


class EntrustmentLinkAdminMixin:
    """The case admin's pages that link an entrustment by hand, and the button to them."""

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<path:object_id>/link-sender/",
                self.admin_site.admin_view(self.link_sender_view),
                name="{}_{}_link_sender".format(*info),
            ),
            path(
                "<path:object_id>/link-receiver/",
                self.admin_site.admin_view(self.link_receiver_view),
                name="{}_{}_link_receiver".format(*info),
            ),
        ]
        return own + super().get_urls()

    def link_sender_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """From a received case: choose the sender's case it is, and link them."""
        return self._link_view(request, object_id, SENDER)

    def link_receiver_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """From an entrusted-out case: choose the received case it became, and link them."""
        return self._link_view(request, object_id, RECEIVER)

    def _link_view(self, request: HttpRequest, object_id: str, side: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        # Out of the user's units: 404, as a case that does not exist; readable only: 403.
        case = self.get_object(request, object_id)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        missing = _link_missing(case, side)
        listed = (
            _candidates(request.user, case, side)
            if missing
            else services.LinkCandidates(candidates=[], total=0)
        )
        posted = request.method == "POST"
        form = EntrustmentLinkForm(request.POST if posted else None, candidates=listed.candidates)
        # A case with nothing to link says why instead of a form, to a POST as to a GET.
        if posted and missing and form.is_valid():
            chosen = form.chosen()
            waiting = case if side == SENDER else chosen
            decision = (waiting.received_decision_number, waiting.received_decision_date)
            try:
                received = _link(request.user, case, chosen, side, form.cleaned_data["reason"])
            except (ValidationError, PermissionDenied) as error:
                add_service_error(form, error)
            else:
                self._linked_message(request, received, decision)
                return HttpResponseRedirect(
                    reverse("admin:enforcement_enforcementcase_change", args=[case.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _title(side),
            "opts": self.opts,
            "case": case,
            "side": side,
            "form": form,
            "rows": [
                _row(candidate, radio, side)
                for candidate, radio in zip(listed.candidates, form["case"], strict=True)
            ],
            "total": listed.total,
            "not_applicable": "" if missing else _not_applicable(case, side),
            "intro": _intro(case, side) if missing else "",
            "amount_label": _("still to enforce (VND)")
            if side == SENDER
            else _("to enforce (VND)"),
            "case_url": reverse("admin:enforcement_enforcementcase_change", args=[case.pk]),
            "received_decision": _decision_text(
                case.received_decision_number, case.received_decision_date
            ),
            "sent_decision": _decision_text(
                case.entrustment_decision_number, case.entrustment_decision_date
            ),
        }
        return TemplateResponse(request, LINK_TEMPLATE, context)

    def _linked_message(
        self,
        request: HttpRequest,
        received: EnforcementCase,
        decision: tuple[str, datetime.date | None],
    ) -> None:
        """Say which cases are linked, and the decision received if it now reads otherwise."""
        text = _(
            "Case %(received)s is now linked to the sender's case %(sent)s; the history of both "
            "cases keeps the reason."
        ) % {
            "received": received.decision_number,
            "sent": received.received_from_case.decision_number,
        }
        now = (received.received_decision_number, received.received_decision_date)
        if now != decision:
            text += " " + _(
                "The entrustment decision received now reads %(decision)s, as the sending "
                "agency issued it."
            ) % {"decision": _decision_text(*now)}
        self.message_user(request, text, messages.SUCCESS)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: EnforcementCase | None = None,
    ) -> HttpResponse:
        context["entrustment_links"] = self._link_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _link_buttons(self, request: HttpRequest, obj: EnforcementCase | None) -> list[dict]:
        """Offer a link page where the case lacks its other side and the user may pick one."""
        if obj is None or obj.pk is None:
            return []
        sides = [side for side in (SENDER, RECEIVER) if _link_missing(obj, side)]
        # Most cases are neither received nor entrusted: they cost no further query.
        if not sides or not self.has_change_permission(request, obj):
            return []
        queries = {
            SENDER: services.sender_case_candidates_query,
            RECEIVER: services.receiver_case_candidates_query,
        }
        return [
            {
                "url": reverse(f"admin:enforcement_enforcementcase_link_{side}", args=[obj.pk]),
                "label": _title(side),
            }
            for side in sides
            if queries[side](user=request.user, case=obj).exists()
        ]

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> ReadableChangesHelper:
        return LinkedCaseChangesHelper(self.model, historical_record, viewer=request.user)
