"""Backup and restore: an emptied database restored from its archive gives the same reports."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from commendations.demo import load_commendations
from commendations.models import Certificate, DossierFile
from emulation.demo import load_emulation
from emulation.models import Cluster
from emulation.selectors import cluster_ranking
from enforcement.demo import DEMO_AGENCIES, load_enforcement
from enforcement.models import EnforcementCase
from enforcement.selectors import Period, UnitStatistics, enforcement_statistics
from organizations.backup import database_holds_data, read_manifest
from organizations.demo import load_organizations
from organizations.models import Unit
from tests.enforcement.factories import EnforcementCaseFactory
from tests.factories import UnitFactory, UserFactory, ensure_reference_data


def _media() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _row(row: UnitStatistics) -> tuple[object, ...]:
    return (
        row.unit.code if row.unit else None,
        astuple(row.cases),
        astuple(row.money),
        row.cases.ratio,
        row.money.ratio,
        row.case_target,
        row.money_target,
    )


def _reports() -> dict[str, object]:
    """The enforcement table, the cluster rankings and the certificates, as plain values."""
    agencies = list(Unit.objects.filter(code__in=DEMO_AGENCIES).order_by("code"))
    figures = {}
    for year in (2024, 2025):
        table = enforcement_statistics(units=agencies, period=Period(year=year))
        figures[year] = (
            [_row(row) for row in table.rows],
            _row(table.total),
            table.from_snapshot,
            table.targets_met,
            table.targets_set,
        )
    rankings = {}
    for cluster in Cluster.objects.order_by("year"):
        ranking = cluster_ranking(cluster=cluster)
        rankings[cluster.year] = (
            ranking.pending,
            [
                (
                    member.unit.code,
                    member.statistics_unit.code if member.statistics_unit else None,
                    member.rank,
                    member.total,
                    member.is_flag_candidate,
                    [
                        (
                            score.criterion.number,
                            score.value,
                            score.target,
                            score.points,
                            score.state,
                        )
                        for score in member.scores
                    ],
                )
                for member in ranking.members
            ],
        )
    certificates = list(
        Certificate.objects.order_by("pk").values_list(
            "year",
            "number",
            "decision__number",
            "decision__date",
            "decision__signer_name",
            "award_form__code",
            "title__code",
            "person__staff_code",
            "unit__code",
            "recipient_name",
            "recipient_details",
            "award_name",
            "achievement",
        )
    )
    dossiers = list(
        DossierFile.objects.order_by("pk").values_list(
            "nomination__status", "kind", "file", "original_name", "size", "uploaded_at"
        )
    )
    return {
        "enforcement": figures,
        "rankings": rankings,
        "certificates": certificates,
        "dossiers": dossiers,
    }


@pytest.fixture(autouse=True)
def _forget_cached_content_types() -> Iterator[None]:
    # Restores (and one test here) give content types new ids; the ones cached in this
    # process must not outlive the test, or later tests write rows pointing at nothing.
    yield
    ContentType.objects.clear_cache()


def _load_demo_world() -> None:
    """The demo with one case in a hundred: every app's kinds of rows in seconds, not minutes."""
    # An earlier transactional test may have flushed the catalogues the migrations load.
    ensure_reference_data()
    load_organizations()
    load_enforcement(scale=0.01)
    load_emulation()
    load_commendations()


@pytest.mark.django_db(transaction=True)
def test_restoring_the_demo_into_an_emptied_database_gives_the_same_reports(tmp_path):
    _load_demo_world()
    before, media = _reports(), _media()
    users = get_user_model().objects.count()
    first, second = tmp_path / "sao-luu.tar.gz", tmp_path / "sao-luu-lai.tar.gz"
    assert EnforcementCase.objects.count() > 3_000
    assert before["certificates"], "the demo decides a certificate"
    assert before["dossiers"] and media, "the demo stores dossier files"
    assert all(members for _pending, members in before["rankings"].values())
    assert before["enforcement"][2024][1][1][0] > 0, "2024 has carried-over cases"

    call_command("backup", str(first))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not database_holds_data()
    call_command("restore", str(first))

    assert _reports() == before
    assert _media() == media
    assert get_user_model().objects.count() == users
    # Every table holds the same rows again: a second backup has the same checksums.
    call_command("backup", str(second))
    assert read_manifest(second)["models"] == read_manifest(first)["models"]


