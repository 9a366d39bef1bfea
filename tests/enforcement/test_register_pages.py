"""The register's import pages: upload with the office picked, the preview, then confirm."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from enforcement.models import EnforcementCase
from organizations.models import ImportJob
from tests.enforcement.register_file import good_rows, write_register_xlsx

pytestmark = pytest.mark.django_db
REGISTER = 2  # the third kind of file on the cases' page


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def clerk_client(clerk_hanoi) -> Client:
    client = Client()
    client.force_login(clerk_hanoi)
    return client


def _upload(client: Client, path, **data: object):
    with path.open("rb") as handle:
        return client.post(
            reverse("admin:enforcement_enforcementcase_import_file", args=[REGISTER]),
            {"file": handle, **data},
            follow=True,
        )


def test_the_upload_page_lists_the_register_columns_and_offers_the_clerks_offices(
    world, clerk_client
):
    page = clerk_client.get(
        reverse("admin:enforcement_enforcementcase_import_file", args=[REGISTER])
    ).content.decode()
    for header in (
        "Ngày thụ lý",
        "Bản án, quyết định (số; ngày; cơ quan ban hành)",
        "QĐ thi hành án (số; ngày; số tiền)",
        "QĐ tiếp tục sau tạm đình chỉ",
        "Đã thi hành xong",
    ):
        assert html.escape(header) in page or header in page
    assert 'value="THADS-HN-KV1"' in page
    assert 'value="THADS-DN-KV1"' not in page


def test_upload_preview_then_confirm(world, clerk_client, tmp_path):
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(12))
    response = _upload(clerk_client, path, unit="THADS-HN-KV1")
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.VALID
    assert EnforcementCase.objects.count() == 0
    page = html.unescape(response.content.decode())
    # Each cell as written beside what was read from it.
    assert "Số: 1/QĐ-THADS ngày 05/10/2025 APDSST: 150.000đ khấu trừ 300.000đ tạm ứng" in page
    # The page is in the clerk's language (Vietnamese); what was read is checked by its
    # figures, names and codes.
    assert "APDSST, 150.000 đồng" in page
    assert "tạm ứng, 300.000 đồng" in page
    assert "2025-10-09 00:00:00" in page and "09/10/2025" in page
    assert "trả lại đất, 590 m²" in page
    assert "1.000.000 đồng" in page and "10/2025" in page and "09/2026 (12" in page
    assert "12.000.000 đồng" in page
    assert "Hoàng Đình Lâm (" in page and "Phường Hoàn Kiếm, thành phố Hà Nội" in page
    assert "Thi hành án dân sự thành phố Hà Nội (" in page
    assert "41/QĐ-THADS" in page and "01/11/2025 · " in page and "48.1.c" in page
    assert "bản án 03/2025/DS-PT · 20/09/2025 · TAND Hà Nội · phúc thẩm" in page
    assert "Thi hành xong · có điều kiện thi hành" in page
    assert "theo yêu cầu" in page

    confirmed = clerk_client.post(
        reverse("admin:organizations_importjob_apply", args=[job.pk]), follow=True
    )
    assert confirmed.status_code == 200
    job.refresh_from_db()
    assert (job.status, job.new) == (ImportJob.Status.DONE, 12)
    assert EnforcementCase.objects.filter(unit=world.hanoi_office).count() == 12


def test_an_office_of_another_city_is_refused_on_the_form(world, clerk_client, tmp_path):
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(2))
    response = _upload(clerk_client, path, unit="THADS-DN-KV1")
    assert not ImportJob.objects.exists()
    with translation.override("vi"):
        refusal = translation.gettext("Correct the choices below the file.")
    assert refusal in html.unescape(response.content.decode())


def test_a_large_register_is_checked_and_applied_in_the_background(
    world, clerk_client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 10
    path = write_register_xlsx(tmp_path / "so-thu-ly.xlsx", good_rows(24))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _upload(clerk_client, path, unit="THADS-HN-KV1")
    job = ImportJob.objects.latest("pk")
    progress = clerk_client.get(
        reverse("admin:organizations_importjob_progress", args=[job.pk])
    ).json()
    assert len(callbacks) == 1
    assert (progress["status"], progress["percent"]) == ("valid", 100)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        clerk_client.post(reverse("admin:organizations_importjob_apply", args=[job.pk]))
    job.refresh_from_db()
    assert len(callbacks) == 1
    assert (job.status, job.new) == (ImportJob.Status.DONE, 24)


def test_another_clerk_cannot_open_the_job(world, clerk_client, clerk_danang, tmp_path):
    _upload(
        clerk_client, write_register_xlsx(tmp_path / "a.xlsx", good_rows(2)), unit="THADS-HN-KV1"
    )
    job = ImportJob.objects.latest("pk")
    other = Client()
    other.force_login(clerk_danang)
    page = other.get(reverse("admin:organizations_importjob_change", args=[job.pk]))
    assert page.status_code == 404
