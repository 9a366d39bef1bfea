"""Cases an earlier merger moved get back the unit that accepted them, from their history.

The merger used to rewrite a case's unit: a case that now sits with a merger's successor,
has a MOVED event and whose history shows it with the predecessor was accepted by the
predecessor and is handled by the successor from the merger's day.
"""

from django.db import migrations


def restore(apps, schema_editor) -> None:
    UnitLineage = apps.get_model("organizations", "UnitLineage")
    EnforcementCase = apps.get_model("enforcement", "EnforcementCase")
    HistoricalEnforcementCase = apps.get_model("enforcement", "HistoricalEnforcementCase")
    CaseEvent = apps.get_model("enforcement", "CaseEvent")
    for predecessor_id, successor_id, taken_over_on in UnitLineage.objects.filter(
        kind="merger"
    ).values_list("predecessor_id", "successor_id", "taken_over_on"):
        moved = CaseEvent.objects.filter(
            kind="moved", case__unit_id=successor_id, case__accepting_unit__isnull=True
        ).values("case_id")
        accepted = HistoricalEnforcementCase.objects.filter(
            id__in=moved, unit_id=predecessor_id
        ).values("id")
        EnforcementCase.objects.filter(pk__in=accepted).update(
            accepting_unit_id=predecessor_id, handled_since=taken_over_on
        )


def forget(apps, schema_editor) -> None:
    EnforcementCase = apps.get_model("enforcement", "EnforcementCase")
    EnforcementCase.objects.filter(accepting_unit__isnull=False).update(
        accepting_unit=None, handled_since=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0023_case_accepting_unit"),
        ("organizations", "0009_lineage_from_successors"),
    ]

    operations = [migrations.RunPython(restore, forget)]
