"""The ray engine on a local cluster (started once for this module) writes the same rows as inline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_helpers import FAKE, dump_store, subprocess_env
from corpus_synthetic import write_jsonl

from unspin.corpus.batch import run_batch
from unspin.corpus.store import Store

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    # Ray workers are new processes: they find the fake stages through PYTHONPATH.
    saved = dict(os.environ)
    os.environ.update(subprocess_env())
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
        os.environ.clear()
        os.environ.update(saved)


@pytest.mark.slow
def test_ray_engine_writes_the_same_rows_as_inline(ray_cluster: None, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 30, extra=('{"id": "p", "text": "POISON"}',))
    with Store.open(f"sqlite:///{tmp_path}/ray.db") as on_ray, Store.open(f"sqlite:///{tmp_path}/inline.db") as inline:
        summary = run_batch([corpus], on_ray, FAKE, engine="ray", workers=2, write_every=4)
        assert (summary.written, summary.errors) == (30, 1)
        assert ray.is_initialized()  # the engine leaves a cluster it did not start running
        run_batch([corpus], inline, FAKE, workers=0)
        assert dump_store(on_ray) == dump_store(inline)


@pytest.mark.slow
def test_an_article_that_kills_its_actor_is_an_error_and_the_batch_goes_on(ray_cluster: None, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 10, extra=('{"id": "crash", "text": "CRASH now"}',))
    with Store.open(f"sqlite:///{tmp_path}/ray.db") as store:
        summary = run_batch([corpus], store, FAKE, engine="ray", workers=2)
        assert (summary.written, summary.errors) == (10, 1)
        assert store.query("SELECT record_id, reason FROM errors") == [
            ("crash", "the Ray actor died analysing this article (a crash or out of memory)")
        ]
