"""The span-marked technique classifier: its input layout, targets and out-of-fold mixing.

The layout and mixing are pure Python (they run in CI); the end-to-end training test needs torch
and skips without it, as the teacher's does.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspin.train.span_head import GoldSpan
from unspin.train.span_marked import Marked, assemble, context_of, mixed_out_of_fold, special_ids, targets

SPECIALS = {"cls": 101, "sep": 102, "pad": 0, "open": 1, "close": 2}


def test_context_keeps_characters_each_side_across_lines() -> None:
    text = "First line here.\n\nThe corrupt elites lied.\nNext line."
    start = text.index("corrupt elites")
    left, span, right = context_of(text, start, start + len("corrupt elites"), 10)
    assert span == "corrupt elites"
    assert left == text[start - 10 : start] and left.endswith("The ")
    assert right == " lied.\nNex"


def test_assemble_marks_the_span_between_markers() -> None:
    marked = assemble([10, 11, 12], [20, 21], [30, 31], max_len=16, specials=SPECIALS)
    assert marked.ids == [101, 10, 11, 12, 1, 20, 21, 2, 30, 31, 102]
    assert marked.ids[marked.lo] == 1 and marked.ids[marked.hi - 1] == 2


def test_assemble_keeps_the_context_nearest_the_span_within_budget() -> None:
    left, right = list(range(100, 140)), list(range(200, 240))
    marked = assemble(left, [50, 51, 52], right, max_len=16, specials=SPECIALS)
    assert len(marked.ids) == 16
    inside = marked.ids[marked.lo + 1 : marked.hi - 1]
    assert inside == [50, 51, 52]
    assert marked.ids[marked.lo - 1] == 139  # the left piece just before the span
    assert marked.ids[marked.hi] == 200  # the right piece just after it


def test_assemble_cuts_a_long_span_in_its_middle_and_still_fits() -> None:
    span = list(range(1000, 1100))
    marked = assemble([5, 6], span, [7, 8], max_len=32, specials=SPECIALS)
    assert len(marked.ids) <= 32
    inside = marked.ids[marked.lo + 1 : marked.hi - 1]
    assert inside[0] == 1000 and inside[-1] == 1099 and len(inside) == 14


def test_special_ids_names_what_is_missing() -> None:
    with pytest.raises(ValueError, match="unused0"):
        special_ids({"[CLS]": 1, "[SEP]": 2, "[PAD]": 0, "[unused1]": 3})


def test_targets_split_a_span_between_its_labels() -> None:
    spans = [GoldSpan("1", "x", 0, 1, ("B", "A")), GoldSpan("1", "x", 0, 1, ("C",))]
    assert targets(spans, ["A", "B", "C"]).tolist() == [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]


def test_mix_chooses_the_weight_on_other_articles() -> None:
    labels = ["A", "B"]
    spans = [GoldSpan(str(i % 10), "x", i, i + 1, ("A" if i % 2 else "B",)) for i in range(40)]
    truth = np.array([[0.0, -5.0] if s.labels == ("A",) else [-5.0, 0.0] for s in spans], np.float32)
    useless = np.zeros_like(truth)
    useless[:, 0] = -10.0  # always says B
    f1, weights = mixed_out_of_fold(spans, useless, truth, labels)
    assert f1 == 1.0 and all(w < 0.5 for w in weights)
    f1_flipped, weights_flipped = mixed_out_of_fold(spans, truth, useless, labels)
    assert f1_flipped == 1.0 and all(w > 0.5 for w in weights_flipped)


def test_marked_is_a_plain_record() -> None:
    assert Marked([1, 2, 3], 0, 3).hi == 3


# -- end to end, train venv only -------------------------------------------------------------
WORDS = [
    "the",
    "corrupt",
    "elites",
    "want",
    "to",
    "destroy",
    "our",
    "great",
    "nation",
    "officials",
    "said",
    "bridge",
    "will",
    "reopen",
    "on",
    "monday",
]


def write_tiny(root: Path) -> tuple[Path, Path]:
    """A PTC-shaped corpus of two train and one dev article, and a 2-layer random BERT over its words."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    data = root / "ptc"
    labels_names = ["Loaded_Language", "Name_Calling,Labeling"]
    (data).mkdir()
    (data / "propaganda-techniques-names-semeval2020task11.txt").write_text("\n".join(labels_names) + "\n")
    sentence = "The corrupt elites want to destroy our great nation. Officials said the bridge will reopen on Monday.\n"
    for split, ids in (("train", ("1", "2")), ("dev", ("9",))):
        (data / f"{split}-articles").mkdir()
        rows = []
        for aid in ids:
            text = sentence * 4
            (data / f"{split}-articles" / f"article{aid}.txt").write_text(text)
            for k in range(4):
                at = k * len(sentence) + sentence.index("corrupt elites")
                rows.append(f"{aid}\tName_Calling,Labeling\t{at}\t{at + 14}")
                at = k * len(sentence) + sentence.index("destroy")
                rows.append(f"{aid}\tLoaded_Language\t{at}\t{at + 7}")
        (data / f"{split}-task-flc-tc.labels").write_text("\n".join(rows) + "\n")
    vocab = {t: i for i, t in enumerate(["[PAD]", "[unused0]", "[unused1]", "[UNK]", "[CLS]", "[SEP]", ".", *WORDS])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    model = root / "tiny-bert"
    model.mkdir()
    tok.save(str(model / "tokenizer.json"))
    config = transformers.BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64
    )
    torch.manual_seed(0)
    transformers.BertModel(config).save_pretrained(str(model))
    return data, model


def test_trains_end_to_end_and_resumes(tmp_path: Path) -> None:
    data, model = write_tiny(tmp_path)
    from unspin.train import span_marked

    work = tmp_path / "work"
    argv = ["train", "--data", str(data), "--work", str(work), "--model", str(model), "--epochs", "6"]
    span_marked.main([*argv, "--lr", "3e-3", "--batch", "4", "--threads", "1"])
    scores = [json.loads((work / f"dev_epoch{e}.json").read_text())["tc"] for e in (1, 6)]
    assert scores[-1] == 1.0  # two words, two techniques: the tiny model learns them
    with np.load(work / "dev_epoch6.npz") as saved:
        assert saved["logits"].shape == (8, 2)
    before = (work / "dev_epoch6.npz").stat().st_mtime_ns
    span_marked.main([*argv, "--lr", "3e-3", "--batch", "4", "--threads", "1"])  # finished: nothing left to do
    assert (work / "dev_epoch6.npz").stat().st_mtime_ns == before
    with pytest.raises(SystemExit, match="other arguments"):
        span_marked.main([*argv, "--lr", "1e-4", "--batch", "4", "--threads", "1"])
