"""A wizard that opens on a later page with the pages before it behind Back."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard


class SteppedWizard(QWizard):
    """Qt's Back retraces only the pages visited since the wizard opened, so one started on a
    saved page (a resumed draft, a finished record's summary) had no Back at all. `open_on`
    steps there from the first page instead; while it does, `stepping` is True and the wizard's
    checks and saves must stand aside: opening a record checks, refuses and writes nothing.
    A finished record is gone through the same way, read-only, with `use_finished_buttons`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stepping = False

    @property
    def stepping(self) -> bool:
        """True while `open_on` is going through the pages: nothing to check, save or ask."""
        return self._stepping

    def use_finished_buttons(self) -> None:
        """A finished record has nothing to finish ("Finish" there only closed the window):
        Back and Next go through its pages as they were, and Close closes."""
        self.setButtonLayout(
            [
                QWizard.WizardButton.Stretch,
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.CancelButton,
            ]
        )
        self.setButtonText(QWizard.WizardButton.CancelButton, "Close")

    def open_on(self, target: int) -> None:
        """Open on page `target`, every page the way there behind Back. A page the answers no
        longer lead to (the rules changed since) is opened on directly, with no Back, as before."""
        first = min(self.pageIds())
        if target == first or target not in self.pageIds():
            self.setStartId(first)
            return
        self.setStartId(first)
        self._stepping = True
        try:
            self.restart()
            while self.currentId() != target:
                before = self.currentId()
                self.next()
                if self.currentId() == before:  # the last page, or one that went elsewhere
                    break
        finally:
            self._stepping = False
        if self.currentId() != target:
            self.setStartId(target)
            self.restart()
