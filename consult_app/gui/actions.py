"""Every menu and toolbar action, declared once; windows only connect them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


class ActionId(StrEnum):
    NEW_CLIENT = "new_client"
    EDIT_CLIENT = "edit_client"
    NEW_CONSULTATION = "new_consultation"
    OPEN_CONSULTATION = "open_consultation"
    FIND = "find"
    PRINT = "print"
    HANDOUT_AFTERCARE = "handout_aftercare"
    HANDOUT_PREPARATION = "handout_preparation"
    HANDOUT_CONSENT = "handout_consent"
    BACKUP_NOW = "backup_now"
    RESTORE_BACKUP = "restore_backup"
    QUIT = "quit"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: ActionId
    text: str
    tip: str
    shortcut: QKeySequence.StandardKey | str | None = None
    in_toolbar: bool = False


SPECS = (
    ActionSpec(
        ActionId.NEW_CLIENT, "&New client…", "Add a new client", QKeySequence.StandardKey.New, True
    ),
    ActionSpec(
        ActionId.EDIT_CLIENT, "&Edit client…", "Change the chosen client's details", "Ctrl+E"
    ),
    ActionSpec(
        ActionId.NEW_CONSULTATION,
        "New &consultation",
        "Start a consultation for the chosen client",
        "Ctrl+Shift+N",
        True,
    ),
    ActionSpec(
        ActionId.OPEN_CONSULTATION,
        "&Open consultation",
        "Continue a draft or view a completed consultation",
        "Ctrl+O",
    ),
    ActionSpec(
        ActionId.FIND,
        "&Find client",
        "Search by name, date of birth, phone or e-mail",
        QKeySequence.StandardKey.Find,
        True,
    ),
    ActionSpec(
        ActionId.PRINT,
        "&Print consent…",
        "Preview and print the chosen consultation's signed consent",
        QKeySequence.StandardKey.Print,
        True,
    ),
    ActionSpec(ActionId.HANDOUT_AFTERCARE, "&Aftercare sheet…", "Print a blank aftercare sheet"),
    ActionSpec(
        ActionId.HANDOUT_PREPARATION,
        "&Before your treatment…",
        "Print the preparation handout: what to stop and when",
    ),
    ActionSpec(
        ActionId.HANDOUT_CONSENT,
        "&Consent to read in advance…",
        "Print the consent text for a client to read before the appointment",
    ),
    ActionSpec(
        ActionId.BACKUP_NOW, "&Back up now", "Take a checked backup of the clinic's database now"
    ),
    ActionSpec(
        ActionId.RESTORE_BACKUP,
        "&Restore from backup…",
        "Replace the database with a backup; the database as it is now is backed up first",
    ),
    ActionSpec(ActionId.QUIT, "&Quit", "Close Consult", QKeySequence.StandardKey.Quit),
)

MENUS = (
    (
        "&Client",
        (
            ActionId.NEW_CLIENT,
            ActionId.EDIT_CLIENT,
            ActionId.FIND,
            None,
            ActionId.PRINT,
            None,
            ActionId.QUIT,
        ),
    ),
    ("C&onsultation", (ActionId.NEW_CONSULTATION, ActionId.OPEN_CONSULTATION)),
    (
        "&Handouts",
        (ActionId.HANDOUT_AFTERCARE, ActionId.HANDOUT_PREPARATION, ActionId.HANDOUT_CONSENT),
    ),
    ("C&linic", (ActionId.BACKUP_NOW, ActionId.RESTORE_BACKUP)),
)


def build_actions(parent: QWidget) -> dict[ActionId, QAction]:
    actions = {}
    for spec in SPECS:
        action = QAction(spec.text, parent)
        action.setObjectName(str(spec.id))
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        parent.addAction(action)  # shortcuts work even while no menu is open
        actions[spec.id] = action
    return actions
