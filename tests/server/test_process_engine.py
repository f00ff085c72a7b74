"""The process engine: worker processes warm up once each, time out, and survive a worker dying."""

from __future__ import annotations

import httpx
import pytest

from unspin.pipeline import Stage
from unspin.server import ServeOptions

from .conftest import live_server

#: fork, so the workers inherit the stub stages (``unspin serve`` itself uses forkserver).
PROCESSES = ServeOptions(engine="process", start_method="fork", workers=2, timeout_s=10)
ARTICLE = "The minister said 12 people were hurt. It was a disgrace."


def test_workers_warm_up_and_analyse(stub_stages: dict[str, Stage]) -> None:
    with live_server(options=PROCESSES) as url, httpx.Client(base_url=url, trust_env=False, timeout=20) as client:
        assert client.get("/v1/health").json()["warm"] is True
        doc = client.post("/v1/analyze", json={"text": ARTICLE}).json()
        assert [doc["text"][s["start"] : s["end"]] for s in doc["layers"]["techniques"]] == ["disgrace"]


def test_a_dead_worker_is_a_503_and_the_pool_recovers(stub_stages: dict[str, Stage]) -> None:
    with live_server(options=PROCESSES) as url, httpx.Client(base_url=url, trust_env=False, timeout=20) as client:
        dead = client.post("/v1/analyze", json={"text": "EXIT-WORKER " + ARTICLE})
        assert dead.status_code == 503 and "worker died" in dead.json()["message"]
        assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
        assert client.get("/v1/health").json()["in_flight"] == 0


def test_timeout_applies_to_worker_processes(stub_stages: dict[str, Stage]) -> None:
    options = ServeOptions(engine="process", start_method="fork", workers=1, timeout_s=0.5, warm_up=False)
    with live_server(options=options) as url, httpx.Client(base_url=url, trust_env=False, timeout=20) as client:
        assert client.post("/v1/analyze", json={"text": "SLEEP=2 " + ARTICLE}).status_code == 504


def test_worker_processes_end_with_the_server() -> None:
    """The command's own set-up (forkserver): shutting down leaves no worker process behind."""
    import asyncio
    import os

    from unspin.config import Config
    from unspin.server.fetch import UrlPolicy
    from unspin.server.runner import Analyzer
    from unspin.server.schemas import AnalyzeRequest

    analyzer = Analyzer(Config(), UrlPolicy(), workers=2, max_queue=0, timeout_s=60, engine="process")
    rendered = asyncio.run(analyzer.analyze(AnalyzeRequest(text=ARTICLE, until="clean")))
    assert rendered.media_type == "application/json"
    workers = list(analyzer._executor._processes)  # type: ignore[attr-defined]
    assert workers
    analyzer.shutdown()
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
