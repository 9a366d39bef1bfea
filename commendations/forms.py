"""Forms of the reviewer pages (crispy forms, Bootstrap 5); rules stay in the services."""

from __future__ import annotations

from typing import Any

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row, Submit
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from commendations import services
from commendations.models import (
    AwardForm,
    CouncilMember,
    CouncilSession,
    DossierFile,
    Nomination,
    Vote,
)
from commendations.selectors import TRANSITIONS, open_sessions, proposal_choices
from emulation.models import CommendationType, Initiative, Title
from emulation.models.clusters import FIRST_YEAR, LAST_YEAR
from organizations.forms import add_service_error
from organizations.models import Person, Unit


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Nominating unit"), queryset=Unit.objects.none(), required=False
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    proposal = forms.ChoiceField(label=_("Proposed"), required=False)
    search = forms.CharField(
        label=_("Nominee or unit"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("name or code, accents optional")}
        ),
    )

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("every state")), *Nomination.Status.choices]
        self.fields["unit"].queryset = Unit.objects.for_user(user).filter(
            pk__in=Nomination.objects.for_user(user).values("nominating_unit")
        )
        self.fields["unit"].empty_label = _("every unit")
        self.fields["proposal"].choices = [("", _("anything")), *proposal_choices()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "commendations-filters d-print-none"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column(Field("status", css_class="form-select-sm"), css_class="col-md-2"),
                Column(Field("unit", css_class="form-select-sm"), css_class="col-md-3"),
                Column(Field("year", css_class="form-control-sm"), css_class="col-md-1"),
                Column(Field("proposal", css_class="form-select-sm"), css_class="col-md-2"),
                Column(Field("search", css_class="form-control-sm"), css_class="col-md-2"),
                Column(
                    StrictButton(
                        _("Filter"), type="submit", css_class="btn-sm btn-outline-secondary"
                    ),
                    css_class="col-md-2 d-flex align-items-end mb-3",
                ),
            )
        )


class NominationContentForm(forms.ModelForm):
    """A nomination's content, checked whole by ``nomination_check``: the admin's and the page's.

    The service writes it and checks it again; the model's own checks find nothing more,
    since a field the service refused is left out of them.
    """

    # Who drafts: the page passes it, the admin sets it on its form class for each request.
    user: AbstractBaseUser | None = None

    class Meta:
        model = Nomination
        fields = [
            "year",
            "nominating_unit",
            "person",
            "unit",
            "proposed_title",
            "award_form",
            "commendation_type",
            "achievements",
            "initiatives",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Most nominations are for the year's merit: a form that leaves it out means that.
        if "commendation_type" in self.fields:  # absent from a read-only admin form
            self.fields["commendation_type"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            # A field that failed its own check is not asked about again by the service.
            return cleaned
        nominating_unit = (
            self.instance.nominating_unit if self.instance.pk else cleaned.get("nominating_unit")
        )
        try:
            services.nomination_check(
                user=self.user,
                year=cleaned.get("year"),
                nominating_unit=nominating_unit,
                person=cleaned.get("person"),
                unit=cleaned.get("unit"),
                proposed_title=cleaned.get("proposed_title"),
                award_form=cleaned.get("award_form"),
                achievements=cleaned.get("achievements") or "",
                initiatives=cleaned.get("initiatives") or (),
                nomination=self.instance if self.instance.pk else None,
                commendation_type=cleaned.get("commendation_type") or CommendationType.MERIT,
            )
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned

    def content(self) -> dict[str, Any]:
        """Return the checked content as ``nomination_create`` and ``nomination_update`` take it."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "person": data.get("person"),
            "unit": data.get("unit"),
            "proposed_title": data.get("proposed_title"),
            "award_form": data.get("award_form"),
            "commendation_type": data.get("commendation_type") or CommendationType.MERIT,
            "achievements": data["achievements"],
            "initiatives": data.get("initiatives") or (),
        }


class NominationForm(NominationContentForm):
    """Draft or change a nomination on the officer's page."""

    class Meta(NominationContentForm.Meta):
        widgets = {"achievements": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        drafting = "commendations.add_nomination"
        units = Unit.objects.for_user(user, drafting).order_by("code")
        self.fields["nominating_unit"].queryset = units
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = (
            Person.objects.for_user(user, drafting)
            .select_related("unit")
            .order_by("unit__code", "full_name")
        )
        self.fields["person"].label_from_instance = lambda person: (
            f"{person.full_name} · {person.position} · {person.unit.display_name}"
        )
        self.fields["proposed_title"].queryset = Title.objects.filter(is_active=True)
        self.fields["award_form"].queryset = AwardForm.objects.filter(is_active=True)
        self.fields["initiatives"].queryset = Initiative.objects.for_user(
            user, drafting
        ).select_related("person")
        self.fields["initiatives"].widget = forms.CheckboxSelectMultiple()
        self.fields["initiatives"].label_from_instance = lambda initiative: (
            f"{initiative.name} · {initiative.person} · {initiative.year} · "
            f"{initiative.get_level_display()}"
        )
        self.fields["person"].help_text = _("Either a person…")
        self.fields["unit"].help_text = _("…or a unit.")
        self.fields["proposed_title"].help_text = _("Either an emulation title…")
        self.fields["award_form"].help_text = _("…or an award form.")
        if self.instance.pk:
            self.fields["nominating_unit"].disabled = True
        elif units.count() == 1:
            self.fields["nominating_unit"].initial = units.first().pk
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("year", css_class="col-md-2"),
                Column("nominating_unit", css_class="col-md-10"),
            ),
            Row(Column("person", css_class="col-md-6"), Column("unit", css_class="col-md-6")),
            Row(
                Column("proposed_title", css_class="col-md-6"),
                Column("award_form", css_class="col-md-6"),
            ),
            "commendation_type",
            "achievements",
            "initiatives",
            Submit("save", _("Save the draft")),
        )


class ActionForm(forms.Form):
    """One step of the workflow: the button pressed, a comment, a session for the vote."""

    action = forms.ChoiceField(choices=[(name, name) for name in TRANSITIONS])
    comment = forms.CharField(
        label=_("Comment (required to return or reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    session = forms.ModelChoiceField(
        label=_("Council session"), queryset=CouncilSession.objects.none(), required=False
    )

    BUTTONS = {
        "submit": (_("Submit for review"), "btn-primary"),
        "take": (_("Take for review"), "btn-primary"),
        "recommend": (_("Recommend to the council"), "btn-success"),
        "return": (_("Return for changes"), "btn-warning"),
        "reject": (_("Reject"), "btn-outline-danger"),
        "put_to_vote": (_("Put to the council's vote"), "btn-primary"),
        "withdraw": (_("Withdraw the nomination"), "btn-outline-secondary"),
    }

    def __init__(
        self, *args: Any, user: AbstractBaseUser, actions: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(name, name) for name in actions]
        self.fields["session"].queryset = CouncilSession.objects.for_user(user).filter(
            status=CouncilSession.Status.OPEN
        )
        sessions = open_sessions(user=user)
        if len(sessions) == 1:
            self.fields["session"].initial = sessions[0].pk
        fields: list[Any] = []
        if {"return", "reject", "recommend"} & set(actions):
            fields.append("comment")
        if "put_to_vote" in actions:
            fields.append("session")
        buttons = [
            StrictButton(
                self.BUTTONS[name][0],
                type="submit",
                name="action",
                value=name,
                css_class=f"{self.BUTTONS[name][1]} me-2 mb-2",
            )
            for name in actions
            if name in self.BUTTONS
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*fields, Div(*buttons, css_class="mt-2"))


class DossierUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DossierFile.Kind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, DOCX, JPG or PNG."), allow_empty_file=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column(Field("kind", css_class="form-select-sm"), css_class="col-md-4"),
                Column(Field("file", css_class="form-control-sm"), css_class="col-md-5"),
                Column(
                    StrictButton(
                        _("Add to the dossier"),
                        type="submit",
                        css_class="btn-sm btn-outline-primary",
                    ),
                    css_class="col-md-3 d-flex align-items-end mb-3",
                ),
            )
        )


class PresenceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=CouncilMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, session: CouncilSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = session.council.members.select_related("person", "user")
        self.fields["present"].label_from_instance = lambda member: (
            f"{member.name} · {member.get_position_display()}"
        )
        self.fields["present"].initial = list(session.present.values_list("pk", flat=True))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "present", Submit("save", _("Record presence"), css_class="btn-sm")
        )


class VoteForm(forms.Form):
    nomination = forms.ModelChoiceField(queryset=Nomination.objects.none())
    choice = forms.ChoiceField(label=_("Vote"), choices=Vote.Choice.choices)
    member = forms.ModelChoiceField(
        label=_("Written vote of"), queryset=CouncilMember.objects.none(), required=False
    )
    ballot = forms.FileField(
        label=_("Signed ballot"),
        help_text=_("PDF, JPG or PNG."),
        required=False,
        allow_empty_file=True,
    )

    def __init__(self, *args: Any, session: CouncilSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = Nomination.objects.filter(council_session=session)
        self.fields["member"].queryset = session.council.members.all()


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60, help_text="1234/QĐ-BTP")
    date = forms.DateField(label=_("Decision date"), help_text=_("dd/mm/yyyy"))
    issuing_unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    authority = forms.CharField(label=_("Issuing authority"), initial="Bộ trưởng Bộ Tư pháp")
    signer_title = forms.CharField(label=_("Signer's title"), initial="Bộ trưởng")
    signer_name = forms.CharField(label=_("Signed by"))
    place = forms.CharField(label=_("Place of signing"), initial="Hà Nội")
    nominations = forms.ModelMultipleChoiceField(
        label=_("Approved nominations"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deciding = "commendations.decide_nomination"
        units = Unit.objects.for_user(user, deciding).order_by("code")
        self.fields["issuing_unit"].queryset = units
        ministry = units.filter(kind=Unit.Kind.MINISTRY).first()
        if ministry is not None:
            self.fields["issuing_unit"].initial = ministry.pk
        self.fields["nominations"].queryset = (
            Nomination.objects.for_user(user, deciding)
            .filter(status=Nomination.Status.APPROVED)
            .select_related("person", "unit", "award_form", "proposed_title", "nominating_unit")
        )
        self.fields["nominations"].label_from_instance = lambda nomination: (
            f"{nomination.nominee} · {nomination.proposal} · {nomination.year} "
            f"({nomination.nominating_unit.display_name})"
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("number", css_class="col-md-4"),
                Column("date", css_class="col-md-3"),
                Column("place", css_class="col-md-5"),
            ),
            Row(
                Column("issuing_unit", css_class="col-md-6"),
                Column("authority", css_class="col-md-6"),
            ),
            Row(
                Column("signer_title", css_class="col-md-6"),
                Column("signer_name", css_class="col-md-6"),
            ),
            "nominations",
            Submit("save", _("Record the decision and issue its certificates")),
        )
