"""Permissions named in the reader's language in the account forms.

Django stores a permission's name in English when it creates it ("Can add enforcement case",
or the text of the model's ``Meta.permissions``) and shows that stored text in the user and
group forms, whatever the language. The label is built again here from the model's
translated name, or read through the catalogue for the sector's own permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.options import BaseModelAdmin
from django.contrib.auth.models import Permission
from django.db import models
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

DEFAULT_ACTIONS = {
    "add": gettext_lazy("Can add %(name)s"),
    "change": gettext_lazy("Can change %(name)s"),
    "delete": gettext_lazy("Can delete %(name)s"),
    "view": gettext_lazy("Can view %(name)s"),
}


def permission_label(permission: Permission) -> str:
    """Return "app | model | what it allows", read in the active language."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is not None and action in DEFAULT_ACTIONS and model_name == model._meta.model_name:
        name = DEFAULT_ACTIONS[action] % {"name": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


class PermissionLabelsAdminMixin(BaseModelAdmin):
    """Label the permission choices of a form (users, groups) in the reader's language."""

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField | None:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is Permission:
            formfield.label_from_instance = permission_label
        return formfield
