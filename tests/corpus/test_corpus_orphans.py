"""Issue 18: `kill -9` of a batch leaves no worker process running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

HOLDER = """
import sys, time
from unspin.corpus.engines import LocalEngine, _ready
from unspin.corpus.work import PipelineSpec

engine = LocalEngine(PipelineSpec(until="clean"), workers=2)
for future in [engine.pool.submit(_ready) for _ in range(4)]:
    future.result()
print(" ".join(str(pid) for pid in engine.pool._processes), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie waiting for its reaper is gone
        return stat.read().split(") ", 1)[1][0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_batch_is_killed_with_sigkill() -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        workers = [int(pid) for pid in holder.stdout.readline().split()]
        assert workers and all(_alive(pid) for pid in workers)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if holder.poll() is None:
            holder.kill()
