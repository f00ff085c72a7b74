"""Engines run :func:`unspin.corpus.work.process_chunk` over a stream of tasks.

``inline`` runs in this process (``--workers 0``); ``local`` uses worker processes
started with *spawn* (no state inherited from the parent, models loaded once per
worker); ``ray`` uses Ray actors, one pipeline per actor, on a local cluster or at
``--ray-address``.  Every engine keeps a bounded number of chunks in flight (memory
stays flat however large the corpus) and yields results in input order, so every
engine writes the same rows.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, Protocol

from unspin.corpus.work import ErrorRow, PipelineSpec, Result, Task, init_worker, process_chunk, process_task
from unspin.errors import ConfigError, PipelineError
from unspin.orphans import exit_with_parent
from unspin.runtime import set_model_threads, share_cores

ENGINES = ("local", "ray")


class Engine(Protocol):
    def map(self, tasks: Iterable[Task]) -> Iterator[Result]: ...

    def close(self) -> None: ...


def chunked(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    it = iter(tasks)
    while chunk := list(islice(it, size)):
        yield chunk


class InlineEngine:
    """Runs the pipeline in this process: for tests, debugging and tiny corpora."""

    def __init__(self, spec: PipelineSpec) -> None:
        self.pipeline = spec.build()

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        for task in tasks:
            yield process_task(task, self.pipeline)

    def close(self) -> None:
        pass


#: A worker is replaced by a fresh one after this many chunks (of 4 articles): spaCy's vocabulary and
#: string store only grow, so a worker that analysed thousands of articles holds more memory than a new
#: one; a new worker costs about 4 CPU seconds of loading, under 1 % of 250 chunks' work.
CHUNKS_PER_WORKER = 250


class LocalEngine:
    """Worker processes; each builds its pipeline once, in :func:`init_worker`, and is replaced by a
    fresh one after :data:`CHUNKS_PER_WORKER` chunks (memory stays flat however long the batch).

    When a worker dies (a crash in native code, the out-of-memory killer), the pool
    is restarted and the chunks in flight are re-run one article at a time, so the
    article that kills a worker is found, stored as an error, and the batch goes on.
    """

    def __init__(self, spec: PipelineSpec, workers: int, chunk_size: int = 4) -> None:
        self.spec = spec
        self.workers = workers
        self.chunk_size = chunk_size
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_local_worker,
            initargs=(self.spec, share_cores(self.workers)),
            max_tasks_per_child=CHUNKS_PER_WORKER,
        )

    def _restart(self) -> None:
        """A fresh pool, checked: workers that die as they start are a broken setup, not a bad article."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        try:
            self.pool.submit(_ready).result()
        except BrokenProcessPool as exc:
            raise PipelineError(
                "worker processes die as they start (see the messages above); fix that, then re-run to resume"
            ) from exc

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        window: deque[tuple[list[Task], Future[list[Result]]]] = deque()
        for chunk in chunked(tasks, self.chunk_size):
            window.append((chunk, self.pool.submit(process_chunk, chunk)))
            if len(window) >= 2 * self.workers:
                yield from self._collect(window)
        while window:
            yield from self._collect(window)

    def _collect(self, window: deque[tuple[list[Task], Future[list[Result]]]]) -> list[Result]:
        chunk, future = window.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            pending = [task for c in [chunk, *(c for c, _ in window)] for task in c]
            window.clear()
            self._restart()
            return [self._isolated(task) for task in pending]

    def _isolated(self, task: Task) -> Result:
        try:
            return self.pool.submit(process_chunk, [task]).result()[0]
        except BrokenProcessPool:
            self._restart()
            reason = "the worker process died analysing this article (a crash or out of memory)"
            return ErrorRow(task.key, task.record.id, task.record.origin, reason)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _ready() -> bool:
    return True


def _init_local_worker(spec: PipelineSpec, threads: int) -> None:
    # Ctrl-C reaches the whole process group: let the parent alone handle it and shut the pool down,
    # rather than every worker dying and looking like a crash.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()  # a batch killed with -9 must not leave its workers running (issue 18)
    set_model_threads(threads)  # workers split the cores instead of each taking them all
    init_worker(spec)


class RayEngine:
    """Ray actors, one pipeline each; starts a local cluster unless one is running or an address is given.

    Like :class:`LocalEngine`, a dead actor is replaced and its chunk re-run one article at a
    time, so the article that kills an actor is stored as an error and the batch goes on.
    """

    def __init__(self, spec: PipelineSpec, workers: int, address: str | None = None, chunk_size: int = 4) -> None:
        try:
            import ray
        except ImportError as exc:
            raise ConfigError("the ray engine needs Ray: pip install 'unspin[corpus]'") from exc
        self.ray = ray
        self.spec = spec
        self.chunk_size = chunk_size
        self.started_cluster = False
        if not ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
            self.started_cluster = True
        self.actor_class: Any = ray.remote(num_cpus=1)(_PipelineActor)
        self.actors: list[Any] = [self.actor_class.remote(spec) for _ in range(workers)]

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        window: deque[tuple[list[Task], Any, int, Any]] = deque()
        for i, chunk in enumerate(chunked(tasks, self.chunk_size)):
            slot = i % len(self.actors)
            actor = self.actors[slot]
            window.append((chunk, actor.process.remote(chunk), slot, actor))
            if len(window) >= 2 * len(self.actors):
                yield from self._collect(*window.popleft())
        while window:
            yield from self._collect(*window.popleft())

    def _collect(self, chunk: list[Task], ref: Any, slot: int, actor: Any) -> list[Result]:
        try:
            results: list[Result] = self.ray.get(ref)
        except self.ray.exceptions.RayActorError:
            if self.actors[slot] is actor:  # not replaced yet by an earlier chunk of the same actor
                self._replace(slot)
            return [self._isolated(task, slot) for task in chunk]
        except self.ray.exceptions.RayError as exc:
            raise PipelineError(f"a Ray task failed ({type(exc).__name__}: {exc})") from exc
        return results

    def _isolated(self, task: Task, slot: int) -> Result:
        try:
            result: list[Result] = self.ray.get(self.actors[slot].process.remote([task]))
            return result[0]
        except self.ray.exceptions.RayActorError:
            self._replace(slot)
            reason = "the Ray actor died analysing this article (a crash or out of memory)"
            return ErrorRow(task.key, task.record.id, task.record.origin, reason)

    def _replace(self, slot: int) -> None:
        """A fresh actor in ``slot``, checked: actors that die as they start are a broken setup."""
        self.ray.kill(self.actors[slot])
        self.actors[slot] = self.actor_class.remote(self.spec)
        try:
            self.ray.get(self.actors[slot].ready.remote())
        except self.ray.exceptions.RayError as exc:
            raise PipelineError("Ray actors die as they start; fix that, then re-run to resume") from exc

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        if self.started_cluster:
            self.ray.shutdown()


class _PipelineActor:
    def __init__(self, spec: PipelineSpec) -> None:
        set_model_threads(1)  # an actor is scheduled on one CPU of the cluster
        init_worker(spec)

    def process(self, chunk: list[Task]) -> list[Result]:
        return process_chunk(chunk)

    def ready(self) -> bool:
        return True


def make_engine(name: str, spec: PipelineSpec, workers: int, ray_address: str | None = None) -> Engine:
    if workers < 0:
        raise ConfigError(f"--workers must be 0 (run in this process) or more, got {workers}")
    if name == "local":
        return InlineEngine(spec) if workers == 0 else LocalEngine(spec, workers)
    if name == "ray":
        return RayEngine(spec, max(workers, 1), ray_address)
    raise ConfigError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
