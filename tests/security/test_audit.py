"""Who changed what and when is visible for every model; the audit trail cannot be rewritten."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from commendations.admin.nominations import NominationEventInline
from commendations.models import Nomination, NominationEvent
from commendations.services import nomination_submit, nomination_take
from enforcement import services as case_services
from enforcement.admin import CaseEventInline, YearLogEntryAdmin
from enforcement.admin.years import YearLogEntryInline
from enforcement.models import (
    CaseEvent,
    EnforcementCase,
    ImportedCases,
    StatisticalYear,
    Status,
    YearLogEntry,
)
from organizations.admin.base import HistoryAdmin
from organizations.models import ImportJob
from tests.benchmarks.casefile import HEADERS
from tests.commendations.factories import nomination_in
from tests.enforcement.factories import EnforcementCaseFactory, legal_ground
from tests.factories import UserFactory, ensure_reference_data
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

STATUS_HEADERS = ["Đơn vị", "Số quyết định THA", "Ngày", "Trạng thái", "Ghi chú", "Căn cứ"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser(world):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _case_row(number: str, **overrides: str) -> list[str]:
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Đơn vị": "THADS-DN",
            "Số quyết định THA": number,
            "Ngày ra quyết định": "10/10/2025",
            "Ngày thụ lý": "12/10/2025",
            "Bản án, quyết định": "Bản án số 45/2025/DS-ST",
            "Loại việc": "Dân sự",
            "Hình thức thi hành": "Theo yêu cầu",
            "Người phải thi hành": "Nguyễn Văn Nợ",
            "Số tiền phải thi hành": "150.000.000",
            "Số tiền đã thi hành": "0",
            "Điều kiện thi hành": "Có điều kiện",
            "Trạng thái": "Đang thi hành",
        }
    )
    row.update(overrides)
    return [row[header] for header in HEADERS]


def _import(path, user, key: str = "enforcementcase") -> ImportJob:
    # The command runs as the background worker does: no request, no middleware.
    with contextlib.suppress(CommandError):
        call_command("import_data", key, str(path), user=user.username)
    return ImportJob.objects.latest("pk")


# Reverting and editing history


def test_every_admin_with_history_reads_it_without_reverting():
    history_admins = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]

    assert len(history_admins) >= 20
    for model_admin in history_admins:
        assert isinstance(model_admin, HistoryAdmin), type(model_admin).__name__
        assert model_admin.revert_disabled(RequestFactory().get("/")) is True


def test_revert_is_disabled_in_settings(settings):
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


@pytest.mark.parametrize("persona", ["administrator", "superuser"])
def test_posting_to_a_past_version_changes_nothing(world, request, persona):
    user = request.getfixturevalue(persona)
    unit = world.danang_department
    old_name = unit.name
    unit.name = "Tên mới"
    unit.save()
    past = unit.history.earliest()
    url = reverse("admin:organizations_unit_simple_history", args=[unit.pk, past.history_id])

    response = _client(user).post(
        url,
        {
            "code": unit.code,
            "name": old_name,
            "short_name": "",
            "kind": unit.kind,
            "locality": unit.locality_id or "",
            "parent": unit.parent_id or "",
            "valid_from": "01/01/2000",
            "valid_to": "",
            "successor": "",
            "_save": "Revert",
        },
    )

    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Tên mới"
    assert unit.history.count() == 2


def test_a_past_version_is_shown_read_only_without_a_revert_button(world, administrator):
    unit = world.danang_department
    unit.name = "Tên mới"
    unit.save()
    past = unit.history.earliest()

    response = _client(administrator).get(
        reverse("admin:organizations_unit_simple_history", args=[unit.pk, past.history_id])
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert world.danang_department.code in content
    assert 'name="name"' not in content
    assert 'name="_save"' not in content


def test_a_past_case_version_cannot_be_submitted_by_a_clerk(world, clerk_danang):
    case = EnforcementCaseFactory(unit=world.danang_agency, debtor="Người Cũ")
    case_services.case_update(user=clerk_danang, case=case, changes={"debtor": "Người Mới"})
    past = case.history.earliest()

    response = _client(clerk_danang).post(
        reverse("admin:enforcement_enforcementcase_simple_history", args=[case.pk, past.pk]),
        {"debtor": "Người Cũ"},
    )

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.debtor == "Người Mới"


# Audit records are read-only for everyone


AUDIT_MODELS = [CaseEvent, NominationEvent, LogEntry, YearLogEntry, ImportJob]


def test_no_history_model_or_event_table_has_a_writable_admin():
    for model in admin.site._registry:
        if issubclass(model, HistoricalChanges) or model in (CaseEvent, NominationEvent, LogEntry):
            pytest.fail(f"{model._meta.label} is registered in the admin")
    assert admin.site._registry[ImportJob] is not None
    assert admin.site._registry[YearLogEntry] is not None


@pytest.mark.parametrize("persona", ["administrator", "superuser"])
@pytest.mark.parametrize("model", [ImportJob, YearLogEntry])
def test_audit_admins_are_read_only_for_everyone(model, persona, request):
    user = request.getfixturevalue(persona)
    model_admin = admin.site._registry[model]
    http = _request(user)

    assert model_admin.has_add_permission(http) is False
    assert model_admin.has_change_permission(http) is False
    assert model_admin.has_delete_permission(http) is False


@pytest.mark.parametrize("persona", ["administrator", "superuser"])
@pytest.mark.parametrize(
    ("inline", "parent"),
    [
        (CaseEventInline, EnforcementCase),
        (NominationEventInline, Nomination),
        (YearLogEntryInline, StatisticalYear),
    ],
)
def test_event_inlines_are_read_only_for_everyone(inline, parent, persona, request):
    http = _request(request.getfixturevalue(persona))
    instance = inline(parent, admin.site)

    assert instance.has_add_permission(http, None) is False
    assert instance.has_change_permission(http, None) is False
    assert instance.has_delete_permission(http, None) is False
    assert instance.can_delete is False


def test_superuser_cannot_delete_an_import_job_or_reach_log_entries(world, superuser, tmp_path):
    job = _import(write_csv(tmp_path / "cases.csv", [HEADERS, _case_row("1")]), superuser)
    client = _client(superuser)

    delete = client.post(
        reverse("admin:organizations_importjob_delete", args=[job.pk]), {"post": "yes"}
    )

    assert delete.status_code == 403
    assert ImportJob.objects.filter(pk=job.pk).exists()
    with pytest.raises(NoReverseMatch):
        reverse("admin:admin_logentry_changelist")
    assert client.get("/admin/admin/logentry/").status_code == 404


def test_superuser_cannot_delete_a_year_log_entry(world, superuser, administrator):
    entry = YearLogEntry.objects.create(
        statistical_year=StatisticalYear.objects.create(year=2025),
        action=YearLogEntry.Action.REOPENED,
        reason="test",
        user=administrator,
    )

    response = _client(superuser).post(
        reverse("admin:enforcement_yearlogentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert YearLogEntry.objects.filter(pk=entry.pk).exists()
    assert "delete_selected" not in YearLogEntryAdmin(YearLogEntry, admin.site).get_actions(
        _request(superuser)
    )


def _request(user):
    http = RequestFactory().get("/")
    http.user = user
    return http


# The history shows who, when and what, in Vietnamese


def test_history_lists_author_time_and_each_changed_field_in_vietnamese(world, clerk_danang):
    case = EnforcementCaseFactory(unit=world.danang_agency, debtor="Người Cũ")
    case_services.case_update(user=clerk_danang, case=case, changes={"debtor": "Người Mới"})
    case_services.case_postpone(
        user=clerk_danang,
        case=case,
        on=case.accepted_on + datetime.timedelta(days=3),
        ground=legal_ground("48.1.c"),
    )

    content = (
        _client(clerk_danang)
        .get(reverse("admin:enforcement_enforcementcase_history", args=[case.pk]))
        .content.decode()
    )

    assert "Người thay đổi" in content
    assert "Ngày/giờ" in content
    assert "Những thay đổi" in content
    assert clerk_danang.username in content
    assert "Người Cũ" in content and "Người Mới" in content
    # Choices read as their Vietnamese labels, not as stored codes.
    assert "đang thi hành" in content and "hoãn thi hành án" in content
    assert "in_progress" not in content
    assert "None" not in content


def test_case_status_change_names_its_author_in_history_and_events(world, clerk_danang):
    case = EnforcementCaseFactory(unit=world.danang_agency)

    case_services.case_suspend(
        user=clerk_danang,
        case=case,
        on=case.accepted_on + datetime.timedelta(days=1),
        ground=legal_ground("49.2"),
    )

    latest = case.history.latest()
    event = case.events.latest("id")
    assert latest.status == Status.SUSPENDED
    assert latest.history_user == clerk_danang
    assert event.recorded_by == clerk_danang
    assert event.recorded_at is not None


# Bulk imports


def test_every_bulk_imported_case_traces_back_to_its_file(world, clerk_danang, tmp_path):
    rows = [
        HEADERS,
        _case_row("1/QĐ"),
        _case_row(
            "2/QĐ",
            **{
                "Trạng thái": "Thi hành xong",
                "Ngày kết thúc": "20/11/2025",
                "Số tiền đã thi hành": "150.000.000",
            },
        ),
    ]

    job = _import(write_csv(tmp_path / "hồ-sơ-tháng-10.csv", rows), clerk_danang)

    assert job.status == ImportJob.Status.DONE
    cases = EnforcementCase.objects.filter(unit=world.danang_agency)
    assert cases.count() == 2
    for case in cases:
        assert ImportedCases.job_of(case.pk) == job
    assert job.uploaded_by == clerk_danang
    assert sum(r.last_id - r.first_id + 1 for r in job.case_ranges.all()) == 2


def test_imported_case_pages_show_the_import(world, clerk_danang, tmp_path):
    job = _import(write_csv(tmp_path / "hồ-sơ.csv", [HEADERS, _case_row("1/QĐ")]), clerk_danang)
    case = EnforcementCase.objects.get(decision_number="1/QĐ")
    client = _client(clerk_danang)
    job_url = reverse("admin:organizations_importjob_change", args=[job.pk])

    change = client.get(reverse("admin:enforcement_enforcementcase_change", args=[case.pk]))
    history = client.get(reverse("admin:enforcement_enforcementcase_history", args=[case.pk]))

    for response in (change, history):
        content = response.content.decode()
        assert response.status_code == 200
        assert job_url in content
        assert "hồ-sơ.csv" in content
    assert clerk_danang.username in history.content.decode()
    assert "Các sự kiện của việc thi hành án" in history.content.decode()


def test_status_import_leaves_history_and_events_of_its_user_and_file(
    world, clerk_danang, tmp_path
):
    case = EnforcementCaseFactory(
        unit=world.danang_agency,
        decision_number="7/QĐ",
        accepted_on=datetime.date(2025, 10, 12),
    )
    ensure_reference_data()  # the legal grounds the row names
    rows = [
        STATUS_HEADERS,
        ["THADS-DN", "7/QĐ", "15/10/2025", "Hoãn", "Đương sự xin hoãn", "48.1.c"],
    ]

    job = _import(write_csv(tmp_path / "trang-thai.csv", rows), clerk_danang, key="casestatus")

    assert job.status == ImportJob.Status.DONE
    latest = case.history.latest()
    assert latest.status == Status.POSTPONED
    assert latest.history_user == clerk_danang
    assert latest.history_change_reason == f"import #{job.pk}: trang-thai.csv"
    event = case.events.get(kind=CaseEvent.Kind.POSTPONED)
    assert event.import_job == job
    assert event.note == "Đương sự xin hoãn"


def test_case_corrections_by_import_name_the_user_and_file(world, clerk_danang, tmp_path):
    _import(write_csv(tmp_path / "a.csv", [HEADERS, _case_row("1/QĐ")]), clerk_danang)
    rows = [HEADERS, _case_row("1/QĐ", **{"Người phải thi hành": "Nguyễn Văn Sửa"})]

    job = _import(write_csv(tmp_path / "sua.csv", rows), clerk_danang)

    case = EnforcementCase.objects.get(decision_number="1/QĐ")
    latest = case.history.latest()
    assert latest.debtor == "Nguyễn Văn Sửa"
    assert latest.history_user == clerk_danang
    assert latest.history_change_reason == f"import #{job.pk}: sua.csv"
    assert case.events.get(kind=CaseEvent.Kind.CORRECTED).import_job == job


def test_unit_import_leaves_history_with_user_and_reason(world, administrator, tmp_path):
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Đơn vị cấp trên", "Hiệu lực từ"],
        ["STP-XX", "Sở Tư pháp thử", "Sở Tư pháp", "BTP", "01/01/2025"],
    ]

    job = _import(write_csv(tmp_path / "don-vi.csv", rows), administrator, key="unit")

    assert job.status == ImportJob.Status.DONE, job.report
    record = world.ministry.children.get(code="STP-XX").history.get()
    assert record.history_user == administrator
    assert record.history_change_reason == f"import #{job.pk}: don-vi.csv"


# Workflow


def test_nomination_steps_are_in_history_and_events_with_user_and_time(
    world, officer_danang, reviewer
):
    draft = nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        documents=True,
    )

    nomination_submit(user=officer_danang, nomination=draft)
    nomination_take(user=reviewer, nomination=draft)

    events = list(draft.events.order_by("at", "pk"))
    assert [(e.to_status, e.actor) for e in events][-2:] == [
        (Nomination.Status.SUBMITTED, officer_danang),
        (Nomination.Status.IN_REVIEW, reviewer),
    ]
    assert all(e.at is not None for e in events)
    history = list(draft.history.order_by("-history_date", "-history_id")[:2])
    assert [(h.status, h.history_user) for h in history] == [
        (Nomination.Status.IN_REVIEW, reviewer),
        (Nomination.Status.SUBMITTED, officer_danang),
    ]
    assert all(h.history_change_reason for h in history)


def test_nomination_history_page_shows_the_steps(world, officer_danang, reviewer):
    draft = nomination_in(
        Nomination.Status.DRAFT,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        documents=True,
    )
    nomination_submit(user=officer_danang, nomination=draft)

    content = (
        _client(reviewer)
        .get(reverse("admin:commendations_nomination_history", args=[draft.pk]))
        .content.decode()
    )

    assert officer_danang.username in content
    assert str(Nomination.Status.SUBMITTED.label) in content or "Đã nộp" in content


@pytest.mark.parametrize("version", ["abc", "1.5", "-1", "١"])
def test_a_history_version_that_is_not_a_number_is_not_found(world, clerk_hanoi, version):
    case = EnforcementCaseFactory(unit=world.hanoi_agency)
    client = Client(raise_request_exception=False)
    client.force_login(clerk_hanoi)

    response = client.get(f"/admin/enforcement/enforcementcase/{case.pk}/history/{version}/")

    assert response.status_code == 404
