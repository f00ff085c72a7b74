"""The FastAPI application: routes, error mapping, start-up warm-up.

Every error answers ``{"error", "message", "status"}``: an :class:`~unspin.errors.UnspinError`
with its own ``http_status``, request validation with 400 (malformed JSON) or 422, anything
unexpected with a 500 whose details stay in the server log.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspin import __version__
from unspin.config import Config
from unspin.document import SCHEMA_VERSION
from unspin.errors import UnspinError
from unspin.render.html_report import report_asset
from unspin.server import corpus
from unspin.server.fetch import UrlPolicy
from unspin.server.guards import REPORT_CSP, RequestGuard, error_payload
from unspin.server.runner import Analyzer, Engine, FileRequest
from unspin.server.schemas import AnalyzeRequest, ErrorBody, Health, ReportBundle, VersionInfo
from unspin.server.versions import document_schema, model_versions, technique_styles

log = logging.getLogger("unspin.server")

STATIC_DIR = resources.files("unspin.server") / "static"

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in {
        400: "Malformed JSON or an invalid option.",
        403: "URL fetching disabled, or the URL points inside the network.",
        405: "Method not allowed on this path; the Allow header lists the methods that are.",
        408: "The request body did not arrive within the server's body time limit (10 s by default).",
        413: "Request body or input larger than the configured limit.",
        415: "The body is not application/json.",
        422: "The input is unusable (empty, wrong types, bad characters, failed fetch).",
        503: "Too many analyses queued, an analysis worker died, or no corpus store is available.",
        500: "An unexpected internal error (a bug); the server log has the details, the answer never does.",
        504: "The analysis ran past the time limit; it was stopped.",
    }.items()
}


@dataclass(frozen=True)
class ServeOptions:
    """How the server runs analyses and what it allows (the analysis itself is configured by Config)."""

    workers: int = 2
    engine: Engine = "thread"  # "process": worker processes, models loaded once in each; scales with cores
    start_method: str = "forkserver"
    max_queue: int = 64
    timeout_s: float = 30.0
    allow_url: bool = False
    allow_hosts: Sequence[str] = field(default_factory=tuple)
    warm_up: bool = True
    kill_after_s: float = 10.0  # a worker still running this long after its deadline is killed (process engine)
    body_timeout_s: float = 10.0  # a client must send its whole body within this time of its headers (408)


class ErrorJSONResponse(Response):
    media_type = "application/json"


def _error(status: int, error: str, message: str) -> Response:
    return ErrorJSONResponse(error_payload(error, message, status), status_code=status)


def create_app(
    config: Config | None = None, store_url: str | None = None, options: ServeOptions | None = None
) -> FastAPI:
    """The REST API and web page over ``config``; corpus endpoints read ``store_url`` when given."""
    config = config or Config()
    options = options or ServeOptions()
    policy = UrlPolicy.from_options(options.allow_url, options.allow_hosts)
    analyzer = Analyzer(
        config,
        policy,
        workers=options.workers,
        max_queue=options.max_queue,
        timeout_s=options.timeout_s,
        engine=options.engine,
        start_method=options.start_method,
        kill_after_s=options.kill_after_s,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if options.warm_up:
            await analyzer.warm_up()
        yield
        analyzer.shutdown()

    app = FastAPI(
        title="unspin",
        version=__version__,
        description="Show the spin in news articles: clean text, who says what, check-worthy claims and "
        "character-exact spans of the 14 SemEval-2020 propaganda techniques.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads from a CDN; the page and the spec are served locally instead
        redoc_url=None,
    )
    app.state.analyzer = analyzer
    _add_error_handlers(app)
    _add_routes(app, analyzer, corpus=store_url is not None)
    corpus.add_routes(app, store_url, ERROR_RESPONSES)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_middleware(
        RequestGuard,
        max_bytes=config.max_request_bytes,
        json_paths=("/v1/analyze",),
        body_timeout_s=options.body_timeout_s,
    )
    _publish_document_schema(app)
    return app


def _publish_document_schema(app: FastAPI) -> None:
    """Put the published document JSON Schema (unspin/schema) into the spec as ``Document``."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            schemas["Document"] = document_schema()
            schemas["ReportBundle"] = ReportBundle.model_json_schema(ref_template="#/components/schemas/{model}")
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


#: The answers of /v1/analyze and /v1/analyze/file: the document, a ReportBundle (format=page) or a report.
ANALYZE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The document (format=json), what the web page shows (page), or the rendered report (html, md).",
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/Document"},
                        {"$ref": "#/components/schemas/ReportBundle"},
                    ]
                }
            },
            "text/html": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
        },
    },
    **ERROR_RESPONSES,
}

