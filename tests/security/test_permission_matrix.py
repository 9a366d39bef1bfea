"""The permission matrix: every role × admin model or page × action × in and out of scope.

Cells are generated from the admin site's registry, so a newly registered model joins the
matrix and fails until ``permission_matrix.ADMIN_MODELS`` says who may do what with it. Each
cell asks the application over HTTP and compares the answer with the hand-written table.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from import_export.formats import base_formats

from organizations.roles import Role
from tests.security import permission_matrix as table
from tests.security.matrix_world import (
    ANONYMOUS,
    CLERK_AND_LEADER,
    CLERK_UNIT,
    ELSEWHERE,
    ENTRUSTED_CASES,
    NO_MEMBERSHIP,
    OFFICER_AND_REVIEWER,
    OFFICER_UNIT,
    RECEIVED_CASES,
    MatrixWorld,
    build_world,
)

# Every cell, and the module's world, needs the test database.
pytestmark = pytest.mark.django_db

ROLES = [
    Role.ADMINISTRATOR,
    Role.ENFORCEMENT_CLERK,
    Role.EMULATION_OFFICER,
    Role.REVIEWER,
    Role.COUNCIL_MEMBER,
    Role.LEADER,
    NO_MEMBERSHIP,
    ANONYMOUS,
    CLERK_AND_LEADER,
    OFFICER_AND_REVIEWER,
]
OWN, OTHER, ONLY = "own", "other", "only"
WITHOUT_RECORDS = {"django_tasks_database.dbtaskresult"}
# Scoped records exist in three places; the unscoped ones once.
SCOPED_MODELS = {
    "organizations.unit",
    "organizations.person",
    "organizations.membership",
    "organizations.importjob",
    "organizations.qualityrating",
    "organizations.discipline",
    "organizations.unitlineage",
    "enforcement.enforcementcase",
    "enforcement.target",
    "enforcement.annualsnapshot",
    "emulation.cluster",
    "emulation.pact",
    "emulation.indicatorresult",
    "emulation.titleaward",
    "emulation.initiative",
    "commendations.nomination",
    "commendations.dossierfile",
    "commendations.council",
    "commendations.councilsession",
    "commendations.vote",
    "commendations.decision",
    "commendations.certificate",
    "commendations.printjob",
}


@dataclass(frozen=True)
class Cell:
    role: str
    subject: str  # a model label, or "page"
    action: str
    where: str  # OWN, OTHER or ONLY (an unscoped record, or no record at all)

    @property
    def id(self) -> str:
        return f"{self.role}-{self.subject}-{self.action}-{self.where}"


def own_place(role: str) -> str:
    """Return where the role's own records are (a Đà Nẵng record for ministry-wide roles)."""
    return OFFICER_UNIT if Role.EMULATION_OFFICER in table.parts(role) else CLERK_UNIT


def place_of(cell: Cell) -> str:
    return {OWN: own_place(cell.role), OTHER: ELSEWHERE}.get(cell.where, "*")


def visible(role: str, where: str) -> bool:
    """Tell whether the scope rule lets the role see a record at ``where``."""
    if role in table.COMPOSITES:
        return any(visible(part, where) for part in table.parts(role))
    scope = table.SCOPE[role]
    if where == ONLY:
        return scope != table.NO_UNITS or role == NO_MEMBERSHIP
    return scope == table.SEES_ALL or (scope == table.OWN_UNITS and where == OWN)


def grants(role: str, subject: str, action: str, where: str) -> bool:
    """Tell whether one of the persona's memberships allows the action on a record at ``where``.

    A permission holds only in the units of the membership whose role grants it: a clerk of
    Đà Nẵng who is also a leader at the ministry reads every city's cases and changes only
    Đà Nẵng's.
    """
    return any(
        table.may(part, subject, action) and visible(part, where) for part in table.parts(role)
    )


def refusals(cell: Cell) -> set[int]:
    """Return the statuses that refuse the cell: 403, 404 out of scope, either when both."""
    if cell.role in table.COMPOSITES:
        # One membership may see the record while the other holds the permission elsewhere.
        return {403, 404}
    allowed = table.may(cell.role, cell.subject, cell.action.split("@")[0])
    seen = visible(cell.role, cell.where)
    if allowed and not seen:
        return {404}
    if not allowed and seen:
        return {403}
    return {403, 404}


