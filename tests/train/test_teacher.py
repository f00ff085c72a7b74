"""The mpnet teacher end to end on a tiny synthetic corpus with a tiny random MPNet (no download).

The training venv has torch; the project's CI venv has not, so the whole module skips there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

from unspin.train import teacher  # noqa: E402  (needs torch)

SENTENCES = [
    ("The corrupt elites want to destroy our great nation.", "Loaded_Language", "corrupt elites"),
    ("Officials said the bridge will reopen on Monday.", None, None),
    ("Only a traitor would question our brave soldiers.", "Name_Calling,Labeling", "a traitor"),
    ("The committee published its report in the morning.", None, None),
    ("Make our country strong again!", "Slogans", "Make our country strong again!"),
    ("Experts say prices rose by two percent last year.", None, None),
]


def write_corpus(root: Path) -> Path:
    """Articles long enough for several windows of the teacher (254 pieces), with their span labels."""
    data = root / "ptc"
    for split, n_articles in (("train", 3), ("dev", 2)):
        (data / f"{split}-articles").mkdir(parents=True)
        labels = []
        for a in range(n_articles):
            aid = f"{9 if split == 'dev' else 1}{a}"
            text, offset = "", 0
            for i in range(60):  # about 600 words: three windows
                sentence, tech, phrase = SENTENCES[(i + a) % len(SENTENCES)]
                if tech and phrase:
                    start = offset + sentence.index(phrase)
                    labels.append(f"{aid}\t{tech}\t{start}\t{start + len(phrase)}")
                line = sentence + ("\n" if i % 4 == 3 else " ")
                text += line
                offset += len(line)
            (data / f"{split}-articles" / f"article{aid}.txt").write_text(text, encoding="utf-8")
        (data / f"{split}-task-flc-tc.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")
    return data


def write_model(root: Path) -> Path:
    """A 3-layer, 32-wide random MPNet with a WordPiece tokenizer over the corpus' words."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    words = sorted({w.lower() for s, _, _ in SENTENCES for w in s.replace("!", " ! ").replace(".", " . ").split()})
    vocab = {tok: i for i, tok in enumerate(["<s>", "<pad>", "</s>", "[UNK]", *words])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    folder = root / "tiny-mpnet"
    folder.mkdir()
    tok.save(str(folder / "tokenizer.json"))
    config = transformers.MPNetConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=3,
        num_attention_heads=2,
        intermediate_size=64,
        pad_token_id=1,
    )
    torch.manual_seed(0)
    transformers.MPNetModel(config).save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("teacher")
    return write_corpus(root), write_model(root)


def args_for(data: Path, model: Path, cache: Path, *extra: str) -> list[str]:
    return ["--data", str(data), "--model", str(model), "--cache-dir", str(cache), "--frozen", "2", "--batch", "2",
            "--epochs", "2", "--threads", "1", "--no-bf16", *extra]  # fmt: skip


def test_cached_lower_layers_plus_top_layers_equal_the_whole_encoder(corpus: tuple[Path, Path]) -> None:
    _, model_dir = corpus
    encoder = teacher.load_encoder(model_dir).eval()
    ids = torch.tensor([[0, 5, 6, 7, 8, 2], [0, 9, 10, 2, 1, 1]])
    mask = (ids != 1).long()
    whole = encoder(input_ids=ids, attention_mask=mask).last_hidden_state
    top = teacher.TopTagger(encoder, 2).eval()
    states = teacher.lower_states(encoder, ids, mask, 2)
    hidden = states
    bias = encoder.encoder.compute_position_bias(hidden)
    for layer in top.layers:
        hidden = layer(hidden, teacher.additive_mask(mask, hidden.dtype), bias)[0]
    real = mask.bool()
    assert torch.allclose(hidden[real], whole[real], atol=1e-5)


