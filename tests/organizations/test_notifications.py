"""The notifications page and the header's count: each user reads their own only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from organizations.models import Notification
from organizations.selectors import unread_notification_count

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _notification(user, subject="Hồ sơ #1: đã trả lại", url="/review/"):
    return Notification.objects.create(
        recipient=user, kind=Kind.RETURNED, subject=subject, message="Lý do", url=url
    )


def test_header_shows_the_unread_count_in_one_query(officer_danang, django_assert_num_queries):
    _notification(officer_danang)
    _notification(officer_danang)
    Notification.objects.create(recipient=officer_danang, kind=Kind.RETURNED, subject="đã đọc")
    Notification.objects.filter(subject="đã đọc").update(read_at="2025-01-01T00:00:00Z")
    with django_assert_num_queries(1):
        assert unread_notification_count(officer_danang) == 2

    content = _client(officer_danang).get(reverse("notifications")).content.decode()
    assert 'data-unread="2"' in content


def test_notifications_page_lists_only_the_users_own(officer_danang, clerk_danang):
    _notification(officer_danang, subject="Của cán bộ thi đua")
    _notification(clerk_danang, subject="Của cán bộ thi hành án")

    content = _client(officer_danang).get(reverse("notifications")).content.decode()

    assert "Của cán bộ thi đua" in content
    assert "Của cán bộ thi hành án" not in content


def test_opening_a_notification_marks_it_read_and_goes_to_its_record(officer_danang):
    notification = _notification(officer_danang, url="/review/nominations/7/")

    response = _client(officer_danang).post(reverse("notification_read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/review/nominations/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_is_a_post_a_get_changes_nothing(officer_danang):
    notification = _notification(officer_danang)

    response = _client(officer_danang).get(reverse("notification_read", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_nobody_opens_another_users_notification(officer_danang, clerk_danang):
    notification = _notification(officer_danang)

    response = _client(clerk_danang).post(reverse("notification_read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_own(officer_danang, clerk_danang):
    _notification(officer_danang)
    other = _notification(clerk_danang)

    response = _client(officer_danang).post(reverse("notifications_read"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=officer_danang, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_a_notification_pointing_elsewhere_is_not_followed(officer_danang):
    notification = _notification(officer_danang, url="https://evil.example.com/")

    response = _client(officer_danang).post(reverse("notification_read", args=[notification.pk]))

    assert response["Location"] == reverse("notifications")


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("notifications"))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
