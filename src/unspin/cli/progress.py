"""Progress of a long command on stderr: a bar on a terminal, else a log line every 10 seconds.

Both start with the first article: a bar is drawn at once, and the first log line is
written as soon as one article is done, so a long run is never silent.  Nothing goes to
stdout, which carries the command's output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

#: Seconds between progress lines when stderr is not a terminal.
LOG_EVERY_S = 10.0


class LogLines:
    """Writes ``line()`` to ``stream`` after the first update, then at most every ``every`` seconds."""

    def __init__(self, stream: TextIO, every: float = LOG_EVERY_S, clock: Callable[[], float] = time.monotonic):
        self.stream = stream
        self.every = every
        self.clock = clock
        self.last: float | None = None

    def __call__(self, line: Callable[[], str], *, final: bool = False) -> None:
        now = self.clock()
        if self.last is not None and now - self.last < self.every and not final:
            return
        self.last = now
        print(line(), file=self.stream, flush=True)


class ArticleProgress:
    """``with ArticleProgress(total, "unspin analyze") as progress: ... progress.advance(failed=...)``."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self._log = LogLines(self.stream)

    def __enter__(self) -> ArticleProgress:
        if self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn(f"[bold]{self.label}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total, failed=0)
        return self

    def advance(self, *, failed: bool = False) -> None:
        self.done += 1
        self.failed += int(failed)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, failed=self.failed)
        else:
            self._log(self._line, final=self.done == self.total)

    def _line(self) -> str:
        seconds = time.monotonic() - self.started
        rate = self.done / seconds if seconds > 0 else 0.0
        return (
            f"{self.label}: {self.done}/{self.total} articles ({self.failed} failed), "
            f"{seconds:.0f} s, {rate:.1f} articles/s"
        )

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)
