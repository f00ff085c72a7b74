"""Limits and safety at the ASGI edge: body cap, strict content types, security headers.

The body is buffered here (up to the cap) so an oversized or chunked body is refused with a
413 before any JSON parsing, and the route sees a body that is known to fit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The web page and its assets: scripts and styles only from this server, never inline.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
#: A server-rendered HTML report (format=html): its own inline script runs in an opaque, sandboxed origin.
REPORT_CSP = (
    "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
)

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def error_payload(error: str, message: str, status: int) -> bytes:
    """The JSON of every error answer; ASCII-escaped so no input character can break the encoding."""
    return json.dumps({"error": error, "message": message, "status": status}, ensure_ascii=True).encode()


async def send_error(send: Send, status: int, error: str, message: str) -> None:
    body = error_payload(error, message, status)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _media_type(headers: dict[bytes, bytes]) -> str:
    return headers.get(b"content-type", b"").split(b";")[0].strip().decode("latin-1").lower()


class RequestGuard:
    """Refuses bodies over ``max_bytes`` (413), bodies slower than ``body_timeout_s`` (408) and
    non-JSON bodies on ``json_paths`` (415)."""

    def __init__(self, app: ASGIApp, max_bytes: int, json_paths: Iterable[str], body_timeout_s: float = 10.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout_s = body_timeout_s
        self.json_paths = frozenset(json_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        refusal = self._refuse_headers(scope["path"], headers)
        if refusal:
            await send_error(send, *refusal)
            return
        try:
            body = await asyncio.wait_for(self._read_body(receive), self.body_timeout_s)
        except TimeoutError:  # a slow (or stalled) client must not hold the connection and its buffer
            message = f"the request body did not arrive within {self.body_timeout_s:g} s; send it at once"
            await send_error(send, 408, "RequestTimeout", message)
            return
        if body is None:
            await send_error(send, 413, "RequestTooLarge", self._too_large_message())
            return
        await self.app(scope, _replay(body, receive), send)

    def _too_large_message(self) -> str:
        return f"request body exceeds the limit of {self.max_bytes} bytes (Config.max_request_bytes); send less"

    def _refuse_headers(self, path: str, headers: dict[bytes, bytes]) -> tuple[int, str, str] | None:
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return 400, "BadRequest", "Content-Length must be a non-negative integer"
            if int(length) > self.max_bytes:
                return 413, "RequestTooLarge", self._too_large_message()
        if path in self.json_paths and _media_type(headers) != "application/json":
            got = _media_type(headers) or "none"
            return 415, "UnsupportedMediaType", f"content type {got!r} not accepted; send application/json"
        return None

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it grows past the cap."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive_more: Receive) -> Receive:
    """Hand the buffered body to the app once, then pass on the client's own messages (disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await receive_more()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_security_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers: list[Any] = list(message.get("headers", []))
            present = {name.lower() for name, _ in headers}
            headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
            if b"content-security-policy" not in present:
                headers.append((b"content-security-policy", PAGE_CSP.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped
