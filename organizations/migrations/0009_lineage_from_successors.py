"""Record the lineage of units that already ended with a successor (merger from the next day)."""

import datetime

from django.db import migrations


def record(apps, schema_editor) -> None:
    Unit = apps.get_model("organizations", "Unit")
    UnitLineage = apps.get_model("organizations", "UnitLineage")
    recorded = set(UnitLineage.objects.values_list("predecessor_id", flat=True))
    UnitLineage.objects.bulk_create(
        UnitLineage(
            predecessor_id=unit_id,
            successor_id=successor_id,
            kind="merger",
            taken_over_on=valid_to + datetime.timedelta(days=1),
        )
        for unit_id, successor_id, valid_to in Unit.objects.filter(
            successor__isnull=False, valid_to__isnull=False
        ).values_list("pk", "successor_id", "valid_to")
        if unit_id not in recorded
    )


def forget(apps, schema_editor) -> None:
    # The units keep their end date and successor: the records derived from them go.
    Unit = apps.get_model("organizations", "Unit")
    UnitLineage = apps.get_model("organizations", "UnitLineage")
    for unit_id, successor_id, valid_to in Unit.objects.filter(
        successor__isnull=False, valid_to__isnull=False
    ).values_list("pk", "successor_id", "valid_to"):
        UnitLineage.objects.filter(
            predecessor_id=unit_id,
            successor_id=successor_id,
            kind="merger",
            taken_over_on=valid_to + datetime.timedelta(days=1),
            decision_number="",
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0008_unit_lineage"),
    ]

    operations = [migrations.RunPython(record, forget)]
