"""Locking the screen: after minutes without keyboard or mouse input (or when asked) the records
are hidden until the signed-in user's password is typed again, or a colleague signs in instead.

Open windows are covered, never closed or hidden: hiding a dialog that runs its own event loop
(`exec()`) would end it and lose what was typed, and a consultation in progress must survive a
lock exactly as it was. When a different person unlocks, those windows are closed unsaved: the
next person must not see, nor save under their own name, what the previous one had typed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.permissions import ROLE_WORDS
from consult_app.gui.dialogs.sign_in_dialog import PasswordDialog
from consult_app.gui.tasks import run_in_background

if TYPE_CHECKING:
    from consult_app.domain.people import User
    from consult_app.gui.signed_in import SignedIn
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate

log = logging.getLogger("consult")

MINUTE_MS = 60_000
LOCKED_TITLE = "Consult — locked"
# What counts as someone using the workstation. Not focus or paint events: those happen with
# nobody there (a backup finishing, a window another program raised).
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


_PASSING = (Qt.WindowType.ToolTip, Qt.WindowType.Popup)  # gone by themselves; nothing to cover


class IdleTimer(QObject):
    """Emits `went_idle` once no input has reached any window of the app for `interval_ms`.

    The application-wide filter only notes the time of the last input (cheap, as it sees every
    event); the timer looks at that when it fires and waits on for the rest of the interval.
    """

    went_idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = interval_ms
        self._since_input = QElapsedTimer()
        self._since_input.start()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._running = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    @property
    def is_running(self) -> bool:
        return self._running

    def set_interval_ms(self, interval_ms: int) -> None:
        self._interval_ms = interval_ms
        if self._running:
            self._timer.start(max(0, interval_ms - self._since_input.elapsed()))

    def start(self) -> None:
        self._running = True
        self._since_input.restart()
        self._timer.start(self._interval_ms)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._since_input.restart()
        return False

    def _on_timer_timeout(self) -> None:
        left = self._interval_ms - self._since_input.elapsed()
        if left > 0:
            self._timer.start(left)
            return
        self._running = False
        self.went_idle.emit()


class LockPanel(QWidget):
    """What the main window shows instead of the records while locked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Consult is locked")
        title = QLabel("Consult is locked")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addSpacing(48)  # above the password prompt, which opens over the middle
        for label in (title, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)

    def show_user(self, user: User) -> None:
        self.detail.setText(
            f"{user.display_name} ({ROLE_WORDS[user.role]}) is signed in. The records stay "
            "hidden until their password is typed, or a colleague signs in instead."
        )


class _Cover(QWidget):
    """An opaque sheet over one open window (a consultation, a dialog) while locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        label = QLabel("Consult is locked", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self._window = window
        self._title = window.windowTitle()  # a consultation's title names the client
        self._was_enabled = window.isEnabled()
        window.setWindowTitle(LOCKED_TITLE)
        window.setEnabled(False)  # no typing into fields nobody can see
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._window:
            self.setGeometry(self._window.rect())
        elif event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self._raise_if_alive)  # stay above anything added later
        return False

    def _raise_if_alive(self) -> None:
        if shiboken6.isValid(self):
            self.raise_()

    def covers(self, window: QWidget) -> bool:
        return shiboken6.isValid(self) and self._window is window

    def remove(self, *, close_window: bool) -> None:
        window = self._window
        if not shiboken6.isValid(window):
            return
        window.removeEventFilter(self)
        window.setWindowTitle(self._title)
        window.setEnabled(self._was_enabled)
        self.hide()
        self.deleteLater()
        if close_window:
            if isinstance(window, QDialog):
                # QDialog.done, not reject(): a consultation's reject() would save the draft
                # under the colleague who just signed in.
                QDialog.done(window, QDialog.DialogCode.Rejected)
            else:
                window.close()


class UnlockDialog(PasswordDialog):
    """The password of whoever is signed in, or, after "Switch user", anyone's. No Cancel."""

    unlocked = Signal(object)  # the User signed in now

    def __init__(
        self, gate: Gate, context: AppContext, parent: QWidget, *, switching: bool = False
    ) -> None:
        user = context.user
        assert user is not None
        super().__init__(
            gate.throttle,
            parent,
            title=LOCKED_TITLE,
            intro="",
            username=user.username,
            action_text="Unlock",
        )
        self.gate, self.context, self.previous = gate, context, user
        self.cancel_button.setVisible(False)
        self.switch_button = QPushButton("S&witch user…")
        self.switch_button.setAccessibleName("Switch user")
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self._on_switch_button_clicked)
        self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)  # above any open dialog
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._intro_for_owner()
        if switching:
            self._on_switch_button_clicked()

    @property
    def is_switching(self) -> bool:
        return not self.username.isReadOnly()

    def _intro_for_owner(self) -> None:
        user = self.previous
        self.intro.setText(
            f"{user.display_name} ({ROLE_WORDS[user.role]}) is signed in. Type your password "
            "to carry on where you were."
        )
        self.username.setReadOnly(True)
        self.password.setFocus()

    def _on_switch_button_clicked(self) -> None:
        self.intro.setText(
            f"Sign in as yourself. Windows {self.previous.display_name} left open are closed; "
            "a consultation keeps what was saved at its last step."
        )
        self.username.setReadOnly(False)
        self.username.clear()
        self.password.clear()
        # Another person signs in; "Unlock" and a greyed "Switch user…" read as if not.
        self._action_text = "Sign in"
        self.submit_button.setText(self._action_text)
        self.submit_button.setAccessibleName(self._action_text)
        self.switch_button.setVisible(False)
        self.show_message(None)
        self.username.setFocus()

    def _attempt(self, username: str, password: str) -> User:
        return self.gate.check_password(self.context, username, password)

    def _succeeded(self, result: User) -> None:
        self.unlocked.emit(result)
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:  # Escape does not unlock
        pass

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


