"""``unspin serve``: options reach the app, and the real command serves the real pipeline."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from unspin.cli.main import main
from unspin.errors import ConfigError

from .conftest import REPO


def test_options_reach_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_run(app: FastAPI, **kwargs: Any) -> None:
        seen.update(kwargs, app=app)

    monkeypatch.setattr("uvicorn.run", fake_run)
    argv = ["serve", "--port", "8123", "--allow-url", "--allow-host", "127.0.0.1", "--max-request-bytes", "999"]
    assert main(argv) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    analyzer = seen["app"].state.analyzer
    assert analyzer.policy.enabled and str(analyzer.policy.allowed_networks[0]) == "127.0.0.1/32"
    assert analyzer.config.max_request_bytes == 999
    assert analyzer.engine == "process"  # the command's default: analyses scale with cores


def test_bad_limits_are_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: None)
    with pytest.raises(ConfigError, match="--workers"):
        from unspin.cli import serve

        serve.run(serve_args(workers=0))
    assert main(["serve", "--max-request-bytes", "0"]) == ConfigError.exit_code


def serve_args(**overrides: Any) -> Any:
    import argparse

    values = {"host": "127.0.0.1", "port": 0, "store": None, "workers": 2, "engine": "thread", "queue": 64,
              "timeout": 30.0, "max_request_bytes": None, "allow_url": False, "allow_host": []}  # fmt: skip
    return argparse.Namespace(**{**values, **overrides})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_real_command_serves_the_real_pipeline(tmp_path: Path) -> None:
    """Whatever stages exist today (the technique model may not be trained yet: health then says why)."""
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "unspin.cli.main", "serve", "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/v1/health", trust_env=False, timeout=2).json()
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, (
                    process.stdout.read() if process.stdout else ""
                )
                time.sleep(0.3)
        assert "clean" in health["stages"]
        assert health["warm"] is True or health["warm_up_error"], health
        text = "Listen Live\nThe minister said 12 people were hurt on Monday.\n\nIt was a disgrace."
        body = {"text": text, "until": "clean"}
        doc = httpx.post(f"http://127.0.0.1:{port}/v1/analyze", json=body, trust_env=False, timeout=60).json()
        assert doc["text"].startswith("The minister said") and "Listen Live" not in doc["text"]
    finally:
        process.terminate()
        process.wait(20)
