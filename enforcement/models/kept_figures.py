"""Each unit's computed statistics, kept until the unit's cases change.

A report of many units reads one row per unit instead of scanning their cases. What makes
a kept row valid is a counter per unit that the database itself raises whenever a case or
an event of the unit is written, by any path (services, imports, the admin, raw SQL): the
triggers of migration 0019 do it with the writer's transaction (on PostgreSQL at its
commit; until then the writer alone sees its pending count). A row computed at counter N
is used only while the counter still reads N, so a report is never stale; a change costs
the next report one unit's computation. See ``enforcement.selectors.kept``.

Any table whose rows change the figures has such triggers: the cases, their events and
their obligations (a periodic obligation decides what money falls due in a period; the
triggers of migration 0030 raise the units of the obligation's case, as an event's do).

On SQLite, a migration that rebuilds the case or event table (Django's way of altering a
column there) drops its triggers, and the triggers of the event and obligation tables
name the case table: such a migration must create them again (the test
``test_kept_figures.py`` fails while one is missing).
"""

from __future__ import annotations

from django.db import models

# The counter row that the catalogue of legal grounds raises: a ground's classification
# decides how open cases count, in every unit. Unit ids start at 1.
GROUNDS_COUNTER = 0


class StatisticsCounter(models.Model):
    """How many times the cases and events of a unit have been written (row 0: the grounds).

    Written only by the database's triggers; a unit without a row has never been written
    since the triggers exist (counter 0). Read it through ``selectors.kept.write_counts``.
    """

    # Not archived by a backup; a restore empties it (organizations.backup).
    derived_data = True

    unit_id = models.BigIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.value}"


class YearCounter(models.Model):
    """How many writes of a unit changed its figures from a statistical year on (PostgreSQL).

    A write whose effect begins on a known day (an event, and the change of a case's money
    that its money events mirror) counts here, in the statistical year of that day, instead
    of in the unit's ``StatisticsCounter``: the figures of earlier years stay kept. Written
    only by the database's triggers (migration 0037); SQLite counts every write in
    ``StatisticsCounter``.
    """

    # Not archived by a backup; a restore empties it (organizations.backup).
    derived_data = True

    unit_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    value = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["unit_id", "year"], name="year_counter_one_per_unit_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} from {self.year}: {self.value}"


class KeptFigures(models.Model):
    """One unit's lines for one period and grouping, as computed at its counters' values.

    ``unit_counter`` is the unit's counter plus its year counters up to the period's year.
    """

    # Not archived by a backup; a restore empties it (organizations.backup).
    derived_data = True

    unit_id = models.BigIntegerField()
    grouping = models.CharField(max_length=10)
    split = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField()
    unit_counter = models.BigIntegerField()
    grounds_counter = models.BigIntegerField()
    # A fingerprint of the code that computed the figures: a release that changes how they
    # are computed does not read what the previous one kept.
    formula = models.CharField(max_length=16)
    # [[key…], [cases per line], [money per line]] per group of the unit (LINE_FIELDS order).
    lines = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["unit_id", "grouping", "split", "year", "months"],
                name="kept_figures_one_per_unit_and_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.grouping} {self.split} {self.year}/{self.months}"
