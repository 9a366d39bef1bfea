"""Hostile files and form values: each is refused clearly or stored and shown safely, never a 500.

Existing import tests already prove parts of this and are not repeated: wrong extensions,
a zip bomb, a renamed CSV, UTF-16 and too many rows (tests/imports/test_people_import.py),
impossible dates and amounts (tests/imports/test_values.py), exports escaping formulas
(test_people_import.test_export_escapes_cells_that_look_like_formulas) and dossier types
(tests/commendations/test_dossier.py). Here the whole corpus (tests/security/corpus.py)
goes through the import pages and the import command (a readable file through every import
kind, a file the reader refuses through one, a different one per file), the main forms (one
bad value per path through a field) and the report pages.
"""

from __future__ import annotations

import functools
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from commendations.models import DossierFile, Nomination, NominationEvent, Vote
from organizations.admin.imports import ImportableAdminMixin
from organizations.imports.reading import ImportFileError, read_table
from organizations.imports.specs import get_spec
from organizations.models import ImportJob, Person, Unit
from tests.commendations.factories import make_council, nomination_in, open_session
from tests.security.corpus import (
    BAD_DATES,
    BAD_LOOKUPS,
    BAD_NUMBERS,
    BAD_ORDERINGS,
    BAD_QUERY,
    BAD_TEXT,
    SCRIPT,
    BadFile,
    bad_files,
)

pytestmark = pytest.mark.django_db
corpus = functools.cache(bad_files)


def _client(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _import_pages() -> list[tuple[str, str]]:
    """Return (spec key, upload address) of every import kind of every admin."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ImportableAdminMixin):
            opts = model._meta
            for index, key in enumerate(model_admin.import_spec_keys):
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_import_file", args=[index])
                pages.append((key, url))
    return sorted(pages)


@functools.cache
def _refused_by_the_reader(key: str) -> bool:
    """Whether the file is refused before any import kind looks at it (its columns, rows)."""
    bad = next(bad for bad in corpus() if bad.key == key)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / bad.name
        path.write_bytes(bad.content)
        try:
            for _row in read_table(path, name=bad.name).rows:
                pass
        except ImportFileError:
            return True
    return False


def _targets(bad: BadFile, targets: list[Any]) -> list[Any]:
    """Return the import kinds a file goes through.

    A file the reader refuses gets the same answer from every kind, so it goes through one,
    a different one for each file of the corpus, so every kind still answers such a refusal;
    a readable file goes through every kind, whose columns and rows decide its report.
    """
    if bad.heavy or _refused_by_the_reader(bad.key):
        return [targets[corpus().index(bad) % len(targets)]]
    return targets


def _counts() -> dict[str, int]:
    return {key: get_spec(key).model._default_manager.count() for key, _url in _import_pages()}


def _safe_page(response: HttpResponse) -> str:
    """Return a page's text after checking it is no server error and shows no raw script."""
    assert response.status_code < 500, response.status_code
    html = response.content.decode()
    assert SCRIPT not in html
    assert "<img src=x onerror" not in html
    return html


def test_every_importable_model_has_an_import_page():
    assert len(_import_pages()) >= 9


@pytest.mark.parametrize("bad", corpus(), ids=lambda bad: bad.key)
def test_a_hostile_file_is_refused_clearly_on_every_import_page(
    bad: BadFile, world, administrator, settings, django_capture_on_commit_callbacks
):
    client = _client(administrator)
    before = _counts()
    for key, url in _targets(bad, _import_pages()):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": SimpleUploadedFile(bad.name, bad.content)})
        if response.status_code == 302:
            response = client.get(response["Location"])
        html = _safe_page(response)
        assert response.status_code == 200, key
        if bad.refusal:
            assert any(words in html for words in bad.refusal.split("|")), key
        assert not ImportJob.objects.filter(status=ImportJob.Status.DONE).exists()

    assert _counts() == before


@pytest.mark.parametrize("bad", corpus(), ids=lambda bad: bad.key)
def test_a_hostile_file_is_refused_clearly_by_the_import_command(
    bad: BadFile, world, administrator, tmp_path
):
    path = tmp_path / bad.name
    path.write_bytes(bad.content)
    before = _counts()
    keys = [key for key, _url in _import_pages()]

    for key in _targets(bad, keys):
        output = io.StringIO()
        try:
            call_command("import_data", key, str(path), user=administrator.username, stdout=output)
        except CommandError as error:
            output.write(str(error))
        if bad.refusal:
            assert any(words in output.getvalue() for words in bad.refusal.split("|")), key

    assert _counts() == before


def test_hostile_text_imported_is_shown_escaped_and_exported_without_formulas(
    world, officer_danang, tmp_path
):
    rows = "Đơn vị,Mã công chức,Họ và tên,Chức vụ\n"
    rows += f'STP-DN,DN-X1,"{SCRIPT}","=cmd|\'/C calc\'!A0"\n'
    client = _client(officer_danang)
    response = client.post(
        reverse("admin:organizations_person_import_file", args=[0]),
        {"file": SimpleUploadedFile("nhan-su.csv", rows.encode())},
    )
    job = ImportJob.objects.get()
    _safe_page(client.get(response["Location"]))  # the sample shows the script as text
    client.post(reverse("admin:organizations_importjob_apply", args=[job.pk]))
    person = Person.objects.get(staff_code="DN-X1")
    assert person.full_name == SCRIPT  # stored as typed ...

    for url in (
        reverse("admin:organizations_person_changelist"),
        reverse("admin:organizations_person_change", args=[person.pk]),
        reverse("admin:organizations_person_history", args=[person.pk]),
    ):
        assert "&lt;script&gt;" in _safe_page(client.get(url))  # ... and shown as text
    exported = client.post(
        reverse("admin:organizations_person_export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"personresource_{f}": "on" for f in ("unit", "staff_code", "full_name", "position")
            },
        },
    ).content.decode("utf-8-sig")
    assert "'=cmd" in exported
    assert ",=cmd" not in exported


