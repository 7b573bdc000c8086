"""Names inside sentences: a right-to-left name must not reorder the words around it."""

from __future__ import annotations

FIRST_STRONG_ISOLATE = "\u2068"  # FSI: the text inside takes the direction of its first letter
POP_DIRECTIONAL_ISOLATE = "\u2069"  # PDI: ends the isolate


def isolated(text: str) -> str:
    """`text` wrapped as a bidi isolate (Unicode UAX #9), for putting a name in a sentence."""
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
