"""Clinic content (TOML in resources/content) read, checked and turned into domain objects."""
