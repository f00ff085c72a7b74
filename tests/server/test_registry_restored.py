"""The stub stages of these tests never leak into other test folders (this module runs after the stubbed ones)."""

from __future__ import annotations

from unspin.pipeline import registered_stages

from .conftest import stub_techniques


def test_registry_is_the_real_one_outside_stubbed_modules() -> None:
    stages = registered_stages()
    assert "clean" in stages
    assert all(stage.fn is not stub_techniques for stage in stages.values())
