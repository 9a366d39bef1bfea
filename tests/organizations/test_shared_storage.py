"""Files one server stores, another reads: only through the configured storage (issue 19)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.urls import reverse

from enforcement.models import EnforcementCase
from organizations.backup import BackupError
from organizations.backup.create import backup_create
from organizations.imports import export_jobs
from organizations.imports.services import (
    import_job_apply,
    import_job_confirm,
    import_job_create,
    import_job_validate,
)
from organizations.models import ExportJob, ImportJob
from tests.enforcement.factories import EnforcementCaseFactory
from tests.imports.helpers import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "Đơn vị",
    "Số quyết định THA",
    "Ngày ra quyết định",
    "Ngày thụ lý",
    "Bản án, quyết định",
    "Hình thức thi hành",
    "Người phải thi hành",
    "Điều kiện thi hành",
    "Trạng thái",
]


@pytest.fixture(params=["bucket", "shared_mount"])
def shared_storage(request, settings, tmp_path: Path) -> Path:
    """Point the storage away from this server's MEDIA_ROOT: a bucket, or a shared mount.

    The bucket (Django's in-memory storage) has no path on any disk, as an S3-compatible
    one has none: a reader that opened a path instead of asking the storage would fail.
    """
    local_media = tmp_path / "this-server-media"
    settings.MEDIA_ROOT = local_media
    if request.param == "bucket":
        default = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    else:
        default = {
            "BACKEND": "organizations.files.CleanFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "shared-mount")},
        }
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return local_media


def test_a_worker_reads_an_uploaded_workbook_through_the_shared_storage(
    shared_storage, tmp_path, clerk_hanoi
):
    path = write_xlsx(
        tmp_path / "cases.xlsx",
        [
            HEADER,
            [
                "THADS-HN",
                "7/QĐ",
                "10/10/2025",
                "12/10/2025",
                "Bản án số 7",
                "Theo yêu cầu",
                "Trần Văn Bảy",
                "Có điều kiện",
                "Đang thi hành",
            ],
        ],
    )
    with path.open("rb") as handle:
        job = import_job_create(
            spec_key="enforcement.enforcementcase", upload=File(handle, path.name), user=clerk_hanoi
        )

    # What a worker on another server does: it knows the job, and reads its file by name.
    job = import_job_validate(job=ImportJob.objects.get(pk=job.pk))
    assert job.status == ImportJob.Status.VALID, job.report
    assert import_job_confirm(job=job, user=clerk_hanoi)
    job = import_job_apply(job=job)

    assert job.status == ImportJob.Status.DONE
    assert list(EnforcementCase.objects.values_list("debtor", flat=True)) == ["Trần Văn Bảy"]
    assert default_storage.exists(job.file.name)
    assert not shared_storage.exists()


def test_an_export_written_by_the_worker_is_sent_from_the_shared_storage(
    shared_storage, world, clerk_hanoi
):
    for number in range(3):
        EnforcementCaseFactory(unit=world.hanoi_agency, debtor=f"Người phải thi hành {number}")
    client = Client()
    client.force_login(clerk_hanoi)
    with override_settings(EXPORT_INLINE_LIMIT=1):
        client.post(
            reverse("admin:enforcement_enforcementcase_export"),
            {"format": "0", "resource": "0", "caseresource_debtor": "on"},
        )
    job = export_jobs.export_job_run(job=ExportJob.objects.get())

    assert job.status == ExportJob.Status.DONE
    with default_storage.open(job.file.name, "rb") as stored:
        content = stored.read()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == [f"Người phải thi hành {n}" for n in range(3)]
    response = client.get(reverse("admin:export_job_file", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert not shared_storage.exists()


def test_a_backup_refuses_files_kept_in_a_bucket_rather_than_leaving_them_out(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }

    with pytest.raises(BackupError, match="InMemoryStorage"):
        backup_create(path=tmp_path / "backup.tar.gz")
    assert not (tmp_path / "backup.tar.gz").exists()


def test_a_backup_copies_the_files_of_the_shared_mount(settings, tmp_path):
    shared = tmp_path / "shared-mount"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "organizations.files.CleanFileSystemStorage",
            "OPTIONS": {"location": str(shared)},
        },
    }
    default_storage.save("imports/kept.csv", ContentFile(b"a,b\n"))

    result = backup_create(path=tmp_path / "backup.tar.gz")

    assert result.media_files == 1
    assert list(result.manifest["media"]) == ["imports/kept.csv"]
