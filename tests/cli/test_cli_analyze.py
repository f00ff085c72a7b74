"""``unspin analyze``: inputs, formats, -o as file or directory, one-line errors with exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from unspin.api import analyze
from unspin.cli import analyze as cli_analyze
from unspin.cli.main import main
from unspin.document import Document, Span

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "interview.txt"
OTHER = "Ferry Services Cancelled\n\nFerries between Kelling and the islands were cancelled until Friday.\n"


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    first = tmp_path / "interview.txt"
    first.write_bytes(EXAMPLE.read_bytes())
    second = tmp_path / "ferries.txt"
    second.write_text(OTHER, encoding="utf-8")
    return [first, second]


def test_one_input_prints_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE), "--until", "clean"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["metadata"]["outlet"] == "The Daily Lantern"
    assert data["text"].startswith("Speaking at a press briefing")
    assert {r["reason"] for r in data["metadata"]["removed"]} >= {"ui", "timestamp", "related", "tags"}


def test_several_inputs_with_output_directory_write_one_file_each(articles: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    dup = tmp_path / "sub" / "ferries.txt"
    dup.parent.mkdir()
    dup.write_text(OTHER, encoding="utf-8")
    inputs = [str(p) for p in [*articles, dup]]
    assert main(["analyze", *inputs, "--until", "clean", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["ferries-2.json", "ferries.json", "interview.json"]
    assert json.loads((out / "ferries.json").read_text())["metadata"]["title"] == "Ferry Services Cancelled"


def test_one_input_with_output_file_and_markdown(articles: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert main(["analyze", str(articles[1]), "--until", "clean", "--format", "md", "-o", str(out)]) == 0
    assert "Ferries between Kelling" in out.read_text(encoding="utf-8")


def test_stdin_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(OTHER.encode("utf-8"))))
    assert main(["analyze", "-", "--until", "clean"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["kind"] == "stdin"


def test_unknown_format_is_one_line_and_exit_code_2(articles: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(articles[0]), "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown output format 'pdf'" in err and "json" in err


def test_directory_input_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path), "--until", "clean"]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_missing_file_and_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "missing.txt"), "--until", "clean"]) == 2
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["analyze", str(empty), "--until", "clean"]) == 2
    assert "empty" in capsys.readouterr().err


def test_one_bad_input_among_several_does_not_stop_the_others(
    articles: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    code = main(["analyze", str(binary), *map(str, articles), "--until", "clean", "-o", str(out)])
    assert code == 2
    assert sorted(p.name for p in out.iterdir()) == ["ferries.json", "interview.json"]
    err = "".join(line for line in capsys.readouterr().err.splitlines(True) if "unspin analyze:" not in line)
    assert err.count("\n") == 1 and "blob.txt" in err and "NUL" in err  # progress lines aside, one line


def test_several_inputs_need_a_directory_not_a_file(articles: list[Path], tmp_path: Path) -> None:
    existing = tmp_path / "taken.json"
    existing.write_text("{}", encoding="utf-8")
    assert main(["analyze", *map(str, articles), "--until", "clean", "-o", str(existing)]) == 2


def test_input_size_option(articles: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(articles[0]), "--until", "clean", "--max-input-bytes", "100"]) == 2
    assert "over the limit of 100 bytes" in capsys.readouterr().err


def _with_techniques(source: object, **kwargs: object) -> Document:
    """Stand-in for the pipeline: clean, then one technique span on the first word (no model needed)."""
    doc = analyze(source, until="clean", config=kwargs.get("config"))  # type: ignore[arg-type]
    doc.set_layer("techniques", [Span(0, doc.text.index(" "), "Loaded_Language", 0.9)])
    return doc


def test_semeval_rows_of_several_inputs_go_to_one_file(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_analyze, "analyze", _with_techniques)
    named = [tmp_path / "article111.txt", tmp_path / "article222.txt"]
    for src, dst in zip(articles, named, strict=True):
        dst.write_bytes(src.read_bytes())
    out = tmp_path / "pred.tsv"
    assert main(["analyze", *map(str, named), "--format", "semeval", "-o", str(out)]) == 0
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row[:2] for row in rows] == [["111", "Loaded_Language"], ["222", "Loaded_Language"]]
    raw = named[0].read_text(encoding="utf-8")
    assert raw[int(rows[0][2]) : int(rows[0][3])] == "Speaking"  # raw offsets, past the removed furniture


def test_semeval_asks_only_for_the_techniques_layer(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The semeval format reads only techniques: the attribution and claims stages are not run (issue 15)."""
    asked: list[object] = []

    def record(source: object, **kwargs: object) -> Document:
        asked.append(kwargs.get("needs"))
        return _with_techniques(source, **kwargs)

    monkeypatch.setattr(cli_analyze, "analyze", record)
    assert main(["analyze", str(articles[0]), "--format", "semeval", "-o", str(tmp_path / "p.tsv")]) == 0
    assert main(["analyze", str(articles[0]), "--until", "clean"]) == 0
    assert asked == [("techniques",), None]


