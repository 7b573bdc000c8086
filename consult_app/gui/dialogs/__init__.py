"""Dialogs that ask for values and return them; the caller's service acts on them."""