# ----------------------------------------------------------------------------------------------
# The cells.


def _places(label: str) -> tuple[str, ...]:
    if label in SCOPED_MODELS:
        return (OWN, OTHER)
    # The world holds no record of some library tables (background task results).
    return () if label in WITHOUT_RECORDS else (ONLY,)


def _autocomplete_sources() -> Iterator[tuple[str, str, str]]:
    """Yield (target label, source label, field) for every autocomplete field of the admin."""
    for model, model_admin in admin.site._registry.items():
        holders = [
            (model, model_admin.autocomplete_fields),
            *((inline.model, inline.autocomplete_fields) for inline in model_admin.inlines),
        ]
        for source, fields in holders:
            for name in fields:
                target = source._meta.get_field(name).remote_field.model
                yield target._meta.label_lower, source._meta.label_lower, name


def admin_cells() -> list[Cell]:
    cells = []
    sources: dict[str, list[str]] = {}
    for target, source, name in _autocomplete_sources():
        sources.setdefault(target, []).append(f"{source}.{name}")
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        subject_actions = [(table.LIST, ONLY), (table.ADD, ONLY)]
        for where in _places(label):
            for action in (table.VIEW, table.CHANGE, table.DELETE, table.HISTORY):
                subject_actions.append((action, where))
            for name in ["delete_selected", *model_admin.actions]:
                subject_actions.append((f"action:{name}", where))
        if hasattr(model_admin, "export_action"):
            subject_actions.append((table.EXPORT, ONLY))
        for key in getattr(model_admin, "import_spec_keys", ()):
            subject_actions.append((f"import:{key}", ONLY))
        for source in sources.get(label, []):
            subject_actions.append((f"{table.VIEW}@autocomplete:{source}", ONLY))
        for role in ROLES:
            cells.extend(Cell(role, label, action, where) for action, where in subject_actions)
    return cells


@dataclass(frozen=True)
class Page:
    """A page outside the admin: its method, its address and the model whose scope it follows."""

    method: str
    url: Callable[[MatrixWorld, str], str]
    scoped: bool = False
    data: dict[str, str] | None = None


def _by_pk(name: str, label: str) -> Callable[[MatrixWorld, str], str]:
    return lambda world, place: reverse(name, args=[world.record(label, place).pk])


def _with(name: str, **query: str) -> Callable[[MatrixWorld, str], str]:
    text = "&".join(f"{key}={value}" for key, value in query.items())
    return lambda world, place: f"{reverse(name)}?{text}"


def _unit_query(name: str, key: str) -> Callable[[MatrixWorld, str], str]:
    return lambda world, place: f"{reverse(name)}?year=2024&{key}={world.units[place].code}"


def _person_query(world: MatrixWorld, place: str) -> str:
    person = world.record("organizations.person", place)
    return f"{reverse('emulation:eligibility')}?year=2024&person={person.staff_code}"


