"""Clients that drip their request headers are cut off after a deadline (408, then closed).

The body guard (:mod:`unspin.server.guards`) times out a slow *body*, and uvicorn closes idle
keep-alive connections, but a client that sends its request line and headers a byte at a time
holds a connection as long as it likes ("slowloris"): every byte resets uvicorn's keep-alive
timer, and the application never sees the request.  :func:`header_deadline_protocol` gives
uvicorn an HTTP protocol in which each request must finish its headers within a fixed time of
the connection's start, or of the previous response's end.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Default seconds a client has to send a request's line and headers.
HEADER_TIMEOUT_S = 10.0


class _HeaderDeadlineProtocol(H11Protocol):
    header_timeout_s = HEADER_TIMEOUT_S
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # the headers are in: the body guard takes over
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets the same time for its headers

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _headers_too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        body = f"the request headers did not arrive within {self.header_timeout_s:g} s\n".encode()
        head = (
            "HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"connection: close\r\ncontent-length: {len(body)}\r\n\r\n"
        ).encode()
        self.transport.write(head + body)
        self.transport.close()


def header_deadline_protocol(seconds: float = HEADER_TIMEOUT_S) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline of ``seconds`` on each request's headers."""
    if seconds <= 0:
        raise ValueError(f"the header deadline must be > 0 s, not {seconds}")
    return type("HeaderDeadlineProtocol", (_HeaderDeadlineProtocol,), {"header_timeout_s": float(seconds)})
