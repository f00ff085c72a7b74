"""The checked-in OpenAPI spec matches the app, and schemathesis finds no 500s or contract breaks."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from unspin.server.openapi import openapi_spec, openapi_text

from .conftest import REPO

schema = schemathesis.openapi.from_dict(openapi_spec())

#: What must hold for every generated request.  (positive_data_acceptance is left out on purpose:
#: the schema cannot express "not only whitespace" or "a registered stage name", which answer 422.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


def test_checked_in_spec_is_up_to_date() -> None:
    checked_in = (REPO / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert checked_in == openapi_text(), "regenerate: python -m unspin.server.openapi > docs/openapi.json"


def test_spec_documents_every_error_status_of_analyze() -> None:
    responses = openapi_spec()["paths"]["/v1/analyze"]["post"]["responses"]
    assert {"200", "400", "403", "413", "415", "422", "503", "504"} <= set(responses)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
def test_api_honours_its_spec(case: schemathesis.Case, corpus_base_url: str) -> None:
    case.call_and_validate(base_url=corpus_base_url, checks=CHECKS, timeout=20)
