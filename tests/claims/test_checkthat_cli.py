"""CheckThat! debate files: reading, de-duplicating editions, and ``unspin checkworthy``."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.claims.checkthat import debate_files, parse_debate
from unspin.cli.main import main
from unspin.errors import InputError

DEBATE = (
    "1\tMODERATOR\tGood evening and welcome.\t0\n"
    "2\tSMITH\tWe created 2 million jobs and cut the deficit by 40 percent since 2015.\t1\n"
    "3\tSMITH\tThank you.\t0\n"
)


def test_parse_debate_with_and_without_labels() -> None:
    lines = parse_debate(DEBATE)
    assert [(d.line, d.speaker, d.label) for d in lines] == [(1, "MODERATOR", 0), (2, "SMITH", 1), (3, "SMITH", 0)]
    assert parse_debate("7\tX\tSome text here\n")[0].label is None


@pytest.mark.parametrize(
    ("content", "message"),
    [("1\tX\n", "3 or 4 tab-separated columns"), ("one\tX\ttext\t0\n", "integers"), ("1\tX\tt\t2\n", "0 or 1"),
     ("\n", "no debate lines")],
)  # fmt: skip
def test_parse_debate_errors_name_the_problem(content: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_debate(content, "d.tsv")


def test_debate_files_deduplicate_editions_by_date(tmp_path: Path) -> None:
    for folder, name in [
        ("clef2019", "20160926_1pres"),
        ("clef2020", "20160926_first_debate"),
        ("clef2020", "20170101_x"),
    ]:
        path = tmp_path / folder / "training"
        path.mkdir(parents=True, exist_ok=True)
        # another event says other things: only the same date or shared sentences make one event
        content = DEBATE if name != "20170101_x" else DEBATE.replace("We created 2 million", "They lost 3 million")
        (path / f"{name}.tsv").write_text(content, encoding="utf-8")
    assert sorted(debate_files(tmp_path)) == ["20160926_1pres", "20170101_x"]
    with pytest.raises(InputError, match="no CheckThat"):
        debate_files(tmp_path / "clef2019" / "nothing")


def test_checkworthy_command_ranks_every_line(tmp_path: Path) -> None:
    src = tmp_path / "debate.tsv"
    src.write_text(DEBATE, encoding="utf-8")
    out = tmp_path / "ranked.tsv"
    assert main(["checkworthy", str(src), "-o", str(out)]) == 0
    rows = [r.split("\t") for r in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(int(r[0]) for r in rows) == [1, 2, 3]
    assert rows[0][0] == "2"  # the claim with figures first
    scores = [float(r[1]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert main(["eval", "checkworthy", "--gold", str(src), "--pred", str(out)]) == 0


def test_checkworthy_command_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("not a debate\n", encoding="utf-8")
    assert main(["checkworthy", str(bad)]) == 2
    assert "expected 3 or 4 tab-separated columns" in capsys.readouterr().err
    assert main(["checkworthy", str(tmp_path / "missing.tsv")]) == 2
