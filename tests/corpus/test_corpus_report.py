"""The corpus report: the article report's colours, grouped small outlets, intervals, voices, article links."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_helpers import FAKE
from corpus_synthetic import article

from unspin.cli.main import main
from unspin.corpus.batch import run_batch
from unspin.corpus.report import collect, render_report, write_report
from unspin.corpus.stats import corpus_stats, ratio_interval, wilson
from unspin.corpus.store import Store
from unspin.render.palette import technique_style

N = 30
TINY = "Tiny Gazette"
LONG = " ".join(["The catastrophic plan of the so-called experts hurts farmers."] * 12)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("report")
    rows = [article(i) for i in range(N)]
    rows.append(
        {"id": "tiny-1", "text": "Borduria said that the border stays closed 2 days. A disaster.", "outlet": TINY}
    )
    rows.append({"id": "tiny-2", "text": "Rain again. Catastrophic floods.", "outlet": TINY})
    rows.append({"id": "long-1", "text": LONG, "outlet": "Daily Lantern", "published": "2024-02-01"})
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store.open(f"sqlite:///{folder}/store.db") as opened:
        run_batch([corpus], opened, FAKE, workers=0)
        yield opened


def test_wilson_interval_matches_known_values() -> None:
    low, high = wilson(5, 10)
    assert (round(low, 4), round(high, 4)) == (0.2366, 0.7634)
    assert wilson(0, 10)[0] == 0.0 and 0.25 < wilson(0, 10)[1] < 0.35
    assert wilson(1, 1)[0] < 0.25  # one article with a span says little: the interval is wide


def test_ratio_interval_is_the_ratio_estimator_and_needs_two_articles() -> None:
    rng = random.Random(3)
    words = [rng.randint(100, 900) for _ in range(40)]
    spans = [rng.randint(0, 6) for _ in range(40)]
    n, x, y = len(words), sum(words), sum(spans)
    ratio = y / x
    residual = sum((s - ratio * w) ** 2 for w, s in zip(words, spans, strict=True))
    se = (residual / (n * (n - 1))) ** 0.5 / (x / n)
    sums = (sum(w * w for w in words), sum(s * s for s in spans), sum(w * s for w, s in zip(words, spans, strict=True)))
    low, high = ratio_interval(n, x, y, *sums)  # type: ignore[misc]
    assert low == pytest.approx(1000 * (ratio - 1.959964 * se)) and high == pytest.approx(
        1000 * (ratio + 1.959964 * se)
    )
    assert ratio_interval(1, 500, 3, 250000, 9, 1500) is None
    assert ratio_interval(3, 300, 3, 30000, 3, 300) == pytest.approx((10.0, 10.0))  # the same rate everywhere


def test_outlet_groups_carry_their_intervals(store: Store) -> None:
    outlets = {g.group: g for g in corpus_stats(store, by="outlet")}
    tiny = outlets[TINY]
    assert (tiny.articles, tiny.flagged_articles) == (2, 2) and tiny.rate_interval is not None
    lantern = outlets["Daily Lantern"]
    low, high = lantern.rate_interval  # type: ignore[misc]
    assert low <= lantern.rate <= high


def test_voices_are_people_and_organisations_only(store: Store) -> None:
    (overall,) = corpus_stats(store)
    voices = dict(overall.sources)
    assert "Borduria" not in voices  # a country is quoted ("Borduria said that") but is no voice
    assert {"Alice Marsh", "Bob Tran", "the Water Ministry"} <= set(voices)
    borduria = store.query("SELECT COUNT(*) FROM attributions WHERE resolved = 'Borduria'")[0][0]
    assert borduria == 1  # the attribution is stored; only the voices leave it out


def test_report_groups_small_outlets_and_shows_intervals_in_the_article_colours(store: Store) -> None:
    html = render_report(collect(store, min_words=50))
    assert "<td>other outlets (1)</td>" in html
    assert f"<td>{TINY}</td>" not in html
    assert re.search(r'<td class="n">\d+\.\d\d <span class="ci">\(\d+\.\d\d to \d+\.\d\d\)</span></td>', html)
    assert re.search(r'<span class="ci">\(\d+% to \d+%\)</span>', html)
    for label in ("Loaded_Language", "Doubt", "Flag-Waving"):
        style = technique_style(label)
        assert f'fill="{style.colour}"' in html and style.name in html
    assert html.count("<svg") == 5 and "<script" not in html


def test_write_report_links_articles_to_their_own_reports(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "corpus.html"
    data = write_report(store, page, min_words=50)
    html = page.read_text(encoding="utf-8")
    assert data.articles[0].record_id == "long-1"  # the most flagged article of 50 words or more
    links = re.findall(r'<a href="(corpus-articles/[^"]+\.html)">', html)
    assert links and len(set(links)) == len(data.links)
    for key, href in data.links.items():
        report = (tmp_path / href).read_text(encoding="utf-8")
        text = store.query("SELECT text FROM articles WHERE key = ?", [key])[0][0]
        assert report.startswith("<!DOCTYPE html>") and text.split()[0] in report
    dam = next(c for c in data.claims if "dam on the rell" in c.text.lower())
    assert dam.first.article_key in data.links  # the first sighting of a travelling claim opens its article
    bare = write_report(store, tmp_path / "bare.html", article_reports=False)
    assert bare.links == {} and "<a href" not in (tmp_path / "bare.html").read_text(encoding="utf-8")


def test_cli_report_options(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    args = ["corpus", "report", "--store", store.url, "-o", str(out)]
    assert main([*args, "--min-articles", "1", "--articles", "3"]) == 0
    html = out.read_text(encoding="utf-8")
    assert f"<td>{TINY}</td>" in html and "<td>other outlets" not in html
    assert (tmp_path / "r-articles").is_dir()
    assert main([*args, "--min-articles", "0"]) == 2
    assert "--min-articles must be at least 1" in capsys.readouterr().err