class ScreenLock(QObject):
    """Locks `window` after `interval_ms` without input, or when asked; see the module text.

    The window hides its records on `locked` and shows them on `unlocked`; a different person
    unlocking is a switch of `signed_in`, which the window follows."""

    locked = Signal()
    unlocked = Signal(bool)  # True when a different account signed in

    def __init__(self, window: QWidget, signed_in: SignedIn, interval_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.signed_in = signed_in
        self.timer = IdleTimer(interval_ms, self)
        self.timer.went_idle.connect(self._on_timer_went_idle)
        self.dialog: UnlockDialog | None = None
        self._covers: list[_Cover] = []

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self, reason: str = "asked", *, switching: bool = False) -> None:
        context, gate = self.signed_in.context, self.signed_in.gate
        if self.is_locked or context is None or context.user is None or gate is None:
            return
        self.timer.stop()
        self._record(context, reason)
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open menu or list would stay on top of the cover
        self.locked.emit()  # the records go behind the lock panel before anything is covered
        for top in QApplication.topLevelWidgets():
            if top is not self.window and top.isVisible() and top.windowType() not in _PASSING:
                self._covers.append(_Cover(top))
        self.dialog = UnlockDialog(gate, context, self.window, switching=switching)
        self.dialog.unlocked.connect(self._on_dialog_unlocked)
        self.dialog.open()
        QApplication.instance().installEventFilter(self)  # windows that open while locked

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A window shown while locked (a finished document, a failed backup's message) is
        covered too, and the password prompt brought back above it: a newer modal window
        would otherwise take the keyboard from the prompt."""
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() not in _PASSING
            and watched not in (self.window, self.dialog)
            and not any(c.covers(watched) for c in self._covers)
        ):
            self._covers.append(_Cover(watched))
            QTimer.singleShot(0, self._bring_prompt_back)
        return False

    def _bring_prompt_back(self) -> None:
        if self.dialog is not None and not self.dialog.is_busy:
            self.dialog.hide()  # shown again, it is the newest modal window: keys reach it
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()

    def _record(self, context: AppContext, reason: str) -> None:
        """Into the audit trail off the GUI thread: a database busy with another workstation
        must not hold the screen open meanwhile."""
        from consult_app.services.clinic import ClinicService

        clinic = ClinicService(context)
        run_in_background(
            lambda: clinic.record_lock(reason),
            lambda _done: None,
            # The screen is locked all the same; the log says why the trail misses it.
            lambda error: log.warning("the lock was not recorded: %s", type(error).__name__),
        )

    def _on_timer_went_idle(self) -> None:
        self.lock("idle")

    def _on_dialog_unlocked(self, user: User) -> None:
        QApplication.instance().removeEventFilter(self)
        previous = self.dialog.previous if self.dialog is not None else None
        switched = previous is None or user.id != previous.id
        self.dialog = None
        # Before the windows close: a consultation closed now is then not reopened, nor its
        # client read again, in the previous person's name.
        self.signed_in.unlocked_as(user)  # a new turn if it is another person
        for cover in self._covers:
            cover.remove(close_window=switched)
        self._covers.clear()
        self.unlocked.emit(switched)  # the records back, as the person now signed in sees them
        self.timer.start()
