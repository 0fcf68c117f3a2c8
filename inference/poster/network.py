"""The served network: EfficientNet-Lite0 (architecture from ``efficientnet-lite-pytorch``) + head.

Training and serving build it through this one function, so a state_dict saved by training
always matches what serving loads. The ImageNet classifier (``_fc``) is removed so its 1.3 M
unused weights never enter the artifact.
"""

from __future__ import annotations

import copy
from typing import Any

import torch
from efficientnet_lite_pytorch import EfficientNet
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_weights

BACKBONE = "efficientnet-lite0"
FEATURES = 1280
#: Blocks 0..CUT-1 are never trained; their output is what training caches.
CUT = 11
#: Fine-tuning trains blocks from here on (+ the head conv): the most a 2-core CPU affords.
FINETUNE_FROM = 15


class PosterNet(nn.Module):
    """Backbone → global average pool → head (linear or one hidden layer) → genre logits.

    With ``ensemble_hidden`` > 0 the net also carries a second branch from block
    FINETUNE_FROM on (``aux``: its own copy of the last blocks + head conv, and an MLP head
    with ``ensemble_hidden`` units), sharing everything before. The output is then the logit
    of ``ensemble_weight``·σ(aux) + (1 − ``ensemble_weight``)·σ(main), i.e. an average of the
    two models' probabilities; the extra cost is one small branch at the lowest resolution.
    """

    def __init__(
        self,
        num_genres: int,
        hidden: int = 0,
        dropout: float = 0.2,
        ensemble_hidden: int = 0,
        ensemble_weight: float = 0.0,
    ) -> None:
        super().__init__()
        backbone: Any = EfficientNet.from_name(BACKBONE)
        backbone._fc = nn.Identity()
        self.backbone = backbone
        self.head = make_head(num_genres, hidden, dropout)
        self.ensemble_weight = float(ensemble_weight)
        self.aux: nn.ModuleDict | None = None
        if ensemble_hidden > 0:
            self.aux = nn.ModuleDict(
                {
                    "blocks": copy.deepcopy(backbone._blocks[FINETUNE_FROM:]),
                    "conv_head": copy.deepcopy(backbone._conv_head),
                    "bn1": copy.deepcopy(backbone._bn1),
                    "head": make_head(num_genres, ensemble_hidden, dropout),
                }
            )

    def attach_aux(self, other: PosterNet) -> None:
        """Copy ``other``'s last blocks, head conv and head into ``aux`` (training side)."""
        assert self.aux is not None
        self.aux["blocks"].load_state_dict(other.backbone._blocks[FINETUNE_FROM:].state_dict())
        self.aux["conv_head"].load_state_dict(other.backbone._conv_head.state_dict())
        self.aux["bn1"].load_state_dict(other.backbone._bn1.state_dict())
        self.aux["head"].load_state_dict(other.head.state_dict())

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
        if self.aux is None:
            logits: torch.Tensor = self.head(self.top(self.stem(images)))
            return logits
        return self.ensemble_tail(self.blocks(self.stem(images), CUT, FINETUNE_FROM))

    def ensemble_tail(self, x: torch.Tensor) -> torch.Tensor:
        """From FINETUNE_FROM activations: logit of the weighted mean of both branches' σ."""
        assert self.aux is not None
        main = torch.sigmoid(self.head(self.finish(self.blocks(x, FINETUNE_FROM))))
        y = x
        blocks: Any = self.aux["blocks"]
        for block in blocks:
            y = block(y)
        y = self.backbone._swish(self.aux["bn1"](self.aux["conv_head"](y))).mean(dim=(2, 3))
        other = torch.sigmoid(self.aux["head"](y))
        w = self.ensemble_weight
        mixed: torch.Tensor = torch.logit(w * other + (1 - w) * main, eps=1e-7)
        return mixed


def fold_batch_norms(net: PosterNet) -> PosterNet:
    """Fold every batch norm into the convolution before it (serving only, eval mode).

    An eval-mode batch norm is a per-channel affine map, so it can live in the convolution's
    weights and bias: the same outputs (to float rounding, ~1e-5 on the logits) from 51 fewer
    modules. Each module call is Python that holds the GIL while the event loop waits, so
    fewer calls mean a poster delays other chats less, and the poster itself is ~15 % faster.
    """
    if net.training:
        raise ValueError("batch norms can only be folded in eval mode")

    def fold(owner: nn.Module, conv_name: str, bn_name: str) -> None:
        conv, bn = getattr(owner, conv_name), getattr(owner, bn_name)
        weight, bias = fuse_conv_bn_weights(
            conv.weight, conv.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias
        )
        conv.weight, conv.bias = weight, bias
        setattr(owner, bn_name, nn.Identity())

    backbone = net.backbone
    fold(backbone, "_conv_stem", "_bn0")
    fold(backbone, "_conv_head", "_bn1")
    blocks: list[Any] = list(backbone._blocks)
    if net.aux is not None:
        fold(net.aux, "conv_head", "bn1")
        blocks += list(net.aux["blocks"].children())
    for block in blocks:
        if block._block_args.expand_ratio != 1:
            fold(block, "_expand_conv", "_bn0")
        fold(block, "_depthwise_conv", "_bn1")
        fold(block, "_project_conv", "_bn2")
    return net


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
