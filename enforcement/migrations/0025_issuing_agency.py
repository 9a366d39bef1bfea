"""Cases gain the agency that issued their decision: the handling unit's agency."""

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

AGENCY = "enforcement_agency"


def issuing_agency_of_every_unit(apps, schema_editor) -> None:  # noqa: ANN001
    """Name each case's issuing agency: its unit if an agency, else its agency ancestor."""
    Unit = apps.get_model("organizations", "Unit")
    EnforcementCase = apps.get_model("enforcement", "EnforcementCase")
    units = {
        pk: (kind, parent_id)
        for pk, kind, parent_id in Unit.objects.values_list("pk", "kind", "parent_id")
    }
    for unit_id in EnforcementCase.objects.values_list("unit_id", flat=True).distinct():
        agency_id, seen = unit_id, set()
        while agency_id is not None and units[agency_id][0] != AGENCY and agency_id not in seen:
            seen.add(agency_id)
            agency_id = units[agency_id][1]
        if agency_id is None or units[agency_id][0] != AGENCY:
            agency_id = unit_id  # no agency above it: the unit issued its own decisions
        EnforcementCase.objects.filter(unit_id=unit_id).update(issuing_agency_id=agency_id)
    # Before 1 July 2025 district offices issued their own decisions, numbered apart from
    # their agency's: where two offices of an agency used one number in one year, their
    # cases keep their office as the issuer, so that no stored number clashes.
    clashes = (
        EnforcementCase.objects.values(
            "issuing_agency_id", "decision_date__year", "decision_number"
        )
        .annotate(cases=models.Count("id"))
        .filter(cases__gt=1)
    )
    for clash in clashes.iterator():
        EnforcementCase.objects.filter(
            issuing_agency_id=clash["issuing_agency_id"],
            decision_date__year=clash["decision_date__year"],
            decision_number=clash["decision_number"],
        ).exclude(unit_id=clash["issuing_agency_id"]).update(issuing_agency_id=models.F("unit_id"))


def forget_issuing_agencies(apps, schema_editor) -> None:  # noqa: ANN001
    """Nothing to undo: the column goes with the schema change."""


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0024_accepting_unit_data"),
        ("organizations", "0007_opening_versions_and_postings"),
    ]

    operations = [
        migrations.RunPython(DROP_TRIGGERS, MAKE_TRIGGERS, elidable=False),
        migrations.AddField(
            model_name="enforcementcase",
            name="issuing_agency",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="issued_cases",
                to="organizations.unit",
                verbose_name="issuing agency",
            ),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="issuing_agency",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.unit",
                verbose_name="issuing agency",
            ),
        ),
        migrations.AlterField(
            model_name="enforcementcase",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="enforcement_cases",
                to="organizations.unit",
                verbose_name="handling office",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenforcementcase",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.unit",
                verbose_name="handling office",
            ),
        ),
        migrations.RunPython(issuing_agency_of_every_unit, forget_issuing_agencies),
        migrations.RunPython(MAKE_TRIGGERS, DROP_TRIGGERS, elidable=False),
    ]
