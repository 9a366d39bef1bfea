"""Templates as data: shipped defaults render; an uploaded DOCX is checked, never a 500."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commendations import documents
from commendations.models import DocumentTemplate, TemplateKind
from organizations.documents import word

pytestmark = pytest.mark.django_db


def _docx_with(*lines: str) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("kind", list(documents.KINDS))
def test_each_shipped_template_renders_the_national_heading_with_diacritics(kind):
    content = documents.render_docx(kind, documents.sample_document(kind))

    text = _text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hà Nội, ngày 05 tháng 01 năm 2025" in text
    assert "Nguyễn Văn A" in text


@pytest.mark.parametrize("kind", list(documents.KINDS))
def test_each_shipped_template_passes_the_upload_checks(kind):
    documents.validate_upload(kind, documents.default_template_path(kind).read_bytes())


def test_an_unknown_placeholder_is_named_in_the_refusal():
    with pytest.raises(ValidationError) as refused:
        documents.validate_upload(
            TemplateKind.DECISION, _docx_with("{{ agency }} {{ signer_phone }}")
        )

    assert refused.value.code == "unknown_placeholder"
    assert "signer_phone" in refused.value.messages[0]


def test_a_placeholder_reaching_python_internals_is_refused():
    for line in ("{{ ''.__class__ }}", "{{ agency.__class__.__mro__ }}", "{{ agency['__doc__'] }}"):
        with pytest.raises(ValidationError) as refused:
            documents.validate_upload(TemplateKind.DECISION, _docx_with(line))
        assert refused.value.code == "unsafe"


def test_the_sandbox_refuses_internals_even_when_rendering():
    template = word.load_template(_docx_with("{{ agency|attr('__class__') }}"))

    with pytest.raises(Exception) as refused:
        word.render(template, {"agency": "x"})

    assert refused.type.__name__ == "SecurityError"


def test_a_wrongly_written_placeholder_is_a_clear_refusal():
    with pytest.raises(ValidationError) as refused:
        documents.validate_upload(TemplateKind.DECISION, _docx_with("{{ agency "))

    assert refused.value.code == "syntax"


def test_a_file_that_is_not_a_docx_is_refused():
    with pytest.raises(ValidationError) as refused:
        documents.validate_upload(TemplateKind.DECISION, b"%PDF-1.4 not a word document")

    assert refused.value.code == "not_docx"


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (word.MAX_UNPACKED_BYTES + 1))
    assert len(packed.getvalue()) < 100_000

    with pytest.raises(ValidationError) as refused:
        documents.validate_upload(TemplateKind.DECISION, packed.getvalue())

    assert refused.value.code == "too_large_unpacked"


def test_an_administrator_uploading_a_wrong_template_sees_the_message(client, administrator):
    client.force_login(administrator)
    upload = SimpleUploadedFile("mau.docx", _docx_with("{{ signer_phone }}"))

    response = client.post(
        reverse("admin:commendations_documenttemplate_add"),
        {"kind": TemplateKind.DECISION, "file": upload},
    )

    assert response.status_code == 200
    assert "signer_phone" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_an_uploaded_template_replaces_the_default(client, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    upload = SimpleUploadedFile("mau.docx", _docx_with("Mẫu riêng: {{ agency }} — {{ number }}"))

    response = client.post(
        reverse("admin:commendations_documenttemplate_add"),
        {"kind": TemplateKind.DECISION, "file": upload},
    )

    assert response.status_code == 302
    sample = documents.sample_document(TemplateKind.DECISION)
    text = _text(documents.render_docx(TemplateKind.DECISION, sample))
    assert "Mẫu riêng: CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ — 12/QĐ-BTP" in text


def test_the_upload_page_lists_the_placeholders(client, administrator):
    client.force_login(administrator)

    content = client.get(reverse("admin:commendations_documenttemplate_add")).content.decode()

    assert "place_date" in content
    assert "row.recipient" in content
