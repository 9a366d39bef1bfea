"""The register's import pages: upload with the office picked, the preview, then confirm."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from enforcement.models import EnforcementCase, LegalGround
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


@pytest.fixture
def english_client(clerk_hanoi) -> Client:
    # The pages' new texts are asserted in their English msgids (filled in after merging).
    client = Client()
    client.force_login(clerk_hanoi)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group()
    return re.findall(r'value="([^"]*)"', select)


def _without_grounds(count: int) -> list[dict[str, object]]:
    rows = good_rows(count)
    rows[3]["postponed"] = "Số: 41/QĐ-THADS ngày 01/11/2025"
    rows[4]["suspended"] = "Số: 53/QĐ-THADS ngày 03/11/2025 (49.1)"
    return rows


def test_the_upload_page_offers_the_grounds_of_each_kind_of_decision(world, english_client):
    page = english_client.get(
        reverse("admin:enforcement_enforcementcase_import_file", args=[REGISTER])
    ).content.decode()
    postponed = _options(page, "ground_postponed")
    assert postponed[0] == "" and {"48.1.a", "48.1.c", "48.2"} <= set(postponed)
    assert "49.1" not in postponed and "50.1.a" not in postponed
    assert {"49.1", "49.2"} == set(_options(page, "ground_suspended")) - {""}
    assert "50.1.c" in _options(page, "ground_terminated")
    assert set(_options(page, "ground_not_eligible")) - {""} == {"44a.1.a", "44a.1.b", "44a.1.c"}
    assert "Ground of the postponements (Article 48)" in page


def test_a_chosen_ground_is_marked_in_the_preview_then_stored(world, english_client, tmp_path):
    path = write_register_xlsx(tmp_path / "so.xlsx", _without_grounds(6))
    response = _upload(english_client, path, unit="THADS-HN-KV1", ground_postponed="48.1.c")
    job = ImportJob.objects.latest("pk")
    assert (job.status, job.options["ground_postponed"]) == (ImportJob.Status.VALID, "48.1.c")
    page = html.unescape(response.content.decode())
    assert "Decision 41/QĐ-THADS of 01/11/2025 · ground 48.1.c (chosen on the upload form)" in page
    # The suspension cites its ground: it is not marked.
    assert "ground 49.1 (chosen" not in page and "ground 49.1" in page
    english_client.post(reverse("admin:organizations_importjob_apply", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.new) == (ImportJob.Status.DONE, 6)
    assert (
        EnforcementCase.objects.get(decision_number="4/QĐ-THADS")
        .events.get(kind="postponed")
        .ground.code
        == "48.1.c"
    )


@pytest.mark.parametrize(
    ("posted", "refusal"),
    [
        ("49.1", "Ground 49.1 is a ground of suspension, not of postponement."),
        ("99.9", "No legal ground 99.9 in the catalogue."),
    ],
)
def test_a_ground_outside_the_choices_is_refused_on_the_form(
    world, english_client, tmp_path, posted, refusal
):
    path = write_register_xlsx(tmp_path / "so.xlsx", _without_grounds(6))
    response = _upload(english_client, path, unit="THADS-HN-KV1", ground_postponed=posted)
    page = html.unescape(response.content.decode())
    assert "Correct the choices below the file." in page
    assert refusal in page
    assert not ImportJob.objects.exists()


def test_a_ground_id_posted_instead_of_its_code_is_refused(world, english_client, tmp_path):
    ground = LegalGround.objects.get(code="48.1.c")
    path = write_register_xlsx(tmp_path / "so.xlsx", _without_grounds(6))
    response = _upload(english_client, path, unit="THADS-HN-KV1", ground_postponed=ground.pk)
    assert f"No legal ground {ground.pk} in the catalogue." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_chosen_ground_reaches_the_background_worker(
    world, english_client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 10
    path = write_register_xlsx(tmp_path / "so.xlsx", _without_grounds(12))
    with django_capture_on_commit_callbacks(execute=True):
        _upload(english_client, path, unit="THADS-HN-KV1", ground_postponed="48.1.b")
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.VALID
    assert "48.1.b" in str(job.report["preview"])
    with django_capture_on_commit_callbacks(execute=True):
        english_client.post(reverse("admin:organizations_importjob_apply", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.new) == (ImportJob.Status.DONE, 12)
    assert (
        EnforcementCase.objects.get(decision_number="4/QĐ-THADS")
        .events.get(kind="postponed")
        .ground.code
        == "48.1.b"
    )
