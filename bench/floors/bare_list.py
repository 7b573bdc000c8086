"""Floor for the first page: the bare window, `import sqlalchemy.orm`, and the queries
consult-app runs for its first page (every id in list order, then one page of rows) through
the raw sqlite3 driver. Exits once the page has painted. (Once the database is encrypted, this
floor must also pay the same key derivation as the app.)

Run as `python bench/floors/bare_list.py PATH_TO_SQLITE_FILE`.
"""

from __future__ import annotations

import sqlite3
import sys

import sqlalchemy.orm  # noqa: F401 (the floor pays for the ORM import, as the issue asks)
from bare_window import FirstPaint
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

PAGE = 200
IDS = "SELECT id FROM clients ORDER BY last_key, first_key, id"
ROWS = "SELECT id, last_name, first_name, date_of_birth, phone, email FROM clients WHERE id IN ({})"


def first_page(path: str) -> tuple[int, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        ids = [row[0] for row in connection.execute(IDS)]
        page = ids[:PAGE]
        found = {
            r[0]: r[1:] for r in connection.execute(ROWS.format(",".join("?" * len(page))), page)
        }
        return len(ids), [found[i] for i in page if i in found]
    finally:
        connection.close()


def main() -> int:
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(app)
    app.installEventFilter(watcher)
    count, rows = first_page(sys.argv[1])
    table = QTableWidget(count, 5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    window = QMainWindow()
    window.setCentralWidget(table)
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
