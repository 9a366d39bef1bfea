"""The national benchmark's units: 63 provinces until 30 June 2025, 34 agencies and 355 after.

The 34 provincial agencies and the 31 confirmed regional offices come from the reference files
(``organizations/reference``, ``reference_units_load``); the other 324 regional offices are
generated per agency ("Phòng Thi hành án dân sự khu vực N - tỉnh"), shared among the
agencies by how many former provinces each took in, to reach the 355 regional offices of
Nghị quyết 81/2025/UBTVQH15. Before 1 July 2025 (Nghị quyết 202/2025/QH15): 63 provincial
agencies ("Cục Thi hành án dân sự tỉnh …"): the 34 whose province gave the new one its name
go on as the same unit under a new dated name, as the demo's cities do; the 29 others end on
30 June 2025 and are merged into the new agency (dated lineage, e.g. Quảng Nam → Đà Nẵng).
Each former province had district offices ("Chi cục Thi hành án dân sự"), two for each
regional office that succeeds them (710 in all, about the real count), each merged on
1 July 2025 into the regional office of its area. Every office has enforcers (chấp hành
viên), who stay with their cases when a district office becomes a regional one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from organizations.models import Locality, Person, Unit, UnitLineage, UnitVersion
from organizations.services.reference import AGENCIES_CSV, OFFICES_CSV, reference_units_load

REFORM = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE = REFORM - datetime.timedelta(days=1)
HISTORY_FROM = datetime.date(2015, 1, 1)
REGIONAL_OFFICES = 355
DISTRICT_OFFICES_PER_REGIONAL = 2
ENFORCERS_PER_OFFICE = 8
ENFORCERS_PER_AGENCY = 4
MERGER_DECISION = ("202/2025/QH15", datetime.date(2025, 6, 12))

# The provinces each 2025 agency took in (Nghị quyết 202/2025/QH15, 12/06/2025): the agency's
# code in agencies.csv → [(code of the former agency's locality, province name)]. Codes of
# the demo's former agencies (QNA, BD, BRVT, HD, ST, HG) are kept.
ABSORBED: dict[str, list[tuple[str, str]]] = {
    "THADS-TQ": [("HGI", "Hà Giang")],
    "THADS-LCI": [("YB", "Yên Bái")],
    "THADS-TN": [("BK", "Bắc Kạn")],
    "THADS-PT": [("VP", "Vĩnh Phúc"), ("HB", "Hòa Bình")],
    "THADS-BN": [("BG", "Bắc Giang")],
    "THADS-HY": [("TB", "Thái Bình")],
    "THADS-HP": [("HD", "Hải Dương")],
    "THADS-NB": [("HNA", "Hà Nam"), ("ND", "Nam Định")],
    "THADS-QT": [("QB", "Quảng Bình")],
    "THADS-DN": [("QNA", "Quảng Nam")],
    "THADS-QNG": [("KT", "Kon Tum")],
    "THADS-GL": [("BDI", "Bình Định")],
    "THADS-KH": [("NT", "Ninh Thuận")],
    "THADS-LD": [("DNO", "Đắk Nông"), ("BTH", "Bình Thuận")],
    "THADS-DLK": [("PY", "Phú Yên")],
    "THADS-HCM": [("BD", "Bình Dương"), ("BRVT", "Bà Rịa - Vũng Tàu")],
    "THADS-DNA": [("BP", "Bình Phước")],
    "THADS-TNI": [("LA", "Long An")],
    "THADS-CT": [("ST", "Sóc Trăng"), ("HG", "Hậu Giang")],
    "THADS-VL": [("BTR", "Bến Tre"), ("TV", "Trà Vinh")],
    "THADS-DT": [("TG", "Tiền Giang")],
    "THADS-CM": [("BL", "Bạc Liêu")],
    "THADS-AG": [("KG", "Kiên Giang")],
}

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
_FAMILY += ["Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân"]
_GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Nam", "Phương"]
_GIVEN += ["Quân", "Sơn", "Tâm", "Thảo", "Trung", "Vân", "Yến", "Hải", "Tú", "Việt", "Hưng"]


@dataclass
class NationalUnits:
    """The ids the case generator places cases in, and what it needs to know of each unit."""

    # Until 30 June 2025: the 63 provincial agencies and the district offices.
    agencies_before: list[int] = field(default_factory=list)
    offices_before: list[int] = field(default_factory=list)
    # From 1 July 2025: the 34 agencies and the 355 regional offices.
    agencies_after: list[int] = field(default_factory=list)
    offices_after: list[int] = field(default_factory=list)
    # unit → (the agency it belongs to, the unit it is merged into on 1 July 2025 or None,
    # the enforcers of its cases, the province named in addresses)
    info: dict[int, tuple[int, int | None, list[int], str]] = field(default_factory=dict)


def _share(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Share ``total`` by the weights, largest remainders first (sums exactly)."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda key: (shares[key] - exact[key], key))[
        : total - sum(shares.values())
    ]:
        shares[key] += 1
    return shares


def _offices_csv(agencies: list[Unit]) -> str:
    """Return the reference offices file with the offices it lacks generated, 355 in all."""
    text = OFFICES_CSV.read_text(encoding="utf-8-sig")
    listed: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith(("#", "code,")):
            agency = line.split(",")[2]
            listed[agency] = listed.get(agency, 0) + 1
    missing = [agency for agency in agencies if agency.code not in listed]
    shares = _share(
        REGIONAL_OFFICES - sum(listed.values()),
        {agency.code: 1 + len(ABSORBED.get(agency.code, [])) for agency in missing},
    )
    rows = []
    for agency in missing:
        province = agency.locality.name
        place = province if agency.locality.kind == "central_city" else f"tỉnh {province}"
        for number in range(1, shares[agency.code] + 1):
            rows.append(
                f"{agency.code}-KV{number},Phòng Thi hành án dân sự khu vực {number} - {place},"
                f"{agency.code},Tòa án nhân dân khu vực {number} - {place}"
            )
    return text.rstrip("\n") + "\n" + "\n".join(rows) + "\n"


def _name(index: int) -> str:
    return (
        f"{_FAMILY[index % len(_FAMILY)]} {_MIDDLE[(index // 7) % len(_MIDDLE)]} "
        f"{_GIVEN[(index * 13) % len(_GIVEN)]}"
    )


def _enforcers(unit: Unit, count: int, start: int) -> list[Person]:
    return [
        Person(
            staff_code=f"NAT-{unit.code}-CHV{number:02d}",
            full_name=_name(start + number),
            unit=unit,
            position="Chấp hành viên",
        )
        for number in range(1, count + 1)
    ]


def _former_agency(ministry: Unit, code: str, province: str) -> Unit:
    locality, _created = Locality.objects.get_or_create(
        code=code, defaults={"name": province, "kind": Locality.Kind.PROVINCE}
    )
    return Unit.objects.create(
        code=f"THADS-{code}",
        name=f"Cục Thi hành án dân sự tỉnh {province}",
        short_name=f"Cục THADS {province}",
        kind=Unit.Kind.ENFORCEMENT_AGENCY,
        locality=locality,
        parent=ministry,
        valid_from=HISTORY_FROM,
        valid_to=LAST_DAY_BEFORE,
    )


def _cuc_name(agency: Unit) -> tuple[str, str]:
    # "Thi hành án dân sự tỉnh X" was "Cục Thi hành án dân sự tỉnh X" until 30 June 2025.
    return f"Cục {agency.name}", f"Cục THADS {agency.locality.name}"


@transaction.atomic
def build_units() -> NationalUnits:
    """Create the national units, their lineage and enforcers; return what cases need."""
    reference_units_load(
        agencies_text=AGENCIES_CSV.read_text(encoding="utf-8-sig"),
        offices_text=OFFICES_CSV.read_text(encoding="utf-8-sig"),
        agencies_source=AGENCIES_CSV.name,
        offices_source=OFFICES_CSV.name,
    )
    ministry = Unit.objects.get(code="BTP")
    agencies = list(
        Unit.objects.filter(kind=Unit.Kind.ENFORCEMENT_AGENCY)
        .select_related("locality")
        .order_by("pk")
    )
    reference_units_load(
        agencies_text=AGENCIES_CSV.read_text(encoding="utf-8-sig"),
        offices_text=_offices_csv(agencies),
        agencies_source=AGENCIES_CSV.name,
        offices_source="generated offices",
    )
    units = NationalUnits()
    people: list[Person] = []
    lineage: list[UnitLineage] = []
    district_number = 0
    for agency in agencies:
        # The agency goes on from its province's former agency under its new name.
        Unit.objects.filter(pk=agency.pk).update(valid_from=HISTORY_FROM)
        cuc, cuc_short = _cuc_name(agency)
        UnitVersion.objects.bulk_create(
            [
                UnitVersion(
                    unit=agency,
                    valid_from=HISTORY_FROM,
                    name=cuc,
                    short_name=cuc_short,
                    kind=agency.kind,
                    parent=ministry,
                ),
                UnitVersion(
                    unit=agency,
                    valid_from=REFORM,
                    name=agency.name,
                    short_name=agency.short_name,
                    kind=agency.kind,
                    parent=ministry,
                ),
            ]
        )
        staff = _enforcers(agency, ENFORCERS_PER_AGENCY, len(people))
        people += staff
        formers = [agency] + [
            _former_agency(ministry, code, province)
            for code, province in ABSORBED.get(agency.code, [])
        ]
        offices = list(agency.children.order_by("pk"))
        units.agencies_after.append(agency.pk)
        units.info[agency.pk] = (agency.pk, None, staff, agency.locality.name)
        for former in formers:
            units.agencies_before.append(former.pk)
            successor = None if former.pk == agency.pk else agency.pk
            units.info[former.pk] = (former.pk, successor, staff, former.locality.name)
            if successor is not None:
                lineage.append(_merger(former, agency))
        for index, office in enumerate(offices):
            office_staff = _enforcers(office, ENFORCERS_PER_OFFICE, len(people))
            people += office_staff
            units.offices_after.append(office.pk)
            units.info[office.pk] = (agency.pk, None, office_staff, agency.locality.name)
            former = formers[index % len(formers)]
            for _ in range(DISTRICT_OFFICES_PER_REGIONAL):
                district_number += 1
                district = Unit.objects.create(
                    code=f"{former.code}-CC{district_number:03d}",
                    name=f"Chi cục Thi hành án dân sự số {district_number} - "
                    f"{former.locality.name}",
                    short_name=f"Chi cục THADS số {district_number}",
                    kind=Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
                    locality=former.locality,
                    parent=former,
                    valid_from=HISTORY_FROM,
                    valid_to=LAST_DAY_BEFORE,
                    successor=office,
                )
                units.offices_before.append(district.pk)
                units.info[district.pk] = (
                    former.pk,
                    office.pk,
                    office_staff,
                    former.locality.name,
                )
                lineage.append(_merger(district, office))
    Person.objects.bulk_create(people)
    UnitLineage.objects.bulk_create(lineage)
    # The former agencies end with their merger: the copies the lineage service keeps.
    for record in lineage:
        Unit.objects.filter(pk=record.predecessor_id).update(
            valid_to=LAST_DAY_BEFORE, successor_id=record.successor_id
        )
    units.info = {
        unit_id: (agency_id, successor, [person.pk for person in staff], province)
        for unit_id, (agency_id, successor, staff, province) in units.info.items()
    }
    return units


def _merger(predecessor: Unit, successor: Unit) -> UnitLineage:
    number, day = MERGER_DECISION
    return UnitLineage(
        predecessor=predecessor,
        successor=successor,
        kind=UnitLineage.Kind.MERGER,
        taken_over_on=REFORM,
        decision_number=number,
        decision_date=day,
    )
