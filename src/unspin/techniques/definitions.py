"""Plain-language definitions of the 14 SemEval-2020 propaganda techniques (shipped with the model)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from unspin.errors import ModelError

DEFINITIONS_FILE = Path(__file__).resolve().parents[1] / "models" / "techniques" / "definitions.json"


@dataclass(frozen=True)
class Definition:
    label: str
    name: str
    definition: str
    reason_template: str = "“{trigger}” is typical of this technique."

    def reason(self, trigger: str) -> str:
        """The reason a reader can check: the technique's template quoting the words that carry it."""
        return self.reason_template.replace("{trigger}", trigger)


@cache
def load_definitions(path: Path = DEFINITIONS_FILE) -> dict[str, Definition]:
    """Technique label -> its readable name and definition."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            label: Definition(label, d["name"], d["definition"], d.get("reason", Definition.reason_template))
            for label, d in raw.items()
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"technique definitions {str(path)!r} are missing or malformed: {exc}") from None
