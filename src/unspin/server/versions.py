"""What the server knows about itself: package and model versions, technique display styles."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from unspin.render import load_schema
from unspin.render.palette import TECHNIQUES

#: config.json fields worth showing; the rest (label lists, thresholds) is detail.
SHOWN_FIELDS = ("version", "name", "base_model", "created", "trained", "sha256", "metrics", "task")


def model_versions() -> dict[str, dict[str, Any]]:
    """``{model name: selected config.json fields}`` for each ``unspin/models/*/config.json``."""
    root = resources.files("unspin") / "models"
    if not root.is_dir():
        return {}
    found: dict[str, dict[str, Any]] = {}
    for model_dir in sorted(root.iterdir(), key=lambda p: p.name):
        config = model_dir / "config.json"
        if not config.is_file():
            continue
        try:
            data = json.loads(config.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found[model_dir.name] = {"error": "config.json unreadable"}
            continue
        found[model_dir.name] = {k: data[k] for k in SHOWN_FIELDS if isinstance(data, dict) and k in data}
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
