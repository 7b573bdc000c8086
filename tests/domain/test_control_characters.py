"""Control characters are found the same way in plain ASCII text (a quick path) as in any other."""

from __future__ import annotations

import unicodedata

from consult_app.domain.text import has_control_characters


def test_every_ascii_character_is_judged_by_its_unicode_category() -> None:
    for code in range(128):
        character = chr(code)
        control = unicodedata.category(character) == "Cc"
        typed = f"Dry skin{character}after sun"
        assert has_control_characters(typed) is control, repr(character)


def test_text_beyond_ascii_is_still_checked() -> None:
    assert not has_control_characters("Zoë Łukasiewicz, eczema in winter")
    assert has_control_characters("Zoë\u202eevil")  # a bidi override
    assert not has_control_characters("می\u200cخواهم")  # a zero-width non-joiner is spelling
    assert not has_control_characters("")
