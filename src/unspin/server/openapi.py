"""Print the REST API's OpenAPI spec: ``python -m unspin.server.openapi > docs/openapi.json``.

The checked-in copy is compared with this output by a test, so the spec cannot drift.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from unspin.server.app import ServeOptions, create_app


def openapi_spec() -> dict[str, Any]:
    spec: dict[str, Any] = create_app(options=ServeOptions(warm_up=False)).openapi()
    return spec


def openapi_text() -> str:
    return json.dumps(openapi_spec(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(openapi_text())
