"""Request and response bodies of the REST API (they make the OpenAPI spec)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Largest string field accepted by the schema itself; the byte cap on the whole body is Config.max_request_bytes.
MAX_FIELD_CHARS = 20_000_000


def _text_problem(name: str, value: str) -> str | None:
    """Why ``value`` cannot be analysed, or None.  (Lone surrogates never get here: JSON parsing refuses them.)"""
    nul = value.find("\x00")
    if nul >= 0:
        return f"{name} contains a NUL character at index {nul}; send the article as plain text or HTML"
    return None


class AnalyzeRequest(BaseModel):
    """One article: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"text": "Officials said the plan was a disaster.", "format": "json"}],
            # what the validator below enforces, so that the spec and the server agree ({} is a 422)
            "oneOf": [
                {"required": [name], "properties": {name: {"type": "string"}}} for name in ("text", "html", "url")
            ],
        },
    )

    text: str | None = Field(None, max_length=MAX_FIELD_CHARS, description="The article as plain (scraped) text.")
    html: str | None = Field(None, max_length=MAX_FIELD_CHARS, description="The article as an HTML page.")
    url: str | None = Field(
        None, max_length=2048, description="An http(s) URL to fetch (only when the server runs with --allow-url)."
    )
    until: str | None = Field(None, max_length=64, description="Stop after this pipeline stage (e.g. 'clean').")
    format: Literal["json", "html", "md", "page"] = Field(
        "json",
        description="json (the document), html (report), md, or page (what the web page shows: a ReportBundle).",
    )

    @model_validator(mode="after")
    def _one_input(self) -> AnalyzeRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of text, html or url (got {', '.join(given) or 'none'})")
        for name in ("text", "html", "url", "until"):
            value = getattr(self, name)
            problem = _text_problem(name, value) if value is not None else None
            if problem:
                raise ValueError(problem)
        return self

    @property
    def kind(self) -> Literal["text", "html", "url"]:
        if self.text is not None:
            return "text"
        return "html" if self.html is not None else "url"


class ErrorBody(BaseModel):
    """Every error answer: the error class, a message naming the bad value, the HTTP status."""

    error: str = Field(description="Error class, e.g. InputError, RequestTooLarge.")
    message: str
    status: int


class ReportBundle(BaseModel):
    """format=page: the report body the web page inserts, and the three downloads, all from the CLI's renderers."""

    document: dict[str, Any] = Field(description="The document JSON (as format=json).")
    fragment: str = Field(description="The HTML report's body as one <div>, for the web page to insert.")
    html: str = Field(description="The whole self-contained HTML report (as format=html).")
    markdown: str = Field(description="The Markdown report (as format=md).")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    url_fetching: bool = Field(False, description="The server fetches URLs (started with --allow-url).")
    corpus: bool = Field(False, description="A corpus store is configured (--store): /v1/articles answers.")
    warm: bool = Field(description="True once the models have been loaded by the start-up warm-up.")
    warm_up_error: str | None = Field(None, description="Why the start-up warm-up failed (status degraded).")
    in_flight: int = Field(description="Analyses queued or running now.")
    max_concurrency: int
    stages: list[str]


class VersionInfo(BaseModel):
    unspin: str
    schema_version: str
    models: dict[str, dict[str, Any]] = Field(description="Per shipped model: fields of its config.json.")
    stages: list[str]
