"""Propaganda technique detection at runtime (ONNX Runtime + tokenizers; no torch)."""

from __future__ import annotations

from unspin.techniques.definitions import Definition, load_definitions
from unspin.techniques.tagger import TechniqueTagger

__all__ = ["Definition", "TechniqueTagger", "load_definitions"]
