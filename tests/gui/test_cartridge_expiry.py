"""A cartridge's expiry typed as its box prints it: many boxes give only a month ("2027-05",
"05/2027"), good to that month's end; before, that was refused with a date of birth as the
example. A full date still works, and a month already over is still refused."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from consult_app.gui.treatment.chart_parts import CartridgeBox
from consult_app.gui.treatment.wizard import SessionWizard
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.session_driver import fill_chart, practitioner_session
from tests.gui.wizard_driver import press_next, type_into


def _type_expiry(
    qtbot: QtBot,
    people: People,  # noqa: F811
    typed: str,
) -> tuple[SessionWizard, CartridgeBox]:
    """A session charted as a practitioner would, then `typed` as the expiry and Tab."""
    wizard = practitioner_session(qtbot, people)
    press_next(wizard)
    press_next(wizard)
    fill_chart(qtbot, wizard)
    cartridge = wizard.page_by_key("chart").cartridge
    cartridge.expiry.setFocus()
    cartridge.expiry.selectAll()
    type_into(cartridge.expiry, typed)
    qtbot.keyClick(cartridge.expiry, Qt.Key.Key_Tab)
    return wizard, cartridge


@pytest.mark.parametrize(
    ("typed", "shown", "kept"),
    [
        ("05/2027", "31 May 2027", date(2027, 5, 31)),
        ("2027-02", "28 Feb 2027", date(2027, 2, 28)),
        ("2028 / 2", "29 Feb 2028", date(2028, 2, 29)),
        ("31/05/2027", "31 May 2027", date(2027, 5, 31)),
    ],
)
def test_an_expiry_given_as_a_month_is_good_to_its_last_day(
    qtbot: QtBot,
    people: People,  # noqa: F811
    typed: str,
    shown: str,
    kept: date,
) -> None:
    wizard, cartridge = _type_expiry(qtbot, people, typed)

    assert cartridge.expiry.text() == shown
    assert not cartridge.errors["expiry"].isVisible()
    value = cartridge.value()
    assert value is not None and value.expiry == kept
    press_next(wizard)
    assert wizard.current_key() == "summary"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("10/2026", "This cartridge expired on 31 Oct 2026: it cannot be used."),  # TODAY: Nov
        ("13/2027", '"13/2027": there is no month 13; write it as on the box, for example'),
        ("05/0000", '"05/0000": there is no year 0; write it as on the box, for example'),
        ("May next year", '"May next year" is not a date; write it as on the box, for example'),
    ],
)
def test_a_month_gone_by_or_a_month_that_is_not_one_is_refused_at_the_field(
    qtbot: QtBot,
    people: People,  # noqa: F811
    typed: str,
    said: str,
) -> None:
    wizard, cartridge = _type_expiry(qtbot, people, typed)

    error = cartridge.errors["expiry"]
    assert error.isVisible() and error.text().startswith(said)
    press_next(wizard)
    assert wizard.current_key() == "chart", "Next waits for an expiry in date"
