"""Helpers shared by the forms of every app's admin and pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
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

    Django renders each option through a template: for the 1,129 enforcement units a case's
    "received by entrustment from" offers, that was most of the case page's time. The
    options are written here as Django would write them (a test compares the two), for
    single choices without groups; anything else is left to Django.
    """

    def render(
        self,
        name: str,
        value: object,
        attrs: dict[str, object] | None = None,
        renderer: object = None,
    ) -> SafeString:
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        options = []
        for group_name, group, _index in widget["optgroups"]:
            if group_name is not None or self.allow_multiple_selected:
                return super().render(name, value, attrs, renderer)
            for option in group:
                options.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("\n".join(options)),  # noqa: S308 - each option escaped above
        )
