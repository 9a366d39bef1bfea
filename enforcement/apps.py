from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from organizations.roles import ALL_PERMISSIONS, Role
from organizations.workplaces import Workplace

_READ_ENFORCEMENT = [
    "view_enforcementcase",
    "view_caseevent",
    "view_legalground",
    "view_target",
    "view_statisticalyear",
    "view_annualsnapshot",
    "view_statistics",
    "view_caseparty",
    "view_judgment",
    # The court catalogue: reference data every reader of cases reads, whatever their units.
    "view_court",
]
# A clerk keeps the parties and judgments of the cases of their units.
_KEEP_PARTIES_AND_JUDGMENTS = [
    "add_caseparty",
    "change_caseparty",
    "delete_caseparty",
    "add_judgment",
    "change_judgment",
    "delete_judgment",
]


class EnforcementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enforcement"
    verbose_name = _("Civil judgment enforcement")

    role_permissions = {
        Role.ADMINISTRATOR: [ALL_PERMISSIONS],
        Role.ENFORCEMENT_CLERK: [
            *_READ_ENFORCEMENT,
            "add_enforcementcase",
            "change_enforcementcase",
            "change_case_status",
            *_KEEP_PARTIES_AND_JUDGMENTS,
        ],
        Role.LEADER: [*_READ_ENFORCEMENT, "view_yearlogentry"],
    }

    # The clerk's idle cases; the leader's figures of the year against the targets.
    dashboard = [
        "enforcement.selectors.clerk_blocks",
        "enforcement.selectors.key_figures_block",
    ]

    workplaces = [
        Workplace(
            title=_("Enforcement cases"),
            description=_(
                "Enforcement decisions of your units: accept, change status, record payments."
            ),
            url_name="admin:enforcement_enforcementcase_changelist",
            permission="enforcement.view_enforcementcase",
        ),
        Workplace(
            title=_("Enforcement statistics"),
            description=_(
                "The official yearly table: carried over, newly accepted, resolved, "
                "against each agency's target."
            ),
            url_name="enforcement:report",
            permission="enforcement.view_statistics",
        ),
    ]
