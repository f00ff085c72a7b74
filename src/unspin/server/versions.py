"""What the server knows about itself: package and model versions, technique display styles."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

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
    try:
        from unspin.render.palette import TECHNIQUES
    except ModuleNotFoundError:
        return []
    return [{"label": t.label, "name": t.name, "colour": t.colour, "definition": t.definition} for t in TECHNIQUES]
