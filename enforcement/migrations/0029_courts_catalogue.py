"""Seed the court catalogue from enforcement/reference/courts.csv (its header cites sources).

The file is read here with the csv module and the historical model, not through the live
loader (``services.courts``), so that this migration keeps its meaning; the ``load_courts``
command brings a database up to date when the file gains rows. The reverse removes the
file's courts that no judgment names.
"""

import csv
import datetime
import io
from pathlib import Path

from django.db import migrations

COURTS_CSV = Path(__file__).resolve().parent.parent / "reference" / "courts.csv"


def _rows() -> list[dict[str, str]]:
    text = COURTS_CSV.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [
        {key: value.strip() for key, value in row.items()}
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    ]


def _day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def seed_courts(apps, schema_editor) -> None:
    Court = apps.get_model("enforcement", "Court")
    for row in _rows():
        Court.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "province": row["province"],
                "valid_from": _day(row["valid_from"]),
                "valid_to": _day(row["valid_to"]),
            },
        )


def remove_courts(apps, schema_editor) -> None:
    Court = apps.get_model("enforcement", "Court")
    codes = [row["code"] for row in _rows()]
    Court.objects.filter(code__in=codes, judgments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0028_parties_and_judgments"),
    ]

    operations = [
        migrations.RunPython(seed_courts, remove_courts),
    ]
