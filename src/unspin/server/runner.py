"""Runs analyses off the event loop: a bounded pool, a queue limit and a time limit.

Stages are CPU-bound (spaCy, ONNX Runtime); running them in a pool keeps the event loop free,
so ``/v1/health`` answers while articles are analysed.  Two engines: ``thread`` (one process;
simple, but Python-bound stages share one GIL) and ``process`` (worker processes, each loading
the models once when it starts; scales with cores).  Work that overruns the time limit gets a
504 at once, and is stopped: in a worker process an alarm interrupts the analysis where it is
(the parser and the tagger take bounded pieces, so it is never long in one library call), and
a worker that still has not given up ``kill_after_s`` later is killed and the pool replaced; in
the thread engine the analysis stops at the next stage.  Until it has stopped it counts towards
the queue limit, so a flood of slow requests cannot pile up unbounded work.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from unspin.config import Config
from unspin.document import Document
from unspin.errors import InputError, PipelineError, UnspinError
from unspin.orphans import exit_with_parent
from unspin.pipeline import Pipeline
from unspin.readers import read_source
from unspin.render import document_to_json, get_renderer
from unspin.render.html_report import report_fragment
from unspin.runtime import set_model_threads, share_cores
from unspin.server.fetch import UrlPolicy, fetch_page
from unspin.server.schemas import AnalyzeRequest

log = logging.getLogger("unspin.server")

WARM_UP_TEXT = "Officials said on Monday that 12 people were hurt.\n\nThe minister called the report a shameful lie."
Engine = Literal["thread", "process"]


class AnalysisTimeoutError(UnspinError):
    """The analysis did not finish within the server's time limit."""

    http_status = 504


class ServerBusyError(UnspinError):
    """Too many analyses are queued, or a worker died; the client should retry later."""

    http_status = 503


@dataclass(frozen=True)
class Rendered:
    """An analysis answer, already encoded where the analysis ran (off the event loop, in parallel)."""

    media_type: str
    body: bytes


def analyze_request(
    request: AnalyzeRequest | FileRequest, config: Config, policy: UrlPolicy, timeout_s: float | None = None
) -> Rendered:
    """``read -> pipeline -> render`` for one request (runs in a pool thread or worker process).

    Past ``timeout_s`` it raises :class:`AnalysisTimeoutError`: between stages always, and in a
    worker process's main thread also inside a stage (an alarm signal).
    """
    try:
        pipeline = Pipeline.default(config, until=request.until)
    except PipelineError as exc:
        raise InputError(f"until: {exc}") from None
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    with _alarm(timeout_s):
        doc = read_request(request, config, policy)
        for index in range(len(pipeline.stages)):
            if deadline is not None and time.monotonic() > deadline:
                raise _timed_out(timeout_s)
            doc = pipeline(doc, slice(index, index + 1))
        return render(doc, request.format)


def _timed_out(timeout_s: float | None) -> AnalysisTimeoutError:
    return AnalysisTimeoutError(
        f"analysis took longer than the server's limit of {timeout_s or 0:g} s; send a shorter article"
    )


