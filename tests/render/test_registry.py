from __future__ import annotations

from pathlib import Path

import pytest

from unspin.document import Document
from unspin.errors import ConfigError
from unspin.render import get_renderer, register_renderer, renderer_info, renderer_names


def test_builtin_renderers_are_registered() -> None:
    assert {"json", "html", "md"} <= set(renderer_names())
    assert renderer_info("html").extension == "html"
    assert renderer_info("json").media_type == "application/json"


def test_unknown_renderer_names_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown output format 'pdf'.*html.*json.*md"):
        get_renderer("pdf")


def test_exporters_register_themselves_and_keep_the_binary_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.render import registry

    renderer_names()  # load the built-ins first, then register into a copy that the test throws away
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    def shout(doc: Document) -> str:
        return doc.text.upper()

    register_renderer("shout-test", shout, binary=True, extension="txt")
    assert get_renderer("shout-test")(Document("quiet")) == "QUIET"
    assert renderer_info("shout-test").binary is True
    assert "shout-test" in renderer_names()


def test_a_broken_exporter_is_named_and_does_not_hide_the_others(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from unspin.render import registry

    (tmp_path / "a3_needs_missing_dep.py").write_text("import a3_no_such_dependency\n")
    (tmp_path / "a3_raises_on_import.py").write_text("raise RuntimeError('bad template')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    modules = ("unspin.render.no_such_exporter", "a3_needs_missing_dep", "a3_raises_on_import")
    monkeypatch.setattr(registry, "BUILTIN_MODULES", (*registry.BUILTIN_MODULES, *modules))
    monkeypatch.setattr(registry, "_loaded", False)
    monkeypatch.setattr(registry, "_BROKEN", {})
    assert get_renderer("json") is not None  # a module that does not exist is skipped, broken ones recorded
    with pytest.raises(ConfigError) as caught:
        get_renderer("brokenfmt")
    message = str(caught.value)
    assert "a3_needs_missing_dep failed to load (ModuleNotFoundError" in message
    assert "a3_raises_on_import failed to load (RuntimeError: bad template)" in message
    assert "no_such_exporter" not in message


def test_semeval_declares_that_it_reads_only_techniques() -> None:
    """``--format semeval`` runs clean, segment and techniques only (issue 15)."""
    assert renderer_info("semeval").needs == ("techniques",)
    assert renderer_info("json").needs is None  # the JSON document carries every layer