def test_brat_writes_one_ann_per_input_into_the_directory(articles: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert main(["analyze", str(articles[0]), "--format", "brat", "--until", "clean", "-o", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["interview.ann"]
    assert main(["analyze", *map(str, articles), "--format", "brat", "--until", "clean"]) == 2


def test_url_input_is_fetched_and_named_after_its_path(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = f"<html><body><article><p>{OTHER.splitlines()[2]}</p></article></body></html>".encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/news/ferries.html"
        out = tmp_path / "out"
        # the site is on loopback, which the address guard refuses unless allow-listed (issue 18)
        args = ["analyze", url, str(EXAMPLE), "--until", "clean", "-o", str(out), "--allow-host", "127.0.0.1"]
        assert main(args) == 0
    finally:
        httpd.shutdown()
        httpd.server_close()
    data = json.loads((out / "ferries.json").read_text(encoding="utf-8"))
    assert data["source"]["kind"] == "url"
    assert data["text"].startswith("Ferries between Kelling")


def _no_analysis(*_args: object, **_kwargs: object) -> Document:
    raise AssertionError("a usage error must be found before any article is analysed")


def test_several_documents_on_stdout_are_json_lines(articles: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", *map(str, articles), "--until", "clean"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    assert [d["metadata"].get("title") for d in docs][1] == "Ferry Services Cancelled"
    assert all(d["schema_version"] == "1.0" for d in docs)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--until", "foo"], "--until foo"),
        (["-o", "missing-dir/x.json"], "missing-dir does not exist"),
        (["--format", "pdf"], "unknown output format"),
    ],
)
def test_usage_errors_exit_2_before_any_work(
    articles: list[Path],
    options: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_analyze, "analyze", _no_analysis)
    monkeypatch.chdir(articles[0].parent)
    assert main(["analyze", str(articles[0]), *options]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_a_missing_file_among_several_stops_before_any_work(
    articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_analyze, "analyze", _no_analysis)
    assert main(["analyze", str(articles[0]), str(tmp_path / "typo.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_an_unwritable_output_is_one_line_not_a_traceback(
    articles: list[Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(_renderings: list[str], _path: Path | None) -> None:
        raise OSError(28, "No space left on device", "out.json")

    monkeypatch.setattr(cli_analyze, "_emit", full_disk)
    assert main(["analyze", str(articles[1]), "--until", "clean"]) == 1
    assert capsys.readouterr().err == "unspin: error: out.json: No space left on device\n"


def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["analyze", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes:" in out and "JSON Lines" in out
    for code in ("0", "1", "2", "3", "4", "5", "6", "130"):
        assert f"\n  {code} " in out


def test_several_inputs_log_progress_from_the_first_article(
    articles: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", *map(str, articles), "--until", "clean", "-o", str(tmp_path / "out")]) == 0
    progress = [line for line in capsys.readouterr().err.splitlines() if line.startswith("unspin analyze:")]
    assert progress[0].startswith("unspin analyze: 1/2 articles")  # written after the first article
    assert progress[-1].startswith("unspin analyze: 2/2 articles")  # and the last


def test_a_technique_model_folder_that_is_not_one_is_a_clear_error(
    articles: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["analyze", str(articles[0]), "--technique-model", str(tmp_path), "--format", "md"])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert str(tmp_path) in err and "lacks model.onnx" in err
