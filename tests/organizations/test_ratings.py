"""Yearly quality ratings and discipline records: entered in the admin, imported, refused."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from organizations import services
from organizations.models import Discipline, ImportJob, QualityRating
from organizations.roles import Role
from tests.emulation.importing import import_file, problems
from tests.factories import DisciplineFactory, QualityRatingFactory, make_persona
from tests.imports.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

KEY = "organizations.qualityrating"
HEADER = [
    "Năm",
    "Mã công chức",
    "Họ và tên",
    "Tập thể",
    "Xếp loại",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Ghi chú",
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _vi(msgid: str, **values: object) -> str:
    """Return a message as the Vietnamese interface shows it."""
    with translation.override("vi"):
        return gettext(msgid).format(**values)


def _rating_form(rated, **changes) -> dict[str, object]:
    return {
        "year": "2024",
        "person": rated.pk,
        "unit": "",
        "grade": "good",
        "decision_number": "12/QĐ-STP",
        "decision_date": "15/12/2024",
        "decided_by": "Giám đốc Sở Tư pháp",
        "notes": "",
        **changes,
    }


def _discipline_form(disciplined, **changes) -> dict[str, object]:
    return {
        "person": disciplined.pk,
        "kind": "reprimand",
        "starts_on": "01/03/2024",
        "ends_on": "28/02/2025",
        "decision_number": "7/QĐ-KL",
        "decision_date": "01/03/2024",
        "decided_by": "Giám đốc Sở Tư pháp",
        "notes": "",
        **changes,
    }


# --- Admin entry and scope --------------------------------------------------------------------


def test_officer_enters_the_rating_of_a_person_of_their_unit_in_the_admin(world, officer_danang):
    person = world.danang_department_person

    response = _client(officer_danang).post(
        reverse("admin:organizations_qualityrating_add"), _rating_form(person)
    )

    assert response.status_code == 302
    rating = QualityRating.objects.get()
    assert (rating.person, rating.year, rating.grade) == (person, 2024, "good")
    assert rating.decision_number == "12/QĐ-STP"
    assert rating.decision_date == datetime.date(2024, 12, 15)
    assert rating.history.get().history_user == officer_danang


def test_officer_rates_their_own_collective(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("admin:organizations_qualityrating_add"),
        _rating_form(world.danang_department_person, person="", unit=world.danang_department.pk),
    )

    assert response.status_code == 302
    assert QualityRating.objects.get().unit == world.danang_department


def test_officer_of_one_unit_cannot_rate_another_units_people(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("admin:organizations_qualityrating_add"), _rating_form(world.hanoi_person)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["person"]
    assert not QualityRating.objects.exists()


def test_the_service_refuses_a_rating_outside_the_users_units(world, officer_danang):
    with pytest.raises(PermissionDenied):
        services.quality_rating_record(
            user=officer_danang,
            year=2024,
            person=world.hanoi_person,
            grade="good",
            decision_number="1/QĐ",
        )
    assert not QualityRating.objects.exists()


def test_officer_lists_and_opens_only_the_ratings_of_their_units(world, officer_danang):
    own = QualityRatingFactory(person=world.danang_department_person, decision_number="1/QĐ-DN")
    other = QualityRatingFactory(person=world.hanoi_person, decision_number="1/QĐ-HN")
    client = _client(officer_danang)

    listing = client.get(reverse("admin:organizations_qualityrating_changelist"))

    assert own.decision_number in listing.content.decode()
    assert other.decision_number not in listing.content.decode()
    opened = client.get(reverse("admin:organizations_qualityrating_change", args=[other.pk]))
    assert opened.status_code == 404


def test_a_clerk_of_enforcement_does_not_see_ratings_or_discipline(world, clerk_danang):
    client = _client(clerk_danang)

    assert client.get(reverse("admin:organizations_qualityrating_changelist")).status_code == 403
    assert client.get(reverse("admin:organizations_discipline_changelist")).status_code == 403


def test_a_second_rating_of_the_same_year_is_refused_and_nothing_is_written(world, officer_danang):
    person = world.danang_department_person
    QualityRatingFactory(person=person, year=2024, grade="excellent")

    response = _client(officer_danang).post(
        reverse("admin:organizations_qualityrating_add"), _rating_form(person)
    )

    assert response.status_code == 200
    message = _vi("{recipient} already has a rating for {year}.", recipient=person, year=2024)
    assert message in html.unescape(response.content.decode())
    assert list(QualityRating.objects.values_list("grade", flat=True)) == ["excellent"]


def test_a_rating_for_a_year_the_person_was_not_in_service_is_refused(world, officer_danang):
    person = world.danang_department_person
    person.hired_on = datetime.date(2025, 3, 1)
    person.save()

    response = _client(officer_danang).post(
        reverse("admin:organizations_qualityrating_add"), _rating_form(person)
    )

    assert response.status_code == 200
    message = _vi(
        "{person} was not in service in {year}; a rating needs a year of service.",
        person=person,
        year=2024,
    )
    assert message in html.unescape(response.content.decode())
    assert not QualityRating.objects.exists()


def test_a_rating_after_the_person_left_is_refused_by_the_service(world, officer_danang):
    person = world.danang_department_person
    person.left_on = datetime.date(2023, 6, 30)
    person.save()

    with pytest.raises(ValidationError) as refused:
        services.quality_rating_record(
            user=officer_danang, year=2024, person=person, grade="good", decision_number="1/QĐ"
        )

    assert refused.value.error_dict["year"][0].code == "not_in_service"
    assert not QualityRating.objects.exists()


def test_a_person_cannot_leave_before_being_hired(world):
    person = world.danang_department_person
    person.hired_on = datetime.date(2024, 5, 1)
    person.left_on = datetime.date(2024, 4, 30)

    with pytest.raises(ValidationError):
        person.full_clean()


@pytest.mark.parametrize(
    ("hired_on", "left_on", "months"),
    [
        (None, None, 12),
        (datetime.date(2024, 3, 1), None, 10),
        (datetime.date(2024, 3, 2), None, 9),
        (None, datetime.date(2024, 10, 31), 10),
        (datetime.date(2025, 1, 1), None, 0),
    ],
)
def test_months_of_service_in_a_year(world, hired_on, left_on, months):
    person = world.danang_department_person
    person.hired_on, person.left_on = hired_on, left_on

    assert person.months_of_service(2024) == months


def test_officer_records_a_discipline_in_the_admin(world, officer_danang):
    person = world.danang_department_person

    response = _client(officer_danang).post(
        reverse("admin:organizations_discipline_add"), _discipline_form(person)
    )

    assert response.status_code == 302
    record = Discipline.objects.get()
    assert (record.person, record.kind) == (person, Discipline.Kind.REPRIMAND)
    assert (record.starts_on, record.ends_on) == (
        datetime.date(2024, 3, 1),
        datetime.date(2025, 2, 28),
    )


def test_an_investigation_is_recorded_while_it_still_runs(world, officer_danang):
    response = _client(officer_danang).post(
        reverse("admin:organizations_discipline_add"),
        _discipline_form(world.danang_department_person, kind="investigation", ends_on=""),
    )

    assert response.status_code == 302
    record = Discipline.objects.get()
    assert record.ends_on is None
    assert not record.is_penalty


def test_a_discipline_ending_before_it_starts_is_refused_and_nothing_is_written(
    world, officer_danang
):
    response = _client(officer_danang).post(
        reverse("admin:organizations_discipline_add"),
        _discipline_form(world.danang_department_person, ends_on="28/02/2024"),
    )

    assert response.status_code == 200
    assert _vi("A discipline record cannot end before it starts.") in html.unescape(
        response.content.decode()
    )
    assert not Discipline.objects.exists()


def test_closing_a_discipline_before_its_start_is_refused(world, officer_danang):
    record = DisciplineFactory(person=world.danang_department_person, ends_on=None)

    with pytest.raises(ValidationError):
        services.discipline_update(
            user=officer_danang,
            discipline=record,
            kind=record.kind,
            starts_on=record.starts_on,
            ends_on=record.starts_on - datetime.timedelta(days=1),
            decision_number=record.decision_number,
        )
    record.refresh_from_db()
    assert record.ends_on is None


def test_officer_of_one_unit_cannot_record_discipline_of_another_units_people(
    world, officer_danang
):
    response = _client(officer_danang).post(
        reverse("admin:organizations_discipline_add"), _discipline_form(world.hanoi_person)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["person"]
    assert not Discipline.objects.exists()


# --- Import of a unit's rating results --------------------------------------------------------


@pytest.fixture
def keeper(world):
    """An emulation officer of Đà Nẵng's Department of Justice."""
    return make_persona("p.ratings.danang", world.danang_department, Role.EMULATION_OFFICER)


