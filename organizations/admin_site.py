"""The one admin site, branded for the justice sector."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class JusticeAdminSite(admin.AdminSite):
    site_header = _("Justice sector: enforcement and commendation")
    site_title = _("Justice sector administration")
    index_title = _("Work areas")


class JusticeAdminConfig(AdminConfig):
    """The admin app, using the sector's site."""

    default_site = "organizations.admin_site.JusticeAdminSite"
