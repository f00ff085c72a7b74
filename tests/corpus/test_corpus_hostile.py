"""Issue 18's corpus reproducers: passwords never echoed, read-only stores readable, reused ids warned."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from corpus_helpers import FAKE

import unspin.corpus.store as store_module
from unspin.cli.main import main
from unspin.corpus.batch import run_batch
from unspin.corpus.store import Store
from unspin.errors import StoreError


@pytest.mark.parametrize(
    "url",
    [
        "ftp://bob:hunter2@db.example/corpus",
        "postgresql://bob:hunter2@[::1/corpus",
        "postgresql://db.example/corpus?password=hunter2&bogus=1",
    ],
)
def test_a_store_password_is_never_echoed(url: str) -> None:
    with pytest.raises(StoreError) as raised:
        Store.open(url)
    assert "hunter2" not in str(raised.value) and "***" in str(raised.value)


def test_corpus_stats_reads_a_read_only_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    url = f"sqlite:///{folder / 'corpus.db'}"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "The minister said it was a disgrace."}) + "\n", encoding="utf-8")
    with Store.open(url) as store:
        run_batch([corpus], store, FAKE, workers=0)
    (folder / "corpus.db").chmod(stat.S_IRUSR | stat.S_IRGRP)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.geteuid() == 0:  # root writes anyway: make the store look unwritable, as it is to anyone else
            monkeypatch.setattr(store_module, "_writable", lambda _path: False)
        with Store.open(url, create=False) as store:
            assert store.read_only and store.article_count() == 1
        assert main(["corpus", "stats", "--store", url]) == 0
        assert capsys.readouterr().out.strip()
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_reused_record_id_with_another_text_is_warned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "same", "text": "The minister said the plan was a disgrace."},
        {"id": "same", "text": "The mayor said the bridge would open in May."},
        {"id": "other", "text": "Critics said the vote was rigged."},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    with Store.open(url) as store:
        summary = run_batch([corpus], store, FAKE, workers=0)
        assert summary.written == 3 and summary.id_conflicts == 1
        assert summary.id_conflict_examples[0].startswith("same (")
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"id": "other", "text": "Critics said nothing."}) + "\n", encoding="utf-8")
    assert main(["batch", str(later), "--store", url, "--stages", "fake_annotate", "--plugin", "corpus_fake_stages",
                 "--workers", "0"]) == 0  # fmt: skip
    assert "1 record(s) reuse an id" in capsys.readouterr().err
