"""Drawn signatures for the demo clinic (and tests) without a signature pad: small real PNGs."""

from __future__ import annotations

import struct
import zlib


def scribble_png(width: int = 60, height: int = 20, ink: int = 30) -> bytes:
    """A grey-scale PNG: a white box with a dark diagonal line, as a scribbled signature."""
    rows = []
    for y in range(height):
        row = bytearray([255] * width)
        row[min(width - 1, y * width // height)] = ink
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
