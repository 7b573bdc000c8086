"""One input widget per question type, all speaking the answers' JSON form."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.questionnaire import Question, QuestionType
from consult_app.gui.widgets.radio_tab_stop import tab_stop_on_checked
from consult_app.gui.widgets.steady_inputs import SteadyComboBox, SteadyDateEdit

_NOT_SET = QDate(1900, 1, 1)


def clear_choice(group: QButtonGroup) -> None:
    """Check no button: an exclusive group refuses to uncheck its last checked one itself."""
    checked = group.checkedButton()
    if checked is not None:
        group.setExclusive(False)
        checked.setChecked(False)
        group.setExclusive(True)


class AnswerWidget(QWidget):
    """Base: `value()` is the JSON answer or None when unanswered; `changed` on every edit."""

    changed = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def first_input(self) -> QWidget:
        """Where focus goes when the practitioner is sent back to this question."""
        return self.focusProxy() or self


class ChoiceAnswer(AnswerWidget):
    """Yes/no or one-of-several, as radio buttons in a row (arrow keys move between them)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No underlined letters: a page asks several yes/no questions, and Alt+N is Next.
        if question.type is QuestionType.YES_NO:
            self._choices: list[tuple[Any, str]] = [(True, "Yes"), (False, "No")]
        else:
            self._choices = [(o.id, o.label) for o in question.options]
        self._group = QButtonGroup(self)
        layout = QHBoxLayout(self) if len(self._choices) <= 3 else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for index, (_, label) in enumerate(self._choices):
            button = QRadioButton(label.replace("&", "&&"))
            button.setAccessibleName(f"{question.text} {label}")
            self._group.addButton(button, index)
            layout.addWidget(button)
        if isinstance(layout, QHBoxLayout):
            layout.addStretch(1)
        tab_stop_on_checked(self._group, proxy_of=self)
        self._group.idClicked.connect(lambda _: self.changed.emit())

    def value(self) -> Any:
        checked = self._group.checkedId()
        return None if checked < 0 else self._choices[checked][0]

    def set_value(self, value: Any) -> None:
        if value is None:
            clear_choice(self._group)
        for index, (choice, _) in enumerate(self._choices):
            if choice == value and type(choice) is type(value):
                self._group.button(index).setChecked(True)


class MultiAnswer(AnswerWidget):
    """Any number of options; none ticked is the answer "none of these"."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._boxes: dict[str, QCheckBox] = {}
        for option in question.options:
            box = QCheckBox(option.label.replace("&", "&&"))
            box.setAccessibleName(f"{question.text} {option.label}")
            box.toggled.connect(lambda _: self.changed.emit())
            layout.addWidget(box)
            self._boxes[option.id] = box
        self.setFocusProxy(next(iter(self._boxes.values())))

    def value(self) -> Any:
        return [option for option, box in self._boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        for option, box in self._boxes.items():
            box.setChecked(option in (value or []))


def make_date_edit(accessible_name: str) -> QDateEdit:
    """A date field that can be left empty: its lowest value reads "Not given"."""
    edit = SteadyDateEdit()
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMinimumDate(_NOT_SET)
    edit.setSpecialValueText("Not given")
    edit.setDate(_NOT_SET)
    edit.setAccessibleName(accessible_name)
    return edit


def date_of(edit: QDateEdit) -> str | None:
    value = edit.date()
    return None if value == _NOT_SET else value.toString("yyyy-MM-dd")


def set_date(edit: QDateEdit, value: str | None) -> None:
    edit.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else _NOT_SET)


class DateAnswer(AnswerWidget):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._edit = make_date_edit(question.text)
        self._edit.dateChanged.connect(lambda _: self.changed.emit())
        layout.addWidget(self._edit)
        layout.addStretch(1)
        self.setFocusProxy(self._edit)

    def value(self) -> Any:
        return date_of(self._edit)

    def set_value(self, value: Any) -> None:
        set_date(self._edit, value)


class TextAnswer(AnswerWidget):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._edit = QPlainTextEdit()
        self._edit.setTabChangesFocus(True)
        self._edit.setFixedHeight(self._edit.fontMetrics().lineSpacing() * 4)
        self._edit.setAccessibleName(question.text)
        self._edit.textChanged.connect(self.changed.emit)
        layout.addWidget(self._edit)
        self.setFocusProxy(self._edit)

    def editor(self) -> QPlainTextEdit:
        """The text box, for a warning about characters paper cannot print."""
        return self._edit

    def value(self) -> Any:
        text = self._edit.toPlainText().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self._edit.setPlainText(value or "")


class ProceduresAnswer(AnswerWidget):
    """Recent treatments: a row (kind, date) per treatment; no rows means none."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._question = question
        self._rows: list[tuple[QWidget, QComboBox, QDateEdit]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._add = QPushButton("&Add a treatment")
        self._add.setAccessibleName("Add a recent treatment")
        self._add.clicked.connect(lambda: self._add_row())
        self._layout.addWidget(self._add)
        self.setFocusProxy(self._add)

    def _add_row(self, kind: str | None = None, when: str | None = None) -> None:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        combo = SteadyComboBox()
        combo.setAccessibleName("Which treatment")
        for option in self._question.options:
            combo.addItem(option.label, option.id)
        if kind:
            combo.setCurrentIndex(max(0, combo.findData(kind)))
        edit = make_date_edit("Date of the treatment")
        edit.setMaximumDate(QDate.currentDate().addYears(1))
        set_date(edit, when)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove this treatment")
        for widget in (combo, edit, remove):
            layout.addWidget(widget)
        layout.addStretch(1)
        entry = (row, combo, edit)
        remove.clicked.connect(lambda: self._remove_row(entry))
        combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        edit.dateChanged.connect(lambda _: self.changed.emit())
        self._rows.append(entry)
        self._layout.insertWidget(self._layout.count() - 1, row)
        combo.setFocus()
        self.changed.emit()

    def _remove_row(self, entry: tuple[QWidget, QComboBox, QDateEdit]) -> None:
        self._rows.remove(entry)
        entry[0].deleteLater()
        self._add.setFocus()
        self.changed.emit()

    def value(self) -> Any:
        return [
            {"kind": combo.currentData(), "date": date_of(edit)} for _, combo, edit in self._rows
        ]

    def set_value(self, value: Any) -> None:
        for entry in list(self._rows):
            self._remove_row(entry)
        for item in value or []:
            self._add_row(item.get("kind"), item.get("date"))

    def missing_dates(self) -> bool:
        return any(date_of(edit) is None for _, _, edit in self._rows)


WIDGETS: dict[QuestionType, type[AnswerWidget]] = {
    QuestionType.YES_NO: ChoiceAnswer,
    QuestionType.CHOICE: ChoiceAnswer,
    QuestionType.MULTI: MultiAnswer,
    QuestionType.DATE: DateAnswer,
    QuestionType.TEXT: TextAnswer,
    QuestionType.PROCEDURES: ProceduresAnswer,
}


def today_qdate(today: date) -> QDate:
    return QDate(today.year, today.month, today.day)
