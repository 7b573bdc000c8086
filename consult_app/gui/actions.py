"""Every menu and toolbar action, declared once with what a role needs to use it; windows only
connect them. Hiding an action is a courtesy: the services refuse whatever a role may not do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from consult_app.domain.people import Role
from consult_app.domain.permissions import Permission, allows


class ActionId(StrEnum):
    NEW_CLIENT = "new_client"
    EDIT_CLIENT = "edit_client"
    NEW_CONSULTATION = "new_consultation"
    OPEN_CONSULTATION = "open_consultation"
    START_SESSION = "start_session"
    FIND = "find"
    PRINT = "print"
    CHECK_COPY = "check_copy"
    HANDOUT_AFTERCARE = "handout_aftercare"
    HANDOUT_PREPARATION = "handout_preparation"
    HANDOUT_CONSENT = "handout_consent"
    BACKUP_NOW = "backup_now"
    RESTORE_BACKUP = "restore_backup"
    BACKUP_LIST = "backup_list"
    ACCOUNTS = "accounts"
    AUDIT_TRAIL = "audit_trail"
    IDLE_LOCK_SETTING = "idle_lock_setting"
    CLINIC_DETAILS = "clinic_details"
    DEVICES = "devices"
    RECALL_LIST = "recall_list"
    NEXT_SESSION_CALENDAR = "next_session_calendar"
    TRACE_BATCH = "trace_batch"
    LOCK = "lock"
    SWITCH_USER = "switch_user"
    SIGN_OUT = "sign_out"
    CHANGE_PASSWORD = "change_password"
    QUIT = "quit"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: ActionId
    text: str
    tip: str
    shortcut: QKeySequence.StandardKey | str | None = None
    in_toolbar: bool = False
    needs: Permission | None = None  # None: every signed-in account
    needs_client: bool = False  # enabled only while a client is chosen


SPECS = (
    ActionSpec(
        ActionId.NEW_CLIENT,
        "&New client…",
        "Add a new client",
        QKeySequence.StandardKey.New,
        True,
        Permission.EDIT_CONTACT_DETAILS,
    ),
    ActionSpec(
        ActionId.EDIT_CLIENT,
        "&Edit client…",
        "Change the chosen client's details",
        "Ctrl+E",
        needs=Permission.EDIT_CONTACT_DETAILS,
        needs_client=True,
    ),
    ActionSpec(
        ActionId.NEW_CONSULTATION,
        "New &consultation",
        "Start a consultation for the chosen client",
        "Ctrl+Shift+N",
        True,
        Permission.CONSULT,
        needs_client=True,
    ),
    ActionSpec(
        ActionId.OPEN_CONSULTATION,
        "&Open consultation",
        "Continue a draft or view a completed consultation",
        "Ctrl+O",
        needs=Permission.VIEW_MEDICAL_RECORD,
        needs_client=True,
    ),
    ActionSpec(
        ActionId.START_SESSION,
        "Start or continue a treatment &session",
        "Chart today's treatment session for the chosen client's signed plan",
        "Ctrl+Shift+S",
        needs=Permission.CONSULT,
        needs_client=True,
    ),
    ActionSpec(
        ActionId.FIND,
        "&Find client",
        "Search by name, date of birth, phone or e-mail",
        QKeySequence.StandardKey.Find,
        True,
        Permission.SEARCH_CLIENTS,
    ),
    ActionSpec(
        ActionId.PRINT,
        "&Print consent…",
        "Print the chosen consultation's signed consent",
        QKeySequence.StandardKey.Print,
        True,
        Permission.REPRINT_DOCUMENTS,
        needs_client=True,
    ),
    ActionSpec(
        ActionId.CHECK_COPY,
        "Chec&k a copy…",
        "Check that a consent file, or paper, is a true copy of the one signed",
        needs=Permission.REPRINT_DOCUMENTS,
    ),
    ActionSpec(
        ActionId.HANDOUT_AFTERCARE,
        "&Aftercare sheet…",
        "Print a blank aftercare sheet",
        needs=Permission.PRINT_HANDOUTS,
    ),
    ActionSpec(
        ActionId.HANDOUT_PREPARATION,
        "&Before your treatment…",
        "Print the preparation handout: what to stop and when",
        needs=Permission.PRINT_HANDOUTS,
    ),
    ActionSpec(
        ActionId.HANDOUT_CONSENT,
        "&Consent to read in advance…",
        "Print the consent text for a client to read before the appointment",
        needs=Permission.PRINT_HANDOUTS,
    ),
    ActionSpec(
        ActionId.BACKUP_NOW,
        "&Back up now",
        "Take a checked backup of the clinic's database now",
        needs=Permission.BACK_UP,
    ),
    ActionSpec(
        ActionId.RESTORE_BACKUP,
        "&Restore from backup…",
        "Replace the database with a backup; the database as it is now is backed up first",
        needs=Permission.RESTORE,
    ),
    ActionSpec(
        ActionId.BACKUP_LIST,
        "Backu&ps…",
        "Every backup: when it was taken, why, and its size",
        needs=Permission.BACK_UP,
    ),
    ActionSpec(
        ActionId.ACCOUNTS,
        "&Accounts…",
        "Add colleagues, change their roles, reset a forgotten password",
        "Ctrl+Shift+A",
        needs=Permission.MANAGE_ACCOUNTS,
    ),
    ActionSpec(
        ActionId.AUDIT_TRAIL,
        "Audit &trail…",
        "Who signed in, and who viewed, printed or changed which record",
        "Ctrl+Shift+T",
        needs=Permission.VIEW_AUDIT,
    ),
    ActionSpec(
        ActionId.CLINIC_DETAILS,
        "Clinic &details…",
        "The clinic's name, address, phone, e-mail, logo, paper size and date style",
        needs=Permission.CLINIC_SETTINGS,
    ),
    ActionSpec(
        ActionId.DEVICES,
        "De&vices…",
        "The micro-needling devices practitioners choose on a session's chart",
        needs=Permission.CLINIC_SETTINGS,
    ),
    ActionSpec(
        ActionId.RECALL_LIST,
        "&Recall list…",
        "The clients whose next session falls due between two dates, to print and call",
        "Ctrl+Shift+R",
        needs=Permission.SEE_APPOINTMENTS,
    ),
    ActionSpec(
        ActionId.NEXT_SESSION_CALENDAR,
        "Add next session to ca&lendar…",
        "Save the chosen client's next session as a calendar file (.ics)",
        needs=Permission.SEE_APPOINTMENTS,
        needs_client=True,
    ),
    ActionSpec(
        ActionId.TRACE_BATCH,
        "Tra&ce a batch…",
        "Find every client treated with a cartridge lot, a device serial or a product lot",
        needs=Permission.TRACE_BATCHES,
    ),
    ActionSpec(
        ActionId.IDLE_LOCK_SETTING,
        "&Lock after…",
        "How many minutes without use before Consult locks its screen",
        needs=Permission.CLINIC_SETTINGS,
    ),
    ActionSpec(
        ActionId.LOCK, "&Lock now", "Hide the records until your password is typed", "Ctrl+L"
    ),
    ActionSpec(
        ActionId.SWITCH_USER,
        "S&witch user…",
        "Let a colleague sign in at this workstation",
        "Ctrl+Shift+U",
    ),
    ActionSpec(
        ActionId.SIGN_OUT,
        "Sign &out",
        "Close the records and return to the sign-in window",
        "Ctrl+Shift+Q",
    ),
    ActionSpec(
        ActionId.CHANGE_PASSWORD, "&Change my password…", "Choose a new password for your account"
    ),
    ActionSpec(ActionId.QUIT, "&Quit", "Close Consult", QKeySequence.StandardKey.Quit),
)

SPEC_BY_ID = {spec.id: spec for spec in SPECS}

MENUS = (
    (
        "&Client",
        (
            ActionId.NEW_CLIENT,
            ActionId.EDIT_CLIENT,
            ActionId.FIND,
            None,
            ActionId.PRINT,
            ActionId.CHECK_COPY,
            None,
            ActionId.NEXT_SESSION_CALENDAR,
            ActionId.RECALL_LIST,
            None,
            ActionId.QUIT,
        ),
    ),
    (
        "C&onsultation",
        (ActionId.NEW_CONSULTATION, ActionId.OPEN_CONSULTATION, None, ActionId.START_SESSION),
    ),
    (
        "&Handouts",
        (ActionId.HANDOUT_AFTERCARE, ActionId.HANDOUT_PREPARATION, ActionId.HANDOUT_CONSENT),
    ),
    (
        "C&linic",
        (
            ActionId.BACKUP_NOW,
            ActionId.RESTORE_BACKUP,
            ActionId.BACKUP_LIST,
            None,
            ActionId.ACCOUNTS,
            ActionId.AUDIT_TRAIL,
            ActionId.CLINIC_DETAILS,
            ActionId.DEVICES,
            ActionId.IDLE_LOCK_SETTING,
            None,
            ActionId.TRACE_BATCH,
        ),
    ),
    (
        "&Session",
        (
            ActionId.LOCK,
            ActionId.SWITCH_USER,
            ActionId.SIGN_OUT,
            None,
            ActionId.CHANGE_PASSWORD,
        ),
    ),
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


def apply_role(
    actions: dict[ActionId, QAction],
    menus: list[QMenu],
    role: Role | None,
    *,
    working: bool,
    chosen: bool,
) -> None:
    """Show the actions `role` may use (none before sign-in); enable them when they can act:
    `working` (signed in, not locked) and, for those that need one, a client `chosen`.

    Hidden and disabled both: a disabled action ignores its shortcut and `trigger()` too.
    A menu left with nothing the role may use goes altogether.
    """
    for spec in SPECS:
        if spec.id is ActionId.QUIT:  # always there: Consult can be closed at any moment
            continue
        allowed = role is not None and (spec.needs is None or allows(role, spec.needs))
        action = actions[spec.id]
        action.setVisible(allowed)
        action.setEnabled(allowed and working and (chosen or not spec.needs_client))
    for menu in menus:
        menu.menuAction().setVisible(
            any(a.isVisible() for a in menu.actions() if not a.isSeparator())
        )
