"""The served network: EfficientNet-Lite0 (architecture from ``efficientnet-lite-pytorch``) + head.

Training and serving build it through this one function, so a state_dict saved by training
always matches what serving loads. The ImageNet classifier (``_fc``) is removed so its 1.3 M
unused weights never enter the artifact.
"""

from __future__ import annotations

from typing import Any

import torch
from efficientnet_lite_pytorch import EfficientNet
from torch import nn

BACKBONE = "efficientnet-lite0"
FEATURES = 1280
#: Blocks 0..CUT-1 are never trained; their output is what training caches.
CUT = 11
#: Fine-tuning trains blocks from here on (+ the head conv): the most a 2-core CPU affords.
FINETUNE_FROM = 15


class PosterNet(nn.Module):
    """Backbone → global average pool → head (linear or one hidden layer) → genre logits."""

    def __init__(self, num_genres: int, hidden: int = 0, dropout: float = 0.2) -> None:
        super().__init__()
        backbone: Any = EfficientNet.from_name(BACKBONE)
        backbone._fc = nn.Identity()
        self.backbone = backbone
        self.head = make_head(num_genres, hidden, dropout)

    def stem(self, images: torch.Tensor) -> torch.Tensor:
        """Blocks before CUT: the frozen part whose output training caches."""
        net = self.backbone
        x: torch.Tensor = net._swish(net._bn0(net._conv_stem(images)))
        for block in net._blocks[:CUT]:
            x = block(x)
        return x

    def blocks(self, x: torch.Tensor, start: int, stop: int | None = None) -> torch.Tensor:
        """Blocks ``start``..``stop``-1 of the backbone."""
        for block in self.backbone._blocks[start:stop]:
            x = block(x)
        return x

    def finish(self, x: torch.Tensor) -> torch.Tensor:
        """The 1×1 head conv + global average pooling: pooled 1280-d features."""
        net = self.backbone
        x = net._swish(net._bn1(net._conv_head(x)))
        return x.mean(dim=(2, 3))

    def top(self, x: torch.Tensor) -> torch.Tensor:
        """From the cached CUT activations to the pooled features."""
        return self.finish(self.blocks(x, CUT))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        logits: torch.Tensor = self.head(self.top(self.stem(images)))
        return logits


def channels_last(net: PosterNet) -> PosterNet:
    """NHWC layout: depthwise convolutions run several times faster on CPU with it."""
    net.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
    return net


def make_head(num_genres: int, hidden: int, dropout: float) -> nn.Sequential:
    """A logistic-regression head (hidden=0) or a small MLP."""
    if hidden <= 0:
        return nn.Sequential(nn.Dropout(dropout), nn.Linear(FEATURES, num_genres))
    return nn.Sequential(
        nn.Dropout(dropout),
        nn.Linear(FEATURES, hidden),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, num_genres),
    )
