"""PosterClassifier: bytes → PosterPrediction, safe to call from several threads at once.

The network is only read (eval mode, ``torch.inference_mode``) and every call builds its own
tensors, so concurrent ``asyncio.to_thread`` calls share no mutable state and need no lock.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch

from inference.poster.artifact import PosterArtifact, load_artifact
from inference.poster.decode import decode_image
from inference.poster.network import PosterNet, channels_last, fold_batch_norms
from inference.poster.prediction import GenreScore, PosterPrediction
from inference.poster.preprocess import to_tensor


class PosterClassifier:
    """Genre guesses for a poster upload, from the verified artifact."""

    def __init__(self, artifact: PosterArtifact) -> None:
        self._artifact = artifact
        net = PosterNet(
            len(artifact.genres),
            hidden=artifact.hidden,
            ensemble_hidden=artifact.ensemble_hidden,
            ensemble_weight=artifact.ensemble_weight,
        )
        net.load_state_dict(artifact.state, strict=True)
        self._net = channels_last(fold_batch_norms(net.eval()))
        for parameter in self._net.parameters():
            parameter.requires_grad_(False)
        self._thresholds = np.asarray(artifact.thresholds, dtype=np.float64)
        self._version = f"{artifact.name}@{artifact.weights_sha256[:12]}"

    @classmethod
    def load(
        cls, artifact_dir: Path | None = None, num_threads: int | None = None
    ) -> PosterClassifier:
        """Verify and load the artifact (default models/poster/artifact).

        ``num_threads`` (default: up to 4 cores) caps torch's intra-op threads, which is
        process-wide: one poster is small work and more threads only add contention.
        """
        torch.set_num_threads(num_threads or max(1, min(4, os.cpu_count() or 1)))
        return cls(load_artifact(artifact_dir))

    @property
    def genres(self) -> tuple[str, ...]:
        return self._artifact.genres

    @property
    def thresholds(self) -> tuple[float, ...]:
        """Per-genre cut-offs (``genres`` order), tuned for micro-F1 on the validation fold."""
        return self._artifact.thresholds

    @property
    def model_version(self) -> str:
        return self._version

    def prepare(self, data: bytes) -> torch.Tensor:
        """Validate, decode and preprocess an upload into a (1, 3, H, W) input batch."""
        params = self._artifact.params
        batch = to_tensor(decode_image(data, params), params).unsqueeze(0)
        return batch.contiguous(memory_format=torch.channels_last)

    def run(self, batch: torch.Tensor) -> npt.NDArray[np.float64]:
        """Sigmoid outputs for a prepared batch, shape (n, genres)."""
        with torch.inference_mode():
            probs: npt.NDArray[np.float64] = torch.sigmoid(self._net(batch)).double().numpy()
        return probs

    def probabilities(self, data: bytes) -> npt.NDArray[np.float64]:
        """Per-genre sigmoid outputs in ``genres`` order (raises InvalidImage)."""
        row: npt.NDArray[np.float64] = self.run(self.prepare(data))[0]
        return row

    def predict(self, data: bytes) -> PosterPrediction:
        probs = self.probabilities(data)
        order = np.argsort(-probs, kind="stable")
        scores = tuple(
            GenreScore(
                genre=self.genres[i],
                probability=float(probs[i]),
                predicted=bool(probs[i] >= self._thresholds[i]),
            )
            for i in order
        )
        return PosterPrediction(scores=scores, model_version=self._version)
