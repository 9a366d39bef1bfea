from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from organizations.roles import ALL_PERMISSIONS, Role
from organizations.workplaces import Workplace

_READ_CATALOGUE = [
    "view_awardform",
    "view_awardformrule",
    "view_dossierrequirement",
    "view_publicholiday",
]
_READ_NOMINATIONS = [
    *_READ_CATALOGUE,
    "view_nomination",
    "view_nominationevent",
    "view_dossierfile",
    "view_forwarding",
    "view_publiccomment",
]
_READ_COUNCIL = ["view_council", "view_councilmember", "view_councilsession", "view_vote"]
_READ_DECISIONS = ["view_decision", "view_decisionline", "view_certificate", "view_printjob"]


class CommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commendations"
    verbose_name = _("Commendations")

    role_permissions = {
        Role.ADMINISTRATOR: [ALL_PERMISSIONS],
        Role.EMULATION_OFFICER: [
            *_READ_NOMINATIONS,
            *_READ_DECISIONS,
            "add_nomination",
            "change_nomination",
            "delete_nomination",
            "submit_nomination",
            "add_dossierfile",
            "delete_dossierfile",
            "print_certificate",
        ],
        Role.REVIEWER: [
            *_READ_NOMINATIONS,
            *_READ_COUNCIL,
            *_READ_DECISIONS,
            "review_nomination",
            # The reviewers' department is the council's secretariat.
            "manage_council_session",
            "add_councilsession",
            "print_certificate",
        ],
        Role.COUNCIL_MEMBER: [*_READ_NOMINATIONS, *_READ_COUNCIL, "vote_nomination"],
        Role.LEADER: [
            *_READ_NOMINATIONS,
            *_READ_COUNCIL,
            *_READ_DECISIONS,
            "decide_nomination",
            "add_decision",
            "print_certificate",
        ],
    }

    # Officers, reviewers and the secretariat, council members, leaders: their waiting work.
    dashboard = [
        "commendations.selectors.officer_blocks",
        "commendations.selectors.reviewer_blocks",
        "commendations.selectors.sessions_due_block",
        "commendations.selectors.council_member_blocks",
        "commendations.selectors.leader_blocks",
    ]

    workplaces = [
        Workplace(
            title=_("Nominations"),
            description=_("Draft, submit and follow your units' nominations for commendation."),
            url_name="commendations:queue",
            permission="commendations.submit_nomination",
        ),
        Workplace(
            title=_("Review queue"),
            description=_("Submitted nominations to check, return, recommend or reject."),
            url_name="commendations:queue",
            permission="commendations.review_nomination",
        ),
        Workplace(
            title=_("Council sessions"),
            description=_("Vote on recommended nominations; presence, tallies and minutes."),
            url_name="commendations:sessions",
            permission="commendations.view_councilsession",
        ),
        Workplace(
            title=_("Award decisions"),
            description=_("Signed decisions, their certificates to print and their lists."),
            url_name="commendations:decisions",
            permission="commendations.view_decision",
        ),
        Workplace(
            title=_("Suggested nominees"),
            description=_("Units that beat their enforcement target, and the clusters' leaders."),
            url_name="commendations:suggestions",
            permission="commendations.view_nomination",
        ),
    ]
