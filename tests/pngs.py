"""Small real PNG images for tests that need a drawn signature without a pad (the demo clinic's
own scribble, so both sign the same way)."""

from __future__ import annotations

from consult_app.services.demo_signatures import scribble_png as png

__all__ = ["png"]
