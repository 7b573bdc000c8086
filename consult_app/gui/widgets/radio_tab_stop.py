"""Tab stops at a radio group's checked button, so a Space there cannot change a given answer.

Qt keeps a group's Tab stop on whichever of its buttons last had focus, and until one has had
focus every button is a Tab stop: the first Tab into a question answered "No" landed on its
unchecked "Yes". Here only the checked button (the first while none is) takes Tab; the arrow
keys still move between the buttons, as Qt's radio groups do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QWidget

_TAB = int(Qt.FocusPolicy.TabFocus.value)


def tab_stop_on_checked(group: QButtonGroup, proxy_of: QWidget | None = None) -> None:
    """Keep the group's one Tab stop on its checked button from now on; `proxy_of` (the widget
    holding the buttons) then hands its focus to that button too."""

    def follow(*_: object) -> None:
        buttons = group.buttons()
        if not buttons:
            return
        stop = group.checkedButton() or buttons[0]
        for button in buttons:
            _set_tab(button, button is stop)
        if proxy_of is not None and proxy_of.focusProxy() is not stop:
            proxy_of.setFocusProxy(stop)

    group.buttonToggled.connect(follow)
    follow()


def _set_tab(button: QAbstractButton, takes_tab: bool) -> None:
    policy = int(button.focusPolicy().value)
    policy = policy | _TAB if takes_tab else policy & ~_TAB
    button.setFocusPolicy(Qt.FocusPolicy(policy))
