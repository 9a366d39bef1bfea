from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from organizations.roles import ALL_PERMISSIONS, Role
from organizations.workplaces import Workplace

_READ_RANKING = [
    "view_movement",
    "view_cluster",
    "view_clustermember",
    "view_pact",
    "view_criterion",
]
_READ_TITLES = [
    "view_title",
    "view_titlerule",
    "view_titleaward",
    "view_initiative",
    "view_basesalary",
]


class EmulationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "emulation"
    verbose_name = _("Emulation")

    role_permissions = {
        Role.ADMINISTRATOR: [ALL_PERMISSIONS],
        Role.EMULATION_OFFICER: [
            *_READ_RANKING,
            *_READ_TITLES,
            "view_indicatorresult",
            "add_indicatorresult",
            "change_indicatorresult",
            "delete_indicatorresult",
            "submit_indicator_result",
            # Takes effect only for the officers of a cluster's head unit.
            "lock_indicator_result",
            # Title history is written by recorded decisions and the administrator's
            # import, never by hand by a unit.
            "add_initiative",
            "change_initiative",
        ],
        Role.LEADER: [*_READ_RANKING, *_READ_TITLES, "view_indicatorresult"],
        # Reviewing a flag nomination needs the cluster ranking as well as the titles.
        Role.REVIEWER: [*_READ_RANKING, *_READ_TITLES],
        Role.COUNCIL_MEMBER: [*_READ_RANKING, *_READ_TITLES],
    }

    dashboard = ["emulation.selectors.results_to_enter_block"]

    workplaces = [
        Workplace(
            title=_("Emulation ranking"),
            description=_("Each cluster's scores per criterion, ranking and flag candidate."),
            url_name="emulation:ranking",
            permission="emulation.view_cluster",
        ),
        Workplace(
            title=_("Indicator results"),
            description=_("Enter and submit your unit's results; cluster heads review and lock."),
            url_name="admin:emulation_indicatorresult_changelist",
            permission="emulation.view_indicatorresult",
        ),
        Workplace(
            title=_("Enter results by unit"),
            description=_("Every criterion of your unit's pact on one page, saved at once."),
            url_name="admin:emulation_indicatorresult_grids",
            permission="emulation.add_indicatorresult",
        ),
        Workplace(
            title=_("Title history"),
            description=_("Emulation titles held by your people and units, and initiatives."),
            url_name="admin:emulation_titleaward_changelist",
            permission="emulation.view_titleaward",
        ),
        Workplace(
            title=_("Eligibility for titles"),
            description=_("Which titles a person or unit qualifies for in a year, and why not."),
            url_name="emulation:eligibility",
            permission="emulation.view_titleaward",
        ),
        Workplace(
            title=_("Titles catalogue"),
            description=_("Emulation titles, their rules, quotas and council vote thresholds."),
            url_name="admin:emulation_title_changelist",
            permission="emulation.change_title",
        ),
    ]
