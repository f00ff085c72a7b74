from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from corpus_helpers import FAKE, dump_store, subprocess_env
from corpus_synthetic import write_jsonl

from unspin.cli.main import main
from unspin.corpus.batch import run_batch
from unspin.corpus.store import Store
from unspin.corpus.work import PipelineSpec
from unspin.errors import ConfigError, PipelineError

BAD_LINES = (json.dumps({"id": "poison", "text": "POISON pill"}), "{not json", json.dumps({"id": "blank", "text": ""}))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl", 40, extra=BAD_LINES)


@pytest.mark.postgres
def test_batch_stores_every_article_once_and_resumes_by_skipping(corpus: Path, any_store: Store) -> None:
    first = run_batch([corpus], any_store, FAKE, workers=0, write_every=7)
    assert (first.seen, first.written, first.errors, first.skipped) == (43, 40, 3, 0)
    reasons = dict(any_store.query("SELECT record_id, reason FROM errors"))
    assert reasons["poison"] == "ValueError: poisoned article"
    assert "invalid JSON" in reasons["corpus.jsonl:42"] and "no non-empty" in reasons["blank"]
    before = dump_store(any_store)
    again = run_batch([corpus], any_store, FAKE, workers=0)
    assert (again.seen, again.written, again.errors, again.skipped) == (43, 0, 0, 43)
    assert dump_store(any_store) == before


def test_local_worker_processes_write_the_same_rows_as_inline(corpus: Path, tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path}/inline.db") as inline, Store.open(f"sqlite:///{tmp_path}/local.db") as local:
        run_batch([corpus], inline, FAKE, workers=0)
        summary = run_batch([corpus], local, FAKE, engine="local", workers=2, write_every=5)
        assert summary.written == 40
        assert dump_store(local) == dump_store(inline)


