"""The owner changes the clinic's details after the first start. Never saves: the caller hands
`values()` to ClinicService, which records what changed."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QWidget

from consult_app.domain.clinic import ClinicDetails
from consult_app.errors import Problem, ValidationError
from consult_app.gui.widgets.clinic_fields import ClinicFields, lay_out
from consult_app.gui.widgets.field_error import FieldErrors

INTRO = (
    "These details are printed on new consent forms, aftercare sheets, records and handouts. "
    "A consent already signed keeps the details it was signed with."
)


class ClinicDetailsDialog(QDialog):
    """The first-start clinic form, filled with the details as they are now."""

    def __init__(self, details: ClinicDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinic details")
        self.setMinimumWidth(520)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self._errors = FieldErrors(self._problems, self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.clinic = ClinicFields(self._errors, form, self)
        self.clinic.show(details)
        self.button_box = lay_out(self, intro, form, self._errors)
        for before, after in pairwise([*self.clinic.inputs(), self.button_box]):
            QWidget.setTabOrder(before, after)
        self.clinic.name.setFocus()

    def values(self) -> ClinicDetails:
        return self.clinic.values()

    def field(self, name: str) -> QWidget:
        return self.clinic.fields()[name]

    def error_message(self, name: str) -> str:
        return self._errors.message(name)

    def accept(self) -> None:
        if not self._errors.show_all():
            super().accept()

    def _problems(self) -> list[Problem]:
        try:
            self.values().validated()
        except ValidationError as exc:
            return list(exc.problems)
        return []
