"""The first start of a new database: the clinic's details and the owner's account. Never
saves: the caller hands `values()` and `account()` to the sign-in gate."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.validation import check_name
from consult_app.errors import Problem, ValidationError
from consult_app.gui.widgets.field_error import FieldErrors
from consult_app.gui.widgets.new_password import PasswordFields, suggested_username

WELCOME = "Welcome to Consult. Tell us about your clinic; you can change this later."
LOGO_MAX_WIDTH = 600  # pixels: sharp at print size on an A4 letterhead, small in the database
_PREVIEW_WIDTH, _PREVIEW_HEIGHT = 200, 72


def logo_png(path: str) -> bytes:
    """The image at `path`, at most LOGO_MAX_WIDTH wide, as PNG; ValueError if unreadable."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)  # a JPEG taken on a phone carries its rotation in EXIF
    image = reader.read()
    if image.isNull():
        raise ValueError(
            f'"{Path(path).name}" could not be read as a picture; choose a PNG or JPEG file.'
        )
    if image.width() > LOGO_MAX_WIDTH:
        image = image.scaledToWidth(LOGO_MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class ClinicSetupDialog(QDialog):
    """Asks for the clinic's details and the owner's name, user name and password; see
    `values()` and `account()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up Consult")
        self.setMinimumWidth(480)
        self._logo: bytes | None = None
        welcome = QLabel(WELCOME)
        welcome.setWordWrap(True)
        font = welcome.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        welcome.setFont(font)
        self._name = QLineEdit()
        self._address = QPlainTextEdit()
        self._address.setTabChangesFocus(True)  # Tab leaves the field, as in every other one
        lines = self._address.fontMetrics().lineSpacing() * 3
        self._address.setFixedHeight(lines + 2 * int(self._address.document().documentMargin()) + 6)
        self._phone = QLineEdit()
        self._phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self._email = QLineEdit()
        self._email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self._practitioner = QLineEdit()
        self._username = QLineEdit()
        self._username.setInputMethodHints(Qt.InputMethodHint.ImhPreferLowercase)
        self._username_typed = False  # once edited by hand, the name no longer rewrites it
        self._practitioner.textChanged.connect(self._on_practitioner_text_changed)
        self._username.textEdited.connect(self._on_username_text_edited)
        logo_row = self._make_logo_row()
        self._errors = FieldErrors(self._problems, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors.add_row(form, "name", "Clinic &name:", self._name)
        self._errors.add_row(form, "address", "&Address:", self._address)
        self._errors.add_row(form, "phone", "&Phone:", self._phone)
        self._errors.add_row(form, "email", "&E-mail:", self._email)
        self._errors.add_row(
            form,
            "logo",
            "Logo:",
            self.choose_logo_button,
            row=logo_row,
            hint="Optional; printed at the top of consent forms and aftercare sheets.",
        )
        self._errors.add_row(
            form,
            "practitioner_name",
            "&Your name:",
            self._practitioner,
            hint="You become the owner of this database and can add colleagues later.",
        )
        self._errors.add_row(
            form,
            "username",
            "User na&me:",
            self._username,
            hint="What you type to sign in; lower-case letters, digits and dots.",
        )
        self._passwords = PasswordFields(self._errors, form, username=self._username)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(welcome)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self._errors.general)
        layout.addStretch(1)  # room a window grows by goes above the buttons, not between rows
        layout.addWidget(self.button_box)
        chain: list[QWidget] = [
            self._name,
            self._address,
            self._phone,
            self._email,
            self.choose_logo_button,
            self.remove_logo_button,
            self._practitioner,
            self._username,
            self._passwords.password,
            self._passwords.confirm,
            self.button_box,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self._name.setFocus()

    def values(self) -> tuple[ClinicDetails, str]:
        """The clinic's details and the practitioner's name, trimmed."""
        details = ClinicDetails(
            self._name.text().strip(),
            self._address.toPlainText().strip(),
            self._phone.text().strip(),
            self._email.text().strip(),
            self._logo,
        )
        return details, self._practitioner.text().strip()

    def account(self) -> tuple[str, str]:
        """The owner's user name (trimmed) and password (exactly as typed)."""
        return self._username.text().strip(), self._passwords.password.text()

    def field(self, name: str) -> QWidget:
        """The input for a field name: name, address, phone, email, logo, practitioner_name,
        username, password, confirm."""
        return {
            "name": self._name,
            "address": self._address,
            "phone": self._phone,
            "email": self._email,
            "logo": self.choose_logo_button,
            "practitioner_name": self._practitioner,
            "username": self._username,
            "password": self._passwords.password,
            "confirm": self._passwords.confirm,
        }[name]

    def error_message(self, name: str) -> str:
        """The message shown next to a field, or "" when there is none."""
        return self._errors.message(name)

    def accept(self) -> None:
        if not self._errors.show_all():
            super().accept()

    def show_problems(self, problems: list[Problem]) -> None:
        """Problems the gate found after the dialog closed, shown next to their fields."""
        for problem in problems:
            try:
                self._errors.set_message(problem.field, problem.message)
            except KeyError:
                self._errors.general.set_message(problem.message)

    def _on_practitioner_text_changed(self, text: str) -> None:
        if not self._username_typed:
            self._username.setText(suggested_username(text))

    def _on_username_text_edited(self, text: str) -> None:
        self._username_typed = bool(text)  # cleared: follow the name again

    def _make_logo_row(self) -> QWidget:
        self.logo_preview = QLabel()
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setFixedSize(_PREVIEW_WIDTH, _PREVIEW_HEIGHT)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setAccessibleName("Logo preview")
        self.choose_logo_button = QPushButton("Choose &logo…")
        self.choose_logo_button.setAccessibleName("Choose logo")
        self.choose_logo_button.clicked.connect(self._on_choose_logo_button_clicked)
        self.remove_logo_button = QPushButton("&Remove")
        self.remove_logo_button.setAccessibleName("Remove logo")
        self.remove_logo_button.clicked.connect(self._on_remove_logo_button_clicked)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.logo_preview)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._show_logo(None)
        return row

    def _on_choose_logo_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choose the clinic's logo", "", "Pictures (*.png *.jpg *.jpeg)"
        )
        if not path:
            return
        try:
            png = logo_png(path)
        except ValueError as exc:
            self._errors.set_message("logo", str(exc))
            return
        self._show_logo(png)
        self._errors.refresh("logo")  # a picture can still be too large to store

    def _on_remove_logo_button_clicked(self) -> None:
        self._show_logo(None)
        self._errors.set_message("logo", None)
        self.choose_logo_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_logo(self, png: bytes | None) -> None:
        self._logo = png
        self.remove_logo_button.setEnabled(png is not None)
        if png is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            self.logo_preview.setAccessibleDescription("No logo chosen")
            return
        image = QImage.fromData(png, "PNG")
        self.logo_preview.setPixmap(
            QPixmap.fromImage(image).scaled(
                _PREVIEW_WIDTH - 8,
                _PREVIEW_HEIGHT - 8,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.logo_preview.setAccessibleDescription(
            f"Logo chosen, {image.width()} by {image.height()} pixels"
        )

    def _problems(self) -> list[Problem]:
        details, practitioner = self.values()
        problems: list[Problem] = []
        try:
            details.validated()
        except ValidationError as exc:
            problems.extend(exc.problems)
        message = check_name("Your name", practitioner, required=True)
        if message:
            problems.append(Problem("practitioner_name", message))
        problems.extend(self._passwords.problems())
        return problems
