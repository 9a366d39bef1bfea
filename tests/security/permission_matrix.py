"""What every role may do, written from the README's role table (roles and unit scope).

This table is the specification the matrix test holds the application to. It is written by
hand, not derived from ``role_permissions`` or ``has_perm``: a permission granted by mistake
in an ``AppConfig`` shows up as a failing cell here.

Rules the cells follow (README "Roles"):

- **Scope**: a role at the ministry (administrator, reviewer, council member, leader) sees
  every unit; the enforcement clerk and the emulation officer see their own unit and its
  descendants; a signed-in user without any membership sees no unit at all.
- A record outside the scope answers **404** everywhere (forms, history, delete, pages) and
  never appears in a list, an export or an autocomplete answer.
- An action the role lacks answers **403**. When the record is also outside the scope, 403
  and 404 are both right: neither tells the user whether the record exists.
- An anonymous visitor is sent to the login page, from the admin and from the pages alike.

Ambiguities resolved here, as a Vietnamese government office would expect them:

- The libraries' technical tables (login lock-outs of django-axes, background task results)
  are for the technical superuser, not for any role: "every action of every app" in the
  README means the sector's apps and the accounts (users and memberships).
- Read access also means the record's history and the list's export ("every list, record,
  history, report and export" for the leader), and autocomplete answers what the list would.
- Title awards feed eligibility, so nobody enters them by hand but the administrator (with
  a reason, or through the history import): recording a signed decision writes the titles
  it confers by itself, so the leader needs no right on the title history, and the emulation
  officer reads it (issue 12).
- Certificates are printed by the reviewers (README), by the leader who signs the decision,
  and by the emulation officer of the unit that nominated (the unit hands them out).
"""

from __future__ import annotations

from organizations.roles import Role
from tests.security.matrix_world import ANONYMOUS, COMPOSITES, NO_MEMBERSHIP

# Admin actions on a model.
LIST = "list"
VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
HISTORY = "history"
EXPORT = "export"

READ = frozenset({LIST, VIEW, HISTORY, EXPORT})
WRITE = READ | {ADD, CHANGE, DELETE}


def imports(*keys: str) -> frozenset[str]:
    """Name the import kinds (``ImportSpec.key``) a role may use."""
    return frozenset(f"import:{key}" for key in keys)


def actions(*names: str) -> frozenset[str]:
    """Name the admin actions (``ModelAdmin.actions``) a role may run."""
    return frozenset(f"action:{name}" for name in names)


CASE_ACTIONS = actions(
    "postpone",
    "suspend",
    "resume",
    "complete",
    "terminate",
    "withdraw",
    "entrust",
    "mark_eligible",
    "mark_not_eligible",
    "record_payment",
    "record_reduction",
    "correct_payment",
    "assign_enforcer",
    "record_entrustment_decision",
)

# Who sees which units.
SEES_ALL = "all units"
OWN_UNITS = "own units and their descendants"
NO_UNITS = "no unit"

SCOPE: dict[str, str] = {
    Role.ADMINISTRATOR: SEES_ALL,
    Role.ENFORCEMENT_CLERK: OWN_UNITS,
    Role.EMULATION_OFFICER: OWN_UNITS,
    Role.REVIEWER: SEES_ALL,
    Role.COUNCIL_MEMBER: SEES_ALL,
    Role.LEADER: SEES_ALL,
    NO_MEMBERSHIP: NO_UNITS,
    ANONYMOUS: NO_UNITS,
}


def parts(role: str) -> tuple[str, ...]:
    """Return the roles of a persona: two for a persona with two memberships, else its own."""
    return COMPOSITES.get(role, (role,))


