"""The one admin site, branded for the justice sector."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db.models import Model
from django.utils.translation import gettext_lazy as _


class JusticeAdminSite(admin.AdminSite):
    site_header = _("Justice sector: enforcement and commendation")
    site_title = _("Justice sector administration")
    index_title = _("Work areas")

    def register(
        self,
        model_or_iterable: type[Model] | list[type[Model]],
        admin_class: type[admin.ModelAdmin] | None = None,
        **options: Any,
    ) -> None:
        """Register the model, its admin taking only the parameters it declares.

        Our admins have the rule from their base (organizations.admin_base); the libraries'
        admins (users, groups, sign-in attempts, tasks) get it here.
        """
        # Imported here: the site is created while the apps load, before the models are.
        from organizations.admin_base import DeclaredParametersAdminMixin

        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DeclaredParametersAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (DeclaredParametersAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class JusticeAdminConfig(AdminConfig):
    """The admin app, using the sector's site."""

    default_site = "organizations.admin_site.JusticeAdminSite"
