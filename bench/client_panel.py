"""Opening a client with 50 consultations into the client panel, against a raw fetch of the
same rows (the client, and their history with each practitioner's name)."""

from __future__ import annotations

import os

from bench.data import Dataset
from bench.measure import Row, paired_ms

CLIENT = "SELECT * FROM clients WHERE id = {mark}"
HISTORY = (
    "SELECT c.id, c.consultation_date, c.status, c.outcome, u.display_name "
    "FROM consultations AS c LEFT OUTER JOIN users AS u ON u.id = c.practitioner_id "
    "WHERE c.client_id = {mark} ORDER BY c.consultation_date DESC, c.id DESC"
)


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from consult_app.gui.widgets.client_panel import ClientPanel
    from consult_app.services.clients import ClientService

    app = QApplication.instance() or QApplication([])
    panel = ClientPanel(ClientService(dataset.context()))
    raw = dataset.connect_raw()
    mark = "?" if dataset.backend == "SQLite" else "%s"
    client_sql, history_sql = CLIENT.format(mark=mark), HISTORY.format(mark=mark)
    busy = dataset.busy_client

    def floor() -> tuple[object, list[object]]:
        cursor = raw.cursor()
        cursor.execute(client_sql, (busy,))
        client = cursor.fetchone()
        cursor.execute(history_sql, (busy,))
        history = cursor.fetchall()
        raw.rollback()
        return client, history

    if len(floor()[1]) < 50:
        raise AssertionError(f"client {busy} has fewer than 50 consultations")
    ours, bare = paired_ms(lambda: panel.show_client(busy), floor, repeat)
    raw.close()
    panel.deleteLater()
    app.processEvents()
    return [
        Row(
            f"open a client with 50 consultations into the panel, ms ({dataset.backend})",
            ours,
            bare,
            2.0,
        )
    ]
