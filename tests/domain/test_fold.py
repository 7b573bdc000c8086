"""fold(): the form a name is searched by, whatever accents or case were typed."""

from __future__ import annotations

import pytest

from consult_app.domain.text import fold


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        pytest.param("Łukasiewicz", "lukasiewicz", id="polish-l-stroke"),
        pytest.param("Nguyễn", "nguyen", id="vietnamese-stacked-marks"),
        pytest.param("Sørensen", "sorensen", id="danish-o-slash"),
        pytest.param("Weiß", "weiss", id="german-sharp-s"),
        pytest.param("STRAẞE", "strasse", id="capital-sharp-s"),
        pytest.param("Zoë", "zoe", id="diaeresis"),
        pytest.param("José María", "jose maria", id="spanish-acute"),
        pytest.param("Đorđević", "dordevic", id="serbian-d-stroke"),
        pytest.param("Ægir", "aegir", id="ae-ligature"),
        pytest.param("Ελένη", "ελενη", id="greek-tonos"),
        pytest.param("ΆΝΝΑ", "αννα", id="greek-capital-tonos"),
        pytest.param("Ιωάννης", "ιωαννησ", id="greek-final-sigma-casefolds"),
        pytest.param("Иван", "иван", id="cyrillic"),
        pytest.param("ИВАН", "иван", id="cyrillic-capitals"),
        pytest.param("  Mary   Jane  ", "mary jane", id="collapses-spaces"),
        pytest.param("Mary\tJane\n", "mary jane", id="collapses-tabs-and-newlines"),
        pytest.param("O'Brien-Smith", "o'brien-smith", id="punctuation-kept"),
        pytest.param("ﬁnn", "finn", id="compatibility-ligature"),
        pytest.param("", "", id="empty"),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("lukasiewicz", "Łukasiewicz"),
        ("NGUYEN", "Nguyễn"),
        ("weiss", "Weiß"),
        ("sorensen", "SØRENSEN"),
        ("zoe", "Zoë"),
    ],
)
def test_what_reception_types_matches_the_stored_name(typed: str, stored: str) -> None:
    assert fold(typed) == fold(stored)


def test_composed_and_decomposed_forms_fold_alike() -> None:
    composed = "Nguy\u1ec5n"
    decomposed = "Nguy\u0065\u0302\u0303n"
    assert fold(composed) == fold(decomposed) == "nguyen"


@pytest.mark.parametrize("name", ["Łukasiewicz", "Nguyễn", "Ελένη", "Иван", "  A  b "])
def test_fold_is_idempotent(name: str) -> None:
    assert fold(fold(name)) == fold(name)
