"""How a client's name is written on paper and screen: family name first where that is the way."""

from __future__ import annotations

import pytest

from consult_app.domain.client import ClientDetails


@pytest.mark.parametrize(
    ("first", "last", "written"),
    [
        ("Þórunn", "Ægisdóttir", "Þórunn Ægisdóttir"),
        ("Ngọc Ánh", "Đặng Thị", "Ngọc Ánh Đặng Thị"),
        ("דנה", "כהן", "דנה כהן"),
        ("ليلى", "حداد", "ليلى حداد"),
        ("芳", "王", "王芳"),  # Chinese: family name first, no space
        ("민지", "김", "김민지"),  # Korean
        ("太郎", "山田", "山田太郎"),  # Japanese kanji
        ("さくら", "やまだ", "やまださくら"),  # and kana
        ("Fang", "王", "Fang 王"),  # one part in Latin letters: as typed, given name first
        ("Cher", "", "Cher"),
    ],
)
def test_full_name_puts_the_family_name_where_the_script_does(
    first: str, last: str, written: str
) -> None:
    assert ClientDetails(first, last, None).full_name == written
