"""Dossier files: PDF, DOCX, JPG and PNG only, within the size limit, while editable."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commendations import services
from commendations.models import DossierFile
from tests.commendations.factories import docx_upload, pdf_upload

pytestmark = pytest.mark.django_db


def _add(user, nomination, upload, kind="proposal_letter"):
    return services.dossier_file_add(user=user, nomination=nomination, kind=kind, upload=upload)


def test_officer_adds_a_pdf_and_a_docx_to_a_draft(draft, officer_danang):
    _add(officer_danang, draft, pdf_upload())
    _add(officer_danang, draft, docx_upload(), kind="achievement_report")

    assert sorted(draft.files.values_list("original_name", flat=True)) == [
        "bao-cao.docx",
        "to-trinh.pdf",
    ]


@pytest.mark.parametrize("name", ["to-trinh.exe", "bang-tinh.xlsx", "anh.gif", "khong-duoi"])
def test_other_file_types_are_refused(draft, officer_danang, name):
    with pytest.raises(ValidationError, match="PDF, DOCX, JPG và PNG"):
        _add(officer_danang, draft, SimpleUploadedFile(name, b"%PDF-1.4 content"))

    assert not DossierFile.objects.exists()


def test_a_renamed_file_is_refused_by_its_content(draft, officer_danang):
    with pytest.raises(ValidationError, match="không phải là tệp PDF"):
        _add(officer_danang, draft, SimpleUploadedFile("to-trinh.pdf", b"MZ\x90\x00 program"))


def test_a_zip_renamed_as_docx_is_refused(draft, officer_danang):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "not a document")

    with pytest.raises(ValidationError, match="DOCX"):
        _add(officer_danang, draft, SimpleUploadedFile("bao-cao.docx", buffer.getvalue()))


def test_a_file_over_the_size_limit_is_refused(draft, officer_danang, settings):
    settings.COMMENDATIONS_DOSSIER_MAX_BYTES = 1024

    with pytest.raises(ValidationError, match="quá lớn"):
        _add(officer_danang, draft, pdf_upload(size=2048))

    assert not DossierFile.objects.exists()


def test_an_empty_file_is_refused(draft, officer_danang):
    with pytest.raises(ValidationError, match="rỗng"):
        _add(officer_danang, draft, SimpleUploadedFile("to-trinh.pdf", b""))


def test_files_cannot_be_added_once_submitted(submitted, officer_danang):
    with pytest.raises(ValidationError, match="nháp hoặc bị trả lại"):
        _add(officer_danang, submitted, pdf_upload())


def test_officer_of_another_city_cannot_add_files(world, draft):
    from organizations.roles import Role
    from tests.factories import make_persona

    other = make_persona("p.officer.hn", world.hanoi_agency, Role.EMULATION_OFFICER)

    with pytest.raises(PermissionDenied):
        _add(other, draft, pdf_upload())
