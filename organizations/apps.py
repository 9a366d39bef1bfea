from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from organizations.folding import register_sqlite_unaccent
from organizations.roles import ALL_PERMISSIONS, Role
from organizations.workplaces import Workplace

_READ_ORGANIZATIONS = [
    "view_locality",
    "view_unit",
    "view_unitversion",
    # Mergers and splits of the 2025 reorganisation: read by all who read the units.
    "view_unitlineage",
    "view_person",
    "view_posting",
    "view_importjob",
]
# The yearly ratings and discipline records that eligibility reads: those who judge a
# nomination see them; enforcement clerks do not.
_READ_STANDING = ["view_qualityrating", "view_discipline"]


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = _("Organizations")

    role_permissions = {
        Role.ADMINISTRATOR: [
            ALL_PERMISSIONS,
            "auth.add_user",
            "auth.change_user",
            "auth.view_user",
            "auth.delete_user",
            "auth.view_group",
        ],
        Role.ENFORCEMENT_CLERK: _READ_ORGANIZATIONS,
        Role.EMULATION_OFFICER: [
            *_READ_ORGANIZATIONS,
            *_READ_STANDING,
            "add_person",
            "change_person",
            "add_qualityrating",
            "change_qualityrating",
            "add_discipline",
            "change_discipline",
        ],
        Role.REVIEWER: [*_READ_ORGANIZATIONS, *_READ_STANDING],
        Role.COUNCIL_MEMBER: [*_READ_ORGANIZATIONS, *_READ_STANDING],
        Role.LEADER: [*_READ_ORGANIZATIONS, *_READ_STANDING, "view_membership"],
    }

    dashboard = ["organizations.selectors.imports_waiting_block"]

    workplaces = [
        Workplace(
            title=_("Units"),
            description=_("Units of the sector, their hierarchy, mergers and successors."),
            url_name="admin:organizations_unit_changelist",
            permission="organizations.view_unit",
        ),
        Workplace(
            title=_("Staff"),
            description=_("Civil servants of your units, for nominations and awards."),
            url_name="admin:organizations_person_changelist",
            permission="organizations.view_person",
        ),
        Workplace(
            title=_("Quality ratings and discipline"),
            description=_("Yearly ratings of your people and collectives, and discipline records."),
            url_name="admin:organizations_qualityrating_changelist",
            permission="organizations.view_qualityrating",
        ),
        Workplace(
            title=_("Users and roles"),
            description=_("Who works in which unit, and with which role."),
            url_name="admin:organizations_membership_changelist",
            permission="organizations.change_membership",
        ),
    ]

    def ready(self) -> None:
        # "id__in" with a key past the column's range matches nothing instead of a 500.
        from organizations.lookups import register as register_lookups

        register_lookups()
        # Like auth's permissions, role groups are (re)made after every migrate.
        post_migrate.connect(_sync_roles_after_migrate)
        # Searches fold text with UNACCENT on both databases (organizations.folding).
        connection_created.connect(
            register_sqlite_unaccent, dispatch_uid="organizations_sqlite_unaccent"
        )
        from simple_history.signals import pre_create_historical_record

        from organizations.audit import fill_history_author

        pre_create_historical_record.connect(
            fill_history_author, dispatch_uid="organizations_fill_history_author"
        )


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    from django.apps import apps

    from organizations.services import sync_roles

    # post_migrate arrives once per app; wait for the last so every permission exists.
    if sender is list(apps.get_app_configs())[-1]:
        sync_roles()
