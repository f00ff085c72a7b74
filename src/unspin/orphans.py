"""Worker processes end when their parent ends, however it ends (``kill -9`` included).

A pool's workers are told about an orderly shutdown, but a parent killed outright tells
nobody: its workers would keep their models in memory (hundreds of MB each) and keep
running.  Two mechanisms, so that either suffices: on Linux the kernel sends the worker
SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and everywhere a daemon thread
checks every second whether the parent is still the one the worker started with.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
#: How often the watchdog thread looks at the parent (seconds).
WATCH_INTERVAL_S = 1.0


def exit_with_parent(parent_pid: int | None = None) -> None:
    """Make this process end when ``parent_pid`` (default: its parent now) ends."""
    parent_pid = os.getppid() if parent_pid is None else parent_pid
    if sys.platform.startswith("linux"):
        _kernel_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="unspin-parent-watch", daemon=True).start()


def _kernel_death_signal() -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc or no prctl: the watchdog thread still covers it
        pass


def _watch(parent_pid: int) -> None:
    while True:
        time.sleep(WATCH_INTERVAL_S)
        if os.getppid() != parent_pid:
            os._exit(1)
