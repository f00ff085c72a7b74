"""Run several technique-tagger trainings side by side and rank every epoch by its dev scores.

Each entry of the grid (a JSON list of ``{"name": ..., "args": {...}}``) becomes one run of
``unspin.train.techniques`` with those arguments plus the shared ones after ``--``; up to
``--parallel`` run at once (on one GPU they share it: the MiniLM tagger is far too small to fill
it alone).  Every epoch of every run is then ranked by ``max SI F1 over thresholds +
tc_weight x TC micro-F1`` on dev, written to ``OUT/sweep.json`` and printed::

    python -m unspin.train.sweep --grid grid.json --out runs/sweep --parallel 8 -- \\
        --data ../shared/data/ptc --device cuda

Dev picks the run and the epoch, so the winner's dev figures are optimistic; they are reported
as dev figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def load_grid(path: Path) -> list[dict[str, Any]]:
    grid = json.loads(path.read_text(encoding="utf-8"))
    names = [entry["name"] for entry in grid]
    if len(set(names)) != len(names):
        raise SystemExit(f"sweep: run names repeat in {path}")
    return list(grid)


def command(entry: dict[str, Any], out: Path, shared: list[str]) -> list[str]:
    args = [sys.executable, "-m", "unspin.train.techniques", "--out", str(out / entry["name"]), *shared]
    for key, value in entry.get("args", {}).items():
        values = value if isinstance(value, list) else [value]
        args += [f"--{key.replace('_', '-')}", *(str(v) for v in values)]
    return args


def run_all(grid: list[dict[str, Any]], out: Path, shared: list[str], parallel: int) -> dict[str, int]:
    """Start the runs, ``parallel`` at a time; return each run's exit status."""
    pending, running, status = list(grid), {}, {}
    while pending or running:
        while pending and len(running) < parallel:
            entry = pending.pop(0)
            (out / entry["name"]).mkdir(parents=True, exist_ok=True)
            log = (out / entry["name"] / "train.log").open("w")
            running[entry["name"]] = subprocess.Popen(command(entry, out, shared), stdout=log, stderr=log)
        for name, proc in list(running.items()):
            if proc.poll() is not None:
                status[name] = proc.returncode
                del running[name]
                print(f"{time.strftime('%H:%M:%S')} {name} finished with status {proc.returncode}", flush=True)
        time.sleep(2)
    return status


def rank(out: Path, names: list[str], tc_weight: float) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        for path in sorted((out / name).glob("dev_epoch*.json")):
            scores = json.loads(path.read_text(encoding="utf-8"))
            si = max(v for k, v in scores.items() if k.startswith("si@"))
            epoch = int(path.stem.removeprefix("dev_epoch"))
            rows.append(
                {"run": name, "epoch": epoch, "si": si, "tc": scores["tc"], "score": si + tc_weight * scores["tc"]}
            )
    return sorted(rows, key=lambda row: -row["score"])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    shared = argv[argv.index("--") + 1 :] if "--" in argv else []
    own = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", type=Path, required=True, help="JSON list of {name, args}")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--tc-weight", type=float, default=0.25, help="weight of TC against SI in the ranking")
    args = parser.parse_args(own)
    grid = load_grid(args.grid)
    args.out.mkdir(parents=True, exist_ok=True)
    status = run_all(grid, args.out, shared, args.parallel)
    rows = rank(args.out, [entry["name"] for entry in grid], args.tc_weight)
    (args.out / "sweep.json").write_text(json.dumps({"status": status, "ranked": rows}, indent=1))
    for row in rows[:20]:
        scores = f"SI {row['si']:.4f}  TC {row['tc']:.4f}  score {row['score']:.4f}"
        print(f"{row['run']:>24} epoch {row['epoch']:>2}  {scores}")


if __name__ == "__main__":
    main()
