"""Loopback load test of ``unspin serve``: N concurrent clients posting a ~1,000-word article.

Starts ``unspin serve`` on a free 127.0.0.1 port (or targets --url), waits for /v1/health,
then sends --requests POST /v1/analyze requests from --clients concurrent clients and
reports latency percentiles, throughput and errors.  --append adds the result to
docs/benchmarks.md.  Bounded: it stops after --requests requests or --max-seconds.

    .venv/bin/python benchmarks/load_serve.py --clients 20 --requests 500 --append
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = resources.files("unspin.server") / "static" / "example.txt"


def article(min_words: int) -> str:
    """The bundled example article (own writing), its body repeated until it has ``min_words`` words."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, _, body = text.partition("Get short URL\n")
    body, _, tail = body.partition("The views and opinions")
    parts = [head + "Get short URL\n", body]
    while len(" ".join(parts).split()) < min_words:
        parts.append(body)
    return "".join(parts) + "The views and opinions" + tail


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def start_server(port: int, workers: int, engine: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "unspin.cli.main", "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--engine", engine]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(
    url: str, process: subprocess.Popen[bytes] | None, log: Path, limit_s: float = 180
) -> dict[str, object]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            sys.exit(f"server exited:\n{log.read_text()}")
        try:
            health: dict[str, object] = httpx.get(f"{url}/v1/health", timeout=2, trust_env=False).json()
            return health
        except httpx.TransportError:
            time.sleep(0.5)
    sys.exit("server did not become healthy in time")


async def run_load(
    url: str, body: dict[str, object], clients: int, requests: int, max_seconds: float
) -> dict[str, object]:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    remaining = requests
    stop_at = time.monotonic() + max_seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal remaining
        while remaining > 0 and time.monotonic() < stop_at:
            remaining -= 1
            started = time.perf_counter()
            try:
                response = await http.post("/v1/analyze", json=body)
                statuses[str(response.status_code)] += 1
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
            latencies.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits, trust_env=False) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    ok = statuses.get("200", 0)
    return {
        "requests": len(latencies),
        "errors": len(latencies) - ok,
        "statuses": dict(statuses),
        "elapsed_s": elapsed,
        "throughput_rps": len(latencies) / elapsed,
        "p50_s": percentile(latencies, 50),
        "p95_s": percentile(latencies, 95),
        "p99_s": percentile(latencies, 99),
    }


def report(args: argparse.Namespace, words: int, health: dict[str, object], result: dict[str, object]) -> str:
    cpus = os.cpu_count()
    lines = [
        f"## unspin serve: loopback load ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"Machine: {cpus} CPU cores (shared), no GPU, {platform.python_implementation()} {platform.python_version()}. "
        f"Server: `unspin serve --workers {args.workers} --engine {args.engine}` on 127.0.0.1; "
        f"stages: {', '.join(map(str, health['stages']))}"
        f"{' (until ' + args.until + ')' if args.until else ''}; warm-up {'ok' if health.get('warm') else 'failed'}.",
        f"Load: {args.clients} concurrent clients, {result['requests']} requests of a {words}-word article.",
        f"Command: `.venv/bin/python benchmarks/load_serve.py --clients {args.clients} --requests {args.requests}"
        f" --workers {args.workers} --engine {args.engine}{' --until ' + args.until if args.until else ''}`",
        "",
        "| p50 | p95 | p99 | throughput | errors | statuses |",
        "|---|---|---|---|---|---|",
        f"| {result['p50_s']:.3f} s | {result['p95_s']:.3f} s | {result['p99_s']:.3f} s | "
        f"{result['throughput_rps']:.2f} req/s | {result['errors']} | {result['statuses']} |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="target a running server instead of starting one")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="--workers of the started server")
    parser.add_argument("--engine", choices=("process", "thread"), default="process", help="--engine of the server")
    parser.add_argument("--until", help="stop the pipeline after this stage (e.g. when a model is not trained yet)")
    parser.add_argument("--max-seconds", type=float, default=1200, help="stop sending after this long")
    parser.add_argument("--append", action="store_true", help="append the result to docs/benchmarks.md")
    args = parser.parse_args()

    text = article(args.words)
    body: dict[str, object] = {"text": text} | ({"until": args.until} if args.until else {})
    log = Path(tempfile.mkstemp(prefix="unspin-serve-", suffix=".log")[1])
    process = None
    url = args.url
    if url is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        process = start_server(port, args.workers, args.engine, log)
    try:
        health = wait_healthy(url, process, log)
        result = asyncio.run(run_load(url, body, args.clients, args.requests, args.max_seconds))
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
    text_report = report(args, len(text.split()), health, result)
    print(text_report)
    if args.append:
        with (REPO / "docs" / "benchmarks.md").open("a", encoding="utf-8") as out:
            out.write("\n" + text_report)


if __name__ == "__main__":
    main()
