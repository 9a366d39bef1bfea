"""Parties and judgments of a case, and the court catalogue; each case's text becomes parties.

The data step writes one debtor party per case from its ``debtor`` text and one creditor party
from a non-empty ``creditor``, with two INSERT ... SELECT statements: no row passes through
Python, so a million cases migrate in seconds on SQLite and PostgreSQL alike. The kind is
"person" (a text cannot tell a company or the agency itself from a person: clerks correct it
on the case). The case texts stay, as the lists, exports and search read them; the reverse
step deletes the parties, which the texts still name.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

CASE_TABLE = "enforcement_enforcementcase"
PARTY_TABLE = "enforcement_caseparty"


def _parties_from(role: str) -> str:
    # The SQL of one role's parties: the case's text for it, trimmed, when it holds a name.
    return (
        f"INSERT INTO {PARTY_TABLE} (case_id, role, kind, name, address, position) "  # noqa: S608
        f"SELECT id, '{role}', 'person', TRIM({role}), '', 0 FROM {CASE_TABLE} "
        f"WHERE TRIM({role}) <> ''"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0027_case_handovers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Court",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=30, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "short_name",
                    models.CharField(blank=True, max_length=100, verbose_name="short name"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("supreme", "supreme people's court"),
                            ("high", "high people's court"),
                            ("provincial", "provincial people's court"),
                            ("regional", "regional people's court"),
                            ("district", "district people's court"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("province", models.CharField(blank=True, max_length=100, verbose_name="province")),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="valid from")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="valid to")),
            ],
            options={
                "verbose_name": "court",
                "verbose_name_plural": "courts",
                "ordering": ["kind", "province", "code"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["supreme", "high", "provincial", "regional", "district"])
                        ),
                        name="enforcement_court_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_from__isnull", True),
                            ("valid_to__isnull", True),
                            ("valid_to__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="enforcement_court_dates_in_order",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCourt",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(db_index=True, max_length=30, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "short_name",
                    models.CharField(blank=True, max_length=100, verbose_name="short name"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("supreme", "supreme people's court"),
                            ("high", "high people's court"),
                            ("provincial", "provincial people's court"),
                            ("regional", "regional people's court"),
                            ("district", "district people's court"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("province", models.CharField(blank=True, max_length=100, verbose_name="province")),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="valid from")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="valid to")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical court",
                "verbose_name_plural": "historical courts",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CaseParty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("debtor", "debtor"), ("creditor", "creditor")],
                        max_length=10,
                        verbose_name="role",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "person"),
                            ("organisation", "organisation"),
                            ("agency", "the enforcement agency itself (court fees, fines)"),
                        ],
                        default="person",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="name")),
                ("address", models.CharField(blank=True, max_length=255, verbose_name="postal address")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order in the register")),
                (
                    "case",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parties",
                        to="enforcement.enforcementcase",
                        verbose_name="enforcement case",
                    ),
                ),
            ],
            options={
                "verbose_name": "party",
                "verbose_name_plural": "parties",
                "ordering": ["case", "role", "position", "id"],
                "indexes": [
                    models.Index(fields=["case", "role", "position"], name="enforcement_party_case")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("role__in", ["debtor", "creditor"])),
                        name="enforcement_party_role_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["person", "organisation", "agency"])),
                        name="enforcement_party_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("name", ""), _negated=True),
                        name="enforcement_party_name_not_empty",
                        violation_error_message="A party needs a name.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kind", "agency"), _negated=True),
                            ("role", "creditor"),
                            _connector="OR",
                        ),
                        name="enforcement_party_agency_only_creditor",
                        violation_error_message="The enforcement agency can only be a creditor.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Judgment",
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
                            ("judgment", "court judgment"),
                            ("decision", "court decision"),
                        ],
                        default="judgment",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("number", models.CharField(max_length=50, verbose_name="judgment number")),
                ("issued_on", models.DateField(verbose_name="date issued")),
                (
                    "instance",
                    models.CharField(
                        choices=[
                            ("first", "first instance"),
                            ("appeal", "appeal"),
                            ("other", "other"),
                        ],
                        default="first",
                        max_length=10,
                        verbose_name="instance",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="judgments",
                        to="enforcement.enforcementcase",
                        verbose_name="enforcement case",
                    ),
                ),
                (
                    "court",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="judgments",
                        to="enforcement.court",
                        verbose_name="issuing court",
                    ),
                ),
            ],
            options={
                "verbose_name": "judgment",
                "verbose_name_plural": "judgments",
                "ordering": ["case", "issued_on", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("case", "court", "number"),
                        name="enforcement_judgment_unique_per_case",
                        violation_error_message="The case already names this judgment of this court.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["judgment", "decision"])),
                        name="enforcement_judgment_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("instance__in", ["first", "appeal", "other"])),
                        name="enforcement_judgment_instance_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("number", ""), _negated=True),
                        name="enforcement_judgment_number_not_empty",
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            sql=[_parties_from("debtor"), _parties_from("creditor")],
            reverse_sql=[f"DELETE FROM {PARTY_TABLE}"],  # noqa: S608
        ),
    ]