NOMINATION = "commendations.nomination"
DOSSIER = "commendations.dossierfile"
SESSION = "commendations.councilsession"
DECISION = "commendations.decision"
PRINT_JOB = "commendations.printjob"
IMPORT_JOB = "organizations.importjob"
PAGE_ADDRESSES: dict[str, Page] = {
    "queue": Page("get", _with("commendations:queue")),
    "suggestions": Page("get", _with("commendations:suggestions", year="2024")),
    "nomination": Page("get", _by_pk("commendations:nomination", NOMINATION), True),
    "nomination_create": Page("get", _with("commendations:nomination_create")),
    "nomination_edit": Page("get", _by_pk("commendations:nomination_edit", NOMINATION), True),
    # Irreversible steps carry their confirmation, as the confirmation page sends it.
    "nomination_delete": Page(
        "post", _by_pk("commendations:nomination_delete", NOMINATION), True, {"confirmed": "1"}
    ),
    "nomination_submit": Page(
        "post",
        _by_pk("commendations:nomination_action", NOMINATION),
        True,
        {"action": "submit", "confirmed": "1"},
    ),
    "nomination_take": Page(
        "post", _by_pk("commendations:nomination_action", NOMINATION), True, {"action": "take"}
    ),
    "dossier_file": Page("get", _by_pk("commendations:dossier_file", DOSSIER), True),
    "dossier_upload": Page("post", _by_pk("commendations:dossier_upload", NOMINATION), True),
    "dossier_remove": Page("post", _by_pk("commendations:dossier_remove", DOSSIER), True),
    "sessions": Page("get", _with("commendations:sessions")),
    "session": Page("get", _by_pk("commendations:session", SESSION), True),
    "session_minutes": Page("get", _by_pk("commendations:session_minutes", SESSION), True),
    "session_minutes_docx": Page(
        "get", _by_pk("commendations:session_minutes_docx", SESSION), True
    ),
    "vote_ballot": Page("get", _by_pk("commendations:vote_ballot", "commendations.vote"), True),
    "session_presence": Page("post", _by_pk("commendations:session_presence", SESSION), True),
    "session_close": Page(
        "post", _by_pk("commendations:session_close", SESSION), True, {"confirmed": "1"}
    ),
    "decisions": Page("get", _with("commendations:decisions")),
    "decision": Page("get", _by_pk("commendations:decision", DECISION), True),
    "decision_xlsx": Page("get", _by_pk("commendations:decision_xlsx", DECISION), True),
    "decision_document": Page(
        "get",
        lambda world, place: reverse(
            "commendations:decision_document", args=[world.record(DECISION, place).pk, "pdf"]
        ),
        True,
    ),
    "decision_create": Page("get", _with("commendations:decision_create")),
    "decision_print": Page("post", _by_pk("commendations:decision_print", DECISION), True),
    "certificate_pdf": Page(
        "get", _by_pk("commendations:certificate_pdf", "commendations.certificate"), True
    ),
    "print_job": Page("get", _by_pk("commendations:print_job", PRINT_JOB), True),
    "print_job_progress": Page("get", _by_pk("commendations:print_job_progress", PRINT_JOB), True),
    "print_job_file": Page("get", _by_pk("commendations:print_job_file", PRINT_JOB), True),
    "enforcement_report": Page("get", _with("enforcement:report", year="2024")),
    "enforcement_report_xlsx": Page("get", _with("enforcement:report", year="2024", format="xlsx")),
    "enforcement_report_unit": Page("get", _unit_query("enforcement:report", "unit"), True),
    "enforcement_enforcers": Page("get", _with("enforcement:enforcers", year="2024")),
    "enforcement_enforcers_unit": Page("get", _unit_query("enforcement:enforcers", "unit"), True),
    "enforcement_register": Page("get", _with("enforcement:register")),
    "enforcement_register_unit": Page(
        "get",
        lambda world, place: (
            f"{reverse('enforcement:register')}?unit={world.units[place].pk}&format=xlsx"
        ),
        True,
    ),
    "enforcement_case_register": Page(
        "get", _with("admin:enforcement_enforcementcase_register", year="2024")
    ),
    "enforcement_case_link_sender": Page(
        "get", _by_pk("admin:enforcement_enforcementcase_link_sender", RECEIVED_CASES), True
    ),
    "enforcement_case_link_receiver": Page(
        "get", _by_pk("admin:enforcement_enforcementcase_link_receiver", ENTRUSTED_CASES), True
    ),
    "emulation_ranking": Page("get", _with("emulation:ranking", year="2024")),
    "eligibility": Page("get", _with("emulation:eligibility", year="2024")),
    "eligibility_unit": Page("get", _unit_query("emulation:eligibility", "unit"), True),
    "eligibility_person": Page("get", _person_query, True),
    "import_job_progress": Page(
        "get", _by_pk("admin:organizations_importjob_progress", IMPORT_JOB), True
    ),
    "import_job_errors": Page(
        "get", _by_pk("admin:organizations_importjob_errors", IMPORT_JOB), True
    ),
}


