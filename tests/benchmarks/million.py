"""A million realistic enforcement cases in seconds: the generator the benchmarks share.

One INSERT … SELECT over generate_series writes the cases, a second their opening events, a
third the payments of those that collected money, two more their parties (debtor, creditor).
Cases are accepted over four statistical years (2022–2025) and spread over every enforcement
unit in operation, the 63 provinces' agencies among them; most close within months.
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction

from enforcement.search import index_cases
from enforcement.services import parties_from_texts_in_range
from organizations.models import Unit

EXTRA_PROVINCES = 57

GENERATE = """
WITH numbered AS (
    SELECT i,
           units.ids[1 + ((i::bigint * 7919) %% array_length(units.ids, 1))::int] AS unit_id,
           DATE '2021-10-01' + ((i * 37) %% 1461) AS accepted_on,
           ((i::bigint * 2654435761) %% 1000)::int AS draw
    FROM generate_series(%(first)s, %(last)s) AS i,
         (SELECT %(unit_ids)s::bigint[] AS ids) AS units
)
INSERT INTO enforcement_enforcementcase (
    unit_id, issuing_agency_id, decision_number, decision_date, accepted_on, judgment,
    judgment_kind, initiation, debtor, creditor, amount_due, amount_recovered, eligibility, status,
    closed_on, state_changed_on, previous_status, previous_eligibility,
    previous_state_changed_on, entrusted_to_id, notes
)
SELECT unit_id,
       unit_id,
       i || '/' || extract(year FROM accepted_on) || '/QĐ-CTHADS',
       accepted_on,
       accepted_on,
       'Bản án số ' || (i %% 977) || '/' || extract(year FROM accepted_on) || '/DS-ST',
       (ARRAY['civil','criminal','marriage_family','business_commercial'])[1 + i %% 4],
       CASE WHEN i %% 3 = 0 THEN 'proactive' ELSE 'on_request' END,
       (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Phan','Vũ','Võ','Đặng','Bùi'])
           [1 + i %% 11] || ' ' ||
       (ARRAY['Văn','Thị','Đức','Minh','Thu','Quang','Ngọc','Hữu','Thanh','Kim'])
           [1 + (i / 11) %% 10] || ' ' ||
       (ARRAY['An','Bình','Cường','Dũng','Giang','Hà','Khánh','Linh','Nam','Phương',
              'Quân','Sơn','Tâm','Thảo','Trung','Vân','Yến','Hải','Tú','Việt','Hưng'])
           [1 + (i / 110) %% 21] || ' ' || (i %% 97),
       CASE WHEN i %% 5 = 0 THEN 'Ngân hàng TMCP Á Châu' ELSE 'Ngân sách nhà nước' END,
       1000000 + (i %% 500) * 100000,
       -- Money collected: all of a completed case, a fifth of a terminated one, three
       -- tenths of every other open eligible case (see MONEY_EVENTS).
       CASE WHEN draw >= 270 AND draw < 830 THEN 1000000 + (i %% 500) * 100000
            WHEN draw >= 830 AND draw < 860 THEN (1000000 + (i %% 500) * 100000) / 5
            WHEN draw >= 875 AND i %% 2 = 0 THEN (1000000 + (i %% 500) * 100000) * 3 / 10
            ELSE 0 END,
       CASE WHEN draw < 270 THEN 'not_eligible' ELSE 'eligible' END,
       CASE WHEN draw < 270 THEN 'in_progress'
            WHEN draw < 830 THEN 'completed'
            WHEN draw < 860 THEN 'terminated'
            WHEN draw < 875 THEN 'withdrawn'
            WHEN draw < 885 THEN 'postponed'
            WHEN draw < 890 THEN 'suspended'
            ELSE 'in_progress' END,
       CASE WHEN draw >= 270 AND draw < 875 THEN accepted_on + (draw %% 200) END,
       CASE WHEN draw >= 270 AND draw < 875 THEN accepted_on + (draw %% 200)
            WHEN draw >= 875 AND draw < 890 THEN accepted_on + (draw %% 30)
            ELSE accepted_on END,
       CASE WHEN draw >= 270 AND draw < 890 THEN 'in_progress' ELSE '' END,
       CASE WHEN draw >= 270 AND draw < 890 THEN 'eligible' ELSE '' END,
       CASE WHEN draw >= 270 AND draw < 890 THEN accepted_on END,
       NULL,
       ''
FROM numbered
"""
OPENED_EVENTS = """
INSERT INTO enforcement_caseevent (
    case_id, kind, occurred_on, recorded_at, amount, note, status_after, eligibility_after
)
SELECT id, 'opened', accepted_on, now(), amount_due, '', 'in_progress', eligibility
FROM enforcement_enforcementcase
WHERE id > %(after)s
"""
# One payment per case that collected money: on its closing day, or ten days after acceptance.
MONEY_EVENTS = """
INSERT INTO enforcement_caseevent (
    case_id, kind, occurred_on, recorded_at, amount, collected, note, status_after,
    eligibility_after
)
SELECT id, 'payment', least(accepted_on + 10, coalesce(closed_on, accepted_on + 10)), now(),
       amount_recovered, amount_recovered, '', 'in_progress', 'eligible'
FROM enforcement_enforcementcase
WHERE id > %(after)s AND amount_recovered > 0
"""


def add_provinces() -> Unit:
    """Add the other provinces' enforcement agencies under the ministry; return the ministry."""
    ministry = Unit.objects.get(code="BTP")
    for number in range(1, EXTRA_PROVINCES + 1):
        Unit.objects.get_or_create(
            code=f"THADS-P{number:02d}",
            defaults={
                "name": f"Thi hành án dân sự tỉnh {number:02d}",
                "kind": Unit.Kind.ENFORCEMENT_AGENCY,
                "parent": ministry,
            },
        )
    return ministry


def merge_two_provinces(administrator: object) -> int:
    """Merge one generated province's agency into another's on 1 July 2025, as in 2025.

    Its open cases are handed over (they keep their accepting unit); return how many.
    """
    from enforcement.services import unit_lineage_record, unit_merge_into_successor

    predecessor = Unit.objects.get(code="THADS-P01")
    unit_lineage_record(
        user=administrator,
        predecessor=predecessor,
        successor=Unit.objects.get(code="THADS-P02"),
        taken_over_on=datetime.date(2025, 7, 1),
        decision_number="759/QĐ-TTg",
        decision_date=datetime.date(2025, 6, 12),
    )
    return unit_merge_into_successor(user=administrator, unit=predecessor)


def enforcement_unit_ids() -> list[int]:
    """Return the enforcement units in operation, which the generated cases are spread over."""
    return list(
        Unit.objects.filter(
            kind__in=(Unit.Kind.ENFORCEMENT_AGENCY, Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE),
            valid_to__isnull=True,
        )
        .order_by("pk")
        .values_list("id", flat=True)
    )


def generate_cases(count: int, *, first_number: int = 1) -> None:
    """Insert ``count`` cases with their opening events and search text, then analyse.

    Decision numbers run from ``first_number``: start past the numbers other data uses in
    the same units (the demo numbers each unit's decisions from 1 every year).
    """
    unit_ids = enforcement_unit_ids()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM enforcement_enforcementcase")
        (after,) = cursor.fetchone()
        cursor.execute(
            GENERATE,
            {"first": first_number, "last": first_number + count - 1, "unit_ids": unit_ids},
        )
        cursor.execute(OPENED_EVENTS, {"after": after})
        cursor.execute(MONEY_EVENTS, {"after": after})
        cursor.execute("SELECT coalesce(max(id), 0) FROM enforcement_enforcementcase")
        (last,) = cursor.fetchone()
        # Their texts become their parties, as a case file's do; generated, not imported:
        # the search text (the parties' names included) is written at once.
        parties_from_texts_in_range(after + 1, last)
        index_cases(after + 1, last)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE enforcement_enforcementcase")
        cursor.execute("VACUUM ANALYZE enforcement_caseevent")
        cursor.execute("VACUUM ANALYZE enforcement_casesearchtext")
        cursor.execute("VACUUM ANALYZE enforcement_caseparty")