def _rows(world) -> list[list[object]]:
    person = world.danang_department_person
    return [
        list(HEADER),
        [2024, person.staff_code, person.full_name, "", "Hoàn thành tốt nhiệm vụ",
         "12/QĐ-STP", "15/12/2024", "Giám đốc Sở Tư pháp", ""],
        [2023, person.staff_code, "", "", "hoan thanh xuat sac", "9/QĐ-STP", "", "", ""],
        [2024, "", "", "STP-DN", "Hoàn thành xuất sắc nhiệm vụ", "1/QĐ-BTP", "10/01/2025",
         "Bộ trưởng Bộ Tư pháp", ""],
    ]  # fmt: skip


def test_officer_imports_the_rating_results_of_their_unit(world, keeper, tmp_path):
    job = import_file(KEY, write_csv(tmp_path / "xep-loai.csv", _rows(world)), keeper)

    assert job.status == ImportJob.Status.DONE
    assert (job.new, job.updated, job.unchanged) == (3, 0, 0)
    person = world.danang_department_person
    assert set(QualityRating.objects.values_list("year", "person", "unit", "grade")) == {
        (2024, person.pk, None, "good"),
        (2023, person.pk, None, "excellent"),
        (2024, None, world.danang_department.pk, "excellent"),
    }
    stored = QualityRating.objects.get(year=2024, person=person).history.get()
    assert stored.history_change_reason == f"import #{job.pk}: xep-loai.csv"


