"""Index each unit's cases by the day they closed (open: never) and their acceptance.

A report after a clerk's write computes that office's figures again. Its queries asked the
(unit, acceptance) index for every case the office (with the offices merged into it) had
accepted by the period's end, ten years of them, and dropped on reading each row those
closed before the period's start: 24,926 cases read for the 3,329 counted, in each of the
four queries of one office's yearly figures on the national benchmark. This index answers
"open at the start, accepted by the end" from its entries (the expression is
``selectors.outcomes.later_than``'s for a few units). Building it over ten million cases
took 5 s here, during which the case table takes no writes.
"""

import datetime

from django.db import migrations, models
from django.db.models.functions import Coalesce


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0038_counters_relayed_units"),
        ("organizations", "0010_import_job_options"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enforcementcase",
            index=models.Index(
                models.F("unit"),
                Coalesce(models.F("closed_on"), models.Value(datetime.date(9999, 12, 31))),
                models.F("accepted_on"),
                name="enforcement_case_unit_open",
            ),
        ),
    ]
