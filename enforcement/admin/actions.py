"""The status actions of the case list: postpone, suspend, resume, complete, pay, entrust…

Each action asks for its date and details on an intermediate page, runs the service on every
chosen case in one transaction, and reports each case's refusal in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enforcement import services
from enforcement.admin.forms import CaseActionForm
from enforcement.models import Eligibility, EnforcementCase, GroundAction
from enforcement.selectors import enforcers_in
from enforcement.services import today
from organizations.formatting import format_money, short_date
from organizations.scoping import unit_scope_ids

Apply = Callable[[EnforcementCase, dict[str, Any]], object]


class CaseStatusActionsMixin:
    """Admin actions that change a case's status or record a payment, through the services."""

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
        ground_action: str | None = None,
        enforcers: models.QuerySet | None = None,
    ) -> HttpResponse | None:
        if single and queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one case for this action."), messages.WARNING
            )
            return None
        # An action on one case may offer that case's own records (its payments).
        case = queryset.get() if single else None
        if "apply" in request.POST:
            form = CaseActionForm(
                request.POST,
                extra=extra,
                ground_action=ground_action,
                case=case,
                enforcers=enforcers,
            )
            if form.is_valid():
                if not single:
                    self._apply_each(request, queryset, apply, form.cleaned_data)
                    return None
                # One case: a refusal is shown on the form, which keeps what was typed.
                refusal = self._apply_one(request, case, apply, form.cleaned_data)
                if refusal is None:
                    return None
                form.add_error(None, refusal)
        else:
            form = CaseActionForm(
                initial={"on": today()},
                extra=extra,
                ground_action=ground_action,
                case=case,
                enforcers=enforcers,
            )
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
        if isinstance(case, EnforcementCase) and "payment" in data:
            return _(
                "The payment of %(date)s on case %(number)s now stands at %(amount)s ₫: "
                "%(recovered)s ₫ collected, %(outstanding)s ₫ still to enforce."
            ) % {
                "date": short_date(data["payment"].occurred_on),
                "number": case.decision_number,
                "amount": format_money(data["amount"]),
                "recovered": format_money(case.amount_recovered),
                "outstanding": format_money(case.amount_outstanding),
            }
        if isinstance(case, EnforcementCase) and "reduction" in data:
            return _(
                "%(amount)s ₫ reduced or exempted on case %(number)s: %(outstanding)s ₫ "
                "still to enforce."
            ) % {
                "amount": format_money(data["amount"]),
                "number": case.decision_number,
                "outstanding": format_money(case.amount_outstanding),
            }
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
        cases = list(queryset.order_by("pk"))
        if request.POST.get("select_across") != "1":
            # Cases selected on the list that no longer match its filters (a colleague
            # resumed the postponed case a moment before): said, never silently skipped.
            gone = len(set(request.POST.getlist(ACTION_CHECKBOX_NAME))) - len(cases)
            if gone > 0:
                self.message_user(
                    request,
                    _(
                        "%(count)d selected case(s) no longer match this list (changed by "
                        "someone else since it was shown): nothing was done to them. Reload "
                        "the list."
                    )
                    % {"count": gone},
                    messages.WARNING,
                )
        for case in cases:
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
        ground_action: str | None = None,
    ) -> HttpResponse | None:
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            grounded = {"ground": data["ground"]} if ground_action is not None else {}
            return service(
                user=request.user,
                case=case,
                on=data["on"],
                note=data["note"],
                reason=data["reason"],
                **grounded,
            )

        return self._run(
            request,
            queryset,
            action=action,
            title=title,
            apply=apply,
            ground_action=ground_action,
        )

    @admin.action(description=gettext_lazy("Postpone"), permissions=["change_status"])
    def postpone(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request,
            queryset,
            action="postpone",
            title=_("Postpone"),
            service=services.case_postpone,
            ground_action=GroundAction.POSTPONEMENT,
        )

    @admin.action(description=gettext_lazy("Suspend"), permissions=["change_status"])
    def suspend(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        return self._status_action(
            request,
            queryset,
            action="suspend",
            title=_("Suspend"),
            service=services.case_suspend,
            ground_action=GroundAction.SUSPENSION,
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
            ground_action=GroundAction.TERMINATION,
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
                decision_number=data.get("decision_number") or "",
                decision_date=data.get("decision_date"),
            )

        return self._run(
            request,
            queryset,
            action="entrust",
            title=_("Entrust to another agency"),
            apply=apply,
            extra=("to_unit",),
        )

    @admin.action(
        description=gettext_lazy("Record the entrustment decision issued"),
        permissions=["change_status"],
    )
    def record_entrustment_decision(
        self, request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        # For a case entrusted before its decision was recorded: the receiver's case waiting
        # for it is linked then (services.entrustment).
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return services.case_record_entrustment_decision(
                user=request.user,
                case=case,
                number=data["decision_number"],
                on=data["on"],
                reason=data["reason"],
            )

        return self._run(
            request,
            queryset,
            action="record_entrustment_decision",
            title=_("Record the entrustment decision issued"),
            apply=apply,
            extra=("decision_number",),
            single=True,
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
        grounded = eligibility == Eligibility.NOT_ELIGIBLE

        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return services.case_set_eligibility(
                user=request.user,
                case=case,
                eligibility=eligibility,
                on=data["on"],
                ground=data["ground"] if grounded else None,
                note=data["note"],
                reason=data["reason"],
            )

        return self._run(
            request,
            queryset,
            action=action,
            title=title,
            apply=apply,
            ground_action=GroundAction.NOT_ELIGIBLE if grounded else None,
        )

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

    @admin.action(
        description=gettext_lazy("Record a reduction or exemption"), permissions=["change_status"]
    )
    def record_reduction(
        self, request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            data["reduction"] = True
            return services.case_record_reduction(
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
            action="record_reduction",
            title=_("Record a reduction or exemption"),
            apply=apply,
            extra=("reduction",),
            single=True,
        )

    @admin.action(
        description=gettext_lazy("Correct or reverse a payment"), permissions=["change_status"]
    )
    def correct_payment(
        self, request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return services.case_correct_payment(
                user=request.user,
                case=case,
                payment=data["payment"],
                amount=data["amount"],
                reason=data["reason"],
                note=data["note"],
            )

        return self._run(
            request,
            queryset,
            action="correct_payment",
            title=_("Correct or reverse a payment"),
            apply=apply,
            extra=("payment",),
            single=True,
        )

    @admin.action(description=gettext_lazy("Assign enforcer"), permissions=["change_status"])
    def assign_enforcer(
        self, request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        # The enforcers offered: those of the chosen cases' units where the user may act.
        scope = unit_scope_ids(request.user, "enforcement.change_case_status")
        unit_ids = set(queryset.order_by().values_list("unit_id", flat=True).distinct())
        if scope is not None:
            unit_ids &= scope

        def apply(case: EnforcementCase, data: dict[str, Any]) -> object:
            return services.case_assign_enforcer(
                user=request.user,
                case=case,
                enforcer=data["enforcer"],
                on=data["on"],
                note=data["note"],
                reason=data["reason"],
            )

        return self._run(
            request,
            queryset,
            action="assign_enforcer",
            title=_("Assign enforcer"),
            apply=apply,
            enforcers=enforcers_in(unit_ids),
        )
