"""POST /v1/analyze and the service endpoints, over a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

ARTICLE = (
    "Listen Live\n"
    "The minister said 12 people were hurt on Monday.\n\n"
    "Critics called the plan a disgrace and said it would cost 40 million euros."
)


def post(client: httpx.Client, body: object, **kwargs: object) -> httpx.Response:
    return client.post("/v1/analyze", json=body, **kwargs)  # type: ignore[arg-type]


def assert_error(response: httpx.Response, status: int, *words: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["error"] and body["message"]
    for word in words:
        assert word in body["message"]
    return body


def test_health_answers_with_the_stage_list(client: httpx.Client) -> None:
    body = client.get("/v1/health").json()
    assert body["stages"][-4:] == ["attribution", "claims", "techniques", "summary"]
    assert body["in_flight"] == 0


def test_version_names_package_and_schema(client: httpx.Client) -> None:
    from unspin import __version__

    body = client.get("/v1/version").json()
    assert body["unspin"] == __version__ and body["schema_version"] == "1.0"
    from unspin.server.versions import model_versions

    assert body["models"] == model_versions()
    for name, info in body["models"].items():
        assert info["files"] and all(len(digest) == 16 for digest in info["files"].values()), name


def test_analyze_text_returns_the_document_with_layers(client: httpx.Client) -> None:
    response = post(client, {"text": ARTICLE})
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["schema_version"] == "1.0"
    spans = doc["layers"]["techniques"]
    assert [doc["text"][s["start"] : s["end"]] for s in spans] == ["disgrace"]
    assert spans[0]["attrs"]["reason"].startswith("stub reason")
    claims = doc["layers"]["claims"]
    assert len(claims) == 2 and "12 people" in doc["text"][claims[0]["start"] : claims[0]["end"]]


def test_analyze_html_reads_the_page(client: httpx.Client) -> None:
    page = "<html><head><title>Harbour vote</title></head><body><article><p>" + "The council said no. " * 20
    page += "<script>alert(1)</script></p></article></body></html>"
    response = post(client, {"html": page})
    assert response.status_code == 200, response.text
    assert "council said no" in response.json()["text"]
    assert "alert(1)" not in response.json()["text"]


def test_until_stops_the_pipeline(client: httpx.Client) -> None:
    doc = post(client, {"text": ARTICLE, "until": "claims"}).json()
    assert "claims" in doc["layers"] and "techniques" not in doc["layers"]


def test_unknown_until_is_a_422_naming_the_stages(client: httpx.Client) -> None:
    assert_error(post(client, {"text": ARTICLE, "until": "sentiment"}), 422, "sentiment", "techniques")


def test_html_format_is_served_sandboxed(client: httpx.Client) -> None:
    response = post(client, {"text": ARTICLE + "\n\n<script>window.__pwned=1</script>", "format": "html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"].startswith("sandbox")
    assert "<script>window.__pwned" not in response.text


def test_markdown_format(client: httpx.Client) -> None:
    response = post(client, {"text": ARTICLE, "format": "md"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")


def test_text_that_looks_like_a_path_is_analysed_as_text_never_read(client: httpx.Client) -> None:
    doc = post(client, {"text": "/etc/passwd"}).json()
    assert doc["text"] == "/etc/passwd" and "root:" not in json.dumps(doc)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, ["exactly one of text, html or url"]),
        ({"text": "a", "html": "<p>a</p>"}, ["exactly one", "text, html"]),
        ({"text": 42}, ["text"]),
        ({"text": ["a"]}, ["text"]),
        ({"text": "a", "colour": "red"}, ["colour"]),
        ({"text": "a", "format": "pdf"}, ["format"]),
        ({"text": "abc\u0000def"}, ["NUL", "index 3"]),
        ({"text": "   \n\t "}, ["empty"]),
    ],
)
def test_bad_bodies_are_422_with_a_message(client: httpx.Client, body: object, words: list[str]) -> None:
    assert_error(post(client, body), 422, *words)


def test_lone_surrogate_is_a_422_not_a_crash(client: httpx.Client) -> None:
    raw = b'{"text": "before \\ud800 after"}'
    response = client.post("/v1/analyze", content=raw, headers={"content-type": "application/json"})
    assert_error(response, 422, "text", "unicode")


@pytest.mark.parametrize("raw", [b'{"text": ', b"[1, 2", b"\xff\xfe{}", b"", b"null", b"[]"])
def test_malformed_json_is_4xx(client: httpx.Client, raw: bytes) -> None:
    response = client.post("/v1/analyze", content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (400, 422), response.text
    assert response.json()["message"]


@pytest.mark.parametrize(
    "raw",
    [b'{"text": ', b"[" * 100_000 + b"]" * 100_000, b'{"text": 1' + b"0" * 5000 + b"}", b'{"text": "caf\xe9"}'],
    ids=["truncated", "deeply-nested", "huge-number", "latin-1"],
)
def test_undecodable_json_is_400_malformed(client: httpx.Client, raw: bytes) -> None:
    response = client.post("/v1/analyze", content=raw, headers={"content-type": "application/json"})
    body = assert_error(response, 400)
    assert body["error"] == "MalformedJSON" and "JSON" in str(body["message"])


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_non_json_content_type_is_415(client: httpx.Client, content_type: str) -> None:
    response = client.post("/v1/analyze", content=b'{"text": "a"}', headers={"content-type": content_type})
    assert_error(response, 415, content_type, "application/json")


def test_missing_content_type_is_415(client: httpx.Client) -> None:
    assert_error(client.post("/v1/analyze", content=b'{"text": "a"}'), 415, "none")


def test_json_content_type_with_charset_is_accepted(client: httpx.Client) -> None:
    headers = {"content-type": "application/json; charset=utf-8"}
    assert client.post("/v1/analyze", content=b'{"text": "It was a disgrace."}', headers=headers).status_code == 200


def test_rtl_and_combining_text_is_analysed(client: httpx.Client) -> None:
    text = "قال الوزير إن 12 شخصا أصيبوا. \u202eevil\u202c שלום עולם. e\u0301 \U0001f600 disgrace."
    doc = post(client, {"text": text}).json()
    assert "שלום" in doc["text"]
    assert [doc["text"][s["start"] : s["end"]] for s in doc["layers"]["techniques"]] == ["disgrace"]


def test_unknown_route_answers_json_404(client: httpx.Client) -> None:
    assert_error(client.get("/v1/nothing"), 404)


def test_wrong_method_answers_json_405(client: httpx.Client) -> None:
    assert_error(client.get("/v1/analyze"), 405)


def test_every_answer_carries_security_headers(client: httpx.Client) -> None:
    for response in (client.get("/"), client.get("/v1/health"), post(client, {"text": ARTICLE})):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]


def test_page_and_assets_are_served_locally(client: httpx.Client) -> None:
    page = client.get("/").text
    assert 'src="/static/app.js"' in page and 'href="/static/app.css"' in page
    assert "http://" not in page and "https://" not in page
    assert 'src="/assets/report.js"' in page and 'href="/assets/report.css"' in page  # the HTML report's own
    for asset in (
        "/static/app.js",
        "/static/app.css",
        "/static/example.txt",
        "/assets/report.js",
        "/assets/report.css",
    ):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert "//cdn" not in response.text and "https://" not in response.text


def test_page_script_never_uses_html_parsing_sinks(client: httpx.Client) -> None:
    script = client.get("/static/app.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script
    # the one HTML it parses is the report body the server rendered (format=page), in an inert document
    assert script.count("parseFromString(") == 1 and "parseFromString(bundle.fragment" in script


def test_static_files_cannot_escape_their_folder(client: httpx.Client) -> None:
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py"):
        assert client.get(path).status_code == 404


def test_techniques_palette_lists_the_14_labels(client: httpx.Client) -> None:
    labels = {t["label"] for t in client.get("/v1/techniques").json()}
    assert len(labels) == 14 and "Loaded_Language" in labels


def test_model_versions_hash_each_model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from unspin.server import versions

    (tmp_path / "models" / "techniques").mkdir(parents=True)
    (tmp_path / "models" / "techniques" / "model.onnx").write_bytes(b"weights")
    (tmp_path / "models" / "techniques" / "config.json").write_text('{"threshold": 0.4, "labels": ["a"]}')
    monkeypatch.setattr(versions.resources, "files", lambda _package: tmp_path)
    versions.model_versions.cache_clear()
    try:
        found = versions.model_versions()
    finally:
        versions.model_versions.cache_clear()
    assert found == {
        "techniques": {
            "files": {
                "config.json": hashlib.sha256(b'{"threshold": 0.4, "labels": ["a"]}').hexdigest()[:16],
                "model.onnx": hashlib.sha256(b"weights").hexdigest()[:16],
            },
            "threshold": 0.4,
        }
    }
