"""Feed generated hostile inputs through unspin and check that it fails only cleanly (issue 18).

Inputs (seeded, reproducible): random bytes; articles and HTML pages written here, mutated (bytes
flipped, inserted, deleted, truncated); lone surrogates, control characters and NULs; deep and
unclosed nesting; huge lines; mixed encodings (UTF-8 with latin-1, UTF-16 with and without BOM).

What runs on what (full analysis costs 0.2-1 s an article, so it runs on a sample):

* every input: ``read_source`` + the ``clean`` stage (decoding, HTML extraction, cleaning);
* every ``--full-every``-th: the whole pipeline, ``unspin.analyze``;
* every ``--cli-every``-th: ``unspin analyze FILE --until clean`` (the CLI's ``main``, in process);
* every ``--rest-every``-th: ``POST /v1/analyze`` with ``until=clean`` to a server on 127.0.0.1.

Checks: no exception other than unspin's own (``UnspinError``); no input takes longer than
``--per-input`` seconds (an alarm); every span of every layer, and every removed piece, lies inside
the text and maps inside the raw input (and the markup, for HTML); the CLI exits 0, 2 or 3 with no
traceback; the REST API answers 200 or a documented 4xx, never a 500.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/fuzz.py --count 100000 --time-limit 3600
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARTICLE = (
    "Harbour plan 'a disgrace', says mayor\n\n"
    "22:33 GMT 17 May 2021\n\n"
    "By Jane Doe | Coastal Herald\n\n"
    "The mayor said on Monday that the harbour plan was \u201ca shameful act of sabotage\u201d against the town.\n"
    "Officials denied the claim and said 12 people had been consulted. \u201cWe never hid anything,\u201d "
    "the spokesman told reporters.\n\n"
    "Critics argued the so-called experts have never been right, and residents called it a disaster.\n\n"
    "Related:\nMayor visits the docks\nFerries cancelled until Friday\n\n"
    "Tags: harbour, politics\n"
)
HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Harbour plan 'a disgrace'</title>"
    "<script>alert(1)</script><style>p{}</style></head><body><nav>Home | News</nav><article>"
    "<h1>Harbour plan 'a disgrace'</h1><p>The mayor said the plan was &ldquo;a shameful act of sabotage&rdquo;.</p>"
    "<p>Officials denied it and said 12 people had been consulted.</p><figure><figcaption>Photo: A. Lens"
    "</figcaption></figure></article><footer>&copy; 2021 Coastal Herald</footer></body></html>"
)
NASTY = ["\ud800", "\udfff", "\x00", "\x11", "\x1b", "\ufeff", "\u200b", "\u00ad", "\u202e", "\ufffe", "\r", "\x0c"]
OK_STATUSES = {200, 400, 403, 408, 413, 415, 422}


class Hang(Exception):
    """An input ran past the per-input time limit."""


@dataclass
class Tally:
    inputs: int = 0
    full: int = 0
    cli: int = 0
    rest: int = 0
    clean_errors: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    slowest: float = 0.0

    def fail(self, where: str, case: int, problem: str) -> None:
        self.failures.append(f"{where} #{case}: {problem}")


# -- generated inputs ------------------------------------------------------------------------


#: Kinds of input and how often each is drawn (the expensive HTML kinds less often, see docs/benchmarks.md).
KINDS = {
    "random bytes": 10,
    "mutated article": 30,
    "article with surrogates and controls": 15,
    "mutated HTML": 20,
    "deep or unclosed nesting": 5,
    "huge line": 5,
    "mixed encodings": 10,
    "mutated article with surrogates": 5,
}


def generate(rng: random.Random) -> tuple[str, bytes | str]:
    """One input and its kind."""
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    if kind == "random bytes":
        return kind, rng.randbytes(rng.randint(0, 2000))
    if kind == "mutated article":
        return kind, _mutated(rng, ARTICLE.encode())
    if kind == "mutated HTML":
        return kind, _mutated(rng, HTML.encode())
    if kind == "article with surrogates and controls":
        return kind, _with_nasty_characters(rng, rng.choice([ARTICLE, HTML]))
    if kind == "deep or unclosed nesting":
        return kind, _nested(rng)
    if kind == "huge line":
        return kind, _huge_line(rng)
    if kind == "mixed encodings":
        return kind, _mixed_encoding(rng)
    return kind, _mutated(rng, _with_nasty_characters(rng, ARTICLE).encode("utf-8", "surrogatepass"))


def _mutated(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        action = rng.random()
        at = rng.randint(0, len(out))
        if action < 0.4 and out:
            out[min(at, len(out) - 1)] = rng.randint(0, 255)
        elif action < 0.7:
            out[at:at] = rng.randbytes(rng.randint(1, 8))
        elif action < 0.85:
            del out[at : at + rng.randint(1, 40)]
        else:
            piece = bytes(out[at : at + rng.randint(1, 200)])
            out[at:at] = piece * rng.randint(1, 5)
    if rng.random() < 0.1:
        del out[rng.randint(0, len(out)) :]
    return bytes(out)


def _with_nasty_characters(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 10)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(NASTY))
    return "".join(chars)


def _nested(rng: random.Random) -> str:
    depth = rng.choice([10, 100, 250, 255, 256, 300, 1000, 5000])
    tag = rng.choice(["div", "span", "p", "section", "b"])
    closed = rng.random() < 0.5
    body = "<p>The mayor said the harbour plan was a disgrace and officials denied it.</p>" * rng.randint(1, 5)
    return f"<html><body>{f'<{tag}>' * depth}{body}{f'</{tag}>' * depth if closed else ''}</body></html>"


def _huge_line(rng: random.Random) -> str:
    words = ["the", "mayor", "said", "that", "the", "plan", "was", "a", "disgrace", "and", "officials", "denied", "it"]
    n = rng.choice([1_000, 1_000, 5_000, 20_000])
    end = rng.choice([" ", ", ", ". "])
    return end.join(rng.choice(words) for _ in range(n))


def _mixed_encoding(rng: random.Random) -> bytes:
    text = "Le maire a dit que le projet était une honte. Über naïve résumé, señor. "
    choice = rng.random()
    if choice < 0.4:
        return text.encode("utf-8") + text.encode("latin-1") + text.encode("utf-8")
    if choice < 0.6:
        return text.encode("utf-16-le" if rng.random() < 0.5 else "utf-16-be")
    if choice < 0.8:
        return text.encode("utf-16")
    return text.encode("cp1252") + rng.randbytes(3) + text.encode("utf-8")


# -- checks ----------------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(_signum: int, _frame: object) -> None:
        raise Hang(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    # fires again every second: an alarm raised inside a __del__ is swallowed by Python
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def span_problems(doc: Any) -> list[str]:
    """Every span and removed piece inside the text, mapping inside the raw input and the markup."""
    problems = []
    n, raw_n = len(doc.text), len(doc.raw)
    markup_n = doc.markup.raw_length if doc.markup is not None else None
    for name, spans in doc.layers.items():
        for span in spans:
            if not 0 <= span.start <= span.end <= n:
                problems.append(f"{name} span ({span.start}, {span.end}) outside text of length {n}")
                continue
            raw_start, raw_end = doc.raw_span(span)
            if not 0 <= raw_start <= raw_end <= raw_n:
                problems.append(f"{name} span maps to raw ({raw_start}, {raw_end}) outside {raw_n}")
            elif markup_n is not None:
                m_start, m_end = doc.markup_span(raw_start, raw_end)
                if not 0 <= m_start <= m_end <= markup_n:
                    problems.append(f"{name} span maps to markup ({m_start}, {m_end}) outside {markup_n}")
    for removed in doc.removed:
        start, end = removed.raw_start, removed.raw_end
        if not 0 <= start <= end <= raw_n:
            problems.append(f"removed piece at raw ({start}, {end}) outside {raw_n}")
    return problems[:3]


def run_one(label: str, case: int, tally: Tally, per_input: float, action: Callable[[], Any]) -> Any:
    """``action()`` under the time limit; an exception other than UnspinError is a failure."""
    from unspin.errors import UnspinError

    started = time.monotonic()
    try:
        with time_limit(per_input):
            return action()
    except UnspinError as exc:
        tally.clean_errors[f"{label}:{type(exc).__name__}"] += 1
        return None
    except Hang as exc:
        tally.fail(label, case, f"hang: {exc}")
        return None
    except Exception as exc:  # the point of the fuzzer: anything else is a bug
        tally.fail(label, case, f"{type(exc).__name__}: {exc}"[:300])
        return None
    finally:
        tally.slowest = max(tally.slowest, time.monotonic() - started)


# -- surfaces --------------------------------------------------------------------------------


def check_clean(data: bytes | str, case: int, tally: Tally, per_input: float, clean: Any) -> None:
    from unspin.readers import read_source

    doc = run_one("read+clean", case, tally, per_input, lambda: clean(read_source(data)))
    if doc is not None:
        for problem in span_problems(doc):
            tally.fail("read+clean", case, problem)


def check_full(data: bytes | str, case: int, tally: Tally, per_input: float) -> None:
    import unspin

    tally.full += 1
    doc = run_one("analyze", case, tally, per_input, lambda: unspin.analyze(data))
    if doc is not None:
        for problem in span_problems(doc):
            tally.fail("analyze", case, problem)


def check_cli(data: bytes | str, case: int, tally: Tally, per_input: float, folder: Path) -> None:
    from unspin.cli.main import main

    tally.cli += 1
    path = folder / f"case{case % 7}.{'html' if case % 2 else 'txt'}"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = run_one(
            "cli",
            case,
            tally,
            per_input,
            lambda: _exit_code(main, ["analyze", str(path), "-f", "json", "--until", "clean"]),
        )
    if code not in (0, 2, 3):
        tally.fail("cli", case, f"exit code {code}")
    if "Traceback" in err.getvalue():
        tally.fail("cli", case, "traceback on stderr")


def _exit_code(main: Callable[[list[str]], int], argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def check_rest(data: bytes | str, case: int, tally: Tally, client: Any) -> None:
    tally.rest += 1
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data.encode("utf-8", "replace").decode()
    field_name = "html" if "<" in text[:200] else "text"
    body = json.dumps({field_name: text, "until": "clean"})
    try:
        answer = client.post("/v1/analyze", content=body, headers={"content-type": "application/json"})
    except Exception as exc:
        tally.fail("rest", case, f"request failed: {type(exc).__name__}: {exc}")
        return
    if answer.status_code not in OK_STATUSES:
        tally.fail("rest", case, f"HTTP {answer.status_code}: {answer.text[:200]}")
        return
    payload = answer.json()
    if answer.status_code == 200:
        n = len(payload["text"])
        for name, spans in payload["layers"].items():
            if any(not 0 <= s["start"] <= s["end"] <= n for s in spans):
                tally.fail("rest", case, f"{name} span outside the text")


@contextlib.contextmanager
def live_server() -> Iterator[Any]:
    """The REST API (thread engine, no warm-up) under uvicorn on a free 127.0.0.1 port."""
    import socket
    import threading

    import httpx
    import uvicorn

    from unspin.server import ServeOptions, create_app

    app = create_app(options=ServeOptions(warm_up=False, workers=1))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}", trust_env=False, timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run(args: argparse.Namespace, job: int = 0) -> Tally:
    """The cases ``job``, ``job + jobs``, ... (each case's input depends only on the seed and its number)."""
    from unspin.pipeline import Pipeline

    clean = Pipeline(["clean"])
    tally = Tally()
    deadline = time.monotonic() + args.time_limit
    with tempfile.TemporaryDirectory() as tmp, live_server() as client:
        for case in range(job, args.count, args.jobs):
            if time.monotonic() > deadline:
                break
            kind, data = generate(random.Random(args.seed * 1_000_003 + case))
            tally.inputs += 1
            tally.kinds[kind] += 1
            check_clean(data, case, tally, args.per_input, clean)
            if args.full_every and case % args.full_every == 0:
                check_full(data, case, tally, args.per_input_full)
            if args.cli_every and case % args.cli_every == 1:
                check_cli(data, case, tally, args.per_input, Path(tmp))
            if args.rest_every and case % args.rest_every == 2:
                check_rest(data, case, tally, client)
    return tally


def _run_job(args: argparse.Namespace, job: int) -> Tally:
    return run(args, job)


def run_jobs(args: argparse.Namespace) -> Tally:
    """``args.jobs`` processes, each with its own cases; their tallies added up."""
    if args.jobs == 1:
        return run(args)
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        tallies = pool.starmap(_run_job, [(args, job) for job in range(args.jobs)])
    total = Tally()
    for tally in tallies:
        total.inputs += tally.inputs
        total.full += tally.full
        total.cli += tally.cli
        total.rest += tally.rest
        total.clean_errors.update(tally.clean_errors)
        total.kinds.update(tally.kinds)
        total.failures += tally.failures
        total.slowest = max(total.slowest, tally.slowest)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="inputs to generate (default 100,000)")
    parser.add_argument("--time-limit", type=float, default=3600.0, help="stop after this many seconds in all")
    parser.add_argument("--per-input", type=float, default=20.0, help="seconds an input may take (read+clean, CLI)")
    parser.add_argument("--per-input-full", type=float, default=120.0, help="seconds for a full analysis")
    parser.add_argument("--full-every", type=int, default=500, help="full analysis of every Nth input (0: none)")
    parser.add_argument("--cli-every", type=int, default=200, help="CLI on every Nth input (0: none)")
    parser.add_argument("--rest-every", type=int, default=200, help="REST on every Nth input (0: none)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--jobs", type=int, default=1, help="processes, each taking every jobs-th case")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tally = run_jobs(args)
    seconds = time.monotonic() - started
    print(
        f"fuzz: {tally.inputs:,} inputs in {seconds:.0f} s (seed {args.seed}): read+clean on all, full analysis on "
        f"{tally.full}, CLI on {tally.cli}, REST on {tally.rest}; slowest input {tally.slowest:.1f} s"
    )
    print("inputs by kind: " + ", ".join(f"{k} {v:,}" for k, v in tally.kinds.most_common()))
    print("clean refusals (UnspinError): " + ", ".join(f"{k} {v}" for k, v in tally.clean_errors.most_common()))
    print(f"failures: {len(tally.failures)}")
    for failure in tally.failures[:20]:
        print(f"  {failure}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
