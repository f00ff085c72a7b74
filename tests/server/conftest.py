"""Fixtures for the server tests: deterministic stub stages and a real uvicorn server on 127.0.0.1.

The trained technique model and the claim/attribution stages are not needed: the stub stages
below find fixed words and sentences in whatever text the real ``clean`` stage (when
registered) leaves, so highlights, claims and voices appear deterministically.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

import unspin.pipeline as pipeline_module
from unspin.config import Config
from unspin.corpus.store import Store
from unspin.corpus.work import ArticleRow
from unspin.document import Document, Span
from unspin.pipeline import Stage, registered_stages
from unspin.server import ServeOptions, create_app

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"

#: Stub technique spans: phrase -> (label, score).
STUB_TECHNIQUES = {
    "shameful act of sabotage": ("Loaded_Language", 0.91),
    "reckless extremists": ("Name_Calling,Labeling", 0.87),
    "Either you stand with": ("Black-and-White_Fallacy", 0.74),
    "Every serious economist": ("Bandwagon,Reductio_ad_hitlerum", 0.55),
    "but what about the ministry": ("Whataboutism,Straw_Men,Red_Herring", 0.66),
    "disgrace": ("Loaded_Language", 0.8),
}
STUB_REASON = "stub reason: the words {trigger!r} carry strong emotion"
SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
SPEECH = re.compile(r"([A-Z][a-z]+ [A-Z][a-z]+) (said|rejected|told)")


def stub_techniques(doc: Document, _config: Config) -> Document:
    spans = []
    for phrase, (label, score) in STUB_TECHNIQUES.items():
        for match in re.finditer(re.escape(phrase), doc.text):
            reason = STUB_REASON.format(trigger=phrase)
            shown = score >= 0.6  # as a display rule would: below it, a lower-confidence flag
            spans.append(
                Span(match.start(), match.end(), label, score, {"reason": reason, "trigger": phrase, "shown": shown})
            )
    doc.set_layer("techniques", spans)
    return doc


def stub_claims(doc: Document, _config: Config) -> Document:
    found = [m for m in SENTENCE.finditer(doc.text) if re.search(r"\d", m.group())]
    spans = [
        Span(m.start() + len(m.group()) - len(m.group().lstrip()), m.end(), "claim", 0.9 - 0.1 * i,
             {"stance": "asserted", "attribution": None, "source": "stub outlet", "rank": i + 1})
        for i, m in enumerate(found)
    ]  # fmt: skip
    doc.set_layer("claims", spans)
    return doc


def stub_attribution(doc: Document, _config: Config) -> Document:
    spans = []
    for i, match in enumerate(SPEECH.finditer(doc.text)):
        end = doc.text.find(".", match.end())
        end = len(doc.text) if end < 0 else end
        attrs = {"id": f"a{i}", "kind": "indirect", "stance": "neutral", "resolved": match.group(1), "cluster": None}
        spans += [
            Span(match.start(1), match.end(1), "source", 0.9, attrs),
            Span(match.start(2), match.end(2), "cue", 0.9, attrs),
            Span(match.end(2) + 1, end, "content", 0.9, attrs),
        ]
    doc.set_layer("attributions", spans)
    return doc


def stub_summary(doc: Document, _config: Config) -> Document:
    """Sleeps ``N`` seconds on ``SLEEP=N`` (timeout and busy tests; deaf to the deadline's alarm with
    ``BLOCK-ALARM``); ends its process on ``EXIT-WORKER``."""
    match = re.search(r"SLEEP=([0-9.]+)", doc.text)
    if match:
        if "BLOCK-ALARM" in doc.text:  # a stage stuck where the deadline's signal cannot reach it
            import signal

            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(float(match.group(1)))
    if "EXIT-WORKER" in doc.text and multiprocessing.parent_process() is not None:
        os._exit(1)  # a worker process dying mid-analysis, as under the OOM killer
    from unspin.stages.summary import compute_summary

    doc.summary = compute_summary(doc)  # the real figures: the page shows nothing else
    return doc


def stub_registry() -> dict[str, Stage]:
    """The real clean stage (when it exists) followed by the stubs."""
    real = registered_stages()
    stages = {"clean": real["clean"]} if "clean" in real else {}
    stages["attribution"] = Stage("attribution", stub_attribution, (), ("attributions",))
    stages["claims"] = Stage("claims", stub_claims, (), ("claims",))
    stages["techniques"] = Stage("techniques", stub_techniques, (), ("techniques",))
    stages["summary"] = Stage("summary", stub_summary, (), ())
    return stages


@pytest.fixture(scope="module")
def stub_stages() -> Iterator[dict[str, Stage]]:
    """Swap the stage registry for one module (restored after it, so other test folders see the real one)."""
    registered_stages()  # import the built-in stage modules before the registry is swapped
    with pytest.MonkeyPatch.context() as patch:
        stages = stub_registry()
        patch.setattr(pipeline_module, "_REGISTRY", stages)
        yield stages


@contextmanager
def live_server(
    config: Config | None = None, options: ServeOptions | None = None, http: object = "auto", **kwargs: object
) -> Iterator[str]:
    """Run the app under uvicorn (``http``: its protocol) on a free loopback port; yield its base URL."""
    app = create_app(config or Config(), options=options or ServeOptions(warm_up=False), **kwargs)  # type: ignore[arg-type]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", http=http))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def base_url(stub_stages: dict[str, Stage]) -> Iterator[str]:
    with live_server() as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=20, trust_env=False) as http:
        yield http


# -- a small corpus store (for /v1/articles, /v1/stats and schemathesis) ------
TEXT = "The minister called the vote a disgrace, Tomas Okafor said."


def article_row(key: str, record_id: str, outlet: str, month: str) -> ArticleRow:
    doc = {"schema_version": "1.0", "text": TEXT, "layers": {}, "metadata": {"outlet": outlet}}
    return ArticleRow(
        key=key, record_id=record_id, content_hash=f"h-{key}", outlet=outlet, published=f"{month}-04T09:00:00+00:00",
        month=month, url=None, title=f"Story {record_id}", words=10, chars=len(TEXT), flagged_chars=8,
        counts={"techniques": 1}, text=TEXT, doc_json=json.dumps(doc),
        techniques=[(31, 39, "Loaded_Language", 0.9, "disgrace")],
        attributions=[("a0", "Tomas Okafor", "Tomas Okafor", "indirect", "neutral", "said", "the vote")],
    )  # fmt: skip


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("store") / "corpus.db"
    url = f"sqlite:///{path}"
    with Store.open(url) as store:
        rows = [article_row("k1", "r1", "Local Radio", "2026-03"), article_row("k2", "r2", "Daily Wire", "2026-04")]
        store.write(rows, version="test", now="2026-05-01T00:00:00+00:00")
    return url


@pytest.fixture(scope="module")
def corpus_base_url(stub_stages: dict[str, Stage], store_url: str) -> Iterator[str]:
    with live_server(store_url=store_url) as url:
        yield url
