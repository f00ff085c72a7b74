"""``unspin serve``: the REST API and the web page (FastAPI + uvicorn)."""

from __future__ import annotations

import argparse
from typing import Any

from unspin.config import Config
from unspin.errors import ConfigError


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve the REST API and the web page",
        description="Serve POST /v1/analyze, health/version, corpus endpoints (--store) and the web page at /.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--store",
        metavar="URL",
        help="corpus store for /v1/articles, /v1/stats and the web page's corpus view (search, filters, reports)",
    )
    parser.add_argument("--workers", type=int, default=2, help="analyses run at once (default 2)")
    parser.add_argument(
        "--engine",
        choices=("process", "thread"),
        default="process",
        help="run analyses in worker processes (default; each loads the models once) or threads of this process",
    )
    parser.add_argument("--queue", type=int, default=64, help="analyses waiting before 503 busy (default 64)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per analysis before 504 (default 30)")
    parser.add_argument("--max-request-bytes", type=int, help="largest request body (default from Config)")
    parser.add_argument(
        "--max-connections",
        type=int,
        default=256,
        help="connections served at once; more are answered 503 at once (default 256): slow clients cannot pile up",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=10.0,
        help="seconds a client has to send its whole request body after the headers, else 408 (default 10)",
    )
    parser.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        help="seconds a client has to send a request's line and headers, else 408 and closed (default 10)",
    )
    parser.add_argument(
        "--allow-url",
        action="store_true",
        help="let /v1/analyze, and the web page's URL field, fetch a `url` (off by default)",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="IP_OR_NET",
        help="non-public address or network a URL may reach anyway (repeatable), e.g. 127.0.0.1",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from unspin.server import ServeOptions, create_app
        from unspin.server.slow_headers import header_deadline_protocol
    except ModuleNotFoundError as exc:
        raise ConfigError(f"unspin serve needs {exc.name}: pip install -e '.[serve]'") from None
    if args.workers < 1 or args.queue < 0 or args.max_connections < 1:
        raise ConfigError("--workers and --max-connections must be >= 1, --queue >= 0")
    if min(args.timeout, args.body_timeout, args.header_timeout) <= 0:
        raise ConfigError("--timeout, --body-timeout and --header-timeout must be > 0 seconds")
    config = Config.from_options(max_request_bytes=args.max_request_bytes)
    options = ServeOptions(
        workers=args.workers,
        engine=args.engine,
        max_queue=args.queue,
        timeout_s=args.timeout,
        allow_url=args.allow_url,
        allow_hosts=tuple(args.allow_host),
        body_timeout_s=args.body_timeout,
    )
    app = create_app(config, store_url=args.store, options=options)
    # idle keep-alive connections close after 5 s; past max_connections new ones get a 503 at once;
    # a client dripping its headers gets a 408 after --header-timeout (uvicorn alone never times it out)
    uvicorn.run(
        app,
        http=header_deadline_protocol(args.header_timeout),
        host=args.host,
        port=args.port,
        log_level="info",
        server_header=False,
        limit_concurrency=args.max_connections,
        timeout_keep_alive=5,
    )
    return 0