def page_cells() -> list[Cell]:
    assert set(PAGE_ADDRESSES) == set(table.PAGES), "every page needs an address and a rule"
    cells = []
    for name, page in PAGE_ADDRESSES.items():
        for where in (OWN, OTHER) if page.scoped else (ONLY,):
            cells.extend(Cell(role, "page", name, where) for role in ROLES)
    return cells


CELLS = admin_cells() + page_cells()


@dataclass(frozen=True)
class Group:
    """The cells of one role on one model or page, asked in one test to keep the run fast."""

    role: str
    subject: str
    cells: tuple[Cell, ...]

    @property
    def id(self) -> str:
        return f"{self.role}-{self.subject}"


def _groups() -> list[Group]:
    found: dict[tuple[str, str], list[Cell]] = {}
    for cell in CELLS:
        subject = f"page:{cell.action}" if cell.subject == "page" else cell.subject
        found.setdefault((cell.role, subject), []).append(cell)
    return [Group(role, subject, tuple(cells)) for (role, subject), cells in found.items()]


GROUPS = _groups()


def test_matrix_size_is_recorded() -> None:
    """Print the matrix's size; the README quotes it."""
    models_count = len({cell.subject for cell in CELLS if cell.subject != "page"})
    print(
        f"\npermission matrix: {len(CELLS)} cells = {len(ROLES)} roles × {models_count} admin "
        f"models and {len(PAGE_ADDRESSES)} pages × their actions, in and out of scope"
    )
    assert {cell.subject for cell in CELLS if cell.subject != "page"} <= {
        *table.ADMIN_MODELS[Role.ADMINISTRATOR],
        *table.TECHNICAL_MODELS,
        *table.NEVER,
    }, "a registered model is missing from the expectation table"


# ----------------------------------------------------------------------------------------------
# The world, built once for the module.


