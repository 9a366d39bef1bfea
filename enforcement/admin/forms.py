"""Forms of the enforcement admin: the case form that saves through services, action forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from enforcement import services
from enforcement.models import CaseEvent, EnforcementCase, LegalGround
from enforcement.selectors import ENFORCEMENT_UNIT_KINDS
from enforcement.services import CORRECTABLE_PAYMENTS, today
from organizations.formatting import format_money, short_date
from organizations.forms import add_service_error
from organizations.models import Person, Unit
from organizations.numbers import AmountField

EDITABLE_FIELDS = [
    "issuing_agency",
    "unit",
    "decision_number",
    "decision_date",
    "accepted_on",
    "judgment",
    "judgment_kind",
    "initiation",
    "debtor",
    "creditor",
    "amount_due",
    "eligibility",
    "notes",
    # Received by entrustment from another agency (services.entrustment).
    "received_from",
    "received_decision_number",
    "received_decision_date",
]


def receiving_agencies() -> forms.ModelChoiceField:
    """Offer every enforcement unit in operation, also outside the user's scope."""
    day = today()
    return forms.ModelChoiceField(
        label=_("entrusted to"),
        queryset=Unit.objects.active_on(day)
        .filter(kind__in=ENFORCEMENT_UNIT_KINDS)
        .order_by("code"),
    )


