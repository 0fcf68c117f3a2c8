"""PosterClassifier: bytes → PosterPrediction, safe to call from several threads at once.

The network is only read (eval mode, ``torch.inference_mode``) and every call builds its own
tensors, so concurrent ``asyncio.to_thread`` calls share no mutable state and need no lock.
One forward pass gives the genre logits and the pooled features; the logits are calibrated
and ranked relative to each genre's base rate (``calibration.py``), the features are scored
for "is this a poster at all" (``ood.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from PIL import Image

from inference.poster.artifact import PosterArtifact, load_artifact
from inference.poster.calibration import Calibration
from inference.poster.decode import decode_image
from inference.poster.network import PosterNet, channels_last, fold_batch_norms
from inference.poster.ood import OodModel
from inference.poster.prediction import GenreScore, PosterPrediction
from inference.poster.preprocess import to_tensor

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Outputs:
    """Raw network outputs for a batch: genre logits and pooled features (n × 1280)."""

    logits: Array
    features: Array


class PosterClassifier:
    """Genre guesses for a poster upload, from the verified artifact."""

    def __init__(self, artifact: PosterArtifact) -> None:
        self._artifact = artifact
        net = PosterNet(len(artifact.genres), hidden=artifact.hidden, branch=artifact.branch)
        net.load_state_dict(artifact.state, strict=True)
        self._net = channels_last(fold_batch_norms(net.eval()))
        for parameter in self._net.parameters():
            parameter.requires_grad_(False)
        self._version = f"{artifact.name}@{artifact.weights_sha256[:12]}"
        if artifact.calibration_sha256:
            self._version += f"+rule@{artifact.calibration_sha256[:8]}"

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
    def calibration(self) -> Calibration:
        return self._artifact.calibration

    @property
    def ood(self) -> OodModel:
        return self._artifact.ood

    @property
    def model_version(self) -> str:
        return self._version

    def prepare(self, data: bytes) -> torch.Tensor:
        """Validate, decode and preprocess an upload into a (1, 3, H, W) input batch."""
        return self.prepare_image(decode_image(data, self._artifact.params))

    def prepare_image(self, image: Image.Image) -> torch.Tensor:
        """An already decoded RGB image → (1, 3, H, W), the same preprocessing as training."""
        params = self._artifact.params
        batch = to_tensor(image, params).unsqueeze(0)
        return batch.contiguous(memory_format=torch.channels_last)

    def run(self, batch: torch.Tensor) -> Outputs:
        """Logits and pooled features for a prepared batch."""
        with torch.inference_mode():
            features, logits = self._net.features(batch)
        return Outputs(logits.double().numpy(), features.double().numpy())

    def probabilities(self, data: bytes) -> Array:
        """Calibrated per-genre probabilities in ``genres`` order (raises InvalidImage)."""
        row: Array = self.calibration.probabilities(self.run(self.prepare(data)).logits[0])
        return row

    def predict(self, data: bytes) -> PosterPrediction:
        """Validate, decode and classify an upload (raises InvalidImage)."""
        return self.interpret(self.run(self.prepare(data)))[0]

    def interpret(self, outputs: Outputs) -> list[PosterPrediction]:
        """Calibrate, rank by evidence and score "poster or not" for each row of a batch."""
        cal = self.calibration
        probs = cal.probabilities(outputs.logits)
        evidence = cal.evidence(probs)
        ood = self.ood.score(outputs.features)
        results = []
        for p, e, score in zip(probs, evidence, ood, strict=True):
            order = np.argsort(-e, kind="stable")
            scores = tuple(
                GenreScore(
                    genre=self.genres[i],
                    probability=float(p[i]),
                    base_rate=float(cal.prior[i]),
                    evidence=float(e[i]),
                    predicted=bool(e[i] >= cal.tau or rank == 0),
                )
                for rank, i in enumerate(order)
            )
            results.append(
                PosterPrediction(
                    scores=scores,
                    model_version=self._version,
                    looks_like_poster=bool(score <= self.ood.threshold),
                    ood_score=float(score),
                    ood_threshold=float(self.ood.threshold),
                )
            )
        return results
