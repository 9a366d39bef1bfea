"""Smaller leaks an insider found: import jobs, many-to-many choices, certificates, the admin's
"view on site" shortcut, and anonymous request bodies."""

from __future__ import annotations

import io
import re
from unittest import mock

import openpyxl
import pytest
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from commendations.models import Certificate, Decision, Nomination, PrintJob
from commendations.services import print_job_start
from organizations.models import ImportJob, Unit
from organizations.roles import Role
from tests.commendations.factories import nomination_in
from tests.conftest import World
from tests.emulation.factories import InitiativeFactory
from tests.factories import PASSWORD, make_persona

pytestmark = pytest.mark.django_db
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _client_for(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ----------------------------------------------------------------------------------------------
# Import jobs


@pytest.fixture
def case_import(clerk_danang: AbstractUser) -> ImportJob:
    """A clerk's case import whose sample and errors show debtors."""
    return ImportJob.objects.create(
        spec="enforcement.enforcementcase",
        file=ContentFile(b"unit,number\n", name="cases.csv"),
        original_name="cases.csv",
        sha256="0" * 64,
        size=12,
        uploaded_by=clerk_danang,
        status=ImportJob.Status.INVALID,
        rows_total=1,
        report={
            "sample": [{"debtor": "Trần Văn Nợ"}],
            "problems": [{"row": 2, "column": "debtor", "value": "Trần Văn Nợ", "message": "sai"}],
        },
    )


def _job_addresses(job: ImportJob) -> list[str]:
    return [
        reverse("admin:organizations_importjob_change", args=[job.pk]),
        reverse("admin:organizations_importjob_progress", args=[job.pk]),
        reverse("admin:organizations_importjob_errors", args=[job.pk]),
        reverse("admin:organizations_importjob_history", args=[job.pk]),
    ]


def test_council_member_cannot_open_a_clerks_case_import(case_import, council_member):
    client = _client_for(council_member)

    answers = [client.get(address) for address in _job_addresses(case_import)]

    assert [answer.status_code for answer in answers] == [404] * 4
    assert all("Trần Văn Nợ" not in answer.content.decode() for answer in answers)


def test_reviewer_does_not_list_a_clerks_case_import(case_import, reviewer):
    response = _client_for(reviewer).get(reverse("admin:organizations_importjob_changelist"))

    assert response.status_code == 200
    assert "cases.csv" not in response.content.decode()


def test_leader_who_reads_every_case_opens_a_clerks_case_import(case_import, leader):
    response = _client_for(leader).get(
        reverse("admin:organizations_importjob_change", args=[case_import.pk])
    )

    assert response.status_code == 200
    assert "Trần Văn Nợ" in response.content.decode()


def test_clerk_opens_own_import_and_its_error_file(case_import, clerk_danang):
    client = _client_for(clerk_danang)

    answers = [client.get(address) for address in _job_addresses(case_import)]

    assert [answer.status_code for answer in answers] == [200] * 4


def test_clerk_of_another_city_cannot_open_the_import(case_import, clerk_hanoi):
    client = _client_for(clerk_hanoi)

    answers = [client.get(address) for address in _job_addresses(case_import)]

    assert [answer.status_code for answer in answers] == [404] * 4


# ----------------------------------------------------------------------------------------------
# Many-to-many choices


def test_officer_initiative_choices_hold_only_own_units(world, officer_danang):
    own = InitiativeFactory(person=world.danang_department_person)
    other = InitiativeFactory(person=world.hanoi_person)

    response = _client_for(officer_danang).get(reverse("admin:commendations_nomination_add"))

    choices = response.context["adminform"].form.fields["initiatives"].queryset
    assert own in choices
    assert other not in choices
    assert other.name not in response.content.decode()


# ----------------------------------------------------------------------------------------------
# Decisions and certificates


def _certificate(decision: Decision, nomination: Nomination, number: int) -> Certificate:
    return Certificate.objects.create(
        decision=decision,
        nomination=nomination,
        year=2025,
        number=number,
        unit=nomination.unit,
        award_form=nomination.award_form,
        recipient_name=nomination.unit.name,
        award_name="Bằng khen của Bộ trưởng Bộ Tư pháp",
        achievement="Đã có thành tích xuất sắc.",
    )


@pytest.fixture
def mixed_decision(world: World, leader: AbstractUser) -> Decision:
    """A ministry decision honouring a unit of Đà Nẵng and a unit of Hà Nội."""
    decision = Decision.objects.create(
        number="77/QĐ-BTP",
        date="2025-03-01",
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_name="Nguyễn Văn A",
        signer_title="BỘ TRƯỞNG",
        recorded_by=leader,
    )
    for number, unit in enumerate((world.danang_department, world.hanoi_agency), start=1):
        nomination = nomination_in(
            Nomination.Status.DECIDED, nominating_unit=unit, unit=unit, created_by=leader
        )
        Nomination.objects.filter(pk=nomination.pk).update(decision=decision)
        _certificate(decision, nomination, number)
    return decision


def _hanoi_certificate(decision: Decision, world: World) -> Certificate:
    return decision.certificates.get(nomination__nominating_unit=world.hanoi_agency)


def test_officer_cannot_print_the_certificate_of_another_city(
    world, mixed_decision, officer_danang
):
    certificate = _hanoi_certificate(mixed_decision, world)

    response = _client_for(officer_danang).get(
        reverse("commendations:certificate_pdf", args=[certificate.pk])
    )

    assert response.status_code == 404


def test_decision_of_several_units_shows_an_officer_only_their_rows(
    world, mixed_decision, officer_danang
):
    response = _client_for(officer_danang).get(
        reverse("commendations:decision", args=[mixed_decision.pk])
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert world.danang_department.name in content
    assert world.hanoi_agency.name not in content


def test_decision_list_spreadsheet_holds_only_the_officers_rows(
    world, mixed_decision, officer_danang
):
    response = _client_for(officer_danang).get(
        reverse("commendations:decision_xlsx", args=[mixed_decision.pk])
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert world.danang_department.name in cells
    assert world.hanoi_agency.name not in cells


def test_printing_a_decision_prints_only_the_officers_certificates(
    world, mixed_decision, officer_danang
):
    job = print_job_start(user=officer_danang, decision=mixed_decision)

    assert job.total == 1
    assert job.done == 1


def test_decision_without_rows_of_the_officers_units_answers_404(world, leader, officer_danang):
    decision = Decision.objects.create(
        number="78/QĐ-STP",
        date="2025-03-01",
        issuing_unit=world.danang_department,
        authority="Giám đốc Sở Tư pháp",
        signer_name="Nguyễn Văn B",
        signer_title="GIÁM ĐỐC",
        recorded_by=leader,
    )
    nomination = nomination_in(
        Nomination.Status.DECIDED,
        nominating_unit=world.hanoi_agency,
        unit=world.hanoi_agency,
        created_by=leader,
    )
    Nomination.objects.filter(pk=nomination.pk).update(decision=decision)
    _certificate(decision, nomination, 9)

    response = _client_for(officer_danang).get(
        reverse("commendations:decision", args=[decision.pk])
    )

    assert response.status_code == 404


def test_officer_cannot_open_another_users_print_job(world, mixed_decision, leader, officer_danang):
    job = PrintJob.objects.create(decision=mixed_decision, requested_by=leader, total=2)

    response = _client_for(officer_danang).get(reverse("commendations:print_job", args=[job.pk]))

    assert response.status_code == 404


# ----------------------------------------------------------------------------------------------
# The admin's "view on site" shortcut


def _shortcut(model: type, object_id: object) -> str:
    content_type = ContentType.objects.get_for_model(model)
    return reverse("admin:view_on_site", args=[content_type.pk, object_id])


def test_view_on_site_answers_the_same_for_out_of_scope_and_missing(world, officer_danang):
    hanoi = nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.hanoi_agency,
        unit=world.hanoi_agency,
        created_by=officer_danang,
    )
    client = _client_for(officer_danang)

    addresses = [
        _shortcut(Nomination, hanoi.pk),
        _shortcut(Nomination, 987654),
        _shortcut(Unit, world.danang_department.pk),
        reverse("admin:view_on_site", args=[987654, 1]),
    ]

    answers = [client.get(address) for address in addresses]

    assert [answer.status_code for answer in answers] == [404] * 4
    # The pages differ only by their address and the form's one-time token.
    pages = {
        CSRF_TOKEN.sub("", answer.content.decode()).replace(address, "")
        for answer, address in zip(answers, addresses, strict=True)
    }
    assert len(pages) == 1


def test_view_on_site_leads_to_a_record_in_scope(world, officer_danang):
    own = nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
    )

    response = _client_for(officer_danang).get(_shortcut(Nomination, own.pk))

    assert response.status_code == 302
    assert response["Location"] == own.get_absolute_url()


# ----------------------------------------------------------------------------------------------
# Anonymous request bodies


def test_anonymous_100_mb_body_is_refused_before_it_is_read(client):
    with mock.patch.object(TemporaryFileUploadHandler, "new_file") as spooled:
        response = client.post(
            "/login/",
            data=b"x" * 1024,
            content_type="multipart/form-data; boundary=BoUnDaRy",
            CONTENT_LENGTH=str(100 * 1024 * 1024),
        )

    assert response.status_code in (400, 413)
    spooled.assert_not_called()


def test_anonymous_file_upload_never_reaches_the_disk(client, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    upload = ContentFile(b"0" * (200 * 1024), name="big.bin")
    with mock.patch.object(TemporaryFileUploadHandler, "new_file") as spooled:
        response = client.post("/login/", {"username": "x", "password": "y", "file": upload})

    assert response.status_code in (400, 413)
    spooled.assert_not_called()


def test_anonymous_chunked_body_without_length_is_refused(client):
    response = client.generic(
        "POST",
        "/login/",
        b"",
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )

    assert response.status_code in (400, 413)


def test_anonymous_login_form_still_signs_in(world):
    user = make_persona("p.small.body", world.danang_agency, Role.ENFORCEMENT_CLERK)

    response = Client().post("/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302


def test_signed_in_user_keeps_the_upload_limits_of_the_pages(world, officer_danang):
    body = b"a=" + b"0" * (200 * 1024)

    response = _client_for(officer_danang).generic(
        "POST", "/i18n/setlang/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 302
