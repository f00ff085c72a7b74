from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from corpus_fake_stages import TECHNIQUE_WORDS
from corpus_helpers import FAKE
from corpus_synthetic import OUTLETS, TRAVELLING, article, write_jsonl

from unspin.cli.main import main
from unspin.corpus.batch import run_batch
from unspin.corpus.export import export_store
from unspin.corpus.report import collect, render_report
from unspin.corpus.search import search_articles
from unspin.corpus.stats import corpus_stats, stats_text
from unspin.corpus.store import Store
from unspin.corpus.travel import travelling_claims
from unspin.errors import ConfigError

N = 60
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UNSPIN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("queries")
    corpus = write_jsonl(folder / "corpus.jsonl", N, extra=('{"id": "bad", "text": "POISON"}',))
    with Store.open(f"sqlite:///{folder}/store.db") as opened:
        run_batch([corpus], opened, FAKE, workers=0)
        yield opened


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; create it with UNSPIN_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; review, then UNSPIN_UPDATE_GOLDEN=1"


def _expected_technique_counts() -> Counter[str]:
    counts: Counter[str] = Counter()
    for i in range(N):
        text = article(i)["text"]
        for word, label in TECHNIQUE_WORDS.items():
            counts[label] += len(re.findall(re.escape(word), text, flags=re.IGNORECASE))
    return counts


def test_overall_stats_match_the_corpus(store: Store) -> None:
    (overall,) = corpus_stats(store)
    words = sum(len(article(i)["text"].split()) for i in range(N))
    assert (overall.group, overall.articles, overall.words) == ("all", N, words)
    assert overall.techniques == dict(_expected_technique_counts())
    assert overall.technique_rates["Doubt"] == pytest.approx(1000 * overall.techniques["Doubt"] / words)
    assert 0 < overall.flagged_share < 1
    assert dict(overall.sources)["Bob Tran"] == sum("Bob Tran denied" in article(i)["text"] for i in range(N))
    assert set(overall.stances) == {"neutral", "denial", "endorsing"}


def test_stats_by_outlet_and_month_partition_the_articles(store: Store) -> None:
    by_outlet = corpus_stats(store, by="outlet")
    assert [g.group for g in by_outlet] == sorted(OUTLETS)
    by_month = corpus_stats(store, by="month")
    assert [g.group for g in by_month] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    for groups in (by_outlet, by_month):
        assert sum(g.articles for g in groups) == N
    with pytest.raises(ConfigError, match="cannot group by 'year'; choose outlet or month"):
        corpus_stats(store, by="year")


def test_stats_text_by_outlet_golden(store: Store) -> None:
    _golden("stats_by_outlet.txt", stats_text(corpus_stats(store, by="outlet")))


def test_search_filters_combine(store: Store) -> None:
    denied = search_articles(store, source="bob tran", limit=100)
    assert {h.record_id for h in denied} == {f"art-{i}" for i in range(N) if "Bob Tran" in article(i)["text"]}
    both = search_articles(store, source="bob tran", technique="flag", outlet="herald", limit=100)
    assert both and all(h.outlet == "Borduria Herald" for h in both)
    assert {h.record_id for h in search_articles(store, text="Report number 7 ")} == {"art-7"}
    assert search_articles(store, entity="Borduria", limit=100)
    assert search_articles(store, text="%") == []  # LIKE wildcards in a query are literal
    published = [h.published for h in search_articles(store, limit=100)]
    assert published == sorted(published, reverse=True)


