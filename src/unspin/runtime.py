"""How many threads model inference may use in this process.

onnxruntime starts a thread pool per session.  The technique encoder runs in a background
thread while spaCy parses on one core (:func:`unspin.pipeline.start_prefetch`), so a process
gives the encoder the cores the parse leaves: measured on 2 cores, one encoder thread beside
the parse made the whole pipeline 1.12x plain spaCy's throughput, two threads 0.98x (they fight
the parse for its core; benchmarks/bench_ratio.py, docs/benchmarks.md).  N worker processes
on the same machine must share the cores, or each article costs
more CPU as the pools fight (measured: 370 -> 439 CPU ms an article with two
workers of two threads each on two cores).  Engines that start workers call
:func:`set_model_threads` in each; ``UNSPIN_MODEL_THREADS``, when set, overrides both
the one-process default and the workers' share.

The pool's threads do not spin-wait between runs (:func:`session_options`): measured on two
shared cores, spinning cost 1.6 to 1.8 times the CPU of the same tagging and made it slower
too (benchmarks/bench_ratio.py, docs/benchmarks.md); in a batch a spinning pool takes the core
the other worker needs.  ``UNSPIN_MODEL_SPIN=1`` turns spinning back on.
"""

from __future__ import annotations

import os
from typing import Any

from unspin.errors import ConfigError

_threads: int | None = None


def cores() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def beside_parse(available: int) -> int:
    """Encoder threads for a process that may use ``available`` cores: all but the parse's one."""
    return max(1, available - 1)


def model_threads() -> int:
    """Threads for one inference session in this process."""
    if _threads is not None:
        return _threads
    return _environment_threads() or beside_parse(cores())


def _environment_threads() -> int | None:
    value = os.environ.get("UNSPIN_MODEL_THREADS")
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"UNSPIN_MODEL_THREADS must be a whole number >= 1, not {value!r}")
    return int(value)


def share_cores(workers: int) -> int:
    """Threads each of ``workers`` processes gets when they split this machine's cores
    (``UNSPIN_MODEL_THREADS``, when set, is taken as it is)."""
    return _environment_threads() or beside_parse(cores() // max(1, workers))


def spinning() -> bool:
    """Whether inference threads spin-wait for work (``UNSPIN_MODEL_SPIN``: 1 yes, 0 or unset no)."""
    value = os.environ.get("UNSPIN_MODEL_SPIN", "0").strip()
    if value not in ("0", "1"):
        raise ConfigError(f"UNSPIN_MODEL_SPIN must be 0 or 1, not {value!r}")
    return value == "1"


def session_options() -> Any:
    """onnxruntime session options for this process: :func:`model_threads` threads, no spinning."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = model_threads()
    options.inter_op_num_threads = 1
    flag = "1" if spinning() else "0"
    options.add_session_config_entry("session.intra_op.allow_spinning", flag)
    options.add_session_config_entry("session.inter_op.allow_spinning", flag)
    return options


def set_model_threads(threads: int) -> None:
    """Fix the thread count for sessions created from now on in this process."""
    global _threads
    if threads < 1:
        raise ConfigError(f"model threads must be >= 1, not {threads}")
    _threads = threads
