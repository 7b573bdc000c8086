"""Consult: a consultation companion for micro-needling practitioners."""

__version__ = "0.1.0"
