"""Run as a separate process: answer two history pages, type on the third, then wait to be killed.

tests/gui/test_draft_survives_kill.py starts this, SIGKILLs it and checks what survived.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from consult_app.content.bundle import default_content
from consult_app.gui.actions import ActionId
from consult_app.gui.main_window import MainWindow
from consult_app.services.context import AppContext
from consult_app.store.store import open_store
from tests.gui.wizard_driver import answer_history, choose, current_key, press_next

ANSWERS = {"unwell_last_week": True, "smoker": True, "cold_sore_history": True}


def main(url: str) -> None:
    app = QApplication([])
    context = AppContext(store=open_store(url), content=default_content())
    with context.store.reading() as uow:
        context.user = uow.users.all()[0]  # the clinic's owner, as if signed in
    window = MainWindow(context, "Clinic")
    window.show()
    window.actions[ActionId.NEW_CONSULTATION].trigger()
    wizard = window.wizard
    press_next(wizard)  # past the client page
    answer_history(wizard, ANSWERS, pages=2)
    third = wizard.pages[wizard.currentId()]
    first_question = next(iter(third.answers.values()))
    choose(first_question, True)  # typed but never saved by a Next: may be lost
    print(f"READY {current_key(wizard)} {wizard.state.consultation.id}", flush=True)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
