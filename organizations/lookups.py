"""An ``__in`` lookup on integer columns that never sends the database a number it cannot hold.

Django (5.0+) drops out-of-range integers from ``exact``, ``gt`` and the other comparisons
(``IntegerFieldOverflow``) but not from ``in``: a posted key of twenty digits reached SQLite,
which cannot even bind it ("Python int too large to convert to SQLite INTEGER", a 500 from
any form with a multiple choice of records and from the admin's autocomplete re-display).
A value outside the column's range can never match, so it is left out of the list.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
