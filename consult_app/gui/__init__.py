"""The Qt user interface; it calls services only, never the database."""

import builtins

# Python's own import, kept before PySide6 puts its hook in its place (see gui/app.py,
# plain_imports). If PySide6 was imported first, this is that hook, and nothing changes.
PLAIN_IMPORT = builtins.__import__
