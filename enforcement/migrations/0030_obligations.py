"""Cases list their obligations; writing one raises its case's statistics counters.

A periodic obligation decides how much money a period counts as due
(``enforcement.selectors.periodic``), so its writes must stop the kept figures of its
case's units (``enforcement.models.kept_figures``) the way a write of an event does.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0029_courts_catalogue"),
    ]

    operations = [
        migrations.CreateModel(
            name="Obligation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("money", "money"),
                            ("periodic_money", "money by period"),
                            ("property", "property or land to hand over"),
                            ("act", "act to do"),
                            ("abstention", "act not to do"),
                        ],
                        max_length=20,
                        verbose_name="obligation",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=255, verbose_name="description"),
                ),
                ("amount", models.BigIntegerField(default=0, verbose_name="amount (VND)")),
                (
                    "period_unit",
                    models.CharField(
                        blank=True,
                        choices=[("month", "month")],
                        max_length=10,
                        verbose_name="period",
                    ),
                ),
                (
                    "first_period",
                    models.DateField(blank=True, null=True, verbose_name="first month"),
                ),
                ("last_period", models.DateField(blank=True, null=True, verbose_name="last month")),
                (
                    "quantity",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        verbose_name="quantity",
                    ),
                ),
                (
                    "quantity_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("m2", "square metres"),
                            ("ha", "hectares"),
                            ("item", "items"),
                            ("kg", "kilograms"),
                        ],
                        max_length=10,
                        verbose_name="unit of quantity",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="obligations",
                        to="enforcement.enforcementcase",
                        verbose_name="enforcement case",
                    ),
                ),
            ],
            options={
                "verbose_name": "obligation",
                "verbose_name_plural": "obligations",
                "ordering": ["case", "id"],
                "default_permissions": (),
                "indexes": [
                    models.Index(
                        condition=models.Q(("kind", "periodic_money")),
                        fields=["case", "first_period", "last_period"],
                        name="enforcement_obligation_period",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                ["money", "periodic_money", "property", "act", "abstention"],
                            )
                        ),
                        name="enforcement_obligation_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind__in", ("money", "periodic_money")), ("amount__gt", 0)),
                            models.Q(
                                models.Q(("kind__in", ("money", "periodic_money")), _negated=True),
                                ("amount", 0),
                            ),
                            _connector="OR",
                        ),
                        name="enforcement_obligation_amount_iff_money",
                        violation_error_message="A money obligation has an amount; no other has.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("kind", "periodic_money"),
                                ("period_unit", "month"),
                                ("first_period__isnull", False),
                                ("last_period__gte", models.F("first_period")),
                            ),
                            models.Q(
                                models.Q(("kind", "periodic_money"), _negated=True),
                                ("period_unit", ""),
                                ("first_period__isnull", True),
                                ("last_period__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="enforcement_obligation_periods_iff_periodic",
                        violation_error_message="Money by period has its period and its first and last periods, in order; no other obligation has.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("kind", "property"),
                                ("quantity__gt", 0),
                                models.Q(("quantity_unit", ""), _negated=True),
                                models.Q(("description", ""), _negated=True),
                            ),
                            models.Q(
                                models.Q(("kind", "property"), _negated=True),
                                ("quantity__isnull", True),
                                ("quantity_unit", ""),
                            ),
                            _connector="OR",
                        ),
                        name="enforcement_obligation_quantity_iff_property",
                        violation_error_message="Property to hand over has a description, a quantity and its unit; no other obligation has a quantity.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind__in", ["act", "abstention"]), _negated=True),
                            models.Q(("description", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="enforcement_obligation_act_described",
                        violation_error_message="An act to do or not to do is described.",
                    ),
                ],
            },
        ),
    ]


KEPT = importlib.import_module("enforcement.migrations.0019_kept_figures")
LINEAGE = importlib.import_module("enforcement.migrations.0023_case_accepting_unit")
TABLE = "enforcement_obligation"
# PostgreSQL: the events' function fits as it is: it raises the units (handling and
# accepting) of the case named by each written row's ``case_id``.
POSTGRESQL_INSTALL = [
    f"CREATE TRIGGER enforcement_obligation_{write} AFTER {KEPT.WRITES[write]} ON {TABLE} "
    f"REFERENCING {KEPT.TRANSITIONS[write]} FOR EACH STATEMENT "
    "EXECUTE FUNCTION enforcement_event_written()"
    for write in KEPT.WRITES
]
SQLITE_INSTALL = [
    f"CREATE TRIGGER enforcement_obligation_{write} AFTER {KEPT.WRITES[write]} ON {TABLE} BEGIN "
    + " ".join(
        KEPT.RAISE.format(rows=of_row["event"].format(row=row))
        for row in KEPT.ROWS[write]
        for of_row in (KEPT.OF_ROW, LINEAGE.ACCEPTING_OF_ROW)
    )
    + " END"
    for write in KEPT.WRITES
]
POSTGRESQL_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS enforcement_obligation_{write} ON {TABLE}" for write in KEPT.WRITES
]
SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS enforcement_obligation_{write}" for write in KEPT.WRITES
]

Migration.operations.append(
    migrations.RunPython(
        KEPT.run({"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}),
        KEPT.run({"postgresql": POSTGRESQL_UNINSTALL, "sqlite": SQLITE_UNINSTALL}),
        elidable=False,
    )
)
