"""Cases keep their origin (accepted, or received by entrustment) for the statistics' split."""

import importlib

from django.db import migrations, models

# SQLite rebuilds the case table to add a stored generated column: the triggers that name it
# are dropped first and made again after, as 0032 does.
RECEIVED = importlib.import_module("enforcement.migrations.0032_entrustment_received")

ORIGIN = models.GeneratedField(
    db_persist=True,
    expression=models.Case(
        models.When(received_from__isnull=False, then=models.Value("received")),
        default=models.Value("accepted"),
    ),
    output_field=models.CharField(
        choices=[
            ("accepted", "accepted by the agency itself"),
            ("received", "received by entrustment"),
        ],
        max_length=10,
    ),
    verbose_name="origin",
)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0032_entrustment_received"),
    ]

    operations = [
        migrations.RunPython(RECEIVED.DROP_TRIGGERS, RECEIVED.MAKE_TRIGGERS, elidable=False),
        migrations.AddField(model_name="enforcementcase", name="origin", field=ORIGIN),
        migrations.AddField(
            model_name="historicalenforcementcase", name="origin", field=ORIGIN.clone()
        ),
        migrations.RunPython(RECEIVED.MAKE_TRIGGERS, RECEIVED.DROP_TRIGGERS, elidable=False),
    ]
