"""``unspin corpus stats|search|export|travel|report``: read what ``unspin batch`` stored."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from unspin.corpus.store import DEFAULT_STORE, Store


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("corpus", help="aggregates, search, export and report over a batch store")
    sub = p.add_subparsers(dest="corpus_command", metavar="SUBCOMMAND", required=True)

    stats = _sub(sub, "stats", "technique rates, flagged share, claims, quoted sources, cue stances", _stats)
    stats.add_argument("--by", choices=("outlet", "month"), help="one row per outlet or per month")
    stats.add_argument("--json", action="store_true", help="JSON instead of text")

    search = _sub(
        sub,
        "search",
        "articles by technique, entity, source, outlet or text, each with the matching spans in context",
        _search,
    )
    search.add_argument(
        "--technique",
        metavar="T",
        help="technique label or name, or part of one (e.g. loaded, name_calling); an unknown one lists the valid",
    )
    search.add_argument("--entity", metavar="E", help="entity name (substring)")
    search.add_argument("--source", metavar="S", help="quoted source (substring)")
    search.add_argument("--outlet", help="outlet (substring)")
    search.add_argument("--text", metavar="Q", help="text of the article (substring)")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true", help="JSON lines instead of a table")

    export = _sub(
        sub,
        "export",
        "one row per article (JSONL with the full JSON, CSV or Parquet), or one row per technique, claim or "
        "attribution span",
        _export,
    )
    export.add_argument(
        "--table",
        choices=("articles", "techniques", "claims", "attributions"),
        default="articles",
        help="articles (default: one row per article, errors included) or one row per span of that layer: "
        "article id, label, offsets into the clean text and the raw input, text, score and its attributes "
        "(techniques: shown, reason)",
    )
    export.add_argument("--format", choices=("jsonl", "csv", "parquet"), required=True)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")

    travel = _sub(sub, "travel", "near-duplicate claims seen across outlets (MinHash/LSH)", _travel)
    travel.add_argument("--threshold", type=float, default=0.6, help="Jaccard similarity of word 3-grams")
    travel.add_argument("--min-outlets", type=int, default=2)
    travel.add_argument("--limit", type=int, default=50)
    travel.add_argument("--json", action="store_true", help="JSON lines instead of text")

    report = _sub(
        sub,
        "report",
        "a self-contained HTML report with charts; rates with 95 percent intervals, small outlets grouped, the most "
        "flagged articles linked to their own reports (written to FILE-articles/ beside it)",
        _report,
    )
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    report.add_argument(
        "--min-articles", type=int, default=5, help="outlets with fewer articles are grouped as one (default 5)"
    )
    report.add_argument(
        "--articles", type=int, default=50, metavar="N", help="most flagged articles to list and link (default 50)"
    )
    report.add_argument(
        "--no-article-reports",
        dest="article_reports",
        action="store_false",
        help="write no article reports beside the page (and no links to them)",
    )


def _sub(sub: Any, name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--store", default=DEFAULT_STORE, help=f"store URL (default {DEFAULT_STORE})")
    p.set_defaults(func=func)
    return p


def _open(args: argparse.Namespace) -> Store:
    return Store.open(args.store, create=False)


def _stats(args: argparse.Namespace) -> int:
    from unspin.corpus.stats import corpus_stats, stats_text

    with _open(args) as store:
        stats = corpus_stats(store, by=args.by)
    if args.json:
        print(json.dumps([s.to_json() for s in stats], indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(stats_text(stats) if stats else "the store holds no articles\n")
    return 0


def _search(args: argparse.Namespace) -> int:
    from unspin.corpus.search import search_articles

    with _open(args) as store:
        hits = search_articles(
            store,
            technique=args.technique,
            entity=args.entity,
            source=args.source,
            text=args.text,
            outlet=args.outlet,
            limit=args.limit,
        )
    for hit in hits:
        if args.json:
            print(json.dumps(hit.to_json(), ensure_ascii=False))
        else:
            print(
                f"{hit.record_id}\t{hit.outlet or '-'}\t{hit.published or '-'}\t"
                f"{hit.n_techniques} techniques\t{hit.n_claims} claims\t{hit.title or ''}"
            )
            for match in hit.matches:
                print(f"    {match.line()}")
            if hit.more_matches:
                print(f"    ... and {hit.more_matches} more")
    if not args.json:
        print(f"{len(hits)} articles", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from unspin.corpus.export import export_store

    with _open(args) as store:
        n = export_store(store, args.format, args.output, table=args.table)
    print(f"wrote {n} rows to {args.output}", file=sys.stderr)
    return 0


def _travel(args: argparse.Namespace) -> int:
    from unspin.corpus.travel import travelling_claims

    with _open(args) as store:
        clusters = travelling_claims(store, threshold=args.threshold, min_outlets=args.min_outlets, limit=args.limit)
    for c in clusters:
        if args.json:
            print(json.dumps(c.to_json(), ensure_ascii=False))
            continue
        first = c.first
        print(f"{len(c.outlets)} outlets, {c.articles} articles: {c.text}")
        print(f"    first: {first.outlet or '(unknown)'} {first.published or 'undated'} ({first.record_id})")
    if not args.json and not clusters:
        print("no claim appears in more than one outlet")
    return 0


def _report(args: argparse.Namespace) -> int:
    from unspin.corpus.report import write_report

    with _open(args) as store:
        data = write_report(
            store,
            args.output,
            min_articles=args.min_articles,
            top_articles=args.articles,
            article_reports=args.article_reports,
        )
    print(f"wrote {args.output} ({data.overall.articles} articles)", file=sys.stderr)
    return 0