# --- Forms -----------------------------------------------------------------------------------


def _admin_add_form(client: Client, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the add page's untouched post data (initial values, inline forms) and fields."""
    context = client.get(url).context
    form = context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for formset in context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data, form.fields


def _kind(field: Any) -> str:
    from django import forms

    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "number"
    if isinstance(field, forms.CharField):
        return "text"
    return "other"


# Of the corpus, one value per path through a form field: text stored and shown (markup, an
# attribute break-out), too long, NUL; numbers negative, out of range, not finite, not a number;
# dates impossible, out of range, markup; choices that are no key. The rest of the corpus (more
# SQL, a formula) is stored exactly like the script and would only repeat its requests.
BAD_BY_KIND = {
    "text": [SCRIPT, '"><img src=x onerror=alert(1)>', "A" * 10_000, "Lê\x00Văn"],
    "number": ["-1", "99999999999999999999999999", "1e309", "NaN"],
    "date": ["31/02/2024", "99999-01-01", "<script>"],
    "choice": [SCRIPT, "' OR '1'='1"],
}
assert all(set(values) <= {*BAD_TEXT, *BAD_NUMBERS, *BAD_DATES} for values in BAD_BY_KIND.values())


def _valid_case(world) -> dict[str, Any]:
    return {
        "unit": world.danang_agency.pk,
        "decision_number": "15/QĐ-CTHADS",
        "decision_date": "10/10/2024",
        "accepted_on": "12/10/2024",
        "judgment": "Bản án số 1/2024/DS-ST",
        "judgment_kind": "civil",
        "initiation": "on_request",
        "debtor": "Nguyễn Văn A",
        "amount_due": "1000000",
        "amount_recovered": "0",
        "eligibility": "eligible",
    }


ADMIN_FORMS = {
    "unit": (
        "admin:organizations_unit_add",
        Unit,
        lambda world: {
            "code": "THADS-X",
            "name": "Đơn vị thử",
            "kind": Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
            "parent": world.danang_agency.pk,
            "valid_from": "01/01/2025",
        },
    ),
    "person": (
        "admin:organizations_person_add",
        Person,
        lambda world: {
            "unit": world.danang_agency.pk,
            "staff_code": "DN-T1",
            "full_name": "Lê Thử",
        },
    ),
    "enforcement case": ("admin:enforcement_enforcementcase_add", None, _valid_case),
    "target": (
        "admin:enforcement_target_add",
        None,
        lambda world: {"unit": world.danang_agency.pk, "year": "2024"},
    ),
}


def _model_of(url_name: str, model: type[Model] | None) -> type[Model]:
    if model is not None:
        return model
    app_model = url_name.split(":")[1].rsplit("_", 1)[0]
    for registered in admin.site._registry:
        if f"{registered._meta.app_label}_{registered._meta.model_name}" == app_model:
            return registered
    raise LookupError(url_name)


@pytest.mark.parametrize("form_name", list(ADMIN_FORMS))
def test_hostile_values_in_admin_forms_are_refused_or_stored_and_shown_escaped(
    form_name: str, world, administrator
):
    url_name, model, valid = ADMIN_FORMS[form_name]
    model = _model_of(url_name, model)
    listed = admin.site._registry[model].list_display
    client = _client(administrator)
    url = reverse(url_name)
    data, fields = _admin_add_form(client, url)
    base = {**data, **valid(world)}
    tried = 0

    for name, field in fields.items():
        shown_in_list = False
        for value in BAD_BY_KIND.get(_kind(field), []):
            before = model._default_manager.count()
            response = client.post(url, {**base, name: value})
            html = _safe_page(response)
            tried += 1
            if response.status_code == 302:
                stored = model._default_manager.order_by("-pk").first()
                change = reverse(url_name.replace("_add", "_change"), args=[stored.pk])
                _safe_page(client.get(change))  # also shows the "added" message naming it
                if name in listed and not shown_in_list:  # one list page per listed field
                    _safe_page(client.get(reverse(url_name.replace("_add", "_changelist"))))
                    shown_in_list = True
                stored.delete()
            else:
                assert 'class="errorlist' in html or "errornote" in html, (name, value)
                assert model._default_manager.count() == before, (name, value)
    assert tried >= 10


def test_hostile_values_in_the_nomination_form_are_refused_or_shown_escaped(world, officer_danang):
    client = _client(officer_danang)
    url = reverse("commendations:nomination_create")
    base = {
        "year": "2024",
        "nominating_unit": world.danang_department.pk,
        "unit": world.danang_department.pk,
        "award_form": "",
        "achievements": "Hoàn thành xuất sắc",
    }
    base = {**dict(client.get(url).context["form"].initial), **base}
    for name, kind in (("achievements", "text"), ("year", "number"), ("unit", "choice")):
        for value in BAD_BY_KIND[kind]:
            response = client.post(url, {**base, name: value}, follow=True)
            _safe_page(response)


def test_hostile_comments_and_votes_on_the_reviewer_pages(
    world, officer_danang, reviewer, council_member
):
    council = make_council(world.ministry, [council_member])
    session = open_session(council)
    client = _client(reviewer)
    for value in BAD_BY_KIND["text"]:
        nomination = nomination_in(
            Nomination.Status.IN_REVIEW,
            nominating_unit=world.danang_department,
            unit=world.danang_department,
            created_by=officer_danang,
            reviewer=reviewer,
        )
        for action in ("return", "reject", "recommend", "put_to_vote", value):
            response = client.post(
                reverse("commendations:nomination_action", args=[nomination.pk]),
                {"action": action, "comment": value, "session": value},
                follow=True,
            )
            _safe_page(response)
        _safe_page(client.get(reverse("commendations:nomination", args=[nomination.pk])))
    stored = NominationEvent.objects.exclude(comment="").values_list("comment", flat=True)
    assert SCRIPT in stored  # a returned nomination keeps the comment as typed

    voter = _client(council_member)
    ballot = nomination_in(
        Nomination.Status.COUNCIL_VOTE,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        session=session,
    )
    for value in [*BAD_BY_KIND["choice"], *BAD_NUMBERS]:
        for data in (
            {"nomination": ballot.pk, "choice": value},
            {"nomination": value, "choice": "yes"},
        ):
            response = voter.post(
                reverse("commendations:session_vote", args=[session.pk]), data, follow=True
            )
            _safe_page(response)
    assert not Vote.objects.exclude(choice__in=Vote.Choice.values).exists()


def test_hostile_values_in_the_decision_form(world, leader):
    client = _client(leader)
    url = reverse("commendations:decision_create")
    base = {
        "number": "9/QĐ-BTP",
        "date": "15/01/2025",
        "issuing_unit": world.ministry.pk,
        "authority": "Bộ trưởng",
        "signer_title": "Bộ trưởng",
        "signer_name": "Phan Đức Nghĩa",
        "place": "Hà Nội",
    }
    for name, kind in (("number", "text"), ("date", "date"), ("signer_name", "text")):
        for value in BAD_BY_KIND[kind]:
            _safe_page(client.post(url, {**base, name: value}, follow=True))


@pytest.mark.parametrize("bad", [bad for bad in corpus() if not bad.heavy], ids=lambda bad: bad.key)
def test_a_hostile_dossier_file_is_refused_in_vietnamese(bad: BadFile, world, officer_danang):
    draft = nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )
    client = _client(officer_danang)
    for name in (
        bad.name,
        Path(bad.name).with_suffix(".pdf").name,
        Path(bad.name).with_suffix(".docx").name,
    ):
        response = client.post(
            reverse("commendations:dossier_upload", args=[draft.pk]),
            {"kind": "proposal_letter", "file": SimpleUploadedFile(name, bad.content)},
            follow=True,
        )
        _safe_page(response)
    # Only a file whose content really is a PDF is kept, under its .pdf name.
    assert set(DossierFile.objects.values_list("original_name", flat=True)) <= (
        {"so-lieu.pdf"} if bad.content.startswith(b"%PDF") else set()
    )


