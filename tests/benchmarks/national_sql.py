"""The national generator's SQL: each case's plan, then the cases, events, parties and handovers.

A batch of cases is first planned into a temporary table (``PLAN``): for case number i, its
day of acceptance (ids follow the days, 2015-10-01 … 2025-09-30), its unit, judgment, money,
parties' names and its life: up to two changes of state (t1, t2), a payment in the middle,
a reassignment, the handover on 1 July 2025. Every later statement reads the plan, so the
case row, its events and its parties agree by construction. Changes planned after the cut-off
day (``cutoff``) have not happened: such a case is still open in the state it had then.

Classes of cases (per thousand): 30 entrusted out, 2 withdrawn, 608 completed, 50 terminated,
50 postponed then resumed and completed, 10 suspended then terminated, 190 not yet eligible
that become eligible and are completed (three in four) or terminated, 60 not yet eligible
that are terminated after six months to two years.
"""

from __future__ import annotations

FAMILY_WEIGHTS = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 4, "Huỳnh": 3, "Phan": 4,
    "Vũ": 3, "Võ": 3, "Đặng": 2, "Bùi": 2, "Đỗ": 2, "Hồ": 2, "Ngô": 2, "Dương": 2,
    "Lý": 1, "Đinh": 1, "Trương": 1, "Đoàn": 1, "Lâm": 1, "Mai": 1,
}  # fmt: skip
FAMILY = [name for name, weight in FAMILY_WEIGHTS.items() for _ in range(weight)]
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Mỹ"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Minh",
    "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Trung", "Tuấn", "Việt",
    "Vinh", "Đạt", "Hiếu", "Hoàng", "Lâm", "Phúc", "Tài", "Toàn", "Huy", "Kiên",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan",
    "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo",
    "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Hồng", "Huyền", "Liên", "Ly", "My",
]  # fmt: skip
COMPANY_TRADES = ["Thương mại", "Xây dựng", "Dịch vụ", "Vận tải", "Đầu tư", "Sản xuất"]
COMPANY_NAMES = [
    "Hoàng Phát", "Minh Long", "Thành Công", "Phú Thịnh", "An Khang",
    "Đại Việt", "Tân Tiến", "Hưng Thịnh", "Việt Á", "Sao Mai",
]  # fmt: skip
BANKS = [
    "Ngân hàng TMCP Ngoại thương Việt Nam",
    "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
    "Ngân hàng TMCP Công thương Việt Nam",
    "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam",
    "Ngân hàng TMCP Á Châu",
    "Ngân hàng TMCP Sài Gòn Thương Tín",
]
STREETS = [
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
    "Quang Trung", "Phan Chu Trinh", "Nguyễn Trãi", "Lê Duẩn", "Hùng Vương",
    "Nguyễn Văn Cừ", "Điện Biên Phủ", "Võ Thị Sáu", "Bạch Đằng", "Ngô Quyền",
]  # fmt: skip
WARDS = [
    "An Phú", "Tân Lập", "Hòa Bình", "Quyết Thắng", "Thống Nhất", "Đông Hải",
    "Tân Thành", "Phú Hòa", "Bình An", "Xuân Hòa", "Thạnh Mỹ", "Hòa Khánh",
    "Long Hưng", "Tân Phong", "Vĩnh Lợi",
]  # fmt: skip
STATE = "Ngân sách Nhà nước"


def person_name(seed: str) -> str:
    """Return the SQL of a Vietnamese full name drawn from a non-negative bigint expression."""
    return (
        f"CASE WHEN ({seed}) %% 2 = 0 THEN "
        f"(%(family)s::text[])[1 + (({seed}) / 2) %% {len(FAMILY)}] || ' ' || "
        f"(%(middle_male)s::text[])[1 + (({seed}) / 200) %% {len(MIDDLE_MALE)}] || ' ' || "
        f"(%(given_male)s::text[])[1 + (({seed}) / 2000) %% {len(GIVEN_MALE)}] "
        f"ELSE (%(family)s::text[])[1 + (({seed}) / 2) %% {len(FAMILY)}] || ' ' || "
        f"(%(middle_female)s::text[])[1 + (({seed}) / 200) %% {len(MIDDLE_FEMALE)}] || ' ' || "
        f"(%(given_female)s::text[])[1 + (({seed}) / 2000) %% {len(GIVEN_FEMALE)}] END"
    )


def company_name(seed: str) -> str:
    """Return the SQL of a company's name drawn from a non-negative bigint expression."""
    return (
        f"CASE WHEN ({seed}) %% 3 = 0 THEN 'Công ty Cổ phần ' ELSE 'Công ty TNHH ' END || "
        f"(%(trades)s::text[])[1 + (({seed}) / 3) %% {len(COMPANY_TRADES)}] || ' ' || "
        f"(%(companies)s::text[])[1 + (({seed}) / 30) %% {len(COMPANY_NAMES)}]"
    )


NAME_PARAMS = {
    "family": FAMILY,
    "middle_male": MIDDLE_MALE,
    "middle_female": MIDDLE_FEMALE,
    "given_male": GIVEN_MALE,
    "given_female": GIVEN_FEMALE,
    "trades": COMPANY_TRADES,
    "companies": COMPANY_NAMES,
    "banks": BANKS,
    "streets": STREETS,
    "wards": WARDS,
}

# The units as the plan reads them (filled by the generator): each unit's agency position in
# the agencies before and after the reform, its successor, enforcers, province and issuer.
UNIT_TABLE = """
CREATE TEMP TABLE national_unit (
    unit_id bigint PRIMARY KEY, before_position int, after_position int,
    successor_id bigint, enforcers bigint[], province text, issuer_id bigint, suffix text
)
"""

PLAN = f"""
CREATE TEMP TABLE national_plan AS
WITH drawn AS (
    SELECT i,
           %(start)s::date + ((i - 1) * %(days)s / %(total)s)::int AS a,
           abs(hashint8(i)) %% 1000 AS d,
           abs(hashint8extended(i, 1)) AS e,
           abs(hashint8extended(i, 2)) AS f,
           abs(hashint8extended(i, 3)) AS g,
           abs(hashint8extended(i, 4)) AS h
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
), placed AS (
    SELECT drawn.*,
        CASE WHEN a < %(reform)s THEN
            CASE WHEN e %% 100 < 12
                 THEN (%(agencies_before)s::bigint[])[1 + (e / 100) %% %(agencies_before_n)s]
                 ELSE (%(offices_before)s::bigint[])[1 + (e / 100) %% %(offices_before_n)s] END
        ELSE
            CASE WHEN e %% 100 < 12
                 THEN (%(agencies_after)s::bigint[])[1 + (e / 100) %% %(agencies_after_n)s]
                 ELSE (%(offices_after)s::bigint[])[1 + (e / 100) %% %(offices_after_n)s] END
        END AS accepted_by,
        CASE WHEN d < 30 THEN 'entrusted' WHEN d < 32 THEN 'withdrawn'
             WHEN d < 640 THEN 'completed' WHEN d < 690 THEN 'terminated'
             WHEN d < 740 THEN 'postponed' WHEN d < 750 THEN 'suspended'
             WHEN d < 940 THEN 'late' ELSE 'stuck' END AS plan,
        (ARRAY['civil','civil','civil','civil','civil','civil','civil','civil','civil',
               'criminal','criminal','criminal','criminal','criminal','criminal','criminal',
               'marriage_family','marriage_family','business_commercial',
               'business_commercial','labour','administrative','bankruptcy','arbitration',
               'other'])[1 + h %% 25] AS kind
    FROM drawn
), timed AS (
    SELECT placed.*,
        CASE WHEN plan IN ('late', 'stuck') THEN 'not_eligible' ELSE 'eligible' END
            AS eligibility0,
        a + (CASE plan WHEN 'entrusted' THEN 10 + f %% 50 WHEN 'withdrawn' THEN 5 + f %% 30
            WHEN 'completed' THEN 7 + f %% 120 WHEN 'terminated' THEN 60 + f %% 240
            WHEN 'postponed' THEN 10 + f %% 50 WHEN 'suspended' THEN 20 + f %% 60
            WHEN 'late' THEN 30 + f %% 200 ELSE 180 + f %% 540 END)::int AS t1,
        CASE plan WHEN 'late' THEN 'in_progress' WHEN 'stuck' THEN 'terminated'
            ELSE plan END AS status1,
        CASE WHEN plan = 'stuck' THEN 'not_eligible' ELSE 'eligible' END AS eligibility1,
        CASE plan WHEN 'postponed' THEN 'completed' WHEN 'suspended' THEN 'terminated'
            WHEN 'late' THEN CASE WHEN g %% 4 = 0 THEN 'terminated' ELSE 'completed' END
            END AS status2,
        1000 * CASE WHEN kind = 'criminal' THEN 200 + (h / 1000) %% 30000
            ELSE 2000 + ((h / 1000) %% 200000) * (1 + (h / 1000000000) %% 10) END AS due
    FROM placed
), closing AS (
    SELECT timed.*,
        t1 + (CASE plan WHEN 'postponed' THEN 30 + g %% 120 WHEN 'suspended' THEN 60 + g %% 300
            WHEN 'late' THEN 30 + g %% 150 END)::int AS t2,
        plan IN ('completed', 'postponed') OR (plan = 'late' AND g %% 4 <> 0) AS completes,
        plan IN ('terminated', 'suspended') OR (plan = 'late' AND g %% 4 = 0) AS part_paid
    FROM timed
), money AS (
    SELECT closing.*,
        coalesce(t2, t1) AS close_day,
        CASE WHEN completes AND g %% 10 = 0 THEN (due / 10) - (due / 10) %% 1000 ELSE 0 END
            AS reduction,
        CASE WHEN plan = 'late' THEN t1 ELSE a END AS paying_from,
        CASE WHEN plan = 'suspended' THEN t1 ELSE coalesce(t2, t1) END AS paying_to
    FROM closing
), paid AS (
    SELECT money.*,
        paying_from + (paying_to - paying_from) / 2 AS p1,
        CASE WHEN completes AND (g / 10) %% 3 = 0 THEN (due - reduction) / 2
             WHEN part_paid THEN due / 5 ELSE 0 END AS payment1,
        t1 <= %(cutoff)s AS happened1,
        coalesce(t2 <= %(cutoff)s, false) AS happened2
    FROM money
), stated AS (
    SELECT paid.*,
        CASE WHEN happened2 THEN status2 WHEN happened1 THEN status1 ELSE 'in_progress' END
            AS status,
        CASE WHEN happened2 THEN 'eligible' WHEN happened1 THEN eligibility1
             ELSE eligibility0 END AS eligibility,
        CASE WHEN happened2 THEN t2 WHEN happened1 THEN t1 ELSE a END AS changed_on,
        CASE WHEN completes AND close_day <= %(cutoff)s THEN due - reduction - payment1
             ELSE 0 END AS payment2,
        p1 <= %(cutoff)s AND payment1 > 0 AS paid1,
        a + (15 + (h / 7) %% 90)::int AS r
    FROM paid
), final AS (
    SELECT stated.*,
        CASE WHEN status IN ('completed','terminated','entrusted','withdrawn')
             THEN changed_on END AS closed_on,
        (CASE WHEN paid1 THEN payment1 ELSE 0 END) + payment2 AS recovered,
        CASE WHEN completes AND close_day <= %(cutoff)s THEN reduction ELSE 0 END AS reduced
    FROM stated
)
SELECT final.*, u.successor_id, u.enforcers, u.province, u.suffix,
    CASE WHEN a < %(reform)s THEN final.accepted_by ELSE u.issuer_id END AS issuer_id,
    u.enforcers[1 + h %% array_length(u.enforcers, 1)] AS enforcer0,
    u.enforcers[1 + (h + 1) %% array_length(u.enforcers, 1)] AS enforcer1,
    (h / 13) %% 1000 < 15 AND r <= %(cutoff)s AND (closed_on IS NULL OR closed_on > r)
        AS reassigned,
    a < %(reform)s AND u.successor_id IS NOT NULL AND (closed_on IS NULL OR closed_on > %(reform)s)
        AS handed,
    CASE WHEN coalesce(closed_on, %(reform)s) < %(reform)s
         THEN (%(agencies_before)s::bigint[])[
              1 + (u.before_position + 1 + g %% 5) %% %(agencies_before_n)s]
         ELSE (%(agencies_after)s::bigint[])[
              1 + (u.after_position + 1 + g %% 5) %% %(agencies_after_n)s] END AS entrusted_to,
    row_number() OVER (PARTITION BY CASE WHEN a < %(reform)s THEN final.accepted_by
                                         ELSE u.issuer_id END
                       ORDER BY i) AS number,
    {person_name("h / 100")} AS debtor1,
    CASE WHEN (h / 7) %% 10 = 0 THEN {company_name("h / 100")} END AS company,
    CASE WHEN (h / 11) %% 10 = 0 THEN {person_name("h / 100 + 15839")} END AS debtor2,
    CASE WHEN kind = 'criminal' THEN 'agency' WHEN g %% 100 < 15 THEN 'bank'
         WHEN g %% 100 < 25 THEN 'organisation' ELSE 'person' END AS creditor_kind,
    {person_name("g / 100")} AS creditor_person,
    {company_name("g / 100")} AS creditor_company
FROM final JOIN national_unit u ON u.unit_id = final.accepted_by
"""


def state_at(day: str) -> tuple[str, str]:
    """Return the SQL of a planned case's status and eligibility at the end of a day."""
    status = (
        f"CASE WHEN happened2 AND t2 <= {day} THEN status2 "
        f"WHEN happened1 AND t1 <= {day} THEN status1 ELSE 'in_progress' END"
    )
    eligibility = (
        f"CASE WHEN happened2 AND t2 <= {day} THEN 'eligible' "
        f"WHEN happened1 AND t1 <= {day} THEN eligibility1 ELSE eligibility0 END"
    )
    return status, eligibility


DEBTOR_TEXT = "coalesce(company, debtor1 || coalesce('; ' || debtor2, ''))"
CREDITOR_TEXT = (
    f"CASE creditor_kind WHEN 'agency' THEN '{STATE}' "
    "WHEN 'bank' THEN (%(banks)s::text[])[1 + (g / 7) %% 6] || ' - Chi nhánh ' || province "
    "WHEN 'organisation' THEN creditor_company ELSE creditor_person END"
)

CASES = f"""
INSERT INTO enforcement_enforcementcase (
    id, unit_id, issuing_agency_id, accepting_unit_id, handled_since, decision_number,
    decision_date, accepted_on, judgment, judgment_kind, initiation, debtor, creditor,
    amount_due, amount_recovered, amount_reduced, eligibility, status, closed_on,
    state_changed_on, previous_status, previous_eligibility, previous_state_changed_on,
    entrusted_to_id, enforcer_id, enforcer_since, notes
)
SELECT i,
    CASE WHEN handed THEN successor_id ELSE accepted_by END,
    issuer_id,
    CASE WHEN handed THEN accepted_by END,
    CASE WHEN handed THEN %(reform)s::date END,
    number || '/QĐ-' || CASE WHEN a < %(reform)s THEN suffix ELSE 'THADS' END,
    a, a,
    'Bản án số ' || (1 + (h / 17) %% 400) || '/' || extract(year FROM a - 90)::int || '/'
        || (ARRAY['DS','HS','HNGĐ','KDTM','LĐ','HC','PS','TT','DS'])[
           array_position(ARRAY['civil','criminal','marriage_family','business_commercial',
                                'labour','administrative','bankruptcy','arbitration','other'],
                          kind)] || '-ST',
    kind,
    CASE WHEN kind = 'criminal' OR g %% 10 = 0 THEN 'proactive' ELSE 'on_request' END,
    {DEBTOR_TEXT},
    {CREDITOR_TEXT},
    due, recovered, reduced, eligibility, status, closed_on, changed_on,
    CASE WHEN happened2 THEN CASE WHEN plan = 'postponed' THEN 'in_progress' ELSE status1 END
         WHEN happened1 THEN 'in_progress' ELSE '' END,
    CASE WHEN happened2 THEN eligibility1 WHEN happened1 THEN eligibility0 ELSE '' END,
    CASE WHEN happened2 THEN CASE WHEN plan = 'postponed' THEN t2 ELSE t1 END
         WHEN happened1 THEN a END,
    CASE WHEN status = 'entrusted' THEN entrusted_to END,
    CASE WHEN reassigned THEN enforcer1 ELSE enforcer0 END,
    CASE WHEN reassigned THEN r ELSE a END,
    ''
FROM national_plan
"""

_P1 = state_at("p1")
_R = state_at("r")
_REFORM = state_at("%(reform)s::date")
_T1_KIND = (
    "CASE plan WHEN 'late' THEN 'eligibility_changed' WHEN 'stuck' THEN 'terminated' ELSE plan END"
)
# (kind, day, amount, collected, reduced, status after, eligibility after, enforcer, when)
_EVENTS = [
    ("'opened'", "a", "due", "0", "0", "'in_progress'", "eligibility0", "enforcer0", "true"),
    ("'payment'", "p1", "payment1", "payment1", "0", *_P1, "NULL", "paid1"),
    ("'reassigned'", "r", "0", "0", "0", *_R, "enforcer1", "reassigned"),
    ("'moved'", "%(reform)s::date", "0", "0", "0", *_REFORM, "NULL", "handed"),
    # The last payment and the reduction fall on the closing day, just before the closing.
    ("'reduced'", "close_day", "reduced", "0", "reduced", "'in_progress'", "'eligible'", "NULL",
     "reduced > 0"),
    ("'payment'", "close_day", "payment2", "payment2", "0", "'in_progress'", "'eligible'", "NULL",
     "payment2 > 0 AND t2 IS NULL"),
    (_T1_KIND, "t1", "0", "0", "0", "status1", "eligibility1", "NULL", "happened1"),
    ("'resumed'", "t2", "0", "0", "0", "'in_progress'", "'eligible'", "NULL",
     "happened2 AND plan = 'postponed'"),
    ("'payment'", "close_day", "payment2", "payment2", "0", "'in_progress'", "'eligible'", "NULL",
     "payment2 > 0 AND t2 IS NOT NULL"),
    ("status2", "t2", "0", "0", "0", "status2", "'eligible'", "NULL", "happened2"),
]  # fmt: skip
_ROWS = ",\n".join(
    f"({kind}, {day}, {amount}, {collected}, {reduced}, {status}, {eligibility}, "
    f"{enforcer}::bigint, {when})"
    for kind, day, amount, collected, reduced, status, eligibility, enforcer, when in _EVENTS
)
EVENTS = f"""
INSERT INTO enforcement_caseevent (
    case_id, kind, occurred_on, recorded_at, amount, collected, reduced, note, status_after,
    eligibility_after, enforcer_id
)
SELECT i, e.kind, e.day, now(), e.amount, e.collected, e.reduced,
    CASE WHEN e.kind = 'moved' THEN %(moved_note)s ELSE '' END,
    e.status_after, e.eligibility_after, e.enforcer_id
FROM national_plan,
LATERAL (VALUES {_ROWS}) AS e(kind, day, amount, collected, reduced, status_after,
                              eligibility_after, enforcer_id, happens)
WHERE e.happens
"""
# The events are written in the order of the list above for each case: those of one day
# keep that order in their ids, which the statistics read as the order they happened.

ADDRESS = (
    "CASE WHEN ({s}) %% 2 = 0 THEN 'Số ' || (1 + ({s}) / 2 %% 200) || ', đường ' || "
    "(%(streets)s::text[])[1 + ({s}) / 400 %% 15] || ', phường ' || "
    "(%(wards)s::text[])[1 + ({s}) / 6000 %% 15] ELSE 'Thôn ' || (1 + ({s}) / 2 %% 12) || "
    "', xã ' || (%(wards)s::text[])[1 + ({s}) / 6000 %% 15] END || ', ' || province"
)
PARTIES = f"""
INSERT INTO enforcement_caseparty (case_id, role, kind, name, address, position)
SELECT i, p.role, p.kind, p.name, p.address, p.position
FROM national_plan,
LATERAL (VALUES
    ('debtor', CASE WHEN company IS NULL THEN 'person' ELSE 'organisation' END,
     coalesce(company, debtor1), {ADDRESS.format(s="h / 100")}, 0),
    ('debtor', 'person', debtor2, {ADDRESS.format(s="h / 100")}, 1),
    ('creditor', CASE creditor_kind WHEN 'bank' THEN 'organisation'
                 ELSE creditor_kind END, {CREDITOR_TEXT},
     CASE WHEN creditor_kind = 'agency' THEN '' ELSE {ADDRESS.format(s="g / 100")} END, 0)
) AS p(role, kind, name, address, position)
WHERE p.name IS NOT NULL AND (p.position = 0 OR company IS NULL)
"""

HANDOVERS = """
INSERT INTO enforcement_casehandover (case_id, from_unit_id, to_unit_id, "on")
SELECT i, accepted_by, successor_id, %(reform)s::date FROM national_plan WHERE handed
"""
