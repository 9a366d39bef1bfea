"""The home page sends each role to its work, and the login page behaves as users expect."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_home_lists_the_users_roles(clerk_danang, world):
    client = Client()
    client.force_login(clerk_danang)

    content = client.get("/").content.decode()

    assert "Cán bộ thi hành án" in content
    assert world.danang_agency.name in content or world.danang_agency.display_name in content


def test_administrator_is_offered_user_and_role_management(administrator):
    client = Client()
    client.force_login(administrator)

    content = client.get("/").content.decode()

    assert reverse("admin:organizations_membership_changelist") in content


def test_clerk_is_not_offered_user_management(clerk_danang):
    client = Client()
    client.force_login(clerk_danang)

    content = client.get("/").content.decode()

    assert reverse("admin:organizations_membership_changelist") not in content
    assert reverse("admin:organizations_person_changelist") in content


def test_user_without_role_is_told_to_ask_an_administrator(world):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="nobody"))

    content = client.get("/").content.decode()

    assert "chưa được phân công" in content


def test_wrong_password_shows_the_usual_form_error(clerk_danang):
    response = Client().post("/login/", {"username": clerk_danang.username, "password": "no"})

    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()  # Django's own message
    assert "_auth_user_id" not in response.client.session


def test_right_password_logs_in_and_goes_home(clerk_danang):
    from tests.factories import PASSWORD

    response = Client().post("/login/", {"username": clerk_danang.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_missing_page_shows_our_page_without_details(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy trang" in content
    assert "Traceback" not in content


def test_server_error_page_shows_no_details():
    from django.template.loader import render_to_string

    content = render_to_string("500.html")

    assert "Đã có lỗi xảy ra" in content
    assert "Traceback" not in content
