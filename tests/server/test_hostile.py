"""Issue 18 at the REST edge: schema and behaviour agree, slow clients and slow analyses are cut off."""

from __future__ import annotations

import socket
import time

import httpx

from unspin.pipeline import Stage
from unspin.server import ServeOptions, create_app
from unspin.server.slow_headers import header_deadline_protocol

from .conftest import live_server

ARTICLE = "The minister said 12 people were hurt. It was a disgrace."


def test_the_spec_says_what_the_server_enforces() -> None:
    spec = create_app(options=ServeOptions(warm_up=False)).openapi()
    request = spec["components"]["schemas"]["AnalyzeRequest"]
    assert [branch["required"] for branch in request["oneOf"]] == [["text"], ["html"], ["url"]]
    responses = spec["paths"]["/v1/analyze"]["post"]["responses"]
    assert {"405", "408", "500", "504"} <= set(responses)


def test_empty_object_is_422_as_the_spec_says_and_405_names_allow(stub_stages: dict[str, Stage]) -> None:
    with live_server() as url, httpx.Client(base_url=url, trust_env=False) as client:
        empty = client.post("/v1/analyze", json={})
        assert empty.status_code == 422 and "exactly one of text, html or url" in empty.json()["message"]
        wrong = client.get("/v1/analyze")
        assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"


def test_control_characters_in_posted_html_are_analysed(stub_stages: dict[str, Stage]) -> None:
    with live_server() as url, httpx.Client(base_url=url, trust_env=False) as client:
        answer = client.post("/v1/analyze", json={"html": "\x11<?>O<div><div><div>"})
        assert answer.status_code == 200 and answer.json()["text"] == "O"


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    """What the server sends until ``marker`` arrives or it closes (headers and body may come apart)."""
    data = b""
    while marker not in data and (chunk := sock.recv(4096)):
        data += chunk
    return data


def test_a_slow_client_is_cut_off_with_408(stub_stages: dict[str, Stage]) -> None:
    options = ServeOptions(warm_up=False, body_timeout_s=0.5)
    with live_server(options=options) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n{\"text\": ")  # fmt: skip
            started = time.monotonic()
            answer = _read_until(sock, b"0.5 s")
        assert answer.startswith(b"HTTP/1.1 408") and b"0.5 s" in answer
        assert time.monotonic() - started < 3


def test_a_client_dripping_its_headers_is_cut_off_with_408(stub_stages: dict[str, Stage]) -> None:
    # Every byte resets uvicorn's keep-alive timer; only the header deadline ends this connection.
    with live_server(http=header_deadline_protocol(0.6)) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            started = time.monotonic()
            sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\n")
            for byte in b"Content-Type: application/json\r\n":
                try:
                    sock.sendall(bytes([byte]))
                except OSError:  # the server has already closed the connection
                    break
                time.sleep(0.05)
            answer = _read_until(sock, b"0.6 s")
        assert answer.startswith(b"HTTP/1.1 408") and b"headers did not arrive within 0.6 s" in answer
        assert time.monotonic() - started < 3


def test_the_header_deadline_spares_prompt_requests_on_one_connection(stub_stages: dict[str, Stage]) -> None:
    with live_server(http=header_deadline_protocol(0.5)) as url, httpx.Client(base_url=url, trust_env=False) as client:
        for _ in range(3):  # keep-alive: each request on the connection gets its own deadline
            assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
            time.sleep(0.3)
        assert client.get("/v1/health").status_code == 200


def test_an_analysis_past_its_deadline_is_stopped_not_left_running(stub_stages: dict[str, Stage]) -> None:
    """One worker: the request after a timed-out one gets it at once, so the slow one really stopped."""
    options = ServeOptions(engine="process", start_method="fork", workers=1, max_queue=0, timeout_s=0.5)
    with live_server(options=options) as url, httpx.Client(base_url=url, trust_env=False, timeout=20) as client:
        assert client.post("/v1/analyze", json={"text": "SLEEP=30 " + ARTICLE}).status_code == 504
        time.sleep(0.5)
        assert client.get("/v1/health").json()["in_flight"] == 0
        assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200


def test_a_worker_deaf_to_its_deadline_is_replaced(stub_stages: dict[str, Stage]) -> None:
    options = ServeOptions(
        engine="process", start_method="fork", workers=1, max_queue=0, timeout_s=0.5, kill_after_s=0.5
    )
    with live_server(options=options) as url, httpx.Client(base_url=url, trust_env=False, timeout=20) as client:
        assert client.post("/v1/analyze", json={"text": "BLOCK-ALARM SLEEP=60 " + ARTICLE}).status_code == 504
        deadline = time.monotonic() + 10
        while client.get("/v1/health").json()["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