def test_export_has_one_row_per_article_and_error(store: Store, tmp_path: Path) -> None:
    assert export_store(store, "jsonl", tmp_path / "x.jsonl") == N + 1
    rows = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == N and rows[-1]["status"] == "error" and rows[-1]["error"] == "ValueError: poisoned article"
    first = next(r for r in ok if r["id"] == "art-0")
    assert first["document"]["text"] == article(0)["text"]
    assert first["n_techniques"] == len(first["document"]["layers"]["techniques"])
    assert first["layer_counts"]["claims"] == first["n_claims"]

    assert export_store(store, "csv", tmp_path / "x.csv") == N + 1
    with (tmp_path / "x.csv").open(newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == N + 1 and table[0]["id"] == first["id"] and "document" not in table[0]

    import pyarrow.parquet as pq

    assert export_store(store, "parquet", tmp_path / "x.parquet") == N + 1
    parquet = pq.read_table(tmp_path / "x.parquet")
    assert parquet.num_rows == N + 1 and str(parquet.schema.field("n_claims").type) == "int64"


def test_export_refuses_an_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown export format 'xml'; choose one of: jsonl, csv, parquet"):
        export_store(store, "xml", tmp_path / "x.xml")


def test_travelling_claim_is_found_across_outlets_with_its_first_sighting(store: Store) -> None:
    clusters = travelling_claims(store)
    dam = next(c for c in clusters if "dam on the rell" in c.text.lower())
    assert len(dam.outlets) == 3 and dam.articles == N // 5  # both wordings in one cluster
    assert (dam.first.record_id, dam.first.outlet, dam.text) == ("art-0", "Daily Lantern", TRAVELLING)
    assert not any(c.text.startswith("Report number") for c in clusters)  # distinct reports stay apart
    strict = travelling_claims(store, threshold=1.0)
    assert next(c for c in strict if "dam on the" in c.text.lower()).articles == N // 10
    with pytest.raises(ConfigError, match="threshold"):
        travelling_claims(store, threshold=0)


def test_report_is_self_contained_golden(store: Store) -> None:
    data = replace(collect(store), store_url="sqlite:///store.db")
    html = render_report(data)
    assert "<script" not in html and "src=" not in html and "<link" not in html
    assert html.count("<svg") == 5 and "Claims that travel" in html
    _golden("report.html", html)


def test_report_of_an_empty_store_says_so(sqlite_store: Store) -> None:
    html = render_report(collect(sqlite_store))
    assert "No technique spans in this store." in html and "No claim appears in more than one outlet." in html


def test_cli_corpus_commands(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = ["--store", store.url]
    assert main(["corpus", "stats", *url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["articles"] == N
    assert main(["corpus", "search", *url, "--text", "Report number 7 ", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "art-7"
    assert main(["corpus", "travel", *url, "--limit", "1"]) == 0
    assert capsys.readouterr().out.startswith("3 outlets, ")
    assert main(["corpus", "report", *url, "-o", str(tmp_path / "r.html")]) == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["corpus", "export", *url, "--format", "csv", "-o", str(tmp_path / "missing" / "x.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.postgres
def test_postgres_store_gives_the_same_answers_as_sqlite(store: Store, pg_store: Store, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", N, extra=('{"id": "bad", "text": "POISON"}',))
    run_batch([corpus], pg_store, FAKE, workers=0)
    for by in (None, "outlet", "month"):
        assert [s.to_json() for s in corpus_stats(pg_store, by=by)] == [s.to_json() for s in corpus_stats(store, by=by)]
    assert [c.to_json() for c in travelling_claims(pg_store)] == [c.to_json() for c in travelling_claims(store)]
    queries = ({"source": "BOB", "technique": "flag"}, {"text": "report number 7 "}, {"text": "%"}, {"entity": "bord"})
    for query in queries:
        assert search_articles(pg_store, **query) == search_articles(store, **query)
    export_store(pg_store, "jsonl", tmp_path / "pg.jsonl")
    export_store(store, "jsonl", tmp_path / "lite.jsonl")
    assert (tmp_path / "pg.jsonl").read_text(encoding="utf-8") == (tmp_path / "lite.jsonl").read_text(encoding="utf-8")


def test_cli_refuses_to_query_a_store_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "stats", "--store", f"sqlite:///{tmp_path}/none.db"]) == 6
    assert "does not exist; fill it with `unspin batch" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_search_shows_the_matching_spans_in_context(store: Store) -> None:
    hits = search_articles(store, technique="doubt", limit=100)
    assert hits and all(h.matches for h in hits)
    texts = {f"art-{i}": article(i)["text"] for i in range(N)}
    for hit in hits:
        for match in hit.matches:
            assert match.label == "Doubt" and match.text.lower() == "so-called"
            assert match.start is not None and texts[hit.record_id][match.start : match.end] == match.text
            assert match.after.startswith(" experts never visited")
    (seven,) = search_articles(store, text="report number 7 ")
    assert [(m.layer, m.text, m.before) for m in seven.matches] == [("text", "Report number 7", "")]
    (said,) = search_articles(store, source="bob", text="Report number 2 ")
    assert any(
        m.label == "said by Bob Tran" and m.after == " denied the Water Ministry had closed 3 wells"
        for m in said.matches
    )


def test_search_resolves_technique_names_and_refuses_unknown_ones(store: Store) -> None:
    from unspin.corpus.search import resolve_technique, technique_labels

    labels = technique_labels(store)
    assert len(labels) == 14
    assert resolve_technique("name calling", labels) == ["Name_Calling,Labeling"]
    assert resolve_technique("Flag-waving", labels) == ["Flag-Waving"]
    assert resolve_technique("loaded", labels) == ["Loaded_Language"]
    with pytest.raises(
        ConfigError, match=r"unknown technique 'Sarcasm'; choose one of: Appeal_to_Authority, .*Slogans"
    ):
        search_articles(store, technique="Sarcasm")


def test_cli_search_prints_matches_and_exits_2_on_an_unknown_technique(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", "search", "--store", store.url, "--technique", "Doubt", "--limit", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("    Doubt 0.90  …") and "«so-called»" in out[1]
    assert main(["corpus", "search", "--store", store.url, "--technique", "Sarcasm"]) == 2
    err = capsys.readouterr().err
    assert "unknown technique 'Sarcasm'" in err and "Loaded_Language" in err
