"""Backup and restore: an emptied database restored from its archive gives the same reports."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from commendations.demo import load_commendations
from commendations.models import Certificate
from emulation.demo import load_emulation
from emulation.models import Cluster
from emulation.selectors import cluster_ranking
from enforcement.demo import CITY_AGENCIES, load_enforcement
from enforcement.models import EnforcementCase
from enforcement.selectors import Period, enforcement_statistics
from organizations.backup import database_holds_data
from organizations.demo import load_organizations
from organizations.models import Unit


def _media() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _reports() -> dict[str, object]:
    """The enforcement table, the cluster rankings and the certificates, as plain values."""
    agencies = list(Unit.objects.filter(code__in=CITY_AGENCIES).order_by("code"))
    figures = {}
    for year in (2024, 2025):
        table = enforcement_statistics(units=agencies, period=Period(year=year))
        figures[year] = repr(table)
    rankings = {
        cluster.year: repr(cluster_ranking(cluster=cluster))
        for cluster in Cluster.objects.order_by("year")
    }
    certificates = [
        (
            certificate.serial,
            str(certificate.award_form),
            str(certificate.decision),
            str(certificate.unit or certificate.person),
        )
        for certificate in Certificate.objects.select_related(
            "award_form", "decision", "unit", "person"
        ).order_by("pk")
    ]
    return {"enforcement": figures, "rankings": rankings, "certificates": certificates}


@pytest.mark.django_db(transaction=True)
def test_restoring_the_demo_into_an_emptied_database_gives_the_same_reports(tmp_path):
    load_organizations()
    load_enforcement()
    load_emulation()
    load_commendations()
    before, media = _reports(), _media()
    users = get_user_model().objects.count()
    archive = tmp_path / "sao-luu.tar.gz"
    assert media, "the demo stores dossier files"

    call_command("backup", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert not database_holds_data()

    call_command("restore", str(archive))

    assert _reports() == before
    assert _media() == media
    assert get_user_model().objects.count() == users
    assert EnforcementCase.objects.count() > 400_000


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

    with pytest.raises(CommandError, match="không nhất quán"):
        call_command("restore", str(broken), force=True)

    assert Unit.objects.count() == units
    assert Unit.objects.get(pk=world.hanoi_office.pk).name == "Giữ nguyên"


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
