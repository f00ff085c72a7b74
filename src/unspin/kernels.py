"""Which matrix kernels spaCy runs on here: numpy's BLAS (one thread) or thinc's BLIS, by measurement.

Neither wins everywhere: on the AMD EPYC machines of docs/benchmarks.md BLIS ran its generic
kernels and the parse cost 28% more CPU than on numpy's OpenBLAS; on an Intel Xeon (SkylakeX) the
two were within 10% (issue 15).  So the choice is measured on the machine that runs: the first
time a pipeline is loaded, :func:`probe` parses a short text of our own with both kinds of
kernel, alternating, and keeps the one with less CPU time; the answer is cached (per CPU model,
spaCy model and library versions) in the user cache folder, so later processes only read it.

``UNSPIN_SPACY_OPS`` overrides the measurement: ``numpy`` or ``blis`` (``auto``, the default,
measures).  Both give the same parse (0 mismatching tokens of 70,534 on PTC dev,
``benchmarks/bench_segment.py --check``); only the speed differs.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError

CHOICES = ("numpy", "blis")
ENVIRONMENT = "UNSPIN_SPACY_OPS"
#: BLIS must be this much cheaper to be chosen: numpy's BLAS is no slower on any CPU measured so far.
MARGIN = 0.95
ROUNDS = 3

_PROBE_SENTENCES = (
    "The minister said on Tuesday that the new budget would cut taxes for working families.",
    'Critics warned that "it will leave the poorest regions behind," according to a statement.',
    "Officials in the capital declined to comment on the report, which was published last week.",
    "Economists at the central bank expect growth to slow to 1.2 percent next year.",
)
PROBE_TEXT = "\n".join(" ".join(_PROBE_SENTENCES[(i + k) % 4] for k in range(4)) for i in range(6))


def setting() -> str:
    """``numpy``, ``blis`` or ``auto`` (from ``UNSPIN_SPACY_OPS``; ``auto`` when unset)."""
    value = os.environ.get(ENVIRONMENT, "auto").strip().lower() or "auto"
    if value not in (*CHOICES, "auto"):
        raise ConfigError(f"{ENVIRONMENT} must be numpy, blis or auto, not {value!r}")
    return value


def cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unspin" / "kernels.json"


def machine_key(model: str) -> str:
    """What the measurement depends on: the CPU model, the spaCy model and the libraries' versions."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [cpu_model(), model]
    for package in ("thinc", "spacy", "numpy", "blis"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=none")
    return "|".join(parts)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cached_choice(key: str, path: Path | None = None) -> str | None:
    try:
        entries = json.loads((path or cache_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = entries.get(key) if isinstance(entries, dict) else None
    choice = entry.get("choice") if isinstance(entry, dict) else None
    return choice if choice in CHOICES else None


def remember(key: str, result: dict[str, Any], path: Path | None = None) -> None:
    """Add ``result`` to the cache file; a cache that cannot be written only means measuring again."""
    path = path or cache_file()
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entries, dict):
            entries = {}
    except (OSError, ValueError):
        entries = {}
    entries[key] = result
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entries, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def faster(cpu_seconds: dict[str, list[float]]) -> str:
    """``blis`` when its best time is under :data:`MARGIN` times numpy's best, else ``numpy``."""
    return "blis" if min(cpu_seconds["blis"]) < MARGIN * min(cpu_seconds["numpy"]) else "numpy"


def probe(parsers: dict[str, Callable[[str], Any]], rounds: int = ROUNDS) -> dict[str, Any]:
    """CPU seconds of each parser over :data:`PROBE_TEXT`, alternating, after one warm-up each."""
    for parse in parsers.values():
        parse(PROBE_TEXT)
    times: dict[str, list[float]] = {name: [] for name in parsers}
    for number in range(rounds):
        order = list(parsers) if number % 2 == 0 else list(reversed(parsers))
        for name in order:
            start = time.process_time()
            parsers[name](PROBE_TEXT)
            times[name].append(time.process_time() - start)
    return {"choice": faster(times), "cpu_seconds": {k: [round(v, 5) for v in vs] for k, vs in times.items()}}