# What nobody may do, the administrator included: these records are the trace of what
# happened, and change only through their services.
NEVER: dict[str, frozenset[str]] = {
    # A case leaves the statistics only by being withdrawn, never by deletion.
    "enforcement.enforcementcase": frozenset({DELETE}),
    # A statistical year is closed and reopened, never deleted.
    "enforcement.statisticalyear": frozenset({DELETE}),
    # A closed year's figures are frozen.
    "enforcement.annualsnapshot": frozenset({ADD, CHANGE, DELETE}),
    "enforcement.yearlogentry": frozenset({ADD, CHANGE, DELETE}),
    # An import job is the record of who loaded which file.
    "organizations.importjob": frozenset({ADD, CHANGE, DELETE}),
    # Votes are cast on the session's page and never edited.
    "commendations.vote": frozenset({ADD, CHANGE, DELETE}),
    # A recorded decision is a signed document.
    "commendations.decision": frozenset({CHANGE, DELETE}),
    "commendations.certificate": frozenset({ADD, CHANGE, DELETE}),
    "commendations.printjob": frozenset({ADD, CHANGE}),
    # A merger is the record of the decision that ordered it: recorded, never edited.
    "organizations.unitlineage": frozenset({CHANGE, DELETE}),
    # A base salary is the record of a decree: corrected, never deleted.
    "emulation.basesalary": frozenset({DELETE}),
}

_OUR_MODELS = [
    "organizations.locality",
    "organizations.unit",
    "organizations.person",
    "organizations.membership",
    "organizations.importjob",
    "organizations.qualityrating",
    "organizations.discipline",
    "organizations.unitlineage",
    "enforcement.enforcementcase",
    "enforcement.target",
    "enforcement.statisticalyear",
    "enforcement.annualsnapshot",
    "enforcement.yearlogentry",
    "enforcement.legalground",
    "enforcement.court",
    "emulation.movement",
    "emulation.cluster",
    "emulation.pact",
    "emulation.indicatorresult",
    "emulation.title",
    "emulation.titleaward",
    "emulation.initiative",
    "emulation.basesalary",
    "commendations.awardform",
    "commendations.publicholiday",
    "commendations.nomination",
    "commendations.council",
    "commendations.councilsession",
    "commendations.vote",
    "commendations.decision",
    "commendations.certificate",
    "commendations.printjob",
]

# Tables of the libraries: the technical superuser's, no role's.
TECHNICAL_MODELS = [
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",
]

# The sector's reference data everybody signed in with a role reads.
_REFERENCE_READ = {
    "organizations.locality": READ,
    "organizations.unit": READ,
    "organizations.unitlineage": READ,
    "organizations.person": READ,
    # Their own import jobs (for ministry roles, also every job of the records they may read).
    "organizations.importjob": READ,
}
# The yearly ratings and discipline records eligibility reads: for those who judge nominations.
_STANDING_READ = {
    "organizations.qualityrating": READ,
    "organizations.discipline": READ,
}
_RANKING_AND_TITLES_READ = {
    "emulation.movement": READ,
    "emulation.cluster": READ,
    "emulation.pact": READ,
    "emulation.title": READ,
    "emulation.titleaward": READ,
    "emulation.initiative": READ,
    # Reward money is a multiple of it: read by those who read the titles, kept by the
    # administrator alone.
    "emulation.basesalary": READ,
}

