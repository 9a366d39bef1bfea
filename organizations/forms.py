"""Helpers shared by the forms of every app's admin and pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def add_service_error(form: forms.BaseForm, error: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal on the form, on its field when the form has that field."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("Your role does not allow this change."))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
