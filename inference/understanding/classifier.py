"""The intent classifier as served: TF-IDF features and a sentence embedding → a linear softmax.

Trained by ``models/intent/train.py`` (scikit-learn ``TfidfVectorizer`` with
:func:`inference.understanding.text.features` as its analyser, the multilingual sentence
embedding of :mod:`inference.understanding.embedding`, and a multinomial logistic regression)
and written as plain arrays — the vocabulary, the idf weights, the coefficients of both parts,
already divided by the calibration temperature — so serving needs neither scikit-learn nor
pickle: about 2 ms a message, most of it the embedding. The artifact's sha256 is checked against
``metadata.json`` before loading. ``out_of_scope_floor`` is the calibrated confidence under
which the understanding step treats a message as nothing CineMate does.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from inference.checksums import verified_metadata
from inference.understanding.embedding import SentenceEncoder
from inference.understanding.text import features

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "intent" / "artifact"
ARRAYS = "model.npz"


class IntentArtifactError(RuntimeError):
    """The artifact is missing, unreadable or not the one its metadata describes."""


@dataclass(frozen=True, slots=True)
class IntentScores:
    """The likeliest intent, its probability, and every intent's probability."""

    intent: str
    confidence: float
    probabilities: dict[str, float]


class IntentClassifier:
    """Loaded once; ``classify`` is thread-safe (it only reads)."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: npt.NDArray[np.float32],
        coef: npt.NDArray[np.float32],
        intercept: npt.NDArray[np.float32],
        labels: tuple[str, ...],
        *,
        sublinear_tf: bool,
        version: str,
        embedding_coef: npt.NDArray[np.float32] | None = None,
        encoder: SentenceEncoder | Callable[[], SentenceEncoder] | None = None,
        out_of_scope_floor: float = 0.0,
    ) -> None:
        self._vocabulary = vocabulary
        self._idf = idf
        self._coef = coef  # (features, intents)
        self._intercept = intercept
        self.labels = labels
        self._sublinear = sublinear_tf
        self.version = version
        self._embedding_coef = embedding_coef  # (dimensions, intents), or None: TF-IDF only
        # The encoder, or how to load it (~1.6 s): loaded by ``warm`` in the background
        # warm-up once the bot answers, or by the first message that needs it.
        self._encoder = encoder
        self._lock = threading.Lock()
        self.out_of_scope_floor = out_of_scope_floor

    @classmethod
    def load(cls, artifact_dir: Path | None = None) -> IntentClassifier:
        """Read ``model.npz`` after checking its sha256 against ``metadata.json``."""
        directory = artifact_dir or DEFAULT_DIR
        metadata = verified_metadata(directory, [ARRAYS], IntentArtifactError)
        parameters = metadata["parameters"]
        with np.load(directory / ARRAYS, allow_pickle=False) as arrays:
            vocabulary = {str(term): i for i, term in enumerate(arrays["vocabulary"])}
            embedded = "embedding_coef" in arrays.files and parameters.get("encoder") == "use"
            return cls(
                vocabulary,
                arrays["idf"].astype(np.float32),
                arrays["coef"].astype(np.float32),
                arrays["intercept"].astype(np.float32),
                tuple(str(label) for label in arrays["labels"]),
                sublinear_tf=bool(parameters["sublinear_tf"]),
                version=str(metadata["version"]),
                embedding_coef=arrays["embedding_coef"].astype(np.float32) if embedded else None,
                encoder=SentenceEncoder if embedded else None,
                out_of_scope_floor=float(parameters.get("out_of_scope_floor", 0.0)),
            )

    def encoder(self) -> SentenceEncoder | None:
        """The sentence encoder, loaded once (None: a TF-IDF-only artifact)."""
        if self._encoder is not None and not isinstance(self._encoder, SentenceEncoder):
            with self._lock:
                if not isinstance(self._encoder, SentenceEncoder):
                    self._encoder = self._encoder()
        return self._encoder if isinstance(self._encoder, SentenceEncoder) else None

    def classify(self, text: str) -> IntentScores:
        """The probability of each intent for ``text``."""
        counts = Counter(features(text))
        rows: list[int] = []
        weights: list[float] = []
        for term, count in counts.items():
            index = self._vocabulary.get(term)
            if index is None:
                continue
            tf = 1.0 + math.log(count) if self._sublinear else float(count)
            rows.append(index)
            weights.append(tf * float(self._idf[index]))
        logits = self._intercept.astype(np.float64)
        if rows:
            vector = np.asarray(weights, dtype=np.float64)
            vector /= np.linalg.norm(vector)
            logits = logits + vector @ self._coef[rows].astype(np.float64)
        encoder = self.encoder()
        if encoder is not None and self._embedding_coef is not None and text.strip():
            logits = logits + encoder.encode(text).astype(np.float64) @ self._embedding_coef
        logits -= logits.max()
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum()
        best = int(np.argmax(probabilities))
        return IntentScores(
            self.labels[best],
            float(probabilities[best]),
            {label: float(p) for label, p in zip(self.labels, probabilities, strict=True)},
        )