ADMIN_MODELS: dict[str, dict[str, frozenset[str]]] = {
    Role.ADMINISTRATOR: {
        **dict.fromkeys(_OUR_MODELS, WRITE),
        "organizations.unit": WRITE | imports("organizations.unit"),
        "organizations.person": WRITE | imports("organizations.person"),
        "organizations.qualityrating": WRITE | imports("organizations.qualityrating"),
        "enforcement.enforcementcase": WRITE
        | imports("enforcement.enforcementcase", "enforcement.casestatus", "enforcement.register")
        | CASE_ACTIONS,
        "enforcement.target": WRITE | imports("enforcement.target"),
        "enforcement.statisticalyear": WRITE
        | actions("close_years", "reopen_years", "recompute_money"),
        # The catalogue of the official forms the report prints: the administrator's alone.
        "enforcement.reportform": WRITE,
        "emulation.indicatorresult": WRITE
        | imports("emulation.indicatorresult")
        | actions("submit_results", "lock_results", "unlock_results"),
        "emulation.titleaward": WRITE | imports("emulation.titleaward"),
        "emulation.initiative": WRITE | imports("emulation.initiative"),
        "commendations.nomination": WRITE
        | imports("commendations.nomination")
        | actions("submit_selected", "take_selected", "recommend_selected"),
        "commendations.councilsession": WRITE | actions("close_selected"),
        # The templates of the official documents: the administrator's alone.
        "commendations.documenttemplate": WRITE,
        "auth.user": WRITE,
        "auth.group": READ,
    },
    Role.ENFORCEMENT_CLERK: {
        **_REFERENCE_READ,
        "enforcement.enforcementcase": READ
        | {ADD, CHANGE}
        | imports("enforcement.enforcementcase", "enforcement.casestatus", "enforcement.register")
        | CASE_ACTIONS,
        "enforcement.target": READ,
        "enforcement.statisticalyear": READ,
        "enforcement.annualsnapshot": READ,
        # The grounds a status change names (Art. 44a, 48–50): kept at the ministry.
        "enforcement.legalground": READ,
        # The courts whose judgments cases enforce: reference data, kept at the ministry.
        "enforcement.court": READ,
    },
    Role.EMULATION_OFFICER: {
        **_REFERENCE_READ,
        **_RANKING_AND_TITLES_READ,
        "organizations.person": READ | {ADD, CHANGE} | imports("organizations.person"),
        "organizations.qualityrating": READ
        | {ADD, CHANGE}
        | imports("organizations.qualityrating"),
        "organizations.discipline": READ | {ADD, CHANGE},
        "emulation.indicatorresult": WRITE
        | imports("emulation.indicatorresult")
        # Locking takes effect only for a cluster head's officers: the service decides.
        | actions("submit_results", "lock_results"),
        "emulation.initiative": READ | {ADD, CHANGE} | imports("emulation.initiative"),
        "commendations.awardform": READ,
        "commendations.publicholiday": READ,
        "commendations.nomination": WRITE
        | imports("commendations.nomination")
        | actions("submit_selected"),
        "commendations.decision": READ,
        "commendations.certificate": READ,
        "commendations.printjob": READ,
    },
    Role.REVIEWER: {
        **_REFERENCE_READ,
        **_STANDING_READ,
        **_RANKING_AND_TITLES_READ,
        "commendations.awardform": READ,
        "commendations.publicholiday": READ,
        "commendations.nomination": READ | actions("take_selected", "recommend_selected"),
        "commendations.council": READ,
        # The reviewers' department is the council's secretariat: it opens and closes sessions.
        "commendations.councilsession": READ | {ADD} | actions("close_selected"),
        "commendations.vote": READ,
        "commendations.decision": READ,
        "commendations.certificate": READ,
        "commendations.printjob": READ,
    },
    Role.COUNCIL_MEMBER: {
        **_REFERENCE_READ,
        **_STANDING_READ,
        **_RANKING_AND_TITLES_READ,
        "commendations.awardform": READ,
        "commendations.publicholiday": READ,
        "commendations.nomination": READ,
        "commendations.council": READ,
        "commendations.councilsession": READ,
        "commendations.vote": READ,
    },
    Role.LEADER: {
        **dict.fromkeys(_OUR_MODELS, READ),
        "commendations.decision": READ | {ADD},
    },
    NO_MEMBERSHIP: {},
    ANONYMOUS: {},
}

# The pages outside the admin, by name (see ``PAGES`` in the test module for their addresses).
_NOMINATION_READERS = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.EMULATION_OFFICER,
        Role.REVIEWER,
        Role.COUNCIL_MEMBER,
        Role.LEADER,
    }
)
_DRAFTERS = frozenset({Role.ADMINISTRATOR, Role.EMULATION_OFFICER})
_SECRETARIAT = frozenset({Role.ADMINISTRATOR, Role.REVIEWER})
_COUNCIL_READERS = frozenset({Role.ADMINISTRATOR, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.LEADER})
_DECISION_READERS = frozenset(
    {Role.ADMINISTRATOR, Role.EMULATION_OFFICER, Role.REVIEWER, Role.LEADER}
)
_PRINTERS = _DECISION_READERS
_STATISTICS_READERS = frozenset({Role.ADMINISTRATOR, Role.ENFORCEMENT_CLERK, Role.LEADER})
# Who reads the enforcement cases (READ on the model above).
_CASE_READERS = frozenset({Role.ADMINISTRATOR, Role.ENFORCEMENT_CLERK, Role.LEADER})
# Who changes them (CHANGE on the model above).
_CASE_WRITERS = frozenset({Role.ADMINISTRATOR, Role.ENFORCEMENT_CLERK})
_IMPORTERS = frozenset(
    {Role.ADMINISTRATOR, Role.ENFORCEMENT_CLERK, Role.EMULATION_OFFICER, Role.REVIEWER}
    | {Role.COUNCIL_MEMBER, Role.LEADER}
)

