"""Every page reads in one language: no English in the Vietnamese interface, and back.

The catalogue tests (``test_translations``) check that our own catalogues are complete. The
strings of Django's admin and of the libraries (django-import-export, django-simple-history,
django-axes) come from their catalogues, which lack Vietnamese or are out of date; our
overrides in ``locale_vendor`` fill them. These tests render the pages people use — every
admin model's list, form, history, deletion, export and import, a refused form, the sector's
own pages — as the administrator and the technical superuser, and look in the visible text
(tags, scripts and styles removed; titles, labels and placeholders kept) for any English
string of those catalogues. They fail on the day an upgrade brings a new untranslated string
to one of our pages.
"""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import django
import import_export
import openpyxl
import polib
import pytest
import simple_history
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from import_export.formats.base_formats import XLSX

from organizations.roles import Role
from tests.factories import UserFactory
from tests.security.matrix_world import CLERK_UNIT, MatrixWorld, build_world
from tests.security.test_permission_matrix import PAGE_ADDRESSES

pytestmark = pytest.mark.django_db

SITE_PACKAGES = Path(django.__file__).parent.parent
# The English text of each library, from a catalogue that lists every msgid it translates.
VENDOR_SOURCES = [
    SITE_PACKAGES / "django/contrib/admin/locale/en/LC_MESSAGES/django.po",
    SITE_PACKAGES / "django/contrib/admin/locale/en/LC_MESSAGES/djangojs.po",
    SITE_PACKAGES / "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
    SITE_PACKAGES / "django/conf/locale/en/LC_MESSAGES/django.po",
    Path(import_export.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    Path(simple_history.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
]
OUR_CATALOGUES = sorted(
    path
    for pattern in ("*/locale/vi/LC_MESSAGES/django.po", "locale/vi/LC_MESSAGES/django.po")
    for path in Path(settings.BASE_DIR).glob(pattern)
)
# Short English texts of the libraries that a search by msgid would miss (one or two words,
# or texts a library writes without a catalogue: tablib's sheet title).
KNOWN_ENGLISH = [
    "Show counts",
    "Hide counts",
    "(click to clear)",
    "Tablib Dataset",
    "Skip to main content",
    "Sidebar",
    "Breadcrumbs",
    "Toggle navigation",
    "Toggle theme",
    "Start typing to filter",
    "Model name",
    "Add link",
]
# Texts that read the same in both languages.
SAME_IN_BOTH = {"Email", "Email:", "OK", "ID", "CSV", "XLSX", "PDF", "Excel"}
# Pages that answer a file, not a page to read.
FILES = {
    "dossier_file",
    "decision_xlsx",
    "certificate_pdf",
    "print_job_file",
    "enforcement_report_xlsx",
    "import_job_errors",
}
# Vietnamese that stays Vietnamese in English: the language switch names each language in
# itself; official names and the forms of Vietnamese numbers and titles given as examples.
NAMES_KEPT_IN_ENGLISH = [
    get_language_info("vi")["name_local"],
    "Thông tư 05/2024/TT-BTP",
    "152/2025/NĐ-CP",
    "98/2023/NĐ-CP",
    "73/2024/NĐ-CP",
    "1234/QĐ-BTP",
    "Bộ trưởng Bộ Tư pháp",
    "KT. BỘ TRƯỞNG",
    "BỘ TRƯỞNG",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]+>")
VISIBLE_ATTRIBUTE = re.compile(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"')
VIETNAMESE_LETTER = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)


def visible_text(response: HttpResponse) -> str:
    """Return what a reader (or a screen reader) meets on the page, spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    attributes = " ".join(VISIBLE_ATTRIBUTE.findall(page))
    text = re.sub(r"<[^>]+>", " ", page) + " " + attributes
    return re.sub(r"\s+", " ", html.unescape(text))


def _phrases(msgid: str) -> Iterator[str]:
    """Yield the literal parts of a msgid long enough to be told from a chance match."""
    for part in PLACEHOLDER.split(html.unescape(msgid)):
        part = re.sub(r"\s+", " ", part).strip(" .:,;()")
        if len(part.split()) >= 3 and not part.isupper():
            yield part


def english_phrases() -> list[str]:
    """Every English phrase of the libraries' and our catalogues, longest first."""
    phrases: set[str] = set(KNOWN_ENGLISH)
    for path in [*VENDOR_SOURCES, *OUR_CATALOGUES]:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            for msgid in (entry.msgid, entry.msgid_plural):
                phrases.update(_phrases(msgid))
    return sorted(phrases, key=len, reverse=True)


def english_on_page(text: str, phrases: list[str]) -> list[str]:
    # A phrase that is not even a substring cannot be a whole-word match: the pattern is
    # compiled (once) only for the few that are. Thousands of phrases outrun re's own cache.
    return [phrase for phrase in phrases if phrase in text and _as_words(phrase).search(text)]


@functools.cache
def _as_words(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[MatrixWorld]:
    media = tmp_path_factory.mktemp("language-media")
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
            world.users["superuser"] = UserFactory(
                username="m.root", is_staff=True, is_superuser=True
            )
            world.media = media
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def media_world(_test_settings: None, settings, world: MatrixWorld) -> MatrixWorld:
    # The world's files live in the module's media folder.
    settings.MEDIA_ROOT = world.media
    return world


def _client(user, language: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def _admin_addresses(world: MatrixWorld, everything: bool = True) -> Iterator[str]:
    """Yield every admin page of every registered model that has one."""
    yield reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_add")
        if _exists(f"{info}_export"):
            yield reverse(f"{info}_export")
        for index in range(len(getattr(model_admin, "import_spec_keys", ()))):
            yield reverse(f"{info}_import_file", args=[index])
        record = world.record(label, CLERK_UNIT)
        if record is None or not everything:
            continue
        for view in ("change", "history", "delete"):
            yield reverse(f"{info}_{view}", args=[record.pk])
        if model_admin.list_filter:
            yield reverse(f"{info}_changelist") + "?_facets=True"


def _exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def _site_addresses(world: MatrixWorld) -> Iterator[str]:
    yield reverse("home")
    for name, page in PAGE_ADDRESSES.items():
        if page.method == "get" and name not in FILES:
            yield page.url(world, CLERK_UNIT)


def _pages(world: MatrixWorld, language: str, everything: bool = True) -> Iterator[tuple[str, str]]:
    """Yield (address, visible text) of the pages the superuser and the administrator open.

    ``everything`` adds each record's form, history and deletion and the refused forms.
    """
    anonymous = _client(None, language)
    yield reverse("login"), visible_text(anonymous.get(reverse("login")))
    yield "admin login", visible_text(anonymous.get(reverse("admin:login")))
    # The superuser opens every admin page; the administrator the pages of the sector.
    visits = [
        ("superuser", [*_admin_addresses(world, everything), *_site_addresses(world)]),
        (Role.ADMINISTRATOR, list(_site_addresses(world))),
    ]
    for persona, addresses in visits:
        client = _client(world.users[persona], language)
        for address in addresses:
            response = client.get(address)
            assert response.status_code < 500, address
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                yield f"{persona} {address}", visible_text(response)
    if not everything:
        return
    client = _client(world.users["superuser"], language)
    for model in admin.site._registry:
        address = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        with transaction.atomic():
            response = client.post(address, {})
            transaction.set_rollback(True)
        if response.status_code == 200:
            yield f"refused {address}", visible_text(response)


def _user_data() -> list[str]:
    """Every text stored in the database, longest first: names of units, people, records.

    With them the column names of the import files: the Ministry's templates name their
    columns in Vietnamese, and a file is read by those names whatever the reader's language.
    """
    texts: set[str] = set(_file_columns())
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        for row in model._default_manager.values_list(*names) if names else ():
            texts.update(value for value in row if value)
    texts |= {text.upper() for text in texts}
    return sorted(texts, key=len, reverse=True)


def _file_columns() -> Iterator[str]:
    for model_admin in admin.site._registry.values():
        for resource_class in getattr(model_admin, "resource_classes", None) or ():
            for field in resource_class.fields.values():
                if isinstance(field.column_name, str):
                    yield field.column_name


def vietnamese_on_page(text: str, user_data: list[str]) -> list[str]:
    """Return the words with Vietnamese letters that are not part of a stored record.

    The kept names and the stored texts overlap both ways (a stored code "BTP" is part of
    the example "1234/QĐ-BTP"; a stored name contains "Bộ trưởng Bộ Tư pháp"): a word is
    reported only when it is left whichever is removed first.
    """
    names_first = without_user_data(_without_kept_names(text), user_data)
    data_first = _without_kept_names(without_user_data(text, user_data))
    return sorted(_vietnamese_words(names_first) & _vietnamese_words(data_first))


def _without_kept_names(text: str) -> str:
    for value in NAMES_KEPT_IN_ENGLISH:
        text = text.replace(value, " ")
    return text


def _vietnamese_words(text: str) -> set[str]:
    return {word for word in text.split() if VIETNAMESE_LETTER.search(word)}


def without_user_data(text: str, user_data: list[str]) -> str:
    """Remove the stored texts (names in both languages are data, not interface)."""
    for value in user_data:
        text = text.replace(value, " ")
    return text


def test_vietnamese_pages_show_no_english(media_world: MatrixWorld) -> None:
    phrases = english_phrases()
    user_data = _user_data()
    found = {
        address: english
        for address, text in _pages(media_world, "vi")
        if (english := english_on_page(without_user_data(text, user_data), phrases))
    }

    assert found == {}


def test_english_pages_show_no_vietnamese(media_world: MatrixWorld) -> None:
    user_data = _user_data()
    found = {
        address: vietnamese
        for address, text in _pages(media_world, "en", everything=False)
        # An import page lists the values its file takes, in the file's language; the intake
        # register is the office's own document, printed in the state's language as kept.
        if "/import-file/" not in address
        and "/reports/enforcement/register/" not in address
        and (vietnamese := vietnamese_on_page(text, user_data))
    }

    assert found == {}


def test_plural_names_read_after_a_count() -> None:
    # Admin writes "3 %(name)s" with the plural name: Vietnamese marks no plural, and
    # "3 các lần nhập dữ liệu" is wrong; the plural name is the singular one.
    with translation.override("vi"):
        wrong = {
            model._meta.label: str(model._meta.verbose_name_plural)
            for model in apps.get_models()
            if str(model._meta.verbose_name_plural).lower().startswith(("các ", "những "))
        }

    assert wrong == {}


def _exports() -> Iterator[tuple[str, type]]:
    for model, model_admin in admin.site._registry.items():
        if hasattr(model_admin, "get_export_resource_classes"):
            yield model._meta.label, model_admin.get_export_resource_classes(None)[0]


@pytest.mark.parametrize(("label", "resource_class"), list(_exports()), ids=lambda v: str(v))
def test_exports_read_in_the_users_language(label: str, resource_class: type) -> None:
    model = resource_class._meta.model
    english_names = set()
    with translation.override("en"):
        for field in model._meta.concrete_fields:
            english_names |= {field.name, field.attname, str(capfirst(field.verbose_name))}
    with translation.override("vi"):
        dataset = resource_class().export(queryset=model._default_manager.none())
        workbook = openpyxl.load_workbook(io.BytesIO(XLSX().export_data(dataset)))
        expected_title = str(capfirst(model._meta.verbose_name_plural))

    assert workbook.active.title == expected_title[:31]
    assert [name for name in dataset.headers if name in english_names - SAME_IN_BOTH] == []
