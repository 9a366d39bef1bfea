"""Column parsers shared by the enforcement imports."""

from __future__ import annotations

import datetime
import functools
import time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enforcement.models import Eligibility, Initiation, JudgmentKind, Status
from organizations.imports.values import CellError, choice_lookup, fold, parse_date


def past_date(value: object) -> datetime.date | None:
    """Read a date that has already happened."""
    day = parse_date(value)
    if day is not None and day > _today(int(time.time() // 60)):
        raise CellError(_("The date is in the future."))
    return day


@functools.lru_cache(maxsize=2)
def _today(minute: int) -> datetime.date:
    # Asked once per minute, not once per cell.
    return timezone.localdate()


def _lookup(choices: list[tuple[str, object]], aliases: dict[str, str]) -> dict[str, str]:
    lookup = choice_lookup(choices)
    lookup.update({fold(alias): code for alias, code in aliases.items()})
    return lookup


# The labels of the sector's case file, besides each choice's own labels.
STATUS_LOOKUP = _lookup(
    Status.choices,
    {
        "Đang thi hành": Status.IN_PROGRESS,
        "Hoãn": Status.POSTPONED,
        "Tạm đình chỉ": Status.SUSPENDED,
        "Thi hành xong": Status.COMPLETED,
        "Đình chỉ": Status.TERMINATED,
        "Ủy thác": Status.ENTRUSTED,
        "Uỷ thác": Status.ENTRUSTED,
        "Thu hồi": Status.WITHDRAWN,
        "Hủy quyết định": Status.WITHDRAWN,
    },
)
ELIGIBILITY_LOOKUP = _lookup(
    Eligibility.choices,
    {
        "Có điều kiện": Eligibility.ELIGIBLE,
        "Chưa có điều kiện": Eligibility.NOT_ELIGIBLE,
        "Có điều kiện thi hành": Eligibility.ELIGIBLE,
        "Chưa có điều kiện thi hành": Eligibility.NOT_ELIGIBLE,
    },
)
KIND_LOOKUP = _lookup(
    JudgmentKind.choices,
    {
        "Hôn nhân gia đình": JudgmentKind.MARRIAGE_FAMILY,
        "Kinh doanh, thương mại": JudgmentKind.BUSINESS_COMMERCIAL,
    },
)
INITIATION_LOOKUP = _lookup(
    Initiation.choices, {"Chủ động": Initiation.PROACTIVE, "Theo yêu cầu": Initiation.ON_REQUEST}
)

STATUS_LABELS = (
    "Đang thi hành",
    "Hoãn",
    "Tạm đình chỉ",
    "Thi hành xong",
    "Đình chỉ",
    "Ủy thác",
    "Thu hồi",
)
ELIGIBILITY_LABELS = ("Có điều kiện", "Chưa có điều kiện")
KIND_LABELS = (
    "Dân sự",
    "Hình sự",
    "Hành chính",
    "Hôn nhân và gia đình",
    "Kinh doanh thương mại",
    "Lao động",
    "Phá sản",
    "Trọng tài",
    "Khác",
)
INITIATION_LABELS = ("Chủ động", "Theo yêu cầu")
# The same labels by code, for exports that must read back unchanged.
STATUS_LABEL_OF = {code: label for label in STATUS_LABELS for code in [STATUS_LOOKUP[fold(label)]]}
ELIGIBILITY_LABEL_OF = {ELIGIBILITY_LOOKUP[fold(label)]: label for label in ELIGIBILITY_LABELS}
KIND_LABEL_OF = {KIND_LOOKUP[fold(label)]: label for label in KIND_LABELS}
INITIATION_LABEL_OF = {INITIATION_LOOKUP[fold(label)]: label for label in INITIATION_LABELS}