PAGES: dict[str, frozenset[str]] = {
    # The reviewer pages, /review/.
    "queue": _NOMINATION_READERS,
    "suggestions": _NOMINATION_READERS,
    "nomination": _NOMINATION_READERS,
    "nomination_create": _DRAFTERS,
    "nomination_edit": _DRAFTERS,
    "nomination_delete": _DRAFTERS,
    "nomination_submit": _DRAFTERS,
    "nomination_take": _SECRETARIAT,
    "dossier_file": _NOMINATION_READERS,
    "dossier_upload": _DRAFTERS,
    "dossier_remove": _DRAFTERS,
    "sessions": _COUNCIL_READERS,
    "session": _COUNCIL_READERS,
    "session_minutes": _COUNCIL_READERS,
    "session_minutes_docx": _COUNCIL_READERS,
    "vote_ballot": _COUNCIL_READERS,
    "session_presence": _SECRETARIAT,
    "session_close": _SECRETARIAT,
    "decisions": _DECISION_READERS,
    "decision": _DECISION_READERS,
    "decision_xlsx": _DECISION_READERS,
    "decision_document": _DECISION_READERS,
    "decision_create": frozenset({Role.ADMINISTRATOR, Role.LEADER}),
    "decision_print": _PRINTERS,
    "certificate_pdf": _PRINTERS,
    "print_job": _PRINTERS,
    "print_job_progress": _PRINTERS,
    "print_job_file": _PRINTERS,
    # Reports, /reports/.
    "enforcement_report": _STATISTICS_READERS,
    "enforcement_report_xlsx": _STATISTICS_READERS,
    "enforcement_report_unit": _STATISTICS_READERS,
    # An enforcer without this permission sees their own row (tests/enforcement).
    "enforcement_enforcers": _STATISTICS_READERS,
    "enforcement_enforcers_unit": _STATISTICS_READERS,
    # The intake register: whoever reads the cases, of their units (issue 20).
    "enforcement_register": _CASE_READERS,
    "enforcement_register_unit": _CASE_READERS,
    "enforcement_case_register": _CASE_READERS,
    # Linking an entrustment by hand, from a case's page: whoever may change the case opens
    # the page; it lists only the other side's cases they may change too (tests/enforcement).
    "enforcement_case_link_sender": _CASE_WRITERS,
    "enforcement_case_link_receiver": _CASE_WRITERS,
    "emulation_ranking": _NOMINATION_READERS,
    "eligibility": _NOMINATION_READERS,
    "eligibility_unit": _NOMINATION_READERS,
    "eligibility_person": _NOMINATION_READERS,
    # An import job's pages in the admin: its owner's, or every job for ministry roles.
    "import_job_progress": _IMPORTERS,
    "import_job_errors": _IMPORTERS,
}


def may(role: str, subject: str, action: str) -> bool:
    """Tell whether the table lets the role do the action on a model (or open a page).

    A persona with two memberships may what either of its roles may, somewhere; where it
    may do it is the matrix test's ``grants``.
    """
    if role in COMPOSITES:
        return any(may(part, subject, action) for part in COMPOSITES[role])
    if subject == "page":
        return role in PAGES[action]
    if action == "action:delete_selected":
        # The admin's own bulk delete is the delete permission.
        action = DELETE
    if action in NEVER.get(subject, frozenset()):
        return False
    return action in ADMIN_MODELS[role].get(subject, frozenset())
