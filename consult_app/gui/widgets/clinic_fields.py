"""The clinic's details as a form: the first start asks for them, the owner changes them later."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
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

from consult_app.domain.clinic import ClinicDetails, Paper
from consult_app.domain.dates import NOT_CLINIC_ZONES, DateStyle, format_date
from consult_app.gui.widgets.field_error import FieldErrors

LOGO_MAX_WIDTH = 600  # pixels: sharp at print size on an A4 letterhead, small in the database
_PREVIEW_WIDTH, _PREVIEW_HEIGHT = 200, 72
_EXAMPLE_DAY = date(2026, 11, 24)  # shows each style: the day is not a possible month
PAPER_WORDS = {Paper.A4: "A4 (UK, Europe)", Paper.LETTER: "Letter (US, Canada)"}


@cache  # reading the zone names from disk takes about 50 ms: once per run is enough
def zone_names() -> tuple[str, ...]:
    """The time zones this computer knows, as offered in the form: "Europe/London", …"""
    return tuple(sorted(available_timezones() - NOT_CLINIC_ZONES))


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


class ClinicFields:
    """Name, address, phones, e-mail, logo, paper size, date style and time zone, added to a
    form with their messages (as PasswordFields adds a password). Settings the form does not
    show keep the values they were given in `show()`."""

    def __init__(self, errors: FieldErrors, form: QFormLayout, parent: QWidget) -> None:
        self._errors = errors
        self._parent = parent
        self._base = ClinicDetails("")
        self._logo: bytes | None = None
        self.name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)  # Tab leaves the field, as in every other one
        lines = self.address.fontMetrics().lineSpacing() * 3
        self.address.setFixedHeight(lines + 2 * int(self.address.document().documentMargin()) + 6)
        self.phone = _phone_edit()
        self.out_of_hours_phone = _phone_edit()
        self.email = QLineEdit()
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.paper = QComboBox()
        for paper, words in PAPER_WORDS.items():
            self.paper.addItem(words, paper.value)
        self.date_style = QComboBox()
        for style in DateStyle:
            self.date_style.addItem(format_date(_EXAMPLE_DAY, style), style.value)
        self.time_zone = _time_zone_box()
        self.time_zone.setEditText(self._base.time_zone)  # the first start's default
        logo_row = self._make_logo_row()
        rows: tuple[tuple[str, str, QWidget, str], ...] = (
            ("name", "Clinic &name:", self.name, ""),
            ("address", "&Address:", self.address, ""),
            ("phone", "P&hone:", self.phone, ""),
            (
                "out_of_hours_phone",
                "&Out-of-hours phone:",
                self.out_of_hours_phone,
                "Optional; on the aftercare sheet for when the clinic is closed.",
            ),
            ("email", "&E-mail:", self.email, ""),
            (
                "logo",
                "Logo:",
                self.choose_logo_button,
                "Optional; printed at the top of consent forms and aftercare sheets.",
            ),
            ("paper", "Paper si&ze:", self.paper, ""),
            (
                "date_style",
                "&Dates on paper:",
                self.date_style,
                "How new documents write dates; signed consents keep theirs.",
            ),
            (
                "time_zone",
                "&Time zone:",
                self.time_zone,
                "Times on documents, such as when a consent was signed, are in this zone. "
                "Type part of a name, such as London.",
            ),
        )
        for name, label, field, hint in rows:
            row = logo_row if name == "logo" else None
            errors.add_row(form, name, label, field, row=row, hint=hint)

    def inputs(self) -> list[QWidget]:
        """Every input, top to bottom: the order Tab takes."""
        return [
            self.name,
            self.address,
            self.phone,
            self.out_of_hours_phone,
            self.email,
            self.choose_logo_button,
            self.remove_logo_button,
            self.paper,
            self.date_style,
            self.time_zone,
        ]

    def fields(self) -> dict[str, QWidget]:
        """The input for each field name a Problem can carry."""
        return {
            "name": self.name,
            "address": self.address,
            "phone": self.phone,
            "out_of_hours_phone": self.out_of_hours_phone,
            "email": self.email,
            "logo": self.choose_logo_button,
            "paper": self.paper,
            "date_style": self.date_style,
            "time_zone": self.time_zone,
        }

    def show(self, details: ClinicDetails) -> None:
        """Fill the form with the clinic's details as they are."""
        self._base = details
        self.name.setText(details.name)
        self.address.setPlainText(details.address)
        self.phone.setText(details.phone)
        self.out_of_hours_phone.setText(details.out_of_hours_phone)
        self.email.setText(details.email)
        self.paper.setCurrentIndex(max(0, self.paper.findData(details.paper.value)))
        self.date_style.setCurrentIndex(max(0, self.date_style.findData(details.date_style.value)))
        self.time_zone.setEditText(details.time_zone)
        self._show_logo(details.logo_png)

    def values(self) -> ClinicDetails:
        """The details as typed, trimmed; settings not on the form as they were shown."""
        return replace(
            self._base,
            name=self.name.text().strip(),
            address=self.address.toPlainText().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            logo_png=self._logo,
            out_of_hours_phone=self.out_of_hours_phone.text().strip(),
            paper=Paper(self.paper.currentData()),
            date_style=DateStyle(self.date_style.currentData()),
            time_zone=_known_spelling(self.time_zone.currentText().strip()),
        )

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
            self._parent, "Choose the clinic's logo", "", "Pictures (*.png *.jpg *.jpeg)"
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


def lay_out(
    dialog: QDialog, intro: QLabel, form: QFormLayout, errors: FieldErrors
) -> QDialogButtonBox:
    """Intro, form, general message and Save/Cancel, as both clinic dialogs stack them."""
    save_cancel = QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(save_cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addSpacing(8)
    layout.addLayout(form)
    layout.addWidget(errors.general)
    layout.addStretch(1)  # room a window grows by goes above the buttons, not between rows
    layout.addWidget(buttons)
    return buttons


def _time_zone_box() -> QComboBox:
    """Every zone to choose from, or type: the list completes any part of a name."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # a typo must not join the list
    # The text field inside takes the focus, so it needs the name a screen reader announces.
    box.setAccessibleName("Time zone")
    box.lineEdit().setAccessibleName("Time zone")
    box.addItems(zone_names())
    completer = QCompleter(box.model(), box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "paris" finds Europe/Paris
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    return box


def _known_spelling(typed: str) -> str:
    """A zone typed in other capitals as the list spells it ("europe/paris" → Europe/Paris):
    zone names are file names, and their case matters on some computers but not others."""
    folded = typed.casefold()
    return next((name for name in zone_names() if name.casefold() == folded), typed)


def _phone_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
    return edit