@pytest.fixture(scope="module")
def matrix(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[tuple[MatrixWorld, dict[str, Client], Path]]:
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            clients = {}
            for role, user in world.users.items():
                client = Client()
                if user is not None:
                    client.force_login(user)
                clients[role] = client
            yield world, clients, media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _matrix_media(_test_settings: None, settings, matrix) -> None:
    # The world's files live in the module's media folder.
    settings.MEDIA_ROOT = matrix[2]


# ----------------------------------------------------------------------------------------------
# Asking the application.


def _admin_url(label: str, view: str, obj: models.Model | None = None) -> str:
    app_label, model_name = label.split(".")
    args = [obj.pk] if obj is not None else []
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def _snapshot(obj: models.Model | None) -> object:
    if obj is None:
        return None
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return "deleted"
    return model_to_dict(fresh, exclude=["password", "file", "permissions", "groups"])


def _refused_by_admin(response: HttpResponse) -> bool:
    """Tell whether the admin refused to run an action: 403, not offered, or no actions at all."""
    if response.status_code == 403:
        return True
    texts = set()
    for language in ("vi", "en"):
        with translation.override(language):
            texts.add(translation.gettext("No action selected."))
    queued = getattr(get_messages(response.wsgi_request), "_queued_messages", [])
    if any(str(message) in texts for message in queued):
        return True
    # A list offering the role no action at all takes the POST for a plain view of the list.
    context = getattr(response, "context_data", None) or {}
    return response.status_code == 200 and "cl" in context


def _assert_login(response: HttpResponse, url: str) -> None:
    assert response.status_code == 302, response.status_code
    assert "login" in response["Location"], response["Location"]


def _export_rows(label: str, content: bytes) -> list[tuple[str, ...]]:
    text = content.decode("utf-8-sig")
    return [tuple(row) for row in csv.reader(io.StringIO(text))]


def _expected_rows(model_admin: admin.ModelAdmin, obj: models.Model) -> list[tuple[str, ...]]:
    """Return the rows the record gives in its list's export (a decision: its certificates)."""
    resource_class = model_admin.get_export_resource_classes(None)[0]
    exported = resource_class._meta.model
    if exported is type(obj):
        queryset = exported._default_manager.filter(pk=obj.pk)
    else:
        link = next(f.name for f in exported._meta.fields if f.related_model is type(obj))
        queryset = exported._default_manager.filter(**{link: obj})
    dataset = resource_class().export(queryset=queryset)
    rows = _export_rows("", base_formats.CSV().export_data(dataset).encode())[1:]
    assert rows, "the record gives no row to look for"
    return rows


def _exported(model_admin: admin.ModelAdmin, obj: models.Model, rows: list) -> bool:
    return all(row in rows for row in _expected_rows(model_admin, obj))


def _csv_format_index(model_admin: admin.ModelAdmin) -> str:
    formats = model_admin.get_export_formats()
    return str(next(i for i, f in enumerate(formats) if f().get_title() == "csv"))


@pytest.mark.parametrize("group", GROUPS, ids=lambda group: group.id)
def test_cells(group: Group, matrix) -> None:
    """Ask every cell of the group; report each failing cell by its id."""
    world, clients, _media = matrix
    client = clients[group.role]
    failures = []
    for cell in group.cells:
        # Messages a previous cell left in the client's cookie are not this cell's answer.
        client.cookies.pop("messages", None)
        try:
            # Each cell in its own savepoint: what one cell writes, the next does not see.
            with transaction.atomic():
                _check_cell(cell, world, client)
                transaction.set_rollback(True)
        except AssertionError as failure:
            failures.append(f"{cell.id}: {failure}")
    assert not failures, "\n".join(failures)


def _check_cell(cell: Cell, world: MatrixWorld, client: Client) -> None:
    if cell.subject == "page":
        _restore_files(world)
        _check_page(cell, world, client)
    elif cell.action.startswith("action:"):
        _check_admin_action(cell, world, client)
    else:
        _check_admin_view(cell, world, client)


def _restore_files(world: MatrixWorld) -> None:
    # A cell that deleted a record deleted its file too; a rollback does not bring files back.
    for label in ("commendations.dossierfile", "commendations.printjob"):
        for record in world.records[label].values():
            if not default_storage.exists(record.file.name):
                default_storage.save(record.file.name, ContentFile(b"%PDF-1.4\n% matrix\n"))


def _check_admin_view(cell: Cell, world: MatrixWorld, client: Client) -> None:
    label, action = cell.subject, cell.action
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)
    obj = world.record(label, place_of(cell))
    own = world.record(label, own_place(cell.role)) if label in SCOPED_MODELS else None
    other = world.record(label, ELSEWHERE) if label in SCOPED_MODELS else None
    before = _snapshot(obj)
    if action == table.LIST:
        url = _admin_url(label, "changelist")
        response = client.get(url)
    elif action == table.ADD:
        url = _admin_url(label, "add")
        response = client.get(url)
    elif action in (table.VIEW, table.CHANGE, table.DELETE, table.HISTORY):
        view = {table.VIEW: "change", table.CHANGE: "change"}.get(action, action)
        url = _admin_url(label, view, obj)
        response = client.post(url, {}) if action == table.CHANGE else client.get(url)
    elif action == table.EXPORT:
        url = _admin_url(label, "export")
        data = {"format": _csv_format_index(model_admin), "resource": "0"}
        form_resource = model_admin.get_export_resource_classes(None)[0]
        for name in form_resource().get_export_order():
            data[f"{form_resource.__name__.lower()}_{name}"] = "on"
        response = client.post(url, data)
    elif action.startswith("import:"):
        index = model_admin.import_spec_keys.index(action.removeprefix("import:"))
        url = reverse(f"admin:{label.replace('.', '_')}_import_file", args=[index])
        response = client.get(url)
        if response.status_code == 200:
            template = reverse(f"admin:{label.replace('.', '_')}_import_template", args=[index])
            response = client.get(template)
    else:
        source, field = action.removeprefix(f"{table.VIEW}@autocomplete:").rsplit(".", 1)
        app_label, model_name = source.split(".")
        url = reverse("admin:autocomplete")
        response = client.get(
            url, {"app_label": app_label, "model_name": model_name, "field_name": field}
        )
    if cell.role == ANONYMOUS:
        _assert_login(response, url)
        return
    if grants(cell.role, label, action.split("@")[0], cell.where):
        success = {200, 302} if action == table.CHANGE else {200}
        assert response.status_code in success, (response.status_code, url)
    else:
        assert response.status_code in refusals(cell), (response.status_code, url)
        assert _snapshot(obj) == before, "a refused request changed the record"
        return
    # What a list, an export and an autocomplete answer holds: in scope only.
    if own is None:
        return
    # A record is listed where one of the persona's memberships may read such records.
    reading = action.split("@")[0]
    if action == table.LIST:
        body = response.content.decode()
        assert (_admin_url(label, "change", own) in body) is grants(cell.role, label, reading, OWN)
        assert (_admin_url(label, "change", other) in body) is grants(
            cell.role, label, reading, OTHER
        )
    elif action == table.EXPORT:
        rows = _export_rows(label, response.content)
        assert _exported(model_admin, own, rows) is grants(cell.role, label, reading, OWN)
        assert _exported(model_admin, other, rows) is grants(cell.role, label, reading, OTHER)
    elif "@autocomplete:" in action:
        ids = {result["id"] for result in response.json()["results"]}
        assert (str(own.pk) in ids) is grants(cell.role, label, reading, OWN), ids
        assert (str(other.pk) in ids) is grants(cell.role, label, reading, OTHER), ids


