"""Body cap (413), analysis timeout (504), queue limit (503), and health staying responsive."""

from __future__ import annotations

import threading
import time

import httpx

from unspin.config import Config
from unspin.pipeline import Stage
from unspin.server import ServeOptions

from .conftest import live_server

ARTICLE = "The minister said 12 people were hurt. It was a disgrace."


def test_body_over_the_cap_is_413_before_parsing(stub_stages: dict[str, Stage]) -> None:
    with live_server(Config(max_request_bytes=1000)) as url, httpx.Client(base_url=url, trust_env=False) as client:
        small = client.post("/v1/analyze", json={"text": ARTICLE})
        assert small.status_code == 200
        big = client.post("/v1/analyze", json={"text": "word " * 1000})
        assert big.status_code == 413
        assert "1000 bytes" in big.json()["message"] and "max_request_bytes" in big.json()["message"]


def test_chunked_body_over_the_cap_is_413(stub_stages: dict[str, Stage]) -> None:
    def chunks() -> object:
        for _ in range(50):
            yield b"x" * 100

    with live_server(Config(max_request_bytes=1000)) as url, httpx.Client(base_url=url, trust_env=False) as client:
        response = client.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert "content-length" not in response.request.headers
        assert response.status_code == 413 and response.json()["error"] == "RequestTooLarge"


def test_non_numeric_content_length_is_400(stub_stages: dict[str, Stage]) -> None:
    import socket

    with live_server() as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 12abc\r\nConnection: close\r\n\r\n")  # fmt: skip
            answer = sock.recv(4096)
        assert answer.split(b" ")[1].startswith(b"4")


def test_analysis_past_the_time_limit_is_504(stub_stages: dict[str, Stage]) -> None:
    options = ServeOptions(warm_up=False, timeout_s=0.3)
    with live_server(options=options) as url, httpx.Client(base_url=url, trust_env=False, timeout=10) as client:
        started = time.monotonic()
        response = client.post("/v1/analyze", json={"text": "SLEEP=1.5 " + ARTICLE})
        assert response.status_code == 504 and "0.3 s" in response.json()["message"]
        assert time.monotonic() - started < 1.2  # answered at the limit, not when the work finished


def test_health_answers_while_analyses_run_and_busy_is_503(stub_stages: dict[str, Stage]) -> None:
    options = ServeOptions(warm_up=False, workers=1, max_queue=0, timeout_s=10)
    with live_server(options=options) as url, httpx.Client(base_url=url, trust_env=False, timeout=10) as client:
        slow = threading.Thread(target=client.post, args=("/v1/analyze",), kwargs={"json": {"text": "SLEEP=1.5 x"}})
        slow.start()
        time.sleep(0.3)
        started = time.monotonic()
        health = client.get("/v1/health")
        assert health.status_code == 200 and health.json()["in_flight"] == 1
        assert time.monotonic() - started < 0.5
        busy = client.post("/v1/analyze", json={"text": ARTICLE})
        assert busy.status_code == 503 and "retry" in busy.json()["message"]
        slow.join()
        assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200


def test_warm_up_runs_the_pipeline_at_start(stub_stages: dict[str, Stage]) -> None:
    with live_server(options=ServeOptions(warm_up=True)) as url:
        health = httpx.get(f"{url}/v1/health", trust_env=False).json()
    assert health["warm"] is True and health["status"] == "ok"
