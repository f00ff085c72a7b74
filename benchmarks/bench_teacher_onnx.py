"""What an optional "accurate" technique model would weigh and cost: an mpnet teacher as int8 ONNX.

Issue 13's fallback for a teacher the MiniLM student cannot match: ship it as an optional model,
its size and speed stated.  This exports one run of :mod:`unspin.train.teacher` (the whole
all-mpnet-base-v2 encoder, its frozen lower layers and trained top, and the heads) to ONNX at a
fixed window of 256 pieces (shorter windows are padded and masked), quantizes it to int8 as the
shipped model is (dynamic, per channel), and measures on the PTC dev articles, windows side by
side and one window a call as the shipped tagger runs:

* the file's size;
* articles and windows a second on the 2 cores (onnxruntime, 2 threads);
* raw dev SI of the int8 graph with the trainer's decoding, beside the run's own fp32 figure.

``--out`` becomes a technique model folder the runtime reads (``model.onnx``, mpnet's tokenizer, the
shipped config; no span head), so ``unspin eval techniques --model OUT`` scores it as a reader gets it.

Needs the training venv (torch, transformers) and the teacher's run folder::

    HF_HUB_OFFLINE=1 PYTHONPATH=src /work/trainvenv/bin/python benchmarks/bench_teacher_onnx.py \\
        --epoch /work/cache/teacher/run-98f4c0fcd89b/epoch3.pt --out /work/cache/teacher-onnx
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

PTC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc"
SEQ = 256  # the exported window (unspin.train.teacher_export.SEQ)


def measure(model: Path, limit: int, data: Path = PTC) -> dict[str, float]:
    import onnxruntime as ort

    from unspin.evaluate.techniques import score_si
    from unspin.techniques.decode import average_windows, decode_spans, window_starts
    from unspin.train.ptc import load_split
    from unspin.train.teacher import mpnet_dir, special_ids
    from unspin.train.techniques import EVAL_MERGE_GAP, WINDOW, Encoded, load_tokenizer

    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    tok = load_tokenizer(str(mpnet_dir()))
    cls_id, sep_id = special_ids(tok)
    pad = tok.token_to_id("<pad>") or 1
    docs = [Encoded(a, tok) for a in load_split(data, "dev")[: limit or None]]
    preds: dict[float, list[tuple[str, str, int, int]]] = {t: [] for t in (0.35, 0.4, 0.45, 0.5)}
    gold, windows, t0 = [], 0, time.perf_counter()
    for doc in docs:
        starts = window_starts(len(doc.ids), WINDOW, WINDOW)
        outs = []
        for s in starts:
            piece = [cls_id, *doc.ids[s : s + WINDOW], sep_id]
            ids = np.full((1, SEQ), pad, dtype=np.int64)
            mask = np.zeros((1, SEQ), dtype=np.int64)
            ids[0, : len(piece)], mask[0, : len(piece)] = piece, 1
            si, _ = session.run(None, {"input_ids": ids, "attention_mask": mask})
            e = np.exp(si[0, 1 : len(piece) - 1] - si[0, 1 : len(piece) - 1].max(-1, keepdims=True))
            outs.append((e[:, 1] / e.sum(-1))[:, None])
            windows += 1
        p_inside = average_windows(len(doc.ids), starts, outs)[:, 0]
        aid = doc.article.article_id
        for thr, plist in preds.items():
            spans = decode_spans(doc.article.text, doc.offsets, p_inside, thr, EVAL_MERGE_GAP)
            plist.extend((aid, "", sp.start, sp.end) for sp in spans)
        gold.extend((aid, t, s, e) for t, s, e in doc.article.spans)
    seconds = time.perf_counter() - t0
    result = {f"si@{t}": round(score_si(p, gold).f1, 4) for t, p in preds.items()}
    return result | {
        "articles": len(docs),
        "articles_per_s": round(len(docs) / seconds, 2),
        "windows_per_s": round(windows / seconds, 2),
        "mb": round(model.stat().st_size / 2**20, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--epoch", type=Path, nargs="+", required=True,
        help="a teacher run's epochN.pt (args.json beside it); several: averaged on one shared trunk",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, help="folder for teacher.onnx (outside the repository)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N dev articles")
    parser.add_argument("--data", type=Path, default=PTC, help="PTC folder to measure on (default ../shared/data/ptc)")
    args = parser.parse_args(argv)
    model = args.out / "model.onnx"
    if not model.is_file():
        from unspin.train.teacher_export import export

        model = export(args.epoch, args.out)
    if not (args.data / "dev-articles").is_dir():
        print(f"exported {model}; not measured: no PTC dev articles under {args.data}")
        return 0
    print(json.dumps(measure(model, args.limit, args.data)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