def _check_admin_action(cell: Cell, world: MatrixWorld, client: Client) -> None:
    label = cell.subject
    obj = world.record(label, place_of(cell))
    name = cell.action.removeprefix("action:")
    url = _admin_url(label, "changelist")
    before = _snapshot(obj)
    response = client.post(
        url,
        {
            "action": name,
            "index": "0",
            "_selected_action": [str(obj.pk)],
            # The answers of the actions' own forms, so that allowed actions really run.
            "apply": "1",
            "post": "yes",
            "on": datetime.date.today().strftime("%d/%m/%Y"),
            "amount": "1000",
            "to_unit": str(world.units[ELSEWHERE].pk),
            "reason": "Kiểm tra ma trận quyền",
        },
    )
    if cell.role == ANONYMOUS:
        _assert_login(response, url)
        assert _snapshot(obj) == before
        return
    allowed = table.may(cell.role, label, cell.action)
    refused = _refused_by_admin(response)
    if not allowed:
        assert refused, (response.status_code, "the action ran")
        assert _snapshot(obj) == before, "a refused action changed the record"
        return
    if cell.role in table.COMPOSITES and not grants(cell.role, label, cell.action, cell.where):
        # Offered for the units of the membership that grants it, refused for this record.
        assert response.status_code in (200, 302, 403), response.status_code
        assert _snapshot(obj) == before, "an action reached a record outside its membership"
        return
    assert response.status_code in (200, 302), response.status_code
    assert not refused, "the action was not offered"
    if not grants(cell.role, label, cell.action, cell.where):
        assert _snapshot(obj) == before, "an action reached a record outside the scope"


def _check_page(cell: Cell, world: MatrixWorld, client: Client) -> None:
    page = PAGE_ADDRESSES[cell.action]
    place = place_of(cell)
    url = page.url(world, place if place != "*" else own_place(cell.role))
    post = page.method == "post"
    response = client.post(url, page.data or {}) if post else client.get(url)
    if cell.role == ANONYMOUS:
        _assert_login(response, url)
        return
    if not grants(cell.role, "page", cell.action, cell.where):
        assert response.status_code in refusals(cell), (response.status_code, url)
        return
    expected = 302 if page.method == "post" else 200
    assert response.status_code == expected, (response.status_code, url)
    if not page.scoped and page.method == "get" and not visible(cell.role, OTHER):
        _assert_nothing_from_elsewhere(cell, world, response)


def _assert_nothing_from_elsewhere(cell: Cell, world: MatrixWorld, response: HttpResponse) -> None:
    """A list page of a role with a local scope names nothing of another city."""
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
    else:
        return
    elsewhere = world.units[ELSEWHERE]
    for label, name in (
        (NOMINATION, "commendations:nomination"),
        ("commendations.councilsession", "commendations:session"),
        ("commendations.decision", "commendations:decision"),
    ):
        assert reverse(name, args=[world.record(label, ELSEWHERE).pk]) not in body
    assert elsewhere.name not in body, f"{elsewhere.name} appears on {cell.action}"
    assert world.record("emulation.cluster", ELSEWHERE).name not in body