def test_workers_replaced_after_a_few_chunks_still_write_every_row_once(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import unspin.corpus.engines as engines

    monkeypatch.setattr(engines, "CHUNKS_PER_WORKER", 2)  # a fresh worker every 2 chunks of 4 articles
    with Store.open(f"sqlite:///{tmp_path}/inline.db") as inline, Store.open(f"sqlite:///{tmp_path}/local.db") as local:
        run_batch([corpus], inline, FAKE, workers=0)
        summary = run_batch([corpus], local, FAKE, engine="local", workers=2, write_every=5)
        assert (summary.written, summary.errors) == (40, 3)
        assert dump_store(local) == dump_store(inline)


def test_duplicate_inputs_are_stored_once(corpus: Path, sqlite_store: Store) -> None:
    summary = run_batch([corpus, corpus], sqlite_store, FAKE, workers=0)
    assert (summary.written, summary.duplicates) == (40, 43)
    assert sqlite_store.article_count() == 40


def test_a_new_pipeline_version_analyses_again(corpus: Path, sqlite_store: Store) -> None:
    run_batch([corpus], sqlite_store, FAKE, workers=0)
    changed = PipelineSpec(stages=FAKE.stages, modules=FAKE.modules, options=(("claim_threshold", 0.9),))
    assert run_batch([corpus], sqlite_store, changed, workers=0).written == 40
    assert sqlite_store.article_count() == 80


def test_bad_engine_or_stage_is_refused_before_any_work(corpus: Path, sqlite_store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown engine 'spark'; choose one of: local, ray"):
        run_batch([corpus], sqlite_store, FAKE, engine="spark")
    with pytest.raises(PipelineError, match="no_such_stage"):
        run_batch([corpus], sqlite_store, PipelineSpec(stages=("no_such_stage",)))
    assert sqlite_store.article_count() == 0


def test_cli_batch_prints_a_summary(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    args = ["batch", str(corpus), "--store", url, "--plugin", "corpus_fake_stages", "--stages", "fake_annotate"]
    assert main([*args, "--workers", "0"]) == 0
    assert "43 records: 40 analysed, 0 already done, 3 errors" in capsys.readouterr().out
    assert main([*args, "--workers", "0"]) == 0
    assert "43 records: 0 analysed, 43 already done" in capsys.readouterr().out


def fake_batch_command(corpus: Path, db: Path, write_every: int) -> list[str]:
    """``unspin batch`` as a subprocess over the fake stage, two workers (for kill and Ctrl-C tests)."""
    command = [sys.executable, "-m", "unspin.cli.main", "batch", str(corpus), "--store", f"sqlite:///{db}"]
    plugin = ["--plugin", "corpus_fake_stages", "--stages", "fake_annotate"]
    return [*command, *plugin, "--workers", "2", "--write-every", str(write_every)]


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _count(db: Path) -> int:
    """Articles written so far, read without ever waiting on the running batch: a read-only connection
    that gives up at once (``Store.open`` creates the schema, and may wait on the batch's write lock)."""
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # locked, or no table yet: nothing to count yet
        return 0


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "big.jsonl", 400)
    db = tmp_path / "killed.db"
    command = fake_batch_command(corpus, db, write_every=8)
    env = subprocess_env(UNSPIN_FAKE_DELAY="0.02")
    proc = subprocess.Popen(command, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while _count(db) < 40 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert proc.poll() is None, "the batch finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the batch and its worker processes, mid-write or not
        proc.wait()
    partial = _count(db)
    assert 40 <= partial < 400
    rerun = subprocess.run([*command[:-4], "--workers", "2"], env=subprocess_env(), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial} already done" in rerun.stdout
    with Store.open(f"sqlite:///{db}") as killed, Store.open(f"sqlite:///{tmp_path}/clean.db") as clean:
        run_batch([corpus], clean, FAKE, workers=0)
        assert dump_store(killed) == dump_store(clean)  # same rows, none lost, none twice


@pytest.mark.slow
def test_an_article_that_kills_its_worker_is_an_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 12, extra=(json.dumps({"id": "crash", "text": "CRASH now"}),))
    with Store.open(f"sqlite:///{tmp_path}/x.db") as store:
        summary = run_batch([corpus], store, FAKE, engine="local", workers=2)
        assert (summary.written, summary.errors) == (12, 1)
        assert store.query("SELECT record_id, reason FROM errors") == [
            ("crash", "the worker process died analysing this article (a crash or out of memory)")
        ]


def test_retry_errors_tries_failed_articles_again(corpus: Path, sqlite_store: Store) -> None:
    run_batch([corpus], sqlite_store, FAKE, workers=0)
    again = run_batch([corpus], sqlite_store, FAKE, workers=0, retry_errors=True)
    assert (again.skipped, again.errors, again.written) == (40, 3, 0)
    assert sqlite_store.error_count() == 3


def test_html_pages_from_a_warc_are_extracted_and_take_the_outlet_from_the_url(tmp_path: Path) -> None:
    from test_corpus_inputs import write_warc

    write_warc(tmp_path / "crawl.warc.gz")
    with Store.open(f"sqlite:///{tmp_path}/x.db") as store:
        assert run_batch([tmp_path / "crawl.warc.gz"], store, FAKE, workers=0).written == 1
        ((outlet, url, text),) = store.query("SELECT outlet, url, text FROM articles")
    assert (outlet, url) == ("news.example", "https://news.example/a")
    assert "<p>" not in text and "Café" in text


def test_the_real_pipeline_runs_in_a_batch_until_a_cheap_stage(tmp_path: Path) -> None:
    from unspin.pipeline import registered_stages

    if "clean" not in registered_stages():
        pytest.skip("the clean stage is not registered yet")
    corpus = write_jsonl(tmp_path / "c.jsonl", 5)
    with Store.open(f"sqlite:///{tmp_path}/x.db") as store:
        assert run_batch([corpus], store, PipelineSpec(until="clean"), workers=0).written == 5
        docs = [json.loads(d) for (d,) in store.query("SELECT doc_json FROM articles")]
    assert all(d["stages"] == ["clean"] and d["metadata"]["outlet"] for d in docs)


@pytest.mark.slow
def test_ctrl_c_stops_the_batch_cleanly_without_recording_errors(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 300)
    db = tmp_path / "x.db"
    command = fake_batch_command(corpus, db, write_every=4)
    # 0.2 s an article: 30 s for the whole batch, so on a loaded machine it cannot finish before the
    # interrupt arrives (at 0.05 s a CI run under load finished all 300 first and exited 0)
    env = subprocess_env(UNSPIN_FAKE_DELAY="0.2")
    proc = subprocess.Popen(
        command,
        env=env,
        start_new_session=True,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a test run started in the background (``cmd &``, some CI runners) ignores
        # SIGINT, and a child that starts with it ignored never turns Ctrl-C into KeyboardInterrupt
        preexec_fn=_interruptible,
    )
    try:
        deadline = time.monotonic() + 60
        while _count(db) < 8 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole process group
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130 and "interrupted" in err
    with Store.open(f"sqlite:///{db}") as store:
        assert 8 <= store.article_count() < 300 and store.error_count() == 0


def test_workers_that_cannot_start_stop_the_batch_instead_of_failing_every_article(
    corpus: Path, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNSPIN_FAKE_WORKER_FAIL", "1")
    with pytest.raises(PipelineError, match="worker processes die as they start"):
        run_batch([corpus], sqlite_store, FAKE, engine="local", workers=1)
    assert sqlite_store.article_count() == 0
    assert sqlite_store.query("SELECT COUNT(*) FROM errors WHERE reason LIKE '%worker process died%'") == [(0,)]


def test_default_workers_is_one_a_core_up_to_four(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.cli.batch as batch_cli

    for available, expected in ((1, 1), (2, 2), (16, batch_cli.MAX_DEFAULT_WORKERS)):
        monkeypatch.setattr(batch_cli, "cores", lambda n=available: n)
        assert batch_cli.default_workers() == expected


def test_progress_is_reported_from_the_first_article_not_the_first_write(corpus: Path, sqlite_store: Store) -> None:
    seen: list[tuple[int, int]] = []
    run_batch(
        [corpus], sqlite_store, FAKE, workers=0, write_every=64, progress=lambda s: seen.append((s.done, s.written))
    )
    assert seen[0] == (1, 0)  # one article analysed, nothing written yet: already reported
    assert seen[-1][0] == 43 and seen[-1][1] == 40


def test_cli_batch_logs_a_line_after_the_first_article(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/log.db"
    args = ["batch", str(corpus), "--store", url, "--plugin", "corpus_fake_stages", "--stages", "fake_annotate"]
    assert main([*args, "--workers", "0"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("unspin batch:")]
    assert lines and lines[0].startswith("unspin batch: 1 done")


def test_cli_batch_unknown_until_stage_is_a_usage_error(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "until.db"
    assert main(["batch", str(corpus), "--store", f"sqlite:///{db}", "--until", "foo", "--workers", "0"]) == 2
    assert "unknown or disabled stage 'foo'" in capsys.readouterr().err


def test_the_parent_of_a_worker_batch_holds_no_stage_module(tmp_path: Path) -> None:
    """The pipeline's version is built in a process of its own: the parent, which only reads records and
    writes rows, never imports spaCy (about 60 MB of the process tree's memory)."""
    corpus = write_jsonl(tmp_path / "one.jsonl", 1)
    script = (
        "import sys\n"
        "from unspin.corpus.batch import run_batch\n"
        "from unspin.corpus.store import Store\n"
        "from unspin.corpus.work import PipelineSpec\n"
        f"store = Store.open('sqlite:///{tmp_path / 'one.db'}')\n"
        f"summary = run_batch([{str(corpus)!r}], store, PipelineSpec(until='segment'), workers=1)\n"
        "print(summary.written, 'spacy' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=subprocess_env()
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "False", "False"]
