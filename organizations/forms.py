"""Helpers shared by the forms of every app's admin and pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
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


class LongSelect(forms.Select):
    """A select of many options (every unit of the country), written without a template each.

    Django builds a dictionary and renders a template for each option: for the 1,129
    enforcement units a case's "received by entrustment from" offers, that was most of the
    case page's time. The options are written here from the choices as Django would write
    them (a test compares the two), for single choices without groups; anything else is left
    to Django.
    """

    def render(
        self,
        name: str,
        value: object,
        attrs: dict[str, object] | None = None,
        renderer: object = None,
    ) -> SafeString:
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options = []
        found = False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # a group of options
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            # As Django does: only the first option holding the value is selected.
            selected = not found and text in chosen
            found = found or selected
            options.append(
                f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("\n".join(options)),  # noqa: S308 - each value and label escaped above
        )
