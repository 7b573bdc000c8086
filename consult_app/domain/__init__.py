"""Pure Python records, validation, the screening engine and plan rules (stdlib only)."""
