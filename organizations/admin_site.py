"""The one admin site, branded for the justice sector."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _


class JusticeAdminSite(admin.AdminSite):
    site_header = _("Justice sector: enforcement and commendation")
    site_title = _("Justice sector administration")
    index_title = _("Work areas")

    def get_urls(self) -> list[URLResolver | URLPattern]:
        # Django's "view on site" shortcut reads any object unscoped and tells a missing
        # object from one without a page; ours answers one 404 for all of these.
        from organizations.admin import exports

        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            # A long list's export, written by the worker: its page, progress and file.
            path(
                "exports/<int:pk>/",
                self.admin_view(exports.export_job_view),
                name="export_job",
            ),
            path(
                "exports/<int:pk>/progress/",
                self.admin_view(exports.export_job_progress),
                name="export_job_progress",
            ),
            path(
                "exports/<int:pk>/file/",
                self.admin_view(exports.export_job_file),
                name="export_job_file",
            ),
            *urls,
        ]

    def view_on_site(
        self, request: HttpRequest, content_type_id: str, object_id: str
    ) -> HttpResponseRedirect:
        """Send to the object's page when the user may see the object, else answer 404."""
        from django.contrib.contenttypes.models import ContentType

        missing = Http404(_("This record does not exist or is outside your units."))
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist):
            raise missing from None
        model_admin = self._registry.get(model)
        if (
            model_admin is None
            or not hasattr(model, "get_absolute_url")
            or not model_admin.has_view_permission(request)
        ):
            raise missing
        try:
            obj = model_admin.get_object(request, unquote(object_id))
        except Http404:
            obj = None
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise missing
        return HttpResponseRedirect(obj.get_absolute_url())

    def register(
        self,
        model_or_iterable: type[Model] | list[type[Model]],
        admin_class: type[admin.ModelAdmin] | None = None,
        **options: Any,
    ) -> None:
        """Register the model, its admin taking only the parameters it declares.

        Our admins have the rule from their base (organizations.admin.base); the libraries'
        admins (users, groups, sign-in attempts, tasks) get it here, with their permission
        choices named in the reader's language.
        """
        # Imported here: the site is created while the apps load, before the models are.
        from organizations.admin.base import DeclaredParametersAdminMixin
        from organizations.admin.permission_labels import PermissionLabelsAdminMixin

        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DeclaredParametersAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (DeclaredParametersAdminMixin, PermissionLabelsAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class JusticeAdminConfig(AdminConfig):
    """The admin app, using the sector's site."""

    default_site = "organizations.admin_site.JusticeAdminSite"
