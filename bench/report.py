"""The table on the terminal and bench/out/latest.json."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from bench.measure import Row

OUT = Path(__file__).resolve().parent / "out" / "latest.json"


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def table(rows: Sequence[Row]) -> str:
    width = max(len(r.figure) for r in rows)
    lines = [f"{'figure':{width}}  {'ours':>10}  {'floor':>10}  {'ratio':>6}  {'target':>6}"]
    for r in rows:
        verdict = "" if r.meets_target else "  misses"
        lines.append(
            f"{r.figure:{width}}  {r.ours:10.2f}  {r.floor:10.2f}  {r.ratio:6.2f}  "
            f"{r.target:6.2f}{verdict}"
        )
    notes = [f"- {r.figure}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))


def write_json(rows: Sequence[Row], path: Path = OUT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [r.as_json() for r in rows]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
