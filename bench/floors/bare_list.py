"""Floor for the first page: the bare window, `import sqlalchemy.orm`, and the queries
consult-app runs for its first page (the first 100 ids in list order, the count of clients up
to 1,000 when that page is full, then the page's rows) through the bare SQLCipher driver on the
same encrypted file. Exits once the page has painted.

Run as `python bench/floors/bare_list.py PATH --sign-in USER PASSWORD`: the database key is
unwrapped from the key file beside PATH with bare argon2-cffi and cryptography, paying the same
key derivation (argon2id, 64 MiB) as signing in to the app. Or, for the floor without that
cost, `python bench/floors/bare_list.py PATH --key HEX` with the raw 32-byte key.
"""

from __future__ import annotations

import base64
import json
import sys

import sqlalchemy.orm  # noqa: F401 (the floor pays for the ORM import, as the issue asks)
import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-untyped]
from bare_window import FirstPaint
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

SHOWN, COUNTED = 100, 1_000  # as ClientService.find lists and counts
# The SQL the app runs for an empty search (store/search.py's paged_search("")), as compiled.
IDS = (
    "SELECT clients.id \nFROM clients ORDER BY clients.last_key, clients.first_key, clients.id"
    f"\n LIMIT {SHOWN} OFFSET ?"
)
COUNT = (
    "SELECT (SELECT count(*) AS count_1 \nFROM (SELECT clients.id AS id \nFROM clients"
    f"\n LIMIT {COUNTED + 1} OFFSET ?) AS anon_2) AS anon_1"
)
ROWS = "SELECT id, last_name, first_name, date_of_birth, phone, email FROM clients WHERE id IN ({})"


def unwrap_key(path: str, username: str, password: str) -> bytes:
    """The database key from the key file's entry for `username` (format in keyfile.py)."""
    from argon2.low_level import Type, hash_secret_raw
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    name = f"user:{username}"
    with open(f"{path}.keys", encoding="utf-8") as handle:
        entry = json.load(handle)["entries"][name]
    salt, nonce, wrapped = (base64.b64decode(entry[f]) for f in ("salt", "nonce", "wrapped"))
    wrapping = hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=entry["time_cost"],
        memory_cost=entry["memory_cost"],
        parallelism=entry["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    return AESGCM(wrapping).decrypt(nonce, wrapped, name.encode())


def first_page(path: str, key: bytes) -> tuple[int, list[tuple[object, ...]]]:
    connection = sqlcipher.connect(path)
    try:
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        page = [row[0] for row in connection.execute(IDS, (0,))]
        if len(page) == SHOWN:
            connection.execute(COUNT, (0,)).fetchall()  # as the app counts
        found = {
            r[0]: r[1:] for r in connection.execute(ROWS.format(",".join("?" * len(page))), page)
        }
        return len(page), [found[i] for i in page if i in found]
    finally:
        connection.close()


def key_from(argv: list[str]) -> bytes:
    match argv:
        case [_, "--sign-in", username, password]:
            return unwrap_key(argv[0], username, password)
        case [_, "--key", hex_key]:
            return bytes.fromhex(hex_key)
    raise SystemExit(__doc__)


def main() -> int:
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(app)
    app.installEventFilter(watcher)
    count, rows = first_page(sys.argv[1], key_from(sys.argv[1:]))
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
