from __future__ import annotations

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


def test_exporters_register_themselves_and_keep_the_binary_flag() -> None:
    def shout(doc: Document) -> str:
        return doc.text.upper()

    register_renderer("shout-test", shout, binary=True, extension="txt")
    assert get_renderer("shout-test")(Document("quiet")) == "QUIET"
    assert renderer_info("shout-test").binary is True
    assert "shout-test" in renderer_names()
