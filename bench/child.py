"""Time one command and take its peak memory, from a small process of its own.

`python bench/child.py [--until-painted | --until-ready] COMMAND...` prints "MILLISECONDS MIB". A
child's peak RSS includes what it inherited before exec, so it must not be started by the bench
itself, whose own memory holds the data build; this script is small. With --until-painted the
time is until the command printed "painted"; with --until-ready, until it printed "ready" or
"painted" (consult-app --quit-when-ready prints "ready" when its first page shows, then checks
the database before it exits; the floors print "painted" and exit); otherwise until it exited.
The peak memory is always the whole run's, until the command exited.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    wanted = {"--until-painted": {b"painted"}, "--until-ready": {b"ready", b"painted"}}.get(
        argv[0] if argv else ""
    )
    until_painted = wanted is not None
    command = argv[1:] if until_painted else argv
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE)
    assert child.stdout is not None
    line = child.stdout.readline() if until_painted else b""
    painted = time.perf_counter()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest so far
    exited = time.perf_counter()
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()
    if child.returncode != 0 or (wanted is not None and line.strip() not in wanted):
        print(f"{' '.join(command)} failed with exit code {child.returncode}", file=sys.stderr)
        return 1
    elapsed = (painted if until_painted else exited) - start
    print(f"{elapsed * 1000:.3f} {usage.ru_maxrss / 1024:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
