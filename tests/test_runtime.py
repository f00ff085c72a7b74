import pytest

from unspin import runtime
from unspin.errors import ConfigError


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "_threads", None)
    monkeypatch.delenv("UNSPIN_MODEL_THREADS", raising=False)


def test_one_process_leaves_the_parse_its_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "cores", lambda: 4)
    assert runtime.model_threads() == 3
    monkeypatch.setattr(runtime, "cores", lambda: 1)
    assert runtime.model_threads() == 1  # one core: the encoder still gets a thread


def test_workers_split_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "cores", lambda: 8)
    assert runtime.share_cores(2) == 3  # 4 cores a worker, one of them for its parse
    assert runtime.share_cores(4) == 1
    assert runtime.share_cores(3) == 1
    assert runtime.share_cores(16) == 1


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


def test_inference_threads_do_not_spin_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNSPIN_MODEL_SPIN", raising=False)
    monkeypatch.setattr(runtime, "cores", lambda: 3)
    options = runtime.session_options()
    assert options.intra_op_num_threads == 2 and options.inter_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    monkeypatch.setenv("UNSPIN_MODEL_SPIN", "1")
    assert runtime.session_options().get_session_config_entry("session.intra_op.allow_spinning") == "1"
    monkeypatch.setenv("UNSPIN_MODEL_SPIN", "yes")
    with pytest.raises(ConfigError, match="UNSPIN_MODEL_SPIN"):
        runtime.spinning()
