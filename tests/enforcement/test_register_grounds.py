"""A register's decisions written without their legal ground take the ground chosen on upload."""

from __future__ import annotations

import contextlib

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from enforcement.models import CaseEvent, EnforcementCase, LegalGround
from organizations.imports.services import import_job_start_apply
from organizations.models import ImportJob
from tests.enforcement.register_file import good_rows, write_register_xlsx
from tests.enforcement.test_register_import import case, problems

pytestmark = pytest.mark.django_db

# Every choice the form offers, as the command line writes them.
CHOICES = [
    "ground_not_eligible=44a.1.c",
    "ground_postponed=48.1.C",  # read as the catalogue writes it
    "ground_suspended=49.2",
    "ground_terminated=50.1.a",
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def unwritten_grounds(count: int = 8) -> list[dict[str, object]]:
    """Return register rows whose status decisions cite no ground, as real registers do."""
    rows = good_rows(count)
    rows[3]["postponed"] = "Số: 41/QĐ-THADS ngày 01/11/2025"
    rows[4]["suspended"] = "Số: 53/QĐ-THADS ngày 03/11/2025"
    rows[5]["not_eligible"] = "Số: 64/QĐ-THADS ngày 10/01/2026"
    rows[6]["terminated"] = "Số: 75/QĐ-THADS ngày 05/02/2026"
    return rows


def run(path, user, *options: str, dry_run: bool = False) -> ImportJob | None:
    """Import from the command line with the upload form's choices; the job, if one was made."""
    with contextlib.suppress(CommandError):
        call_command(
            "import_data",
            "enforcement.register",
            str(path),
            user=user.username,
            option=["unit=THADS-HN-KV1", *options],
            dry_run=dry_run,
        )
    return ImportJob.objects.order_by("pk").last()


def test_decisions_without_their_ground_take_the_ground_chosen_for_their_kind(
    world, clerk_hanoi, tmp_path
):
    path = write_register_xlsx(tmp_path / "so.xlsx", unwritten_grounds())
    job = run(path, clerk_hanoi, *CHOICES)
    assert problems(job) == []
    assert job.options["ground_postponed"] == "48.1.c"
    grounds = {
        number: case(number).ground.code for number in ("5/QĐ-THADS", "6/QĐ-THADS", "7/QĐ-THADS")
    }
    assert grounds == {"5/QĐ-THADS": "49.2", "6/QĐ-THADS": "44a.1.c", "7/QĐ-THADS": "50.1.a"}
    postponed = case("4/QĐ-THADS").events.get(kind=CaseEvent.Kind.POSTPONED)
    assert postponed.ground.code == "48.1.c"


def test_a_ground_written_in_the_cell_wins_over_the_chosen_one(world, clerk_hanoi, tmp_path):
    rows = unwritten_grounds()
    rows[3]["postponed"] = "Số: 41/QĐ-THADS ngày 01/11/2025 theo điểm a khoản 1 Điều 48"
    job = run(write_register_xlsx(tmp_path / "so.xlsx", rows), clerk_hanoi, *CHOICES)
    assert problems(job) == []
    postponed = case("4/QĐ-THADS").events.get(kind=CaseEvent.Kind.POSTPONED)
    assert postponed.ground.code == "48.1.a"
    assert case("5/QĐ-THADS").ground.code == "49.2"


def test_without_a_written_or_chosen_ground_the_row_says_where_to_choose_it(
    world, clerk_hanoi, tmp_path
):
    path = write_register_xlsx(tmp_path / "so.xlsx", unwritten_grounds())
    # The suspensions' ground is chosen, the others' are not.
    job = run(path, clerk_hanoi, "ground_suspended=49.1")
    assert job.status == ImportJob.Status.INVALID
    assert [(row, column) for row, column, _message in problems(job)] == [
        (8, "QĐ hoãn"),
        (10, "QĐ chưa có điều kiện"),
        (11, "QĐ đình chỉ"),
    ]
    assert all(
        "choose the ground of these decisions on the upload form" in p[2] for p in problems(job)
    )
    assert EnforcementCase.objects.count() == 0


def test_importing_again_with_the_same_choices_changes_nothing(world, clerk_hanoi, tmp_path):
    path = write_register_xlsx(tmp_path / "so.xlsx", unwritten_grounds(12))
    first = run(path, clerk_hanoi, *CHOICES)
    assert first.new == 12
    events = CaseEvent.objects.count()
    again = run(path, clerk_hanoi, *CHOICES)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 12)
    assert CaseEvent.objects.count() == events


@pytest.mark.parametrize(
    ("option", "refusal"),
    [
        ("ground_adjourned=48.1.c", "Unknown option 'ground_adjourned'"),
        ("ground_postponed", "NAME=VALUE"),
        ("ground_postponed=99.9", "No legal ground 99.9 in the catalogue."),
        ("ground_postponed=49.1", "Ground 49.1 is a ground of suspension, not of postponement."),
        ("ground_terminated=48.1.c", "a ground of postponement, not of termination"),
    ],
)
def test_an_unknown_option_or_a_ground_of_another_kind_is_refused_before_upload(
    world, clerk_hanoi, tmp_path, option, refusal
):
    path = write_register_xlsx(tmp_path / "so.xlsx", unwritten_grounds())
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_data",
            "enforcement.register",
            str(path),
            user=clerk_hanoi.username,
            option=["unit=THADS-HN-KV1", option],
        )
    assert refusal in str(refused.value)
    assert not ImportJob.objects.exists()
    assert EnforcementCase.objects.count() == 0


def test_a_ground_taken_out_of_use_after_the_check_refuses_the_rows_resting_on_it(
    world, clerk_hanoi, tmp_path
):
    # Checked with the ground in use; the catalogue changes before the clerk confirms.
    path = write_register_xlsx(tmp_path / "so.xlsx", unwritten_grounds())
    job = run(path, clerk_hanoi, *CHOICES, dry_run=True)
    assert job.status == ImportJob.Status.VALID
    LegalGround.objects.filter(code="48.1.c").update(is_active=False)
    job = import_job_start_apply(job=job, user=clerk_hanoi)
    ((row, column, message),) = problems(job)
    assert (row, column) == (8, "QĐ hoãn")
    assert "48.1.c chosen on the upload form is not a ground in use" in message
    assert EnforcementCase.objects.count() == 0
