"""Repositories: read and write rows inside a unit of work, hand out domain values, never commit."""
