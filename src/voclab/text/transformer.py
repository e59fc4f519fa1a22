"""A local transformer sentiment model, run by onnxruntime: ``[text] sentiment = "onnx:models/twitter-roberta"``.

For teams that have downloaded a transformer classifier (e.g. ``cardiffnlp/twitter-roberta-base-sentiment-latest``)
and exported it to ONNX (``optimum-cli export onnx --model … DIR``). The folder holds what that export writes:

* ``model.onnx`` — inputs ``input_ids`` and ``attention_mask`` (and ``token_type_ids`` when the model has them),
  first output the logits, one per label;
* ``tokenizer.json`` — a Hugging Face ``tokenizers`` file;
* ``config.json`` — ``id2label`` naming each output ``negative``, ``neutral`` or ``positive`` (any case), and
  optionally ``max_position_embeddings`` (texts are cut to that many tokens, at most 512).

Nothing is downloaded: voclab reads the folder. ``pos``/``neu``/``neg`` are the softmax probabilities,
``compound`` = P(positive) − P(negative), ``label`` the likeliest. Needs the ``transformer`` extra
(``pip install 'voclab[transformer]'``: onnxruntime and tokenizers).

Example
-------
>>> model = load_transformer("models/twitter-roberta")  # doctest: +SKIP
>>> model.predict(pd.Series(["Flight cancelled, no rebooking offered"])).label.tolist()  # doctest: +SKIP
['negative']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from voclab.exceptions import FormatError, ParameterError
from voclab.text.sentiment import from_probabilities

__all__ = ["TransformerModel", "load_transformer"]

_FILES = ("model.onnx", "tokenizer.json", "config.json")
_LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class TransformerModel:
    """An ONNX classifier (``session``), its ``tokenizer`` and the label of each output (``labels``)."""

    folder: Path
    session: object
    tokenizer: object
    labels: tuple[str, ...]
    batch_size: int = 64

    def predict(self, texts: pd.Series) -> pd.DataFrame:
        """``compound``, ``pos``, ``neu``, ``neg`` and ``label`` per text (same index), like
        :func:`voclab.text.sentiment`."""
        values = texts.fillna("").astype(str).tolist()
        wanted = {i.name for i in self.session.get_inputs()}
        rows = []
        for start in range(0, len(values), self.batch_size):
            encoded = self.tokenizer.encode_batch(values[start : start + self.batch_size])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            logits = self.session.run(None, {k: v for k, v in feed.items() if k in wanted})[0]
            rows.append(logits)
        logits = np.concatenate(rows) if rows else np.zeros((0, len(self.labels)))
        proba = np.exp(logits - logits.max(axis=1, keepdims=True))
        return from_probabilities(proba / proba.sum(axis=1, keepdims=True), self.labels, texts.index)


@cache
def load_transformer(folder: str | Path) -> TransformerModel:
    """The model in ``folder`` (see the module docstring), loaded once per process. A missing file, a config
    without the three labels or a missing extra is a clear error naming the fix."""
    folder = Path(folder)
    missing = [name for name in _FILES if not (folder / name).is_file()]
    if missing:
        raise ParameterError(
            f"{folder}: no {missing[0]} (an ONNX sentiment model folder holds {', '.join(_FILES)})",
            hint="export one: optimum-cli export onnx --model cardiffnlp/twitter-roberta-base-sentiment-latest DIR",
        )
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError:
        raise ParameterError(
            "the transformer sentiment needs onnxruntime and tokenizers", hint="pip install 'voclab[transformer]'"
        ) from None
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    names = config.get("id2label", {})
    labels = tuple(str(names.get(str(i), names.get(i, ""))).lower() for i in range(len(names)))
    if sorted(labels) != sorted(_LABELS):
        raise FormatError(
            f"id2label is {dict(names)}, not negative/neutral/positive",
            path=folder / "config.json",
            hint='name each output, e.g. "id2label": {"0": "negative", "1": "neutral", "2": "positive"}',
        )
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=min(int(config.get("max_position_embeddings", 512)), 512))
    tokenizer.enable_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # analyze already runs one chunk per core
    session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
    return TransformerModel(folder, session, tokenizer, labels)