@pytest.fixture
def archive(world, tmp_path) -> Path:
    path = tmp_path / "nho.tar.gz"
    call_command("backup", str(path))
    return path


@pytest.mark.django_db
def test_restore_refuses_a_database_holding_data(archive):
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_restore_with_force_replaces_the_data(world, archive):
    Unit.objects.filter(pk=world.hanoi_office.pk).update(name="Đổi sau khi sao lưu")

    call_command("restore", str(archive), force=True)

    assert Unit.objects.get(pk=world.hanoi_office.pk).name == world.hanoi_office.name


@pytest.mark.django_db
def test_figures_kept_before_a_restore_are_not_read_after_it(world, archive):
    # Kept figures are derived data: not archived, emptied by a restore.
    EnforcementCaseFactory(unit=world.hanoi_agency, accepted_on=datetime.date(2024, 3, 1))
    report = enforcement_statistics(units=[world.hanoi_agency], period=Period(2024))
    assert report.total.cases.total == 1

    call_command("restore", str(archive), force=True)

    report = enforcement_statistics(units=[world.hanoi_agency], period=Period(2024))
    assert report.total.cases.total == 0
    assert "enforcement.keptfigures" not in read_manifest(archive)["models"]


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "khac.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        info = tarfile.TarInfo("readme.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))

    with pytest.raises(CommandError, match="không phải bản sao lưu của"):
        call_command("restore", str(other), force=True)
    (tmp_path / "rac.tar.gz").write_bytes(b"not an archive at all")
    with pytest.raises(CommandError, match="không phải bản sao lưu đọc được"):
        call_command("restore", str(tmp_path / "rac.tar.gz"), force=True)


@pytest.mark.django_db
def test_a_corrupted_archive_is_refused_and_nothing_changes(world, archive, tmp_path):
    damaged = tmp_path / "hong.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "data/organizations.unit.jsonl":
                data = data.replace("Hà Nội".encode(), "Hà Tây".encode())
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    Unit.objects.filter(pk=world.hanoi_office.pk).update(name="Giữ nguyên")

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), force=True)

    assert Unit.objects.get(pk=world.hanoi_office.pk).name == "Giữ nguyên"


@pytest.mark.django_db
def test_a_restore_failing_midway_leaves_everything_as_it_was(world, archive, tmp_path):
    # A row count in the manifest that its data file does not have: found while writing.
    broken = tmp_path / "dem-sai.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(broken, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["models"]["organizations.unit"]["count"] += 1
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    Unit.objects.filter(pk=world.hanoi_office.pk).update(name="Giữ nguyên")
    units = Unit.objects.count()
    kept = Path(settings.MEDIA_ROOT) / "imports" / "giu.csv"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"giu nguyen")

    with pytest.raises(CommandError, match="không nhất quán"):
        call_command("restore", str(broken), force=True)

    assert Unit.objects.count() == units
    assert Unit.objects.get(pk=world.hanoi_office.pk).name == "Giữ nguyên"
    assert _media() == {"imports/giu.csv": hashlib.sha256(b"giu nguyen").hexdigest()}


