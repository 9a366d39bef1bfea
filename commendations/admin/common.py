"""Helpers of commendations' admin: saving through the services, read-only inlines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from commendations.services import locked_message
from organizations.forms import add_service_error


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


def confirm_action(
    model_admin: Any,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    action: str,
    title: str,
    consequences: list[str],
    button: str,
) -> TemplateResponse | None:
    """Ask before an irreversible bulk step, saying what it will do; None once confirmed.

    The page repeats the selection with ``apply``, as the enforcement actions' forms do;
    until that comes back nothing is written.
    """
    if "apply" in request.POST:
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "items": [str(obj) for obj in queryset[:100]],
        "count": queryset.count(),
        "consequences": consequences,
        "button": button,
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "commendations/admin/confirm_action.html", context)


class SignedCopyAdminMixin:
    """A record that carries a signed copy: its link in the form, and final once attached.

    The record's page attaches, replaces and removes the scan (``views.signed``); here the
    admin shows it, and says plainly why a signed record cannot be changed (its fields are
    read-only already: a recorded decision and a closed session are not edited).
    """

    @admin.display(description=_("signed copy"))
    def signed_copy_link(self, record: Any) -> str:
        if not record.is_signed:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', record.get_signed_copy_url(), record.signed_copy_name
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        record = self.get_object(request, object_id)
        if record is not None and record.is_signed:
            if request.method == "POST":
                messages.error(request, locked_message(record))
                return HttpResponseRedirect(request.path)
            messages.info(request, locked_message(record))
        return super().change_view(request, object_id, form_url, extra_context)
