"""Demo data of organizations: the six centrally-run cities, their units, staff and users."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Locality, Membership, Person, Unit, UnitVersion
from organizations.roles import Role
from organizations.services import membership_grant, membership_revoke, sync_roles

DEMO_PASSWORD = "demo12345"  # noqa: S105 - published demo password, refused with DEBUG off


@dataclass(frozen=True)
class DemoUser:
    username: str
    # Vietnamese names read family name first: the whole name goes in first_name so that
    # Django's get_full_name() and get_short_name() print it the right way round.
    full_name: str
    unit_code: str
    role: Role


DEMO_USERS = [
    DemoUser("admin", "Quản trị hệ thống", "BTP", Role.ADMINISTRATOR),
    DemoUser("clerk.hanoi", "Nguyễn Thị Lan", "THADS-HN", Role.ENFORCEMENT_CLERK),
    DemoUser("clerk.danang", "Trần Văn Minh", "THADS-DN", Role.ENFORCEMENT_CLERK),
    DemoUser("officer.danang", "Lê Thị Hoa", "STP-DN", Role.EMULATION_OFFICER),
    DemoUser("reviewer.moj", "Phạm Quốc Hùng", "BTP", Role.REVIEWER),
    DemoUser("council.moj", "Võ Đức Thành", "BTP", Role.COUNCIL_MEMBER),
    DemoUser("leader.moj", "Đặng Hoàng Long", "BTP", Role.LEADER),
]
DEMO_USERNAMES = frozenset(user.username for user in DEMO_USERS)

# (code, locality name, short form)
CITIES = [
    ("HN", "Hà Nội", "Hà Nội"),
    ("HCM", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"),
    ("HP", "Hải Phòng", "Hải Phòng"),
    ("DN", "Đà Nẵng", "Đà Nẵng"),
    ("CT", "Cần Thơ", "Cần Thơ"),
    ("HUE", "Huế", "Huế"),
]
# The provinces merged into the centrally-run cities on 1 July 2025 (Nghị quyết
# 202/2025/QH15): their agencies ended on 30 June 2025, succeeded by the city's.
# (code, province, successor city code); Hà Nội and Huế took in no province.
PREDECESSORS = [
    ("QNA", "Quảng Nam", "DN"),
    ("BD", "Bình Dương", "HCM"),
    ("BRVT", "Bà Rịa - Vũng Tàu", "HCM"),
    ("HD", "Hải Dương", "HP"),
    ("ST", "Sóc Trăng", "CT"),
    ("HG", "Hậu Giang", "CT"),
]
PREDECESSORS_FROM = datetime.date(2024, 10, 1)
# Huế became a centrally-run city on 1 January 2025.
CITY_SINCE = {"HUE": datetime.date(2025, 1, 1)}
REGIONAL_OFFICES_FROM = datetime.date(2025, 7, 1)

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
_GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Khánh",
    "Linh",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Vân",
    "Yến",
    "Hải",
    "Tú",
    "Việt",
]
_POSITIONS_DOJ = ["Giám đốc Sở", "Phó Giám đốc Sở", "Trưởng phòng", "Chuyên viên"]
_POSITIONS_THA = ["Cục trưởng", "Phó Cục trưởng", "Chấp hành viên", "Thư ký thi hành án"]


def _person_name(index: int) -> str:
    return (
        f"{_FAMILY[index % len(_FAMILY)]} {_MIDDLE[(index // 3) % len(_MIDDLE)]} "
        f"{_GIVEN[(index * 7) % len(_GIVEN)]}"
    )


@transaction.atomic
def load_organizations() -> dict[str, int]:
    """Create or update the demo units, people and users; safe to run again."""
    sync_roles()
    ministry, _ = Unit.objects.update_or_create(
        code="BTP",
        defaults={"name": "Bộ Tư pháp", "short_name": "Bộ Tư pháp", "kind": Unit.Kind.MINISTRY},
    )
    person_index = 0
    for code, locality_name, short in CITIES:
        locality, _ = Locality.objects.update_or_create(
            code=code,
            defaults={"name": locality_name, "kind": Locality.Kind.CENTRAL_CITY},
        )
        since = CITY_SINCE.get(code, datetime.date(2000, 1, 1))
        department, _ = Unit.objects.update_or_create(
            code=f"STP-{code}",
            defaults={
                "name": f"Sở Tư pháp {_city_phrase(locality_name)}",
                "short_name": f"STP {short}",
                "kind": Unit.Kind.DEPARTMENT_OF_JUSTICE,
                "locality": locality,
                "parent": ministry,
                "valid_from": since,
            },
        )
        agency, _ = Unit.objects.update_or_create(
            code=f"THADS-{code}",
            defaults={
                "name": f"Thi hành án dân sự {_city_phrase(locality_name)}",
                "short_name": f"THADS {short}",
                "kind": Unit.Kind.ENFORCEMENT_AGENCY,
                "locality": locality,
                "parent": ministry,
                "valid_from": since,
            },
        )
        _agency_named_cuc_until_the_reform(agency, _city_phrase(locality_name), short)
        offices = []
        for number in (1, 2):
            office, _ = Unit.objects.update_or_create(
                code=f"THADS-{code}-KV{number}",
                defaults={
                    "name": f"Phòng Thi hành án dân sự khu vực {number} – {short}",
                    "short_name": f"Phòng THADS KV{number} {short}",
                    "kind": Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
                    "locality": locality,
                    "parent": agency,
                    "valid_from": REGIONAL_OFFICES_FROM,
                },
            )
            offices.append(office)
        # A district office that the 2025 reorganisation replaced: its history stays.
        Unit.objects.update_or_create(
            code=f"THADS-{code}-CC1",
            defaults={
                "name": f"Chi cục Thi hành án dân sự quận 1 – {short}",
                "short_name": f"Chi cục THADS Q1 {short}",
                "kind": Unit.Kind.REGIONAL_ENFORCEMENT_OFFICE,
                "locality": locality,
                "parent": agency,
                "valid_from": since,
                "valid_to": REGIONAL_OFFICES_FROM - datetime.timedelta(days=1),
                "successor": offices[0],
            },
        )
        for unit, positions, prefix in (
            (department, _POSITIONS_DOJ, "STP"),
            (agency, _POSITIONS_THA, "THA"),
        ):
            for number, position in enumerate(positions, start=1):
                Person.objects.update_or_create(
                    staff_code=f"{code}-{prefix}-{number:03d}",
                    defaults={
                        "full_name": _person_name(person_index),
                        "unit": unit,
                        "position": position,
                    },
                )
                person_index += 1
    for number, position in enumerate(["Vụ trưởng Vụ Thi đua – Khen thưởng", "Chuyên viên"], 1):
        Person.objects.update_or_create(
            staff_code=f"BTP-{number:03d}",
            defaults={
                "full_name": _person_name(person_index),
                "unit": ministry,
                "position": position,
            },
        )
        person_index += 1
    _load_users()
    _load_predecessors(ministry)
    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "users": len(DEMO_USERS),
    }


def _agency_named_cuc_until_the_reform(agency: Unit, city: str, short: str) -> None:
    """Date the agency's names: "Cục Thi hành án dân sự …" until 30 June 2025, today's after."""
    for valid_from, name, short_name in (
        (agency.valid_from, f"Cục Thi hành án dân sự {city}", f"Cục THADS {short}"),
        (REGIONAL_OFFICES_FROM, agency.name, agency.short_name),
    ):
        UnitVersion.objects.update_or_create(
            unit=agency,
            valid_from=valid_from,
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": agency.kind,
                "parent": agency.parent,
            },
        )


def _load_predecessors(ministry: Unit) -> None:
    """Create the former agencies of the provinces merged into the cities, ended 30/06/2025."""
    for code, province, city in PREDECESSORS:
        locality, _ = Locality.objects.update_or_create(
            code=code, defaults={"name": province, "kind": Locality.Kind.PROVINCE}
        )
        Unit.objects.update_or_create(
            code=f"THADS-{code}",
            defaults={
                "name": f"Cục Thi hành án dân sự tỉnh {province}",
                "short_name": f"Cục THADS {province}",
                "kind": Unit.Kind.ENFORCEMENT_AGENCY,
                "locality": locality,
                "parent": ministry,
                # The demo keeps their last statistical year only (from 1 October 2024): the
                # 2024 figures of the ministry's report are the five cities' as published.
                "valid_from": PREDECESSORS_FROM,
                "valid_to": REGIONAL_OFFICES_FROM - datetime.timedelta(days=1),
                "successor": Unit.objects.get(code=f"THADS-{city}"),
            },
        )


def _city_phrase(locality_name: str) -> str:
    if locality_name.startswith("Thành phố"):
        return locality_name.replace("Thành phố", "thành phố", 1)
    return f"thành phố {locality_name}"


def _load_users() -> None:
    user_model = get_user_model()
    for demo in DEMO_USERS:
        user, _created = user_model.objects.get_or_create(username=demo.username)
        user.first_name = demo.full_name
        user.last_name = ""
        user.is_staff = True
        user.is_active = True
        user.email = f"{demo.username}@demo.moj.gov.vn"
        user.set_password(DEMO_PASSWORD)
        user.save()
        unit = Unit.objects.get(code=demo.unit_code)
        for stale in Membership.objects.filter(user=user).exclude(unit=unit, role=demo.role):
            membership_revoke(membership=stale)
        membership_grant(user=user, unit=unit, role=demo.role)
