"""Runs analyses off the event loop: a bounded thread pool, a queue limit and a time limit.

Stages are CPU-bound (spaCy, ONNX Runtime); running them in a small pool keeps the event loop
free, so ``/v1/health`` answers while articles are analysed.  Work that overruns the time limit
gets a 504 at once; its thread finishes in the background and still counts towards the queue
limit until it does, so a flood of slow requests cannot pile up unbounded work.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from unspin.config import Config
from unspin.document import SCHEMA_VERSION, Document, Source
from unspin.errors import InputError, PipelineError
from unspin.pipeline import Pipeline
from unspin.server.fetch import UrlPolicy, fetch_page
from unspin.server.guards import AnalysisTimeoutError, ServerBusyError
from unspin.server.schemas import AnalyzeRequest

log = logging.getLogger("unspin.server")

WARM_UP_TEXT = "Officials said on Monday that 12 people were hurt.\n\nThe minister called the report a shameful lie."


@dataclass(frozen=True)
class Rendered:
    """An analysis answer: a JSON-able dict for format=json, else text with its media type."""

    media_type: str
    json: dict[str, Any] | None = None
    text: str | None = None


class Analyzer:
    """Owns the pool that runs ``read -> pipeline -> render`` for each request."""

    def __init__(self, config: Config, policy: UrlPolicy, *, workers: int, max_queue: int, timeout_s: float) -> None:
        self.config = config
        self.policy = policy
        self.workers = workers
        self.max_in_flight = workers + max_queue
        self.timeout_s = timeout_s
        self.warm = False
        self.warm_up_error: str | None = None
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="unspin-analyze")
        self._in_flight = 0
        self._lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def stage_names(self) -> list[str]:
        return Pipeline.default(self.config).names

    async def warm_up(self) -> None:
        """Run the whole pipeline once so every model loads before the first request."""
        try:
            await self._submit(lambda: self._analyze(AnalyzeRequest(text=WARM_UP_TEXT)), timeout_s=None)
            self.warm = True
        except Exception as exc:  # a missing or broken model must not stop the server: /v1/health reports it
            self.warm_up_error = f"{type(exc).__name__}: {exc}"
            log.exception("warm-up analysis failed; requests will report the error")

    async def analyze(self, request: AnalyzeRequest) -> Rendered:
        return await self._submit(lambda: self._analyze(request), timeout_s=self.timeout_s)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _submit(self, work: Any, timeout_s: float | None) -> Rendered:
        with self._lock:
            if self._in_flight >= self.max_in_flight:
                raise ServerBusyError(
                    f"{self._in_flight} analyses are queued or running (limit {self.max_in_flight}); retry shortly"
                )
            self._in_flight += 1
        future: Future[Rendered] = self._executor.submit(work)
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout_s)
        except TimeoutError:
            future.cancel()  # only helps while still queued; a running stage cannot be interrupted
            raise AnalysisTimeoutError(
                f"analysis took longer than the server's limit of {timeout_s:g} s; send a shorter article"
            ) from None

    def _release(self, _future: Future[Rendered]) -> None:
        with self._lock:
            self._in_flight -= 1

    def _analyze(self, request: AnalyzeRequest) -> Rendered:
        pipeline = self._pipeline(request.until)
        doc = pipeline(self._read(request))
        return render(doc, request.format)

    def _pipeline(self, until: str | None) -> Pipeline:
        try:
            return Pipeline.default(self.config, until=until)
        except PipelineError as exc:
            raise InputError(f"until: {exc}") from None

    def _read(self, request: AnalyzeRequest) -> Document:
        """The Document for the request.  Content is always passed as bytes, never as a path."""
        if request.url is not None:
            page = fetch_page(request.url, self.config, self.policy)
            doc = read_bytes(page.body, "html" if page.is_html else "text", self.config)
            doc.source.kind, doc.source.url = "url", page.url
            return doc
        if request.html is not None:
            return read_bytes(request.html.encode("utf-8"), "html", self.config)
        return read_bytes((request.text or "").encode("utf-8"), "text", self.config)


def read_bytes(payload: bytes, kind: str, config: Config) -> Document:
    """Read content with the project's readers; bytes so a string can never be taken as a file path."""
    try:
        from unspin.readers import read_source
    except ModuleNotFoundError as exc:
        if exc.name != "unspin.readers":
            raise
        if kind != "text":
            raise InputError(f"this build cannot read {kind} yet (unspin.readers is missing); send text") from None
        return _plain_text_document(payload, config)  # readers not built yet: plain text only
    doc: Document = read_source(payload, config, kind=kind)
    return doc


def _plain_text_document(payload: bytes, config: Config) -> Document:
    if len(payload) > config.max_input_bytes:
        raise InputError(f"input of {len(payload)} bytes exceeds max_input_bytes ({config.max_input_bytes})")
    text = payload.decode("utf-8")
    if not text.strip():
        raise InputError("the text is empty or only whitespace; send an article")
    return Document(text, Source(kind="text"))


def render(doc: Document, fmt: str) -> Rendered:
    """The requested rendering, through unspin.render (the same renderers as ``unspin analyze``)."""
    try:
        from unspin.render import document_to_json, get_renderer
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("unspin.render") or fmt != "json":
            raise
        return Rendered("application/json", json=_minimal_json(doc))  # renderers not built yet
    if fmt == "json":
        return Rendered("application/json", json=document_to_json(doc))
    media = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}[fmt]
    return Rendered(media, text=get_renderer(fmt)(doc))


def _minimal_json(doc: Document) -> dict[str, Any]:
    layers = {}
    for name, spans in doc.layers.items():
        if name == "tokens":
            continue
        rows = []
        for span in spans:
            raw_start, raw_end = doc.raw_span(span)
            rows.append({**span.to_json(), "raw_start": raw_start, "raw_end": raw_end})
        layers[name] = rows
    metadata = {**doc.metadata, "removed": [r.to_json() for r in doc.removed]}
    return {
        "schema_version": SCHEMA_VERSION,
        "source": doc.source.to_json(),
        "metadata": metadata,
        "text": doc.text,
        "layers": layers,
        "summary": doc.summary,
    }
