"""The single image → tensor path shared by training and serving.

Training posters are 128 px tall (LANCZOS, see SOURCE.md), so every image is first brought to
that height the same way; a sharp 1500 px upload then looks to the network like the posters it
learned from. The result is stretched to the fixed network input (2:3, like a poster) and
normalised the way EfficientNet-Lite was trained in TensorFlow ((x - 127) / 128).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
from PIL import Image


@dataclass(frozen=True, slots=True)
class PreprocessParams:
    """Everything that must match between training and serving; stored in the artifact."""

    canonical_height: int = 128
    input_width: int = 160
    input_height: int = 240
    mean: float = 127.0
    std: float = 128.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> PreprocessParams:
        return cls(
            canonical_height=int(raw["canonical_height"]),
            input_width=int(raw["input_width"]),
            input_height=int(raw["input_height"]),
            mean=float(raw["mean"]),
            std=float(raw["std"]),
        )


def draft_size(width: int, height: int, params: PreprocessParams) -> tuple[int, int]:
    """The smallest size a JPEG may be DCT-downscaled to without changing the result much.

    Twice the canonical height, so the LANCZOS step that follows still has real pixels to
    average (training images are already 128 px tall, so this never touches them).
    """
    target_h = 2 * params.canonical_height
    return max(1, round(width * target_h / height)), target_h


def to_canonical(image: Image.Image, params: PreprocessParams) -> Image.Image:
    """Resize an RGB image to the dataset's 128 px height with LANCZOS, as SOURCE.md did."""
    width, height = image.size
    if height == params.canonical_height:
        return image
    new_width = max(1, round(width * params.canonical_height / height))
    return image.resize((new_width, params.canonical_height), Image.Resampling.LANCZOS)


def to_tensor(image: Image.Image, params: PreprocessParams) -> torch.Tensor:
    """RGB PIL image → normalised float32 tensor of shape (3, input_height, input_width)."""
    canonical = to_canonical(image, params)
    resized = canonical.resize((params.input_width, params.input_height), Image.Resampling.BILINEAR)
    array = np.asarray(resized, dtype=np.float32)
    array = (array - params.mean) / params.std
    return torch.from_numpy(np.ascontiguousarray(array.transpose(2, 0, 1)))
