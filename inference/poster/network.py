"""The served network: EfficientNet-Lite0 (architecture from ``efficientnet-lite-pytorch``) + head.

Training and serving build it through this one function, so a state_dict saved by training
always matches what serving loads. The ImageNet classifier (``_fc``) is removed so its 1.3 M
unused weights never enter the artifact.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import torch
from efficientnet_lite_pytorch import EfficientNet
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_weights

BACKBONE = "efficientnet-lite0"
FEATURES = 1280
#: Blocks 0..CUT-1 are never trained; their output (192×8×5 at 160×240) is what training
#: caches, for several augmented views of every poster. Blocks CUT.. (the last three MBConv
#: blocks), the head conv and the head are fine-tuned.
CUT = 13
#: Channels of the frozen blocks' output; the OOD features are their means and log spreads.
STEM_CHANNELS = 192
OOD_FEATURES = 2 * STEM_CHANNELS
#: The clean-poster branch keeps the ImageNet blocks CUT..BRANCH_FROM-1 and has its own
#: copies of the last block (one fine-tuned, one as ImageNet left it) from here on.
BRANCH_FROM = 15


@dataclass(frozen=True)
class BranchConfig:
    """The clean-poster branch (the recipe served before issue 17) mixed into the logits.

    ``mlp_hidden``: the MLP head on the ImageNet block's pooled features; ``mlp_weight``: its
    share of the branch's probability average (the rest is the fine-tuned last block);
    ``weight``: the branch's share of the served logit, ``(1 − weight)·z_augmented +
    weight·z_clean`` (calibrated afterwards, per genre).
    """

    mlp_hidden: int
    mlp_weight: float
    weight: float

    def to_dict(self) -> dict[str, float | int]:
        return {"mlp_hidden": self.mlp_hidden, "mlp_weight": self.mlp_weight, "weight": self.weight}

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> BranchConfig | None:
        if not raw:
            return None
        return cls(int(raw["mlp_hidden"]), float(raw["mlp_weight"]), float(raw["weight"]))


class Tail(nn.Module):
    """Last block(s) + 1×1 head conv + pooling + a genre head: one branch's own top."""

    def __init__(self, backbone: Any, head: nn.Sequential) -> None:
        super().__init__()
        self.blocks = copy.deepcopy(backbone._blocks[BRANCH_FROM:])
        self.conv_head = copy.deepcopy(backbone._conv_head)
        self.bn1 = copy.deepcopy(backbone._bn1)
        self.act = copy.deepcopy(backbone._swish)
        self.head = head

    def pooled(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.blocks:
            x = block(x)
        out: torch.Tensor = self.act(self.bn1(self.conv_head(x))).mean(dim=(2, 3))
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits: torch.Tensor = self.head(self.pooled(x))
        return logits


class CleanBranch(nn.Module):
    """The clean-poster ensemble of the model served before issue 17, off the shared trunk.

    ImageNet blocks CUT..BRANCH_FROM-1, then (a) the ImageNet last block + an MLP head and
    (b) a fine-tuned copy of the last block + a linear head; the output is the logit of
    ``mlp_weight``·σ(a) + (1 − ``mlp_weight``)·σ(b), as that model served it.
    """

    def __init__(self, num_genres: int, config: BranchConfig) -> None:
        super().__init__()
        backbone: Any = EfficientNet.from_name(BACKBONE)
        self.shared = copy.deepcopy(backbone._blocks[CUT:BRANCH_FROM])
        self.frozen = Tail(backbone, make_head(num_genres, config.mlp_hidden, 0.0))
        self.tuned = Tail(backbone, make_head(num_genres, 0, 0.0))
        self.mlp_weight = float(config.mlp_weight)

    def advance(self, x: torch.Tensor) -> torch.Tensor:
        """CUT activations → BRANCH_FROM activations (the ImageNet blocks it keeps)."""
        for block in self.shared:
            x = block(x)
        return x

    def mix(self, frozen: torch.Tensor, tuned: torch.Tensor) -> torch.Tensor:
        w = self.mlp_weight
        out: torch.Tensor = torch.logit(
            w * torch.sigmoid(frozen) + (1 - w) * torch.sigmoid(tuned), eps=1e-7
        )
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.advance(x)
        return self.mix(self.frozen(y), self.tuned(y))


class PosterNet(nn.Module):
    """Backbone → global average pool → head (linear or one hidden layer) → genre logits.

    ``features`` gives the pooled 1280-d backbone features as well: the out-of-distribution
    score is measured on them, so one forward pass serves both.
    """

    def __init__(
        self,
        num_genres: int,
        hidden: int = 0,
        dropout: float = 0.2,
        branch: BranchConfig | None = None,
    ) -> None:
        super().__init__()
        backbone: Any = EfficientNet.from_name(BACKBONE)
        backbone._fc = nn.Identity()
        self.backbone = backbone
        self.head = make_head(num_genres, hidden, dropout)
        self.branch_weight = branch.weight if branch is not None else 0.0
        self.clean: CleanBranch | None = (
            CleanBranch(num_genres, branch) if branch is not None else None
        )

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

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """Genre logits from the cached CUT activations (both branches when there are two)."""
        z: torch.Tensor = self.head(self.top(x))
        if self.clean is None:
            return z
        w = self.branch_weight
        mixed: torch.Tensor = (1 - w) * z + w * self.clean(x)
        return mixed

    def features(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(out-of-distribution features, genre logits) for a batch of images."""
        x = self.stem(images)
        return ood_features(x), self.logits(x)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.logits(self.stem(images))


def ood_features(stem: torch.Tensor) -> torch.Tensor:
    """Per-channel spatial mean and log standard deviation of the frozen blocks' output (384-d).

    The "is this a poster" score is measured here rather than on the pooled, fine-tuned
    features: those are trained to separate genres and put a flat colour, a gradient or a page
    of text right beside an average poster (a Mahalanobis score on them caught none of the
    development non-posters), while the texture statistics of the ImageNet blocks (how much
    each channel varies across the picture) set such images far apart.
    """
    mean = stem.mean(dim=(2, 3))
    spread = torch.log(stem.float().std(dim=(2, 3)) + 1e-3)
    return torch.cat([mean.float(), spread], dim=1)


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
    if net.clean is not None:
        for tail in (net.clean.frozen, net.clean.tuned):
            fold(tail, "conv_head", "bn1")
            blocks += list(tail.blocks)
        blocks += list(net.clean.shared)
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
