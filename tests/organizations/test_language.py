"""Vietnamese by default, English on request; Vietnamese dates and number grouping."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.test import Client
from django.utils import formats, translation

pytestmark = pytest.mark.django_db


def test_admin_speaks_vietnamese_by_default(clerk_danang):
    client = Client()
    client.force_login(clerk_danang)

    content = client.get("/admin/").content.decode()

    assert "Ngành Tư pháp: Thi hành án và Thi đua – Khen thưởng" in content
    assert "Đăng xuất" in content
    assert '<html lang="vi"' in content


def test_language_switch_turns_the_site_to_english(clerk_danang):
    client = Client()
    client.force_login(clerk_danang)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    content = client.get("/admin/").content.decode()

    assert response.status_code == 302
    assert "Justice sector: enforcement and commendation" in content
    assert "Log out" in content


def test_admin_header_offers_both_languages(clerk_danang):
    client = Client()
    client.force_login(clerk_danang)

    content = client.get("/admin/").content.decode()

    assert 'name="language" value="vi"' in content
    assert 'name="language" value="en"' in content


def test_site_pages_offer_both_languages(client):
    content = client.get("/login/").content.decode()

    assert 'action="/i18n/setlang/"' in content
    assert "English" in content


def test_dates_print_as_day_month_year_in_both_languages():
    day = datetime.date(2024, 9, 30)

    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "30/09/2024"
            assert formats.date_format(day) == "30/09/2024"


def test_dates_are_read_as_day_month_year():
    with translation.override("vi"):
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")


def test_vietnamese_numbers_group_thousands_with_dots():
    with translation.override("vi"):
        assert intcomma(1234567) == "1.234.567"
    with translation.override("en"):
        assert intcomma(1234567) == "1,234,567"


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(clerk_danang):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(clerk_danang)

    before = client.get("/admin/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    after = client.get("/admin/").content.decode()

    assert "Đăng xuất" in before
    assert "Log out" in after
