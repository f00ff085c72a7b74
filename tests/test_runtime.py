import pytest

from unspin import runtime
from unspin.errors import ConfigError


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "_threads", None)
    monkeypatch.delenv("UNSPIN_MODEL_THREADS", raising=False)


def test_one_process_uses_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "cores", lambda: 4)
    assert runtime.model_threads() == 4


def test_workers_split_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "cores", lambda: 4)
    assert runtime.share_cores(2) == 2
    assert runtime.share_cores(3) == 1
    assert runtime.share_cores(8) == 1


def test_set_and_environment_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSPIN_MODEL_THREADS", "3")
    assert runtime.model_threads() == 3
    assert runtime.share_cores(2) == 3  # the user's choice holds for workers too
    runtime.set_model_threads(1)
    assert runtime.model_threads() == 1


def test_bad_thread_counts_are_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNSPIN_MODEL_THREADS", "many")
    with pytest.raises(ConfigError, match="UNSPIN_MODEL_THREADS"):
        runtime.model_threads()
    with pytest.raises(ConfigError):
        runtime.set_model_threads(0)
