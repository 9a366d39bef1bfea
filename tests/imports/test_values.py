"""What clerks type is read the way they mean it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from organizations.imports.checking import parse_column as _parse_column
from organizations.imports.values import (
    CellError,
    choice_lookup,
    clean_column,
    clean_text,
    fold,
    parse_amount,
    parse_choice,
    parse_date,
    parse_decimal,
)
from organizations.models import Unit


@pytest.mark.parametrize(
    "value",
    [
        "2024-09-30",
        "30/09/2024",
        "30-09-2024",
        "30.09.2024",
        " 30/09/2024 ",
        datetime.date(2024, 9, 30),
        datetime.datetime(2024, 9, 30, 0, 0),
        45565,
    ],
)
def test_dates_are_read_in_every_form_clerks_use(value):
    assert parse_date(value) == datetime.date(2024, 9, 30)


@pytest.mark.parametrize("value", ["31/02/2024", "tomorrow", "2024/30/09", "12345678901"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(CellError):
        parse_date(value)


@pytest.mark.parametrize(
    "value", ["1.234.567", "1,234,567", "1234567", "1 234 567", "1.234.567 ₫", 1234567, 1234567.0]
)
def test_amounts_are_read_with_any_grouping(value):
    assert parse_amount(value) == 1_234_567


@pytest.mark.parametrize("value", ["-5", "12,5", "abc", 12.5, "1.23.4", "10" * 10])
def test_bad_amounts_are_refused(value):
    with pytest.raises(CellError):
        parse_amount(value)


def test_ratio_accepts_both_decimal_marks():
    assert parse_decimal("83,25") == Decimal("83.25")
    assert parse_decimal("83.25 %") == Decimal("83.25")
    assert parse_decimal(83.25) == Decimal("83.25")


def test_text_is_normalised():
    decomposed = "Nguye\u0302\u0303n\u00a0 Va\u0306n  A"

    assert clean_text(decomposed) == "Nguyễn Văn A"
    assert clean_text(123.0) == "123"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        (" Nguyễn Văn A", "Nguyễn Văn A"),
        ("Nguyễn Văn A ", "Nguyễn Văn A"),
        ("Nguyễn  Văn A", "Nguyễn Văn A"),
        ("Nguyễn\tVăn\nA", "Nguyễn Văn A"),
        ("Nguyễn\u202fVăn\u2007A", "Nguyễn Văn A"),
        ("\ufeffNguyễn Văn A", "Nguyễn Văn A"),
        ("'=1+1", "=1+1"),
        ("", ""),
    ],
)
def test_odd_spacing_is_cleaned_and_plain_text_kept(typed, read):
    assert clean_text(typed) == read


@pytest.mark.parametrize(
    "cells",
    [
        ["Nguyễn Văn A", " Trần B"],
        ["Nguyễn Văn A ", "Trần B"],
        ["Nguyễn  Văn A", "Trần B"],
        ["Nguyễn Văn A", "Trần\u00a0B"],
        ["Nguyễn Văn A", "'=1+1"],
        ["Nguye\u0302\u0303n Văn A", "Trần B"],
        ["Nguyễn Văn A", "x" * 51],
        ["Nguyễn Văn A", 123.0],
    ],
)
def test_a_column_with_any_cell_to_clean_is_read_cell_by_cell(cells):
    assert clean_column(cells, limit=50) is None


def test_a_clean_column_is_read_whole():
    cells = ["Nguyễn Văn A", "", "A|B", "x" * 50]

    assert clean_column(cells, limit=50) == cells


def test_a_repeating_column_is_parsed_once_per_distinct_cell_and_never_remembers_a_refusal():
    calls = []

    def parse(cell: object) -> object:
        calls.append(cell)
        return parse_amount(cell)

    parsed: dict[object, object] = {}

    assert _parse_column(("1.000", "1.000", 1, 1), parse, parsed, False) == [1000, 1000, 1, 1]
    assert _parse_column(("1.000", ""), parse, parsed, False) == [1000, None]
    for _attempt in range(2):
        with pytest.raises(CellError):
            _parse_column(("1.000", "mười"), parse, parsed, False)
    with pytest.raises(CellError):
        _parse_column((True,), parse, parsed, False)
    assert calls == ["1.000", 1, 1, "", "mười", "mười", True]


def test_folding_ignores_case_spacing_and_diacritics():
    assert fold("  Số quyết định   THA ") == fold("so_quyet_dinh_tha") == "so quyet dinh tha"
    assert fold("Đơn vị") == "don vi"


def test_choices_by_code_vietnamese_or_english_label():
    lookup = choice_lookup(Unit.Kind.choices)

    assert parse_choice("ministry", lookup) == Unit.Kind.MINISTRY
    assert parse_choice("Bộ", lookup) == Unit.Kind.MINISTRY
    assert parse_choice("phong thi hanh an dan su khu vuc", lookup) == "regional_enforcement_office"
    assert parse_choice("regional enforcement office", lookup) == "regional_enforcement_office"
    with pytest.raises(CellError):
        parse_choice("cục", lookup)


def test_an_escaped_formula_reads_back_as_the_original_text():
    from organizations.imports.exporting import escape_formula

    for text in ("=SUM(A1)", "+84 905", "-5 ngày", "@ghi chú"):
        assert clean_text(escape_formula(text)) == clean_text(text)
    assert escape_formula(1234) == 1234
