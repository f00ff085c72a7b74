"""Claims below the listing threshold: kept in the layer, left out of the lists and counts, one click away."""

from __future__ import annotations

from unspin.document import Document, Span
from unspin.render import get_renderer
from unspin.render.html_tables import claims_table
from unspin.render.views import claim_rows
from unspin.stages.summary import compute_summary

TEXT = (
    "The council spent 4.2 million dollars on the bridge in 2019. "
    "It was a big stretch. "
    "Residents said the contract was signed before the vote."
)


def claim(part: str, rank: int, score: float, listed: bool | None) -> Span:
    start = TEXT.index(part)
    attrs: dict[str, object] = {"stance": "asserted", "attribution": None, "source": "The Daily Example", "rank": rank}
    if listed is not None:
        attrs["listed"] = listed
    return Span(start, start + len(part), "claim", score, attrs)


def document(listed_flags: tuple[bool | None, bool | None, bool | None]) -> Document:
    doc = Document(TEXT)
    doc.set_layer("sentences", [])
    first, second, third = listed_flags
    doc.set_layer(
        "claims",
        [
            claim("The council spent 4.2 million dollars on the bridge in 2019.", 1, 0.98, first),
            claim("Residents said the contract was signed before the vote.", 2, 0.71, second),
            claim("It was a big stretch.", 3, 0.01, third),
        ],
    )
    return doc


def test_rows_counts_and_reports_show_listed_claims_and_keep_the_rest_one_click_away() -> None:
    doc = document((True, False, False))
    assert [r.rank for r in claim_rows(doc)] == [1]
    assert [r.rank for r in claim_rows(doc, listed=False)] == [2, 3]
    assert compute_summary(doc)["claims"] == 1
    html = claims_table(doc)
    listed_part, _, below = html.partition("<details")
    assert "4.2 million" in listed_part and "Residents said" not in listed_part
    assert "2 more sentences scored below the listing threshold" in below and "Residents said" in below
    markdown = get_renderer("md")(doc)
    assert "2 more sentences scored below the listing threshold" in markdown
    table_rows = [line for line in markdown.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]
    assert len(table_rows) == 1 and "4.2 million" in table_rows[0]


def test_an_article_may_list_none() -> None:
    doc = document((False, False, False))
    assert claim_rows(doc) == [] and compute_summary(doc)["claims"] == 0
    # Scored sentences exist, so the table must not say that none were found.
    assert "No check-worthy claims were found." not in claims_table(doc)
    assert "No sentence scored high enough to be listed" in claims_table(doc)
    assert "3 sentences scored below the listing threshold" in claims_table(doc)
    assert "_3 sentences scored below the listing threshold" in get_renderer("md")(doc)


def test_claims_without_the_flag_are_listed() -> None:
    # Documents written before the flag existed listed every claim they held.
    doc = document((None, None, None))
    assert [r.rank for r in claim_rows(doc)] == [1, 2, 3] and compute_summary(doc)["claims"] == 3
    assert "<details" not in claims_table(doc)


def test_an_unlisted_claim_keeps_its_dispute_in_every_report() -> None:
    # A reader who opens the unlisted claims must still see who denies them.
    doc = document((True, False, False))
    dispute = [{"attribution": "a9", "source": "The contractor", "cue": "denies"}]
    doc.set_layer(
        "claims",
        [
            Span(c.start, c.end, c.label, c.score, {**c.attrs, "disputed_by": dispute}) if c.attrs["rank"] == 2 else c
            for c in doc.layer("claims")
        ],
    )
    markdown = get_renderer("md")(doc)
    below = markdown.partition("below the listing threshold")[2]
    assert "Residents said" in below and "disputed by The contractor" in below
    assert "disputed by The contractor" in claims_table(doc).partition("<details")[2]