#: The body of /v1/analyze/file: the file's bytes, as they are on disk.
FILE_BODY = {
    "required": True,
    "content": {
        media: {"schema": {"type": "string", "format": "binary"}}
        for media in ("application/octet-stream", "text/html", "text/plain")
    },
}


def _add_routes(app: FastAPI, analyzer: Analyzer, corpus: bool = False) -> None:
    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(str(STATIC_DIR / "index.html"), media_type="text/html; charset=utf-8")

    @app.get("/assets/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        """The HTML report's own stylesheet and script: the page runs them on the report body it inserts."""
        media = {"report.css": "text/css", "report.js": "text/javascript"}.get(name)
        if media is None:
            return _error(404, "NotFound", f"no asset {name[:100]!r}")
        return PlainTextResponse(report_asset(name), media_type=f"{media}; charset=utf-8")

    @app.get("/v1/health", response_model=Health, tags=["service"])
    async def health() -> Health:
        """Answers at once, even while analyses run (they run off the event loop)."""
        return Health(
            status="ok" if analyzer.warm else "degraded",
            warm=analyzer.warm,
            warm_up_error=analyzer.warm_up_error,
            in_flight=analyzer.in_flight,
            max_concurrency=analyzer.workers,
            stages=analyzer.stage_names(),
            url_fetching=analyzer.policy.enabled,
            corpus=corpus,
        )

    @app.get("/v1/version", response_model=VersionInfo, tags=["service"])
    async def version() -> VersionInfo:
        return VersionInfo(
            unspin=__version__, schema_version=SCHEMA_VERSION, models=model_versions(), stages=analyzer.stage_names()
        )

    @app.get("/v1/techniques", tags=["service"])
    async def techniques() -> list[dict[str, str]]:
        """The 14 technique labels with display name, highlight colour and definition (the web page's legend)."""
        return technique_styles()

    @app.post("/v1/analyze", tags=["analyze"], responses=ANALYZE_RESPONSES)
    async def analyze(body: AnalyzeRequest) -> Response:
        """Analyse one article given as `text`, `html` or `url` and return the document."""
        result = await analyzer.analyze(body)
        headers = {"content-security-policy": REPORT_CSP} if body.format == "html" else {}
        return Response(result.body, media_type=result.media_type, headers=headers)

    @app.post(
        "/v1/analyze/file", tags=["analyze"], responses=ANALYZE_RESPONSES, openapi_extra={"requestBody": FILE_BODY}
    )
    async def analyze_file(
        request: Request,
        kind: Literal["text", "html"] = Query("text", description="Read the bytes as plain text or as an HTML page."),
        format: Literal["json", "html", "md", "page"] = Query("json", description="As in /v1/analyze."),
        until: str | None = Query(None, max_length=64, description="Stop after this pipeline stage."),
        name: str | None = Query(None, max_length=300, description="The file's name, kept as source.name."),
    ) -> Response:
        """Analyse a file sent as it is (its bytes), read by the same reader as `unspin analyze FILE`."""
        payload = await request.body()
        if not payload.strip():
            return _error(422, "InputError", "the file is empty; send the article's bytes as the request body")
        file = FileRequest(payload, kind=kind, format=format, until=until, name=name)
        result = await analyzer.analyze(file)
        headers = {"content-security-policy": REPORT_CSP} if format == "html" else {}
        return Response(result.body, media_type=result.media_type, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """Field path + problem for each error; never the input itself (it may be huge or unencodable)."""
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UnspinError)
    async def unspin_error(_request: Request, exc: UnspinError) -> Response:
        if exc.http_status >= 500 and exc.http_status not in (503, 504):
            log.error("analysis failed: %s", exc)
        return _error(exc.http_status, type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> Response:
        if any(err.get("type") == "json_invalid" for err in exc.errors()):
            return _error(400, "MalformedJSON", f"the body is not valid JSON ({_validation_message(exc)})")
        return _error(422, "ValidationError", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:  # FastAPI could not decode the body (bad UTF-8, nesting or numbers too deep)
            hint = 'send a JSON object such as {"text": "..."} encoded as UTF-8'
            return _error(400, "MalformedJSON", f"{exc.detail} ({hint})")
        response = _error(exc.status_code, "HTTPError", str(exc.detail))
        response.headers.update(exc.headers or {})  # 405 keeps its Allow header
        return response

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> Response:
        log.exception("unexpected error")
        return _error(500, "InternalError", "internal error; the server log has the details")
