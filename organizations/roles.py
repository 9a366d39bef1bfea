"""Roles of the system; each is a Django group of model permissions and custom verbs.

Every app declares what each role may do in its ``AppConfig.role_permissions``; the
``sync_roles`` service gathers them so that no app has to know about the others.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL_PERMISSIONS = "*"


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    ENFORCEMENT_CLERK = "enforcement_clerk", _("Enforcement clerk")
    EMULATION_OFFICER = "emulation_officer", _("Emulation officer")
    REVIEWER = "reviewer", _("Reviewer")
    COUNCIL_MEMBER = "council_member", _("Council member")
    LEADER = "leader", _("Leader")
