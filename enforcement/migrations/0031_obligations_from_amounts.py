"""Each existing case's amount to enforce becomes its one money obligation.

One statement each way, whatever the number of cases: the amounts stay on the cases (their
sum of money obligations), so every figure reads as before.
"""

from django.db import migrations

FORWARD = """
INSERT INTO enforcement_obligation
    (case_id, kind, description, amount, period_unit, first_period, last_period,
     quantity, quantity_unit)
SELECT id, 'money', '', amount_due, '', NULL, NULL, NULL, ''
FROM enforcement_enforcementcase
WHERE amount_due > 0
"""
# Only what the forward step wrote: a case's one money obligation of its whole amount.
BACKWARD = """
DELETE FROM enforcement_obligation
WHERE kind = 'money'
AND amount = (
    SELECT c.amount_due FROM enforcement_enforcementcase c
    WHERE c.id = enforcement_obligation.case_id
)
AND NOT EXISTS (
    SELECT 1 FROM enforcement_obligation o
    WHERE o.case_id = enforcement_obligation.case_id AND o.id <> enforcement_obligation.id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0030_obligations"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD, elidable=False),
    ]
