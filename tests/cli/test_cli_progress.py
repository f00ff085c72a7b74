"""Progress on stderr: a log line after the first article, then at most one every 10 s, and the last."""

from __future__ import annotations

import io

from unspin.cli.progress import ArticleProgress, LogLines


def test_log_lines_start_at_once_then_wait_ten_seconds() -> None:
    now = [100.0]
    stream = io.StringIO()
    log = LogLines(stream, every=10.0, clock=lambda: now[0])
    for t, text in ((100.0, "first"), (105.0, "too soon"), (110.5, "ten seconds on"), (111.0, "again too soon")):
        now[0] = t
        log(lambda text=text: text)
    log(lambda: "final", final=True)
    assert stream.getvalue().splitlines() == ["first", "ten seconds on", "final"]


def test_article_progress_without_a_terminal_writes_lines() -> None:
    stream = io.StringIO()
    with ArticleProgress(3, "unspin analyze", stream=stream) as progress:
        progress.advance()
        progress.advance(failed=True)
        progress.advance()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("unspin analyze: 1/3 articles (0 failed)")
    assert lines[-1].startswith("unspin analyze: 3/3 articles (1 failed)")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_article_progress_on_a_terminal_draws_a_bar() -> None:
    stream = _Terminal()
    with ArticleProgress(2, "unspin analyze", stream=stream) as progress:
        progress.advance()
        progress.advance()
    assert progress.done == 2
    assert "unspin analyze" in stream.getvalue()  # drawn by rich on the terminal, not a log line
    assert "articles/s" not in stream.getvalue()
