"""What the server knows about itself: package and model versions, technique display styles."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from typing import Any

from unspin.render import load_schema
from unspin.render.palette import TECHNIQUES

#: config.json fields worth showing; the rest (label lists, calibration) is detail.
SHOWN_FIELDS = ("version", "name", "base_model", "threshold", "window", "stride")


@functools.cache
def model_versions() -> dict[str, dict[str, Any]]:
    """Per model folder under ``unspin/models``: a short sha256 of each file (the model's true identity),
    plus the :data:`SHOWN_FIELDS` of its config.json when it has one.  Computed once per process."""
    root = resources.files("unspin") / "models"
    if not root.is_dir():
        return {}
    found: dict[str, dict[str, Any]] = {}
    for model_dir in sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: d.name):
        files = sorted((f for f in model_dir.iterdir() if f.is_file()), key=lambda f: f.name)
        info: dict[str, Any] = {"files": {f.name: hashlib.sha256(f.read_bytes()).hexdigest()[:16] for f in files}}
        config = model_dir / "config.json"
        if config.is_file():
            data = json.loads(config.read_text(encoding="utf-8"))
            info.update({k: data[k] for k in SHOWN_FIELDS if isinstance(data, dict) and k in data})
        found[model_dir.name] = info
    return found


def technique_styles() -> list[dict[str, str]]:
    """Label, display name, colour and definition of each technique, from the report renderer's palette."""
    return [{"label": t.label, "name": t.name, "colour": t.colour, "definition": t.definition} for t in TECHNIQUES]


def document_schema() -> dict[str, Any]:
    """The published document JSON Schema, re-rooted for ``#/components/schemas/Document`` in the OpenAPI spec.

    ``$id`` and ``$schema`` go (OpenAPI 3.1 is JSON Schema 2020-12 already, and ``$id`` would change
    where references resolve); ``#/$defs/...`` references are rewritten to their new place.
    """
    text = json.dumps({k: v for k, v in load_schema().items() if k not in ("$id", "$schema")})
    rerooted: dict[str, Any] = json.loads(text.replace('"#/$defs/', '"#/components/schemas/Document/$defs/'))
    return rerooted
