"""Which ids open and close a technique window: BERT's, or the <s>/</s> of an mpnet teacher's tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest
from tokenizers import Tokenizer, models

from unspin.errors import ModelError
from unspin.techniques.tagger import window_markers


def _tokenizer(*specials: str) -> Tokenizer:
    vocab = {token: i for i, token in enumerate([*specials, "[UNK]", "word"])}
    return Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))


def test_bert_markers_come_first_and_mpnet_markers_are_read_too() -> None:
    assert window_markers(_tokenizer("[CLS]", "[SEP]"), Path("m")) == (0, 1)
    assert window_markers(_tokenizer("<s>", "<pad>", "</s>"), Path("m")) == (0, 2)


def test_a_tokenizer_without_markers_is_a_clear_model_error() -> None:
    with pytest.raises(ModelError, match="neither"):
        window_markers(_tokenizer("<pad>"), Path("m"))