REPORT_PAGES = [
    ("enforcement:report", ("year", "months", "unit", "format")),
    ("enforcement:enforcers", ("year", "months", "unit", "sort")),
    ("enforcement:register", ("unit", "start", "end", "format")),
    ("emulation:ranking", ("year", "cluster")),
    ("emulation:eligibility", ("year", "person", "unit")),
    ("commendations:queue", ("year", "status", "unit", "proposal", "search", "page")),
    ("commendations:suggestions", ("year",)),
    ("commendations:nomination_create", ("unit", "year")),
    ("commendations:decisions", ("page", "year")),
    ("commendations:sessions", ("page",)),
]


@pytest.mark.parametrize(("url_name", "parameters"), REPORT_PAGES)
def test_report_pages_answer_bad_query_parameters_without_a_server_error(
    url_name: str, parameters: tuple[str, ...], world, administrator
):
    client = _client(administrator)
    url = reverse(url_name)
    for parameter in parameters:
        for value in BAD_QUERY:
            response = client.get(url, {parameter: value})
            assert response.status_code in (200, 400, 404), (parameter, value, response.status_code)
            if response["Content-Type"].startswith("text/html"):
                _safe_page(response)


def test_a_non_numeric_autocomplete_value_is_refused_not_a_500(world, administrator):
    client = _client(administrator)
    url = reverse("admin:organizations_person_add")

    response = client.post(url, {"unit": SCRIPT, "staff_code": "DN-T1", "full_name": "Lê Thử"})

    html = _safe_page(response)
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in html
    assert not Person.objects.filter(staff_code="DN-T1").exists()


