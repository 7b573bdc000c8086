"""Batch numbers compared however they were typed; trace results safe to open as a spreadsheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from consult_app.domain.chart import LotKind, lot_key
from consult_app.domain.dates import DateStyle
from consult_app.domain.text import safe_cell
from consult_app.domain.trace import TraceLine


@pytest.mark.parametrize("typed", ["AB-1234", "ab 1234", " Ab–12 34 ", "AB1234", "ab\t1234"])
def test_a_lot_typed_any_way_has_one_key(typed: str) -> None:
    assert lot_key(typed) == "ab1234"


def test_different_lots_keep_different_keys() -> None:
    assert lot_key("AB1234") != lot_key("AB1235")
    assert lot_key("LOT/7") != lot_key("LOT7")  # only spaces and dashes are ignored


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1423 555010", "'+44 1423 555010"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Zoë Łukasiewicz", "Zoë Łukasiewicz"),
        ("", ""),
    ],
)
def test_a_cell_never_starts_a_formula(text: str, cell: str) -> None:
    assert safe_cell(text) == cell


def test_a_trace_line_reads_in_the_clinic_date_style() -> None:
    line = TraceLine(
        1,
        "Zoë Adams",
        date(1990, 5, 24),
        "01423 555010",
        9,
        date(2027, 1, 13),
        2,
        4,
        "Sam Lee",
        LotKind.CARTRIDGE,
        "ab-1234",
    )
    assert line.row() == (
        "Zoë Adams",
        "24 May 1990",
        "01423 555010",
        "13 Jan 2027",
        "2 of 4",
        "Sam Lee",
        "Cartridge lot",
        "ab-1234",
    )
    assert line.row(DateStyle.MONTH_DAY_YEAR)[3] == "Jan 13, 2027"
    # A course whose plan does not say how many sessions: the number alone.
    assert replace(line, planned=None).row()[4] == "2"


def test_the_device_list_names_what_is_missing_and_a_serial_typed_twice() -> None:
    from consult_app.domain.chart import Device, device_list_problems

    problems = device_list_problems(
        [
            Device("Dermapen", "4", "DP-0001"),
            Device("Dermapen", "", "dp 0001"),
            Device("SkinPen", "Precision", "SP\u202e9"),
        ]
    )
    assert [(p.field, p.message) for p in problems] == [
        ("device 2", "Device 2 needs its model."),
        (
            "device 2",
            "Device 2 has the same serial number as device 1; each device's serial is its own.",
        ),
        (
            "device 3",
            "Device 3's serial contains an invisible or control character; please retype it.",
        ),
    ]
    assert device_list_problems([Device("Dermapen", "4", "DP-0001")]) == []
