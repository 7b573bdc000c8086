"""Consent: the client reads their consent, answers the photo question, and both sign."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.consent import Signatures
from consult_app.gui.consent_html import consent_html
from consult_app.gui.widgets.radio_tab_stop import tab_stop_on_checked
from consult_app.gui.widgets.signature_pad import SignaturePad
from consult_app.gui.wizard.state import NOTHING_CHANGES, StepPage, WizardState


def _signature_box(title: str, pad: SignaturePad) -> tuple[QGroupBox, QPushButton]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(pad)
    clear = QPushButton("Clear")
    clear.setAccessibleName(f"Clear the {title.lower()}")
    clear.clicked.connect(pad.clear)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(clear)
    layout.addLayout(row)
    return box, clear


class ConsentPage(StepPage):
    key = "consent"
    read_only_subtitle = f"The consent as the client read and signed it. {NOTHING_CHANGES}"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle("Consent and signatures")
        self.setSubTitle("Give the client time to read. Signing completes the consultation.")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Consent to read")
        self.text.setOpenLinks(False)
        photo = QGroupBox("Clinical photographs")
        photo_layout = QVBoxLayout(photo)
        question = QLabel(state.content.consent.photo_consent)
        question.setWordWrap(True)
        self.photo_yes = QRadioButton("Yes, photographs may be taken for my clinical record")
        self.photo_no = QRadioButton("No photographs")
        self._photo = QButtonGroup(photo)
        for button in (self.photo_yes, self.photo_no):
            self._photo.addButton(button)
            photo_layout.addWidget(button)
            button.toggled.connect(lambda _: self.completeChanged.emit())
        tab_stop_on_checked(self._photo)
        photo_layout.insertWidget(0, question)
        self.client_pad = SignaturePad("Client's signature")
        self.practitioner_pad = SignaturePad("Practitioner's signature")
        client_box, client_clear = _signature_box("Client's signature", self.client_pad)
        practitioner_box, practitioner_clear = _signature_box(
            "Practitioner's signature", self.practitioner_pad
        )
        self.practitioner_name = QLineEdit(state.practitioner_name)
        self.practitioner_name.setAccessibleName("Practitioner's name")
        name_label = QLabel("Practitioner's na&me:")  # Alt+N is Next
        name_label.setBuddy(self.practitioner_name)
        practitioner_box.layout().insertWidget(0, name_label)
        practitioner_box.layout().insertWidget(1, self.practitioner_name)
        self._hint = QLabel()
        self._hint.setStyleSheet("color: #8a5300;")
        self._hint.setWordWrap(True)
        self._signed = QLabel()
        self._signed.setWordWrap(True)
        self.print_warning = QLabel()  # what the signed paper will print as "?", by field
        self.print_warning.setStyleSheet("color: #8a5300;")
        self.print_warning.setWordWrap(True)
        self.print_warning.setVisible(False)
        paper = self._paper_name_box()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 8, 0)
        boxes = (self.print_warning, paper, photo, client_box, practitioner_box)
        for widget in (*boxes, self._hint, self._signed):
            right_layout.addWidget(widget)
        right_layout.addStretch(1)
        scroll = QScrollArea()  # keeps both pads full size on a small screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(right)
        # The pads have a fixed least width: the column holds it and the vertical scroll bar,
        # so it only ever scrolls up and down, never sideways by a few pixels.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(right.minimumSizeHint().width() + bar)
        layout = QGridLayout(self)
        layout.addWidget(self.text, 0, 0)
        layout.addWidget(scroll, 0, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        # Tab in reading order: the name, made after the pad, sits above it (all in
        # this page by now, as setTabOrder needs).
        QWidget.setTabOrder(client_clear, self.practitioner_name)
        QWidget.setTabOrder(self.practitioner_name, self.practitioner_pad)
        QWidget.setTabOrder(self.practitioner_pad, practitioner_clear)
        self._pads = (self.client_pad, self.practitioner_pad)  # in signing order
        for pad in self._pads:
            pad.changed.connect(self._on_pad_changed)
        self.practitioner_name.textChanged.connect(lambda _: self.completeChanged.emit())

    def _paper_name_box(self) -> QGroupBox:
        """Shown only when no font prints the client's name: the name in Latin letters."""
        self.paper_box = QGroupBox("Name on the paper")
        layout = QVBoxLayout(self.paper_box)
        self.paper_explained = QLabel()
        self.paper_explained.setWordWrap(True)
        self.paper_name = QLineEdit()
        self.paper_name.setAccessibleName("Client's name in Latin letters for the paper")
        label = QLabel("Client's name in &Latin letters:")
        label.setBuddy(self.paper_name)
        self.paper_confirmed = QCheckBox("The client confirms this is their name on the consent")
        for widget in (self.paper_explained, label, self.paper_name, self.paper_confirmed):
            layout.addWidget(widget)
        self.paper_name.textChanged.connect(lambda _: self.completeChanged.emit())
        self.paper_confirmed.toggled.connect(lambda _: self.completeChanged.emit())
        self.paper_box.setVisible(False)
        self._needs_paper_name = False
        return self.paper_box

    def load(self) -> None:
        text = self.state.consultations.consent_text(self.state.client.id, self.state.input)
        self.text.setHtml(consent_html(text))
        if not self.state.is_read_only:
            self._check_paper()
        self._on_pad_changed()

    def _check_paper(self) -> None:
        check = self.state.consultations.paper_check(
            self.state.consultation.id, self.state.input, self.practitioner_name.text()
        )
        self.print_warning.setText(
            "On the signed paper these will print as “?”: " + "; ".join(check.warnings) + "."
            if check.warnings
            else ""
        )
        self.print_warning.setVisible(bool(check.warnings))
        self.paper_explained.setText(
            f"The printed consent cannot show {', '.join(check.name_unprintable)} in the "
            "client's name. Type the name in Latin letters as the client wants it on the "
            "paper, and ask them to confirm it. Their record keeps the name as typed."
        )
        self._needs_paper_name = bool(check.name_unprintable)
        self.paper_box.setVisible(self._needs_paper_name)

    def show_stored(self) -> None:
        # The consent may read differently with the saved answers: it must be signed as it is.
        self.client_pad.clear()
        self.practitioner_pad.clear()
        self.load()

    def _on_pad_changed(self) -> None:
        self.practitioner_pad.setEnabled(self.client_pad.is_acceptable or self.state.is_read_only)
        problem = next(
            filter(None, (pad.problem(f"the “{pad.accessibleName()}” box") for pad in self._pads)),
            None,
        )
        self._hint.setText("" if self.state.is_read_only else (problem or ""))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.state.is_read_only:
            return True
        if self._needs_paper_name and not (
            self.paper_name.text().strip() and self.paper_confirmed.isChecked()
        ):
            return False
        return (
            self._photo.checkedButton() is not None
            and self.client_pad.is_acceptable
            and self.practitioner_pad.is_acceptable
            and bool(self.practitioner_name.text().strip())
        )

    def signatures(self) -> Signatures:
        return Signatures(
            self.client_pad.to_png(),
            self.practitioner_pad.to_png(),
            self.practitioner_name.text().strip(),
            self.photo_yes.isChecked(),
            self.paper_name.text().strip() if self._needs_paper_name else "",
        )

    def set_read_only(self) -> None:
        super().set_read_only()
        records = self.state.consultations.consents(self.state.consultation.id)
        if not records:
            return
        record = records[-1]
        self.photo_yes.setChecked(record.photo_consent)
        self.photo_no.setChecked(not record.photo_consent)
        self.practitioner_name.setText(record.practitioner_name)
        for pad, png in (
            (self.client_pad, record.client_signature),
            (self.practitioner_pad, record.practitioner_signature),
        ):
            if pad.isHidden():  # its signature is shown already: the page was passed before
                continue
            image = QPixmap()
            image.loadFromData(png)
            shown = QLabel()
            shown.setPixmap(image.scaledToHeight(120))
            shown.setAccessibleName(pad.accessibleName())
            pad.parentWidget().layout().replaceWidget(pad, shown)
            pad.hide()
        when = record.signed_at.astimezone().strftime("%d %b %Y at %H:%M")
        self._signed.setText(f"Signed on {when} (consent version {record.template_version}).")
