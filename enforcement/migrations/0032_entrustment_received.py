"""Cases record the entrustment decision they were sent by, and where a received one came from.

The receiver's case names the sending agency, its entrustment decision (number, date) and,
when the sender's case is here too, that case; the sender's case names the entrustment
decision it issued (``enforcement.models.entrustment``).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

# SQLite rebuilds the case table to change it, and the triggers counting writes of events
# (0019, 0023) and of obligations (0030) would name a table that is gone for a moment: they
# are dropped first and made again after, as those migrations left them.
KEPT_FIGURES = importlib.import_module("enforcement.migrations.0019_kept_figures")
LINEAGE = importlib.import_module("enforcement.migrations.0023_case_accepting_unit")
OBLIGATIONS = importlib.import_module("enforcement.migrations.0030_obligations")
DROP_TRIGGERS = KEPT_FIGURES.run(
    {"sqlite": [*KEPT_FIGURES.SQLITE_UNINSTALL, *OBLIGATIONS.SQLITE_UNINSTALL]}
)
MAKE_TRIGGERS = KEPT_FIGURES.run(
    {
        "sqlite": [
            *(s for s in KEPT_FIGURES.SQLITE_INSTALL if "enforcement_ground_" in s),
            *LINEAGE.SQLITE_BOTH,
            *OBLIGATIONS.SQLITE_INSTALL,
        ]
    }
)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0031_obligations_from_amounts"),
        ("organizations", "0009_lineage_from_successors"),
    ]

    operations = [
        migrations.RunPython(DROP_TRIGGERS, MAKE_TRIGGERS, elidable=False),
        migrations.AddField(
            model_name="enforcementcase",
            name="entrustment_decision_date",
            field=models.DateField(blank=True, null=True, verbose_name="entrustment decision date"),
        ),
        migrations.AddField(
            model_name="enforcementcase",
            name="entrustment_decision_number",
            field=models.CharField(
                blank=True, db_default="", max_length=50, verbose_name="entrustment decision number"
            ),
        ),
        migrations.AddField(
            model_name="enforcementcase",
            name="received_decision_date",
            field=models.DateField(
                blank=True, null=True, verbose_name="received entrustment decision date"
            ),
        ),
        migrations.AddField(
            model_name="enforcementcase",
            name="received_decision_number",
            field=models.CharField(
                blank=True,
                db_default="",
                max_length=50,
                verbose_name="received entrustment decision number",
            ),
        ),
        migrations.AddField(
            model_name="enforcementcase",
            name="received_from",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases_entrusted_in",
                to="organizations.unit",
                verbose_name="received by entrustment from",
            ),
        ),
        migrations.AddField(
            model_name="enforcementcase",
            name="received_from_case",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="received_as",
                to="enforcement.enforcementcase",
                verbose_name="sender's case",
            ),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="entrustment_decision_date",
            field=models.DateField(blank=True, null=True, verbose_name="entrustment decision date"),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="entrustment_decision_number",
            field=models.CharField(
                blank=True, db_default="", max_length=50, verbose_name="entrustment decision number"
            ),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="received_decision_date",
            field=models.DateField(
                blank=True, null=True, verbose_name="received entrustment decision date"
            ),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="received_decision_number",
            field=models.CharField(
                blank=True,
                db_default="",
                max_length=50,
                verbose_name="received entrustment decision number",
            ),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="received_from",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.unit",
                verbose_name="received by entrustment from",
            ),
        ),
        migrations.AddField(
            model_name="historicalenforcementcase",
            name="received_from_case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="enforcement.enforcementcase",
                verbose_name="sender's case",
            ),
        ),
        migrations.AddIndex(
            model_name="enforcementcase",
            index=models.Index(
                condition=models.Q(("received_from__isnull", False)),
                fields=["received_from", "accepted_on"],
                name="enforcement_case_received",
            ),
        ),
        migrations.AddIndex(
            model_name="enforcementcase",
            index=models.Index(
                condition=models.Q(("entrustment_decision_number", ""), _negated=True),
                fields=["issuing_agency", "entrustment_decision_number"],
                name="enforcement_case_entrustment",
            ),
        ),
        migrations.AddConstraint(
            model_name="enforcementcase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("entrustment_decision_date__isnull", True),
                        ("entrustment_decision_number", ""),
                    ),
                    models.Q(
                        ("status", "entrusted"),
                        models.Q(("entrustment_decision_number", ""), _negated=True),
                        ("entrustment_decision_date__gte", models.F("accepted_on")),
                        ("entrustment_decision_date__lte", models.F("closed_on")),
                    ),
                    _connector="OR",
                ),
                name="enforcement_case_entrustment_decision_of_entrusted",
                violation_error_message="Only an entrusted case records the entrustment decision, with its number and a date between acceptance and the entrustment.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enforcementcase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("received_decision_date__isnull", True),
                        ("received_decision_number", ""),
                        ("received_from__isnull", True),
                    ),
                    models.Q(
                        ("received_from__isnull", False),
                        models.Q(("received_decision_number", ""), _negated=True),
                        ("received_decision_date__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="enforcement_case_received_from_iff_decision",
                violation_error_message="A case received by entrustment names the sending agency with the number and the date of its entrustment decision; a case not received names none.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enforcementcase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("received_from__isnull", True),
                    models.Q(
                        models.Q(("received_from", models.F("unit")), _negated=True),
                        models.Q(("received_from", models.F("issuing_agency")), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="enforcement_case_not_received_from_itself",
                violation_error_message="A case cannot be received from its own agency.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enforcementcase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("received_decision_date__isnull", True),
                    ("received_decision_date__lte", models.F("accepted_on")),
                    _connector="OR",
                ),
                name="enforcement_case_received_decision_not_after_accepted",
                violation_error_message="The entrustment decision received cannot be dated after the case's acceptance.",
            ),
        ),
        migrations.AddConstraint(
            model_name="enforcementcase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("received_from_case__isnull", True),
                    models.Q(
                        ("received_from__isnull", False),
                        models.Q(("received_from_case", models.F("pk")), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="enforcement_case_linked_only_when_received",
                violation_error_message="Only a case received by entrustment is linked to the sender's case, never to itself.",
            ),
        ),
        migrations.RunPython(MAKE_TRIGGERS, DROP_TRIGGERS, elidable=False),
    ]
