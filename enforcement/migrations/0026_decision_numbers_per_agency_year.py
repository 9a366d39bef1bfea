"""Decision numbers are unique per issuing agency and year of the decision, not per unit."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# SQLite rebuilds the case table to change it, and its triggers counting writes (0019) would
# name a table that is gone for a moment: they are dropped first and made again after.
KEPT_FIGURES = importlib.import_module("enforcement.migrations.0019_kept_figures")
DROP_TRIGGERS = KEPT_FIGURES.run({"sqlite": KEPT_FIGURES.SQLITE_UNINSTALL})
# Made again as 0023 left them: a write of a handed-over case counts for both its units.
LINEAGE = importlib.import_module("enforcement.migrations.0023_case_accepting_unit")
MAKE_TRIGGERS = KEPT_FIGURES.run(
    {
        "sqlite": [
            *(s for s in KEPT_FIGURES.SQLITE_INSTALL if "enforcement_ground_" in s),
            *LINEAGE.SQLITE_BOTH,
        ]
    }
)

import enforcement.models.cases


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0025_issuing_agency"),
    ]

    operations = [
        migrations.RunPython(DROP_TRIGGERS, MAKE_TRIGGERS, elidable=False),
        migrations.AlterField(
            model_name="enforcementcase",
            name="issuing_agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="issued_cases",
                to="organizations.unit",
                verbose_name="issuing agency",
            ),
        ),
        migrations.AddField(
            model_name="enforcementcase",
            name="decision_year",
            field=models.GeneratedField(
                db_persist=True,
                expression=enforcement.models.cases.DecisionYear("decision_date"),
                output_field=models.PositiveSmallIntegerField(),
                verbose_name="decision year",
            ),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="decision_year",
            field=models.GeneratedField(
                db_persist=True,
                expression=enforcement.models.cases.DecisionYear("decision_date"),
                output_field=models.PositiveSmallIntegerField(),
                verbose_name="decision year",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="enforcementcase",
            name="enforcement_case_unique_number_per_unit",
        ),
        migrations.AddConstraint(
            model_name="enforcementcase",
            constraint=models.UniqueConstraint(
                fields=("issuing_agency", "decision_year", "decision_number"),
                name="enforcement_case_unique_number_per_agency_year",
                violation_error_message=(
                    "The issuing agency already has an enforcement decision with this number "
                    "in this year."
                ),
            ),
        ),
        migrations.RunPython(MAKE_TRIGGERS, DROP_TRIGGERS, elidable=False),
    ]
