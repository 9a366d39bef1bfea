"""Unit names shortened for one-line lists as the sector's own documents shorten them."""

from __future__ import annotations

import pytest

from organizations.formatting import abbreviate_unit_name, short_unit_name
from organizations.models import Unit


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Thi hành án dân sự thành phố Hà Nội", "THADS TP. Hà Nội"),
        ("Cục Thi hành án dân sự Thành phố Hồ Chí Minh", "Cục THADS TP. Hồ Chí Minh"),
        ("Chi cục Thi hành án dân sự quận Hoàn Kiếm", "CCTHADS Q. Hoàn Kiếm"),
        ("Chi cục Thi hành án dân sự huyện Gia Lâm", "CCTHADS H. Gia Lâm"),
        ("Phòng Thi hành án dân sự khu vực 1 – Hà Nội", "Phòng THADS KV1 – Hà Nội"),
        ("Sở Tư pháp tỉnh Bắc Ninh", "STP tỉnh Bắc Ninh"),
        ("Thi hành án dân sự thị xã Sơn Tây", "THADS TX. Sơn Tây"),
    ],
)
def test_official_names_are_abbreviated_as_the_documents_write_them(name: str, short: str):
    assert abbreviate_unit_name(name) == short


def test_a_name_without_a_known_phrase_is_left_whole():
    assert abbreviate_unit_name("Bộ Tư pháp") == "Bộ Tư pháp"


def test_a_phrase_inside_a_longer_word_is_not_abbreviated():
    assert abbreviate_unit_name("Tổ Quậnnhất") == "Tổ Quậnnhất"


def test_the_short_name_entered_for_a_unit_wins_over_the_abbreviation():
    unit = Unit(name="Thi hành án dân sự thành phố Hà Nội", short_name="THADS Hà Nội")

    assert short_unit_name(unit) == "THADS Hà Nội"


def test_a_unit_without_a_short_name_gets_its_name_abbreviated():
    unit = Unit(name="Thi hành án dân sự thành phố Đà Nẵng", short_name="")

    assert short_unit_name(unit) == "THADS TP. Đà Nẵng"