def _lists_by_year() -> list[tuple[str, str, str]]:
    """Return (model, changelist address, export address or "") of every admin list by year."""
    request = RequestFactory().get("/")
    lists = []
    for model, model_admin in admin.site._registry.items():
        if "year" not in model_admin.declared_lookups(request):
            continue  # the year is an unknown parameter there (test_insider_lookups)
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        export = reverse(f"{info}_export") if hasattr(model_admin, "export_action") else ""
        lists.append((model._meta.label, reverse(f"{info}_changelist"), export))
    return sorted(lists)


def test_admin_lists_and_exports_refuse_undeclared_lookups_and_orderings(world, clerk_hanoi):
    client = _client(clerk_hanoi)
    for url in (
        reverse("admin:enforcement_enforcementcase_changelist"),
        reverse("admin:enforcement_enforcementcase_export"),
    ):
        for lookup, value in BAD_LOOKUPS.items():
            response = client.get(url, {lookup: value})
            assert response.status_code == 400, (url, lookup)
            assert "Yêu cầu không hợp lệ" in _safe_page(response)
        for ordering in BAD_ORDERINGS:
            response = client.get(url, {"o": ordering})
            assert response.status_code == 400, (url, ordering)


@pytest.mark.parametrize(("model", "url", "export"), _lists_by_year())
def test_admin_lists_answer_bad_years_without_a_server_error(
    model: str, url: str, export: str, world, administrator
):
    client = _client(administrator)
    for address in filter(None, (url, export)):
        for value in BAD_QUERY:
            response = client.get(address, {"year": value})
            # 302: Django's own "?e=1" for a value a field filter cannot compare.
            assert response.status_code in (200, 302, 400), (address, value)
            _safe_page(response)
