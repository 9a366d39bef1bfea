"""Give every unit its opening dated name and every person their opening posting."""

import datetime

from django.db import migrations

# A person's opening posting starts with their unit: when they joined it is not on record.


def open_versions_and_postings(apps, schema_editor):
    Unit = apps.get_model("organizations", "Unit")
    UnitVersion = apps.get_model("organizations", "UnitVersion")
    Person = apps.get_model("organizations", "Person")
    Posting = apps.get_model("organizations", "Posting")
    versioned = set(UnitVersion.objects.values_list("unit_id", flat=True))
    UnitVersion.objects.bulk_create(
        UnitVersion(
            unit_id=unit.pk,
            valid_from=unit.valid_from,
            name=unit.name,
            short_name=unit.short_name,
            kind=unit.kind,
            parent_id=unit.parent_id,
        )
        for unit in Unit.objects.exclude(pk__in=versioned).iterator()
    )
    posted = set(Posting.objects.values_list("person_id", flat=True))
    starts = dict(Unit.objects.values_list("pk", "valid_from"))
    Posting.objects.bulk_create(
        Posting(
            person_id=person_id,
            unit_id=unit_id,
            valid_from=starts.get(unit_id, datetime.date(2000, 1, 1)),
        )
        for person_id, unit_id in Person.objects.exclude(pk__in=posted).values_list(
            "pk", "unit_id"
        )
    )


def remove_versions_and_postings(apps, schema_editor):
    apps.get_model("organizations", "UnitVersion").objects.all().delete()
    apps.get_model("organizations", "Posting").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0006_dated_unit_versions_and_postings")]

    operations = [migrations.RunPython(open_versions_and_postings, remove_versions_and_postings)]
