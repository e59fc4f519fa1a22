"""A local ONNX transformer as the sentiment method: a tiny model built here (never a download) scores like the
softmax of its logits computed by hand, through sentiment(), analyze() and [text] sentiment in voclab.toml."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402
from tokenizers import Tokenizer, models, pre_tokenizers  # noqa: E402

from voclab.config import load  # noqa: E402
from voclab.exceptions import FormatError, ParameterError  # noqa: E402
from voclab.text import analyze, implementation, sentiment  # noqa: E402

VOCAB = {"[PAD]": 0, "[UNK]": 1, "good": 2, "bad": 3, "late": 4, "fine": 5}
#: One logit vector per token (negative, neutral, positive): a text's logits are the sum over its tokens.
EMBEDDING = np.array([[0, 0, 0], [0, 0.5, 0], [0, 0, 3], [3, 0, 0], [2, 0, 0], [0, 1, 0.5]], dtype=np.float32)


def _tiny_model(folder: Path, labels=("negative", "neutral", "positive")) -> Path:
    """A bag-of-embeddings "transformer" with the inputs and outputs of an optimum ONNX export."""
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.WordLevel(VOCAB, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    nodes = [
        helper.make_node("Gather", ["embedding", "input_ids"], ["vectors"]),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask", "axis"], ["mask3"]),
        helper.make_node("Mul", ["vectors", "mask3"], ["kept"]),
        helper.make_node("ReduceSum", ["kept", "tokens_axis"], ["logits"], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])],
        [
            numpy_helper.from_array(EMBEDDING, "embedding"),
            numpy_helper.from_array(np.array([2], dtype=np.int64), "axis"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "tokens_axis"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, folder / "model.onnx")
    config = {"id2label": {str(i): name.upper() for i, name in enumerate(labels)}, "max_position_embeddings": 16}
    (folder / "config.json").write_text(json.dumps(config))
    return folder


def _by_hand(text: str) -> np.ndarray:
    logits = EMBEDDING[[VOCAB.get(w, 1) for w in text.split()]].sum(axis=0)
    return np.exp(logits) / np.exp(logits).sum()


def test_scores_are_the_softmax_of_the_models_logits(tmp_path):
    folder = _tiny_model(tmp_path / "tiny")
    texts = pd.Series(
        ["good good", "bad late", "fine", "something else entirely", "late but good"], index=list("abcde")
    )
    scores = sentiment(texts, method=f"onnx:{folder}")
    expected = np.array([_by_hand(t) for t in texts])  # negative, neutral, positive
    assert_allclose(scores[["neg", "neu", "pos"]].to_numpy(), expected, rtol=1e-5)
    assert_allclose(scores.compound, expected[:, 2] - expected[:, 0], rtol=1e-5)
    assert scores.label.astype(str).tolist() == ["positive", "negative", "neutral", "neutral", "positive"]
    assert scores.index.tolist() == list("abcde")
    assert "transformer tiny (ONNX" in scores.attrs["implementation"]["implementation"]
    assert sentiment(pd.Series(["", "good"]), method=f"onnx:{folder}").label.isna().tolist() == [True, False]


def test_analyze_and_the_config_key_use_the_folder(tmp_path):
    folder = _tiny_model(tmp_path / "models" / "tiny")
    out = analyze(pd.DataFrame({"text": ["bad bad late", "good"] * 30}), method=f"onnx:{folder}", jobs=2, chunk_size=7)
    assert out.label.astype(str).tolist() == ["negative", "positive"] * 30
    (tmp_path / "voclab.toml").write_text('[text]\nsentiment = "onnx:models/tiny"\n')
    assert load(tmp_path / "voclab.toml").text.sentiment == f"onnx:{folder}"


def test_a_bad_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ParameterError, match="no model.onnx"):
        implementation(f"onnx:{tmp_path}")
    folder = _tiny_model(tmp_path / "odd", labels=("bad", "meh", "good"))
    with pytest.raises(FormatError, match="not negative/neutral/positive"):
        sentiment(pd.Series(["good"]), method=f"onnx:{folder}")