@pytest.mark.django_db
def test_manifest_lists_counts_checksums_and_media(world, tmp_path):
    media = Path(settings.MEDIA_ROOT) / "imports" / "a.csv"
    media.parent.mkdir(parents=True)
    media.write_bytes("Đơn vị\n".encode())
    path = tmp_path / "b.tar.gz"

    call_command("backup", str(path))

    with tarfile.open(path, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        assert tar.extractfile("media/imports/a.csv").read() == media.read_bytes()
    assert manifest["version"] == 1
    assert manifest["models"]["organizations.unit"]["count"] == Unit.objects.count()
    assert len(manifest["models"]["organizations.unit"]["sha256"]) == 64
    assert manifest["media"]["imports/a.csv"]["size"] == media.stat().st_size
    assert "contenttypes.contenttype" not in manifest["models"]


@pytest.mark.django_db(transaction=True)
def test_rows_created_after_a_restore_get_ids_of_their_own(world, tmp_path):
    archive = tmp_path / "trinh-tu.tar.gz"
    call_command("backup", str(archive))
    restored = list(Unit.objects.values_list("pk", flat=True))
    # flush restarts every sequence at 1, as on a freshly migrated server.
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive))

    created = UnitFactory(code="MOI-SAU-KHOI-PHUC")

    assert created.pk > max(restored)
    assert Unit.history.filter(code="MOI-SAU-KHOI-PHUC").exists()


@pytest.mark.django_db
def test_permissions_and_content_types_find_the_ids_of_the_restoring_database(world, tmp_path):
    user = UserFactory(username="quyen.rieng")
    user.user_permissions.add(Permission.objects.get(codename="view_unit"))
    unit_type = ContentType.objects.get_for_model(Unit)
    LogEntry.objects.create(
        user=user,
        content_type=unit_type,
        object_id=str(world.hanoi_office.pk),
        object_repr=str(world.hanoi_office),
        action_flag=CHANGE,
    )
    archive = tmp_path / "khoa-tu-nhien.tar.gz"
    call_command("backup", str(archive))
    # Another server's migrate numbered them otherwise: the same keys under new ids.
    unit_type.delete()
    ContentType.objects.clear_cache()
    create_permissions(apps.get_app_config("organizations"), verbosity=0)
    assert ContentType.objects.get_for_model(Unit).pk != unit_type.pk

    call_command("restore", str(archive), force=True)

    user = get_user_model().objects.get(username="quyen.rieng")
    assert user.has_perm("organizations.view_unit")
    entry = LogEntry.objects.get(user=user)
    assert entry.content_type.model_class() is Unit
    assert entry.get_edited_object() == world.hanoi_office


@pytest.mark.django_db
def test_datetimes_keep_their_microseconds(world, tmp_path):
    joined = datetime.datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC)
    user = UserFactory(username="chinh.xac", date_joined=joined)
    archive = tmp_path / "micro.tar.gz"
    call_command("backup", str(archive))
    get_user_model().objects.filter(pk=user.pk).update(date_joined=timezone.now())

    call_command("restore", str(archive), force=True)

    assert get_user_model().objects.get(pk=user.pk).date_joined == joined


@pytest.mark.django_db
def test_restore_puts_back_the_media_files_it_replaces_byte_for_byte(world, tmp_path):
    dossier = Path(settings.MEDIA_ROOT) / "commendations" / "dossiers" / "1" / "to-trinh.pdf"
    dossier.parent.mkdir(parents=True)
    dossier.write_bytes(b"%PDF-1.4 ban goc \x00\xff")
    archive = tmp_path / "tep.tar.gz"
    call_command("backup", str(archive))
    dossier.write_bytes(b"sua sau khi sao luu")

    call_command("restore", str(archive), force=True)

    assert dossier.read_bytes() == b"%PDF-1.4 ban goc \x00\xff"
    assert [path.name for path in Path(settings.MEDIA_ROOT).iterdir()] == ["commendations"]


@pytest.mark.django_db
def test_a_backup_that_cannot_be_written_leaves_no_half_archive(world, tmp_path, monkeypatch):
    media = Path(settings.MEDIA_ROOT) / "imports" / "a.csv"
    media.parent.mkdir(parents=True)
    media.write_bytes(b"x")
    directory = tmp_path / "dich"
    directory.mkdir()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", disk_full)
    with pytest.raises(CommandError, match="No space left"):
        call_command("backup", str(directory / "day.tar.gz"))

    assert list(directory.iterdir()) == []