class EnforcementCaseForm(forms.ModelForm):
    """The case form; saving it calls the services, whose refusals appear on the form."""

    reason = forms.CharField(
        label=_("reason for a change in a closed year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed only when changing the figures of a case counted in a closed statistical "
            "year; it is logged."
        ),
    )
    request: HttpRequest

    class Meta:
        model = EnforcementCase
        fields = EDITABLE_FIELDS
        help_texts = {
            "issuing_agency": _(
                "The provincial agency that issued the decision; left empty, the handling "
                "office's agency."
            ),
            "unit": _("The agency itself or one of its regional offices."),
            "received_from": _(
                "For a case another enforcement agency entrusted to yours: that agency, with "
                "the number and date of its entrustment decision."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "issuing_agency" in self.fields:
            field = self.fields["issuing_agency"]
            field.required = False
            # Any agency of the country, not only the user's: an office's clerk names the
            # agency above the office, and a merged agency's cases keep theirs. The services
            # check that the handling office belongs to it.
            field.queryset = Unit.objects.filter(
                Q(kind=Unit.Kind.ENFORCEMENT_AGENCY) | Q(pk=self.instance.issuing_agency_id)
            ).order_by("code")
        if "received_from" in self.fields:
            # Any enforcement agency of the country, as it sends cases to any other.
            self.fields["received_from"].queryset = Unit.objects.filter(
                Q(kind__in=ENFORCEMENT_UNIT_KINDS) | Q(pk=self.instance.received_from_id)
            ).order_by("code")

    def clean(self) -> dict[str, Any]:
        """Check the case by the services' rules, so that their refusals show on the form."""
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        user, data, reason = self.request.user, self._data(), cleaned_data.get("reason", "")
        try:
            if self.instance.pk is None:
                services.case_open_check(
                    user=user,
                    unit=data["unit"],
                    accepted_on=data["accepted_on"],
                    amount_due=data["amount_due"],
                    reason=reason,
                    issuing_agency=data.get("issuing_agency"),
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    received_from=data.get("received_from"),
                    received_decision_number=data.get("received_decision_number") or "",
                    received_decision_date=data.get("received_decision_date"),
                )
            else:
                services.case_update_check(
                    user=user, case=self.instance, changes=data, reason=reason
                )
        except (ValidationError, PermissionDenied) as error:
            add_service_error(self, error)
        return cleaned_data

    def save(self, commit: bool = True) -> EnforcementCase:
        """Open or correct the case through the services; they save it at once."""
        user = self.request.user
        data, reason = self._data(), self.cleaned_data.get("reason", "")
        if self.instance.pk is None:
            return services.case_open(user=user, reason=reason, **data)
        # The instance holds the form's values by now; the service compares with the stored.
        stored = EnforcementCase.objects.get(pk=self.instance.pk)
        return services.case_update(user=user, case=stored, changes=data, reason=reason)

    def _data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.fields}
        if self.instance.pk is not None:
            data.pop("eligibility", None)
        return data


class GroundChoiceField(forms.ModelChoiceField):
    """A legal ground, shown by its code and description."""

    widget = forms.Select(attrs={"class": "long-choices"})

    def label_from_instance(self, obj: LegalGround) -> str:
        return f"{obj.code} — {obj.description}"


class PaymentChoiceField(forms.ModelChoiceField):
    """A payment of the case, shown by its day, what it was and what it stands at now."""

    def label_from_instance(self, obj: CaseEvent) -> str:
        return _("%(date)s · %(kind)s · %(amount)s ₫") % {
            "date": short_date(obj.occurred_on),
            "kind": obj.get_kind_display(),
            "amount": format_money(obj.paid_amount),
        }


class EnforcerChoiceField(forms.ModelChoiceField):
    """An enforcer, shown by name, staff code and unit."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.staff_code}) — {obj.unit.display_name}"


class CaseActionForm(forms.Form):
    """What a status action needs: the day it happened, a note, a reason for closed years.

    Postponing, suspending, terminating and marking not yet eligible also need their legal
    ground, chosen among the grounds in use of that action (``ground_action``).
    """

    on = forms.DateField(label=_("date"))
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea({"rows": 2}))
    reason = forms.CharField(
        label=_("reason for a change in a closed year"),
        required=False,
        help_text=_("Needed only when the date falls in a closed statistical year."),
    )

    def __init__(
        self,
        *args: Any,
        extra: tuple[str, ...] = (),
        ground_action: str | None = None,
        case: EnforcementCase | None = None,
        enforcers: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if enforcers is not None:
            self.fields["enforcer"] = EnforcerChoiceField(label=_("enforcer"), queryset=enforcers)
            self.order_fields(["enforcer", "on"])
        if ground_action is not None:
            self.fields["ground"] = GroundChoiceField(
                label=_("legal ground"), queryset=LegalGround.objects.for_action(ground_action)
            )
            self.order_fields(["on", "ground"])
        if "to_unit" in extra:
            self.fields["to_unit"] = receiving_agencies()
            # The entrustment decision issued: the receiver's case is linked to the case by it.
            self.fields["decision_number"] = forms.CharField(
                label=_("entrustment decision number"),
                max_length=50,
                required=False,
                help_text=_("For example 12/QĐ-THADS; the receiving agency names it too."),
            )
            self.fields["decision_date"] = forms.DateField(
                label=_("entrustment decision date"), required=False
            )
            self.order_fields(["on", "to_unit", "decision_number", "decision_date"])
        if "decision_number" in extra:
            # The date above is the decision's.
            self.fields["decision_number"] = forms.CharField(
                label=_("entrustment decision number"), max_length=50
            )
            self.order_fields(["on", "decision_number"])
        if "amount" in extra:
            self.fields["amount"] = AmountField(label=_("amount recovered (VND)"), min_value=1)
        if "reduction" in extra:
            self.fields["amount"] = AmountField(
                label=_("amount reduced or exempted (VND)"), min_value=1
            )
        if "payment" in extra:
            self.fields["payment"] = PaymentChoiceField(
                label=_("payment to correct"),
                queryset=CaseEvent.objects.filter(
                    case=case,
                    corrects__isnull=True,
                    kind__in=CORRECTABLE_PAYMENTS,
                    collected__gt=0,
                )
                .prefetch_related("corrections")
                .order_by("occurred_on", "id"),
            )
            self.fields["amount"] = AmountField(
                label=_("correct amount (VND)"),
                min_value=0,
                help_text=_("0 reverses the payment."),
            )
            self.fields["reason"] = forms.CharField(
                label=_("reason for the correction"),
                help_text=_("Kept with the correction; the payment as first recorded stays."),
            )
            # A correction takes effect on the corrected payment's day.
            del self.fields["on"]
            self.order_fields(["payment", "amount", "reason", "note"])


class YearReopenForm(forms.Form):
    """The reason a statistical year is reopened."""

    reason = forms.CharField(label=_("reason"), widget=forms.Textarea({"rows": 3}))
