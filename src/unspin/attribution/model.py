"""What the rule engine finds: one attribution as character spans of source, cue and content."""

from __future__ import annotations

from dataclasses import dataclass, field

Offsets = tuple[int, int]

KINDS = ("direct", "indirect", "mixed", "interview_answer", "interview_question", "according_to")


@dataclass(slots=True)
class Found:
    """One attribution before it becomes spans of a layer.

    ``content`` may have several fragments (a quote split by its cue, a quote
    continued after the sentence that names its speaker).  ``source`` is ``None``
    when the text names nobody ("it was reported that ...").
    """

    cue: Offsets | None
    content: list[Offsets]
    source: Offsets | None = None
    kind: str = "indirect"
    stance: str = "neutral"
    confidence: float = 0.5
    rule: str = ""
    cue_token: int | None = None  # index of the cue's head token in the spaCy Doc, when there is one
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.parts())

    @property
    def end(self) -> int:
        return max(e for _, e in self.parts())

    def parts(self) -> list[Offsets]:
        """Every fragment of every role."""
        heads = [p for p in (self.source, self.cue) if p is not None]
        return [*heads, *self.content]

    def content_overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.content)