def test_trains_scores_dev_every_epoch_and_resumes_to_the_same_weights(
    corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, model_dir = corpus
    teacher.main(["train", *args_for(data, model_dir, tmp_path / "whole")])
    (run,) = (tmp_path / "whole").glob("run-*")
    for epoch in (1, 2):
        scores = json.loads((run / f"dev_epoch{epoch}.json").read_text())
        assert set(scores) >= {"si@0.3", "si@0.5", "tc"}
        assert all(0.0 <= v <= 1.0 for k, v in scores.items() if k != "seconds_train")
    capsys.readouterr()
    teacher.main(["eval", *args_for(data, model_dir, tmp_path / "whole", "--epoch", "2")])
    assert json.loads(capsys.readouterr().out) == {
        k: v for k, v in json.loads((run / "dev_epoch2.json").read_text()).items() if k != "seconds_train"
    }  # the saved epoch scores as it did at the end of training
    (states,) = (tmp_path / "whole").glob("states-*")
    assert teacher.States(states, "train").lengths.max() == 256  # several full windows per article

    # interrupted after 3 steps (mid-epoch 1), then rerun with the same arguments: same weights
    teacher.main(["train", *args_for(data, model_dir, tmp_path / "resumed", "--max-steps", "3")])
    (resumed,) = (tmp_path / "resumed").glob("run-*")
    assert torch.load(resumed / "checkpoint.pt", weights_only=False)["step"] == 3
    assert not (resumed / "dev_epoch1.json").exists()
    teacher.main(["train", *args_for(data, model_dir, tmp_path / "resumed")])
    whole_weights = torch.load(run / "epoch2.pt")
    resumed_weights = torch.load(resumed / "epoch2.pt")
    assert whole_weights.keys() == resumed_weights.keys()
    for key, value in whole_weights.items():
        assert torch.equal(value, resumed_weights[key]), key


def test_a_checkpoint_for_other_arguments_is_ignored(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    data, model_dir = corpus
    teacher.main(["train", *args_for(data, model_dir, tmp_path, "--max-steps", "2")])
    (run,) = tmp_path.glob("run-*")
    ckpt = torch.load(run / "checkpoint.pt", weights_only=False)
    ckpt["digest"] = "another-run"
    torch.save(ckpt, run / "checkpoint.pt")
    teacher.main(["train", *args_for(data, model_dir, tmp_path, "--max-steps", "1")])
    assert torch.load(run / "checkpoint.pt", weights_only=False)["step"] == 1  # started again, not at 3


def test_bad_data_folder_is_a_clear_error(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    _, model_dir = corpus
    with pytest.raises(SystemExit, match="no PTC train split"):
        teacher.main(["cache", *args_for(tmp_path / "missing", model_dir, tmp_path)])


def test_a_fold_teacher_predicts_the_articles_it_never_saw_on_the_students_pieces(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    import numpy as np

    from unspin.train.ptc import load_split
    from unspin.train.techniques import load_tokenizer

    data, model_dir = corpus
    extra = ("--folds", "3", "--fold", "1", "--student-tokenizer", str(model_dir))
    teacher.main(["train", *args_for(data, model_dir, tmp_path, *extra)])
    (run,) = tmp_path.glob("run-*")
    articles = load_split(data, "train")
    with np.load(run / "heldout.npz") as held:
        assert held.files == [articles[1].article_id]  # article i is held out by fold i % 3
        p = held[articles[1].article_id]
    student = load_tokenizer(str(model_dir))
    assert len(p) == len(student.encode(articles[1].text, add_special_tokens=False).ids)
    assert ((p >= 0.0) & (p <= 1.0)).all()


def test_teacher_probabilities_map_onto_other_pieces_by_characters() -> None:
    import numpy as np

    text = "corrupt elites lie"
    teacher_offsets = [(0, 7), (8, 14), (15, 18)]
    p = np.array([0.9, 0.5, 0.1], np.float32)
    student = [(0, 3), (3, 7), (8, 18)]  # "cor" "rupt" and one piece over "elites lie" (with the space)
    out = teacher.to_student_pieces(text, teacher_offsets, p, student)
    assert abs(out[0] - 0.9) < 1e-6 and abs(out[1] - 0.9) < 1e-6
    assert abs(out[2] - (6 * 0.5 + 0.5 + 3 * 0.1) / 10) < 1e-6  # the space carries the value before it


def test_an_ensemble_labels_unlabelled_texts_as_its_teachers_do_on_the_students_pieces(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    """One teacher predicting a text it never saw gives the P its own held-out file holds, and
    two copies of it average to the same P; the student reads the file back with no gold."""
    import numpy as np

    from unspin.train import teacher_predict
    from unspin.train.ptc import load_split
    from unspin.train.techniques import load_tokenizer, load_unlabelled

    data, model_dir = corpus
    extra = ("--folds", "3", "--fold", "1", "--student-tokenizer", str(model_dir))
    teacher.main(["train", *args_for(data, model_dir, tmp_path / "cache", *extra)])
    (run,) = (tmp_path / "cache").glob("run-*")
    article = load_split(data, "train")[1]
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "news1.txt").write_text(article.text, encoding="utf-8")
    out = tmp_path / "unlabelled.npz"
    epoch = str(run / "epoch2.pt")
    teacher_predict.main(["--texts", str(texts), "--teachers", epoch, epoch, "--out", str(out),
                          "--model", str(model_dir), "--student-tokenizer", str(model_dir), "--no-bf16"])  # fmt: skip
    with np.load(run / "heldout.npz") as held, np.load(out) as predicted:
        assert sorted(predicted.files) == ["p/news1", "text/news1"]
        assert str(predicted["text/news1"]) == article.text
        np.testing.assert_allclose(predicted["p/news1"], held[article.article_id], atol=1e-5)
    (doc,) = load_unlabelled(out, load_tokenizer(str(model_dir)))
    assert (doc.inside == -100).all() and not doc.spans
    assert doc.soft is not None and len(doc.soft) == len(doc.ids)


def test_a_batch_of_unlabelled_windows_learns_from_the_teacher_alone() -> None:
    """No gold token in the batch: the gold term is zero (not NaN) and the teacher's P drives the loss."""
    from unspin.train.techniques import TECHNIQUES, loss_fn

    class Fixed(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.si = torch.nn.Parameter(torch.zeros(1, 4, 2))

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return self.si, torch.zeros(1, 4, len(TECHNIQUES))

    batch = {
        "ids": torch.zeros(1, 4, dtype=torch.long),
        "mask": torch.ones(1, 4, dtype=torch.long),
        "inside": torch.full((1, 4), -100),
        "soft": torch.tensor([[-1.0, 0.9, 0.1, -1.0]]),
        "tech": torch.zeros(1, 4, len(TECHNIQUES)),
        "spans": [],
    }
    model = Fixed()
    loss = loss_fn(model, batch, torch.ones(len(TECHNIQUES)), distill=0.5)  # type: ignore[arg-type]
    assert torch.isfinite(loss) and abs(loss.item() - 0.5 * torch.log(torch.tensor(2.0)).item()) < 1e-6
    loss.backward()
    assert model.si.grad is not None and model.si.grad[0, 1, 1] < 0 < model.si.grad[0, 2, 1]  # towards 0.9 / 0.1
    assert loss_fn(model, batch, torch.ones(len(TECHNIQUES)), distill=0.0).item() == 0.0  # type: ignore[arg-type]


def _random_teacher(model_dir: Path, run: Path, frozen: int, seed: int) -> Path:
    """A teacher run folder holding an untrained top with random weights (its args.json and epoch1.pt)."""
    torch.manual_seed(seed)
    top = teacher.TopTagger(teacher.load_encoder(model_dir), frozen)
    for param in top.parameters():
        torch.nn.init.normal_(param, std=0.5)
    run.mkdir(parents=True)
    (run / "args.json").write_text(json.dumps({"frozen": frozen}))
    torch.save(top.trainable_state(), run / "epoch1.pt")
    return run / "epoch1.pt"


def test_teachers_on_one_trunk_average_what_each_says_alone(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    """Two teachers frozen at depths 1 and 2 share the trunk's layers; the ensemble's P(inside) is the
    mean of theirs and its technique logits the mean of their log-softmax; one teacher is unchanged."""
    from unspin.train import teacher_export

    _, model_dir = corpus
    epochs = [_random_teacher(model_dir, tmp_path / f"run{d}", d, seed=d) for d in (2, 1)]
    ids = torch.tensor([[0, 5, 6, 7, 8, 2], [0, 9, 10, 2, 1, 1]])
    mask = (ids != 1).long()
    trunk = teacher.load_encoder(model_dir).eval()
    alone = []
    for epoch in epochs:
        frozen, top = teacher_export.load_teacher(epoch, model_dir)
        states = teacher.lower_states(trunk, ids, mask, frozen).to(torch.float16).float()
        alone.append(top(states, mask))
    tops = [teacher_export.load_teacher(e, model_dir) for e in epochs]
    with torch.no_grad():
        si, tech = teacher_export.Ensemble(trunk, tops)(ids, mask)
        one = teacher_export.Ensemble(trunk, tops[:1])(ids, mask)
    p_alone = [torch.softmax(s, -1)[..., 1] for s, _ in alone]
    assert not torch.allclose(p_alone[0], p_alone[1], atol=1e-3)  # two different teachers
    torch.testing.assert_close(torch.softmax(si, -1)[..., 1], (p_alone[0] + p_alone[1]) / 2, atol=1e-5, rtol=0)
    expected = (torch.log_softmax(alone[0][1], -1) + torch.log_softmax(alone[1][1], -1)) / 2
    torch.testing.assert_close(tech, expected, atol=1e-5, rtol=0)
    torch.testing.assert_close(one[0], alone[0][0], atol=1e-5, rtol=0)


def test_an_exported_ensemble_is_a_model_folder_the_runtime_reads(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    from unspin.techniques.tagger import TechniqueTagger
    from unspin.train import teacher_export

    _, model_dir = corpus
    epochs = [_random_teacher(model_dir, tmp_path / f"run{d}", d, seed=d) for d in (2, 1)]
    out = tmp_path / "accurate"
    teacher_export.export(epochs, out, model_dir)
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "model.onnx", "tokenizer.json"]
    assert "2 teachers averaged" in json.loads((out / "config.json").read_text())["base_model"]
    text = "The corrupt elites want to destroy our great nation. Officials said the bridge will reopen."
    outputs = TechniqueTagger(out).outputs(text)
    assert outputs.p_inside.shape[0] == outputs.tech_logits.shape[0] > 0
    assert ((outputs.p_inside > 0) & (outputs.p_inside < 1)).all()