def test_importing_the_same_file_again_changes_nothing(world, keeper, tmp_path):
    path = write_xlsx(tmp_path / "xep-loai.xlsx", _rows(world))
    import_file(KEY, path, keeper)

    job = import_file(KEY, path, keeper)

    assert (job.new, job.updated, job.unchanged) == (0, 0, 3)
    assert QualityRating.objects.count() == 3


def test_a_corrected_grade_updates_the_stored_rating(world, keeper, tmp_path):
    import_file(KEY, write_csv(tmp_path / "xep-loai.csv", _rows(world)), keeper)
    rows = _rows(world)
    rows[1][4] = "Hoàn thành xuất sắc"

    job = import_file(KEY, write_csv(tmp_path / "sua.csv", rows), keeper)

    assert (job.new, job.updated, job.unchanged) == (0, 1, 2)
    rating = QualityRating.objects.get(year=2024, person=world.danang_department_person)
    assert rating.grade == "excellent"


def test_every_bad_row_is_listed_at_once_and_nothing_is_written(world, keeper, tmp_path):
    person = world.danang_department_person
    person.hired_on = datetime.date(2024, 1, 2)
    person.save()
    rows = _rows(world)
    rows[2][4] = "Hoàn thành tốt"  # 2023: before the person was recruited
    rows.append([2024, world.hanoi_person.staff_code, "", "", "Hoàn thành", "1/QĐ", "", "", ""])
    rows.append(list(rows[1]))  # the same person and year twice
    rows.append([2024, person.staff_code, "", "", "Giỏi", "1/QĐ", "", "", ""])

    job = import_file(KEY, write_csv(tmp_path / "xep-loai.csv", rows), keeper)

    assert job.status == ImportJob.Status.INVALID
    found = problems(job)
    assert [(row, column) for row, column, _value, _message in found] == [
        (3, "Năm"),
        (5, "Mã công chức"),
        (6, "Năm, Mã công chức, Tập thể"),
        (7, "Xếp loại"),
    ]
    assert found[0][3] == _vi(
        "{person} was not in service in {year}; a rating needs a year of service.",
        person=person,
        year=2023,
    )
    with translation.override("vi"):
        assert found[1][3] == gettext("This staff code belongs to a unit outside yours.")
    assert not QualityRating.objects.exists()


def test_a_row_naming_both_a_person_and_a_collective_is_refused(world, keeper, tmp_path):
    rows = _rows(world)
    rows[1][3] = "STP-DN"

    job = import_file(KEY, write_csv(tmp_path / "xep-loai.csv", rows), keeper)

    assert job.status == ImportJob.Status.INVALID
    assert problems(job)[0][:2] == (2, "Mã công chức")
    assert not QualityRating.objects.exists()


def test_template_download_names_the_columns_and_the_grades(keeper):
    import io

    from openpyxl import load_workbook

    response = _client(keeper).get(
        reverse("admin:organizations_qualityrating_import_template", args=[0])
    )

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADER
