"""Demo data of emulation: the 2024 and 2025 clusters of the centrally-run cities, and titles.

What is published (the cluster's 2024 review article) is used as published: the five
cities of 2024 headed by Đà Nẵng's Department of Justice, the six cities of 2025 headed by
Cần Thơ's; 458 draft legal documents appraised, 467 advised, 337 inspected; 13,051
mediation teams with 72,598 mediators; each city's communes meeting legal-access
standards; the enforcement ratios against target (computed from the enforcement demo).
Only the five-city totals are published for the documents and mediation figures, so their
split between cities is invented, as are decision numbers, dates, deputy heads and the
title history. Each member is a city's Department of Justice, scored on enforcement with
its city's enforcement agency's figures (see ``ClusterMember``).

Results are entered by each city (the administrator stands in for the cities without a demo
officer), submitted, and locked by Đà Nẵng's officer as the 2024 cluster head.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from emulation import services
from emulation.measures import Measure
from emulation.models import (
    Cluster,
    Criterion,
    IndicatorResult,
    Initiative,
    Level,
    Movement,
    Pact,
    Title,
    TitleAward,
)
from emulation.scoring import Direction, Rule
from emulation.selectors import cluster_ranking
from organizations import services as org_services
from organizations.models import Discipline, Person, QualityRating, Unit

CLUSTER_NAME = (
    "Cụm thi đua các Sở Tư pháp, Cục Thi hành án dân sự các thành phố trực thuộc Trung ương"
)
CITIES_2024 = ["HN", "HCM", "HP", "DN", "CT"]
CITIES_2025 = ["HN", "HCM", "HP", "DN", "CT", "HUE"]


@dataclass(frozen=True)
class CriterionSpec:
    number: int
    name: str
    measure: str
    rule: str
    max_points: str
    target: str | None = None
    source: str = Criterion.Source.ENTERED
    base_points: str | None = None
    bonus_per_point: str | None = None
    deduction_per_point: str | None = None
    floor_points: str | None = None
    description: str = ""


CRITERIA = [
    CriterionSpec(
        1,
        "Thẩm định dự thảo văn bản quy phạm pháp luật",
        Measure.COUNT,
        Rule.PROPORTIONAL,
        "10",
        target="60",
        description="Số dự thảo văn bản quy phạm pháp luật đã thẩm định trong năm.",
    ),
    CriterionSpec(
        2,
        "Tham mưu Hội đồng nhân dân, Ủy ban nhân dân thành phố ban hành văn bản quy phạm pháp luật",
        Measure.COUNT,
        Rule.PROPORTIONAL,
        "10",
        target="60",
    ),
    CriterionSpec(
        3,
        "Kiểm tra văn bản quy phạm pháp luật",
        Measure.COUNT,
        Rule.PROPORTIONAL,
        "10",
        target="50",
    ),
    CriterionSpec(
        4,
        "Hòa giải ở cơ sở: số hòa giải viên bình quân trên một tổ hòa giải",
        Measure.RATIO,
        Rule.PASS_FAIL,
        "10",
        target="5",
        description="Tử số: số hòa giải viên; mẫu số: số tổ hòa giải.",
    ),
    CriterionSpec(
        5,
        "Tỷ lệ xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật",
        Measure.PERCENT,
        Rule.BASE_BONUS,
        "20",
        target="95",
        base_points="15",
        bonus_per_point="1",
        deduction_per_point="2",
        floor_points="0",
        description="Tử số: số xã, phường, thị trấn đạt chuẩn; mẫu số: tổng số.",
    ),
    CriterionSpec(
        6,
        "Tỷ lệ thi hành xong về việc so với chỉ tiêu được giao",
        Measure.PERCENT,
        Rule.BASE_BONUS,
        "25",
        source=Criterion.Source.CASE_RATIO,
        base_points="20",
        bonus_per_point="2",
        deduction_per_point="2",
        floor_points="0",
        description="Lấy từ thống kê thi hành án dân sự của Cục THADS thành phố.",
    ),
    CriterionSpec(
        7,
        "Tỷ lệ thi hành xong về tiền so với chỉ tiêu được giao",
        Measure.PERCENT,
        Rule.PASS_FAIL,
        "15",
        source=Criterion.Source.MONEY_RATIO,
        description="Lấy từ thống kê thi hành án dân sự của Cục THADS thành phố.",
    ),
]

# City -> criterion number -> (value, numerator, denominator); counts have no fraction.
RESULTS_2024: dict[str, dict[int, tuple[int | None, int | None, int | None]]] = {
    "HN": {1: (128, None, None), 2: (131, None, None), 3: (95, None, None),
           4: (None, 29500, 5300), 5: (None, 555, 579)},
    "HCM": {1: (121, None, None), 2: (124, None, None), 3: (88, None, None),
            4: (None, 21650, 3900), 5: (None, 307, 312)},
    "HP": {1: (79, None, None), 2: (80, None, None), 3: (57, None, None),
           4: (None, 10900, 1950), 5: (None, 208, 217)},
    "DN": {1: (72, None, None), 2: (74, None, None), 3: (55, None, None),
           4: (None, 4400, 790), 5: (None, 55, 56)},
    "CT": {1: (58, None, None), 2: (58, None, None), 3: (42, None, None),
           4: (None, 6148, 1111), 5: (None, 79, 83)},
}  # fmt: skip

# Staff added to Đà Nẵng's department so that shares and quotas mean something.
EXTRA_STAFF_DN = [
    "Nguyễn Thị Mai", "Trần Quốc Bảo", "Lê Văn Cường", "Phạm Thị Diệu", "Hoàng Minh Đức",
    "Võ Thị Hạnh", "Đặng Văn Hiếu", "Bùi Thị Hương", "Ngô Quang Khải", "Dương Thị Lan",
    "Phan Văn Lộc", "Huỳnh Thị Ngân", "Trương Công Phúc", "Đỗ Thị Quyên", "Lý Văn Tài",
    "Mai Thị Uyên",
]  # fmt: skip

# staff code -> {title code: years}; DN-STP-003 qualifies for the ministry-level fighter in
# 2024, DN-STP-002 is one grassroots title short, DN-STP-004 meets the quota's limit.
PERSON_TITLES = {
    "DN-STP-001": {"advanced_worker": [2022, 2023, 2024]},
    "DN-STP-002": {
        "advanced_worker": [2022, 2023, 2024],
        "grassroots_emulation_fighter": [2023, 2024],
    },
    "DN-STP-003": {
        "advanced_worker": [2022, 2023, 2024],
        "grassroots_emulation_fighter": [2022, 2023, 2024],
    },
    "DN-STP-004": {"advanced_worker": [2023, 2024]},
    **{
        f"DN-STP-{number:03d}": {
            "advanced_worker": [2022, 2023, 2024] if number < 15 else [2024],
        }
        for number in range(5, 17)
    },
    "HN-STP-003": {
        "advanced_worker": [2023, 2024],
        "grassroots_emulation_fighter": [2024],
    },
}
UNIT_TITLES = {
    "STP-DN": {"advanced_labour_collective": [2022], "excellent_labour_collective": [2023]},
    "STP-HN": {"advanced_labour_collective": [2023, 2024]},
}
# staff code, year, name, level. HN-STP-003, rated excellent 2022–2025 with an initiative in
# 2023 and in 2024 but a grassroots fighter in 2024 only, qualifies for the Minister's
# certificate of 2024 by its rating path alone (Law of 2022, Art. 74(1)(d)); DN-STP-003 is
# refused the Prime Minister's (no Minister's certificate five years before, ratings from
# 2022 only, two initiatives of five).
INITIATIVES = [
    ("DN-STP-003", 2023, "Số hóa quy trình thẩm định dự thảo văn bản quy phạm pháp luật",
     Level.MINISTRY),
    ("DN-STP-003", 2024, "Bộ câu hỏi tự kiểm tra văn bản cho cán bộ tư pháp xã", Level.GRASSROOTS),
    ("DN-STP-002", 2023, "Sổ tay hòa giải viên ở cơ sở trên điện thoại", Level.GRASSROOTS),
    ("DN-STP-002", 2024, "Bản đồ số xã, phường đạt chuẩn tiếp cận pháp luật", Level.MINISTRY),
    ("DN-STP-004", 2024, "Mẫu báo cáo thống kê hòa giải dùng chung", Level.GRASSROOTS),
    ("HN-STP-003", 2023, "Sổ theo dõi văn bản quy phạm pháp luật cần rà soát", Level.GRASSROOTS),
    ("HN-STP-003", 2024, "Quy trình phối hợp kiểm tra văn bản giữa các sở", Level.GRASSROOTS),
]  # fmt: skip


def _decimal(value: str | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _departments(cities: list[str]) -> list[Unit]:
    return [_unit(f"STP-{city}") for city in cities]


def _criteria(pact: Pact) -> dict[int, Criterion]:
    found = {}
    for spec in CRITERIA:
        found[spec.number] = services.criterion_save(
            pact=pact,
            number=spec.number,
            name=spec.name,
            measure=spec.measure,
            rule=spec.rule,
            max_points=Decimal(spec.max_points),
            target=_decimal(spec.target),
            direction=Direction.HIGHER,
            source=spec.source,
            base_points=_decimal(spec.base_points),
            bonus_per_point=_decimal(spec.bonus_per_point),
            deduction_per_point=_decimal(spec.deduction_per_point),
            floor_points=_decimal(spec.floor_points),
            description=spec.description,
        )
    return found


def _cluster(
    *,
    year: int,
    cities: list[str],
    head: str,
    deputy: str,
    decision_date: datetime.date,
) -> Cluster:
    existing = Cluster.objects.filter(year=year, name=CLUSTER_NAME).first()
    return services.cluster_save(
        cluster=existing,
        year=year,
        name=CLUSTER_NAME,
        head=_unit(f"STP-{head}"),
        deputy_head=_unit(f"STP-{deputy}"),
        members=_departments(cities),
        decision_number=f"01/QĐ-CTĐ-{year} (mẫu)",
        decision_date=decision_date,
        decided_by="Bộ trưởng Bộ Tư pháp",
    )


def _results_2024(criteria: dict[int, Criterion], administrator: AbstractUser) -> int:
    user_model = get_user_model()
    head_officer = user_model.objects.get(username="officer.danang")
    count = 0
    for city, figures in RESULTS_2024.items():
        unit = _unit(f"STP-{city}")
        # Đà Nẵng's own officer enters its results; the administrator stands in for the rest.
        author = head_officer if city == "DN" else administrator
        for number, (value, numerator, denominator) in figures.items():
            criterion = criteria[number]
            entered = {
                "value": _decimal(value),
                "numerator": _decimal(numerator),
                "denominator": _decimal(denominator),
                "evidence": "Báo cáo tổng kết công tác tư pháp năm 2024 của Sở (dữ liệu mẫu).",
            }
            result = IndicatorResult.objects.filter(unit=unit, criterion=criterion).first()
            if result is None:
                result = services.indicator_result_create(
                    user=author, unit=unit, criterion=criterion, **entered
                )
            elif not result.is_locked:
                result = services.indicator_result_update(user=author, result=result, **entered)
            if result.status == IndicatorResult.Status.DRAFT:
                result = services.indicator_result_submit(user=author, result=result)
            if result.status == IndicatorResult.Status.SUBMITTED:
                result = services.indicator_result_lock(user=head_officer, result=result)
            count += 1
    return count


def _staff() -> None:
    department = _unit("STP-DN")
    for number, name in enumerate(EXTRA_STAFF_DN, start=5):
        Person.objects.update_or_create(
            staff_code=f"DN-STP-{number:03d}",
            defaults={"full_name": name, "unit": department, "position": "Chuyên viên"},
        )


def _title_history(administrator: AbstractUser) -> None:
    titles = {title.code: title for title in Title.objects.all()}
    for staff_code, held in PERSON_TITLES.items():
        person = Person.objects.get(staff_code=staff_code)
        for code, years in held.items():
            for year in years:
                if not TitleAward.objects.filter(
                    title=titles[code], year=year, person=person
                ).exists():
                    services.title_award_record(
                        user=administrator,
                        title=titles[code],
                        year=year,
                        person=person,
                        decision_number=f"{year % 100:02d}/QĐ-STP (mẫu)",
                        decision_date=datetime.date(year, 12, 20),
                        decided_by="Giám đốc Sở Tư pháp",
                    )
    for unit_code, held in UNIT_TITLES.items():
        unit = _unit(unit_code)
        for code, years in held.items():
            for year in years:
                if not TitleAward.objects.filter(title=titles[code], year=year, unit=unit).exists():
                    services.title_award_record(
                        user=administrator,
                        title=titles[code],
                        year=year,
                        unit=unit,
                        decision_number=f"{year % 100:02d}/QĐ-BTP (mẫu)",
                        decision_date=datetime.date(year + 1, 1, 15),
                        decided_by="Bộ trưởng Bộ Tư pháp",
                    )
    for staff_code, year, name, level in INITIATIVES:
        person = Person.objects.get(staff_code=staff_code)
        if not Initiative.objects.filter(person=person, year=year, name=name).exists():
            services.initiative_record(
                user=administrator,
                person=person,
                year=year,
                name=name,
                level=level,
                decision_number=f"{year % 100:02d}/QĐ-HĐSK (mẫu)",
                decision_date=datetime.date(year, 11, 30),
                recognised_by="Bộ Tư pháp" if level != Level.GRASSROOTS else "Sở Tư pháp",
            )


# The units' rating results of 2022–2025 (Decree 90/2020/NĐ-CP): the emulation fighters
# rated excellent, the other demo people good, so that the title history above reads as
# the law has it; DN-STP-016 completed her tasks in 2022 and 2023 without "good" (and was
# reprimanded until April 2023): her achievements count from 2024.
RATED_YEARS = [2022, 2023, 2024, 2025]
EXCELLENT_STAFF = {"DN-STP-002", "DN-STP-003", "HN-STP-003"}
LESSER_RATINGS = {("DN-STP-016", 2022), ("DN-STP-016", 2023)}
RATED_UNITS = ["STP-DN", "STP-HN"]
DEMO_DISCIPLINE = {
    "staff_code": "DN-STP-016",
    "kind": Discipline.Kind.REPRIMAND,
    "starts_on": datetime.date(2022, 5, 4),
    "ends_on": datetime.date(2023, 5, 3),
    "decision_number": "15/QĐ-STP (mẫu)",
    "decision_date": datetime.date(2022, 5, 4),
    "decided_by": "Giám đốc Sở Tư pháp",
}


def _grade(staff_code: str, year: int) -> str:
    if (staff_code, year) in LESSER_RATINGS:
        return QualityRating.Grade.COMPLETED
    if staff_code in EXCELLENT_STAFF:
        return QualityRating.Grade.EXCELLENT
    return QualityRating.Grade.GOOD


def _ratings(administrator: AbstractUser) -> None:
    people = Person.objects.filter(staff_code__in=list(PERSON_TITLES)).select_related("unit")
    for year in RATED_YEARS:
        decision = {
            "decision_number": f"{year % 100:02d}/QĐ-XLCL (mẫu)",
            "decision_date": datetime.date(year, 12, 15),
            "decided_by": "Giám đốc Sở Tư pháp",
        }
        for person in people:
            if not QualityRating.objects.filter(person=person, year=year).exists():
                org_services.quality_rating_record(
                    user=administrator,
                    year=year,
                    person=person,
                    grade=_grade(person.staff_code, year),
                    **decision,
                )
        for code in RATED_UNITS:
            unit = _unit(code)
            if not QualityRating.objects.filter(unit=unit, year=year).exists():
                org_services.quality_rating_record(
                    user=administrator,
                    year=year,
                    unit=unit,
                    grade=QualityRating.Grade.EXCELLENT,
                    **decision,
                )
    details = dict(DEMO_DISCIPLINE)
    person = Person.objects.get(staff_code=details.pop("staff_code"))
    if not Discipline.objects.filter(
        person=person, decision_number=details["decision_number"]
    ).exists():
        org_services.discipline_record(user=administrator, person=person, **details)


@transaction.atomic
def load_emulation() -> dict[str, object]:
    """Create or update the demo clusters, pacts, results and title history; safe to run again."""
    administrator = get_user_model().objects.get(username="admin")
    ministry = _unit("BTP")
    movement_2024, _created = Movement.objects.update_or_create(
        name="Phong trào thi đua yêu nước ngành Tư pháp năm 2024",
        defaults={
            "launched_by": ministry,
            "starts_on": datetime.date(2024, 1, 1),
            "ends_on": datetime.date(2024, 12, 31),
        },
    )
    movement_2025, _created = Movement.objects.update_or_create(
        name=(
            "Thi đua lập thành tích chào mừng kỷ niệm 80 năm Ngày truyền thống ngành Tư pháp "
            "và Đại hội Thi đua yêu nước ngành Tư pháp lần thứ VI"
        ),
        defaults={
            "launched_by": ministry,
            "starts_on": datetime.date(2025, 1, 1),
            "ends_on": datetime.date(2025, 8, 28),
        },
    )
    cluster_2024 = _cluster(
        year=2024,
        cities=CITIES_2024,
        head="DN",
        deputy="CT",
        decision_date=datetime.date(2024, 1, 26),
    )
    pact_2024 = services.pact_save(
        cluster=cluster_2024,
        name="Giao ước thi đua năm 2024",
        signed_on=datetime.date(2024, 3, 15),
        movement=movement_2024,
    )
    results = _results_2024(_criteria(pact_2024), administrator)
    cluster_2025 = _cluster(
        year=2025,
        cities=CITIES_2025,
        head="CT",
        deputy="DN",
        decision_date=datetime.date(2025, 2, 20),
    )
    pact_2025 = services.pact_save(
        cluster=cluster_2025,
        name="Giao ước thi đua năm 2025",
        signed_on=datetime.date(2025, 2, 20),
        movement=movement_2025,
    )
    _criteria(pact_2025)
    _staff()
    _ratings(administrator)
    _title_history(administrator)
    ranking = cluster_ranking(cluster=cluster_2024)
    return {
        "clusters": Cluster.objects.filter(name=CLUSTER_NAME).count(),
        "results": results,
        "ranking": ", ".join(
            f"{member.rank}. {member.unit.display_name} {member.total}"
            for member in ranking.members
        ),
        "awards": TitleAward.objects.count(),
        "initiatives": Initiative.objects.count(),
    }
