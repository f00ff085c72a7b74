"""Cost of reading an HTML page, and the share of it spent on the page audit and the page metadata.

    .venv/bin/python benchmarks/bench_html_audit.py

Uses the test page ``tests/readers/pages/wire-story.html`` (our own) and the same page with
300 more paragraphs of filler in its article, so the figures do not need ../shared.  Prints
a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unspin.document import Source
from unspin.readers.html import html_to_document
from unspin.readers.html_audit import audit_page
from unspin.readers.html_meta import page_metadata

PAGE = Path(__file__).resolve().parents[1] / "tests" / "readers" / "pages" / "wire-story.html"


def _mean_ms(fn: object, repeat: int) -> float:
    assert callable(fn)
    started = time.perf_counter()
    for _ in range(repeat):
        fn()
    return 1000 * (time.perf_counter() - started) / repeat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement (default 5)")
    args = parser.parse_args(argv)
    html = PAGE.read_text(encoding="utf-8")
    filler = "".join(
        f"<p>Paragraph {i} of the council's long report on the harbour, its costs and its history.</p>"
        for i in range(300)
    )
    pages = {
        "wire-story.html": html,
        "the same, 300 more paragraphs": html.replace("<p>Local fishermen", filler + "<p>Local fishermen"),
    }
    print(f"## HTML reading: page audit and metadata ({time.strftime('%Y-%m-%d')})\n")
    print("`.venv/bin/python benchmarks/bench_html_audit.py`\n")
    print("| page | characters | html_to_document | of which audit_page | of which page_metadata |")
    print("|---|---|---|---|---|")
    for name, page in pages.items():
        doc = html_to_document(page, Source(kind="text"))  # warm-up
        total = _mean_ms(lambda page=page: html_to_document(page, Source(kind="text")), args.repeat)
        audit = _mean_ms(lambda page=page, doc=doc: audit_page(page, doc.markup, doc.raw), args.repeat)
        meta = _mean_ms(lambda page=page: page_metadata(page), args.repeat)
        print(f"| {name} | {len(page):,} | {total:.1f} ms | {audit:.1f} ms | {meta:.1f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