@contextmanager
def _alarm(timeout_s: float | None) -> Iterator[None]:
    """Raise :class:`AnalysisTimeoutError` inside the analysis after ``timeout_s`` (worker processes only:
    signals reach the main thread, and the thread engine's analyses run in other threads)."""
    usable = (
        timeout_s is not None
        and multiprocessing.parent_process() is not None
        and threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
    )
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _timed_out(timeout_s)

    previous = signal.signal(signal.SIGALRM, expire)
    # fires again every second: an exception raised inside a __del__ is swallowed by Python
    signal.setitimer(signal.ITIMER_REAL, timeout_s or 0, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class FileRequest:
    """A file sent as it is (``POST /v1/analyze/file``): its bytes, read as ``kind`` like ``unspin analyze FILE``."""

    payload: bytes
    kind: Literal["text", "html"] = "text"
    format: str = "json"
    until: str | None = None
    name: str | None = None


def read_request(request: AnalyzeRequest | FileRequest, config: Config, policy: UrlPolicy) -> Document:
    """The Document for the request.  Content is always passed as bytes, never as a path."""
    if isinstance(request, FileRequest):
        doc = read_bytes(request.payload, request.kind, config)
        if request.name:
            doc.source.name = request.name
        return doc
    if request.url is not None:
        page = fetch_page(request.url, config, policy)
        doc = read_bytes(page.body, "html" if page.is_html else "text", config)
        doc.source.kind, doc.source.url = "url", page.url
        return doc
    if request.html is not None:
        return read_bytes(request.html.encode("utf-8"), "html", config)
    return read_bytes((request.text or "").encode("utf-8"), "text", config)


#: Why the warm-up failed in this worker process (None: it succeeded).
_WORKER_WARM_UP_ERROR: str | None = None


def warm_up_here(config: Config) -> str | None:
    """Run the pipeline once in this process so its models load; the error text if that fails."""
    try:
        analyze_request(AnalyzeRequest(text=WARM_UP_TEXT), config, UrlPolicy())
        return None
    except Exception as exc:  # a missing or broken model must not stop the server: /v1/health reports it
        log.exception("warm-up analysis failed; requests will report the error")
        return f"{type(exc).__name__}: {exc}"


def _init_worker(config: Config, threads: int) -> None:
    global _WORKER_WARM_UP_ERROR
    exit_with_parent()  # a server killed with -9 must not leave its workers running
    set_model_threads(threads)  # the worker processes split the cores
    _WORKER_WARM_UP_ERROR = warm_up_here(config)


def _worker_warm_up_error() -> str | None:
    return _WORKER_WARM_UP_ERROR


class Analyzer:
    """Owns the pool that runs :func:`analyze_request` for each request."""

    def __init__(
        self,
        config: Config,
        policy: UrlPolicy,
        *,
        workers: int,
        max_queue: int,
        timeout_s: float,
        engine: Engine = "thread",
        start_method: str = "forkserver",
        kill_after_s: float = 10.0,
    ) -> None:
        self.config = config
        self.policy = policy
        self.workers = workers
        self.max_in_flight = workers + max_queue
        self.timeout_s = timeout_s
        self.engine = engine
        self.start_method = start_method
        self.kill_after_s = kill_after_s
        self.warm = False
        self.warm_up_error: str | None = None
        self._executor = self._new_executor()
        self._in_flight = 0
        self._lock = threading.Lock()

    def _new_executor(self) -> Executor:
        if self.engine == "thread":
            return ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="unspin-analyze")
        context = multiprocessing.get_context(self.start_method)
        threads = share_cores(self.workers)
        return ProcessPoolExecutor(self.workers, context, initializer=_init_worker, initargs=(self.config, threads))

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def stage_names(self) -> list[str]:
        return Pipeline.default(self.config).names

    async def warm_up(self) -> None:
        """Load every model before the first request: once per worker process, or once for the threads."""
        if self.engine == "thread":
            errors = [await self._submit(warm_up_here, self.config)]
        else:  # each worker warms up as it starts; asking every worker starts them all
            errors = await asyncio.gather(*(self._submit(_worker_warm_up_error) for _ in range(self.workers)))
        self.warm_up_error = next((e for e in errors if e), None)
        self.warm = self.warm_up_error is None

    async def analyze(self, request: AnalyzeRequest | FileRequest) -> Rendered:
        rendered: Rendered = await self._submit(
            analyze_request, request, self.config, self.policy, self.timeout_s, timeout_s=self.timeout_s
        )
        return rendered

    def shutdown(self) -> None:
        """Drop queued work; wait for running analyses, so worker processes exit rather than outlive the server."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    async def _submit(self, fn: Any, *args: Any, timeout_s: float | None = None) -> Any:
        with self._lock:
            if self._in_flight >= self.max_in_flight:
                raise ServerBusyError(
                    f"{self._in_flight} analyses are queued or running (limit {self.max_in_flight}); retry shortly"
                )
            self._in_flight += 1
        executor = self._executor
        try:
            future: Future[Any] = executor.submit(fn, *args)
        except BrokenExecutor:
            self._release(None)
            self._replace_broken(executor)
            raise ServerBusyError("an analysis worker died; the pool was restarted, retry shortly") from None
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout_s)
        except TimeoutError:
            if not future.cancel() and self.engine == "process":  # running: the worker's alarm should stop it
                asyncio.get_running_loop().call_later(self.kill_after_s, self._kill_if_running, future, executor)
            raise _timed_out(timeout_s) from None
        except BrokenExecutor:
            self._replace_broken(executor)
            raise ServerBusyError("an analysis worker died (out of memory?); retry shortly") from None

    def _kill_if_running(self, future: Future[Any], executor: Executor) -> None:
        """The backstop: a worker still busy ``kill_after_s`` after its deadline is killed, the pool replaced."""
        if future.done() or not isinstance(executor, ProcessPoolExecutor):
            return
        log.warning("an analysis ignored its deadline for %g s; killing its worker processes", self.kill_after_s)
        processes = list(getattr(executor, "_processes", {}).values())
        for process in processes:
            process.kill()
        self._replace_broken(executor)

    def _replace_broken(self, broken: Executor) -> None:
        """A process pool whose worker died refuses all work: start a new one (once, whoever notices first)."""
        with self._lock:
            if self._executor is not broken:
                return
            self._executor = self._new_executor()
        broken.shutdown(wait=False, cancel_futures=True)

    def _release(self, _future: Future[Any] | None) -> None:
        with self._lock:
            self._in_flight -= 1


def read_bytes(payload: bytes, kind: str, config: Config) -> Document:
    """Read content with the project's readers; bytes, so a string can never be taken as a file path."""
    doc: Document = read_source(payload, config, kind=kind)
    return doc


def page_bundle(doc: Document) -> dict[str, Any]:
    """What the web page shows and offers for download: the report body from the HTML report's own
    functions (:func:`~unspin.render.html_report.report_fragment`), the whole report, Markdown and JSON."""
    return {
        "document": document_to_json(doc),
        "fragment": report_fragment(doc),
        "html": get_renderer("html")(doc),
        "markdown": get_renderer("md")(doc),
    }


def render(doc: Document, fmt: str) -> Rendered:
    """The requested rendering, through the same renderers as ``unspin analyze``."""
    if fmt in ("json", "page"):
        data = document_to_json(doc) if fmt == "json" else page_bundle(doc)
        body = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return Rendered("application/json", body.encode("utf-8"))
    media = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}[fmt]
    return Rendered(media, get_renderer(fmt)(doc).encode("utf-8"))
