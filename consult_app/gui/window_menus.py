"""The main window's menus and toolbar: built from actions.py's MENUS and SPECS, each action
wired to what it does, and shown or hidden as the signed-in role (and the lock) allow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from consult_app.gui.actions import MENUS, SPECS, ActionId, apply_role
from consult_app.gui.window_part import WindowPart


class MenuWiring(WindowPart):
    """MainWindow's part that builds the menus and wires the actions."""

    def _build_menus(self) -> None:
        for title, ids in MENUS:
            menu = self.menuBar().addMenu(title)
            self._menus.append(menu)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions[action_id])
        self.toolbar = toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for spec in SPECS:
            if spec.in_toolbar:
                toolbar.addAction(self.actions[spec.id])
        self.addToolBar(toolbar)

    def _connect_actions(self) -> None:
        slots = {
            ActionId.NEW_CLIENT: self.new_client,
            ActionId.EDIT_CLIENT: self.edit_client,
            ActionId.NEW_CONSULTATION: self.new_consultation,
            ActionId.OPEN_CONSULTATION: lambda: self._open_selected_consultation(),
            ActionId.START_SESSION: self.start_session,
            ActionId.FIND: self._on_find_triggered,
            ActionId.PRINT: self._on_print_triggered,
            ActionId.CHECK_COPY: self.check_copy,
            # By name: the documents module (and the domain it brings) loads when first used.
            ActionId.HANDOUT_AFTERCARE: lambda: self.print_handout("aftercare"),
            ActionId.HANDOUT_PREPARATION: lambda: self.print_handout("preparation"),
            ActionId.HANDOUT_CONSENT: lambda: self.print_handout("consent"),
            ActionId.BACKUP_NOW: self.back_up_now,
            ActionId.RESTORE_BACKUP: self.restore_backup,
            ActionId.BACKUP_LIST: self.show_backups,
            ActionId.CLINIC_DETAILS: self.edit_clinic_details,
            ActionId.DEVICES: self.edit_devices,
            ActionId.RECALL_LIST: self.show_recall_list,
            ActionId.NEXT_SESSION_CALENDAR: self.save_next_session,
            ActionId.TRACE_BATCH: self.trace_batch,
            ActionId.QUIT: self.close,
        }
        for action_id, slot in slots.items():
            self.actions[action_id].triggered.connect(slot)
        self._update_actions()

    def _update_actions(self) -> None:
        """Before sign-in and while locked only Quit works; see actions.apply_role."""
        user = self.context.user if self.context is not None else None
        apply_role(
            self.actions,
            self._menus,
            user.role if user is not None else None,
            working=not self._locked,
            chosen=self.panel.client is not None,
        )
        # No empty strip before anyone has signed in.
        self.toolbar.setVisible(any(a.isVisible() for a in self.toolbar.actions()))
