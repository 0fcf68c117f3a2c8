"""Fine-tuning the last MBConv blocks on cached frozen activations of several views per poster.

Each epoch every training poster is seen once, through one of its views drawn at random
(clean, mirrored, or a user-like photo), so the network learns genres that survive crops,
colour casts, margins and JPEG. The epoch is picked by validation mAP on the clean posters
and on their user-like views together (threshold-free; calibration and the decision rule are
fitted afterwards on the same validation fold, never on test).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from tqdm import tqdm

from inference.poster.network import CUT, PosterNet, ood_features
from models.poster.metrics import mean_ap

Array = npt.NDArray[np.float64]
Acts = npt.NDArray[np.float16]
LOSSES = ("bce", "asl", "smooth")


@dataclass(frozen=True)
class FitResult:
    state: dict[str, torch.Tensor]
    best_epoch: int
    val_map: float
    history: list[float]


def pos_weight(labels: npt.NDArray[np.uint8]) -> torch.Tensor:
    """sqrt(negatives / positives) per genre: rare genres count more, without exploding."""
    pos = labels.sum(axis=0).clip(min=1)
    return torch.tensor(np.sqrt((len(labels) - pos) / pos), dtype=torch.float32)


class AsymmetricLoss(nn.Module):
    """ASL (Ridnik et al., ICCV 2021): easy negatives are down-weighted by p^γ− and shifted by
    a margin, so the ~18 absent genres of each poster stop drowning the 1–3 present ones."""

    def __init__(self, gamma_neg: float = 4.0, gamma_pos: float = 0.0, clip: float = 0.05):
        super().__init__()
        self.gamma_neg, self.gamma_pos, self.clip = gamma_neg, gamma_pos, clip

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        p = torch.sigmoid(logits)
        p_neg = (p - self.clip).clamp(min=0)
        log_pos = torch.log(p.clamp(min=1e-8))
        log_neg = torch.log((1 - p_neg).clamp(min=1e-8))
        loss = targets * (1 - p) ** self.gamma_pos * log_pos
        loss = loss + (1 - targets) * p_neg**self.gamma_neg * log_neg
        return -loss.sum(dim=1).mean()


def make_loss(name: str, train_y: npt.NDArray[np.uint8]) -> nn.Module:
    if name == "bce":
        return nn.BCEWithLogitsLoss(pos_weight=pos_weight(train_y))
    if name == "asl":
        return AsymmetricLoss()
    if name == "smooth":
        return SmoothedBCE(0.1)
    raise ValueError(f"unknown loss {name!r}")


class SmoothedBCE(nn.Module):
    """BCE against targets pulled towards 0.5 by ``eps`` (label smoothing)."""

    def __init__(self, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.bce = nn.BCEWithLogitsLoss()

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        loss: torch.Tensor = self.bce(logits, targets * (1 - self.eps) + self.eps / 2)
        return loss


def trainable(name: str, start: int = CUT) -> bool:
    if name.startswith(("head.", "backbone._conv_head", "backbone._bn1")):
        return True
    if name.startswith("backbone._blocks."):
        return int(name.split(".")[2]) >= start
    return False


def _batch(
    views: Sequence[Acts], rows: npt.NDArray[np.int64], which: npt.NDArray[np.int64]
) -> torch.Tensor:
    x = np.stack([views[v][r] for r, v in zip(rows, which, strict=True)]).astype(np.float32)
    return torch.from_numpy(x).contiguous(memory_format=torch.channels_last)


def outputs(
    net: PosterNet, acts: Acts, rows: npt.NDArray[np.int64], batch: int = 128
) -> tuple[Array, Array]:
    """(logits, out-of-distribution features) of ``rows`` of one cached view, eval mode."""
    net.eval()
    logits, feats = [], []
    with torch.inference_mode():
        for s in range(0, len(rows), batch):
            x = torch.from_numpy(np.asarray(acts[rows[s : s + batch]], dtype=np.float32))
            x = x.contiguous(memory_format=torch.channels_last)
            feats.append(ood_features(x))
            logits.append(net.head(net.top(x)))
    return torch.cat(logits).double().numpy(), torch.cat(feats).double().numpy()


def pooled(
    net: PosterNet, acts: Acts, rows: npt.NDArray[np.int64], batch: int = 128
) -> torch.Tensor:
    """The 1280-d pooled features of ``rows`` of one cached view (eval mode)."""
    net.eval()
    with torch.inference_mode():
        chunks = [
            net.top(
                torch.from_numpy(
                    np.asarray(acts[rows[s : s + batch]], dtype=np.float32)
                ).contiguous(memory_format=torch.channels_last)
            )
            for s in range(0, len(rows), batch)
        ]
    return torch.cat(chunks).float()


def warm_head(
    net: PosterNet,
    views: Sequence[Acts],
    train_rows: npt.NDArray[np.int64],
    train_y: npt.NDArray[np.uint8],
    val_rows: npt.NDArray[np.int64],
    val_y: npt.NDArray[np.uint8],
    *,
    loss: str,
    epochs: int = 30,
    seed: int = 0,
) -> float:
    """Fit the genre head alone on the frozen pretrained features of every view (seconds), so
    fine-tuning starts from a sensible head instead of a random one; best epoch by validation
    mAP. Returns that mAP."""
    torch.manual_seed(seed)
    x = torch.cat([pooled(net, v, train_rows) for v in views])
    y = torch.from_numpy(np.tile(train_y, (len(views), 1)).astype(np.float32))
    val_x = pooled(net, views[0], val_rows)
    head = net.head
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=1e-2)
    loss_fn = make_loss(loss, train_y)
    gen = torch.Generator().manual_seed(seed)
    best = (-1.0, copy.deepcopy(head.state_dict()))
    for _ in range(epochs):
        head.train()
        for idx in torch.split(torch.randperm(len(y), generator=gen), 128):
            opt.zero_grad()
            loss_fn(head(x[idx]), y[idx]).backward()
            opt.step()
        head.eval()
        with torch.inference_mode():
            score = mean_ap(head(val_x).double().numpy(), val_y)
        if score > best[0]:
            best = (score, copy.deepcopy(head.state_dict()))
    head.load_state_dict(best[1])
    return best[0]


def finetune(
    net: PosterNet,
    views: Sequence[Acts],
    train_rows: npt.NDArray[np.int64],
    train_y: npt.NDArray[np.uint8],
    val_rows: npt.NDArray[np.int64],
    val_y: npt.NDArray[np.uint8],
    *,
    epochs: int,
    loss: str = "asl",
    lr: float = 1e-3,
    start: int = CUT,
    train_views: Sequence[int] | None = None,
    val_view: int = 2,
    seed: int = 0,
) -> FitResult:
    """Train blocks ``start``.. + head conv + head (AdamW, one-cycle); keep the best epoch.

    The head learns at ``lr``, the backbone blocks at a third of it. Validation mAP is the
    mean of the clean posters' and their ``val_view`` (a user-like view) mAP.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    allowed = np.asarray(train_views if train_views is not None else range(len(views)))
    for name, p in net.named_parameters():
        p.requires_grad_(trainable(name, start))
    head = [p for n, p in net.named_parameters() if n.startswith("head.")]
    body = [
        p for n, p in net.named_parameters() if trainable(n, start) and not n.startswith("head.")
    ]
    opt = torch.optim.AdamW(
        [{"params": head, "lr": lr}, {"params": body, "lr": lr / 3}], weight_decay=1e-2
    )
    batch = 64
    steps = epochs * ((len(train_rows) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=[lr, lr / 3], total_steps=steps, pct_start=0.15
    )
    loss_fn = make_loss(loss, train_y)
    y = torch.from_numpy(train_y.astype(np.float32))
    best: FitResult | None = None
    history: list[float] = []
    for epoch in range(epochs):
        net.train()
        net.backbone._blocks[:start].eval()  # frozen blocks keep their statistics
        order = rng.permutation(len(train_rows))
        which = allowed[rng.integers(0, len(allowed), len(train_rows))]
        for s in tqdm(range(0, len(order), batch), desc=f"epoch {epoch + 1}/{epochs}", leave=False):
            idx = order[s : s + batch]
            x = _batch(views, train_rows[idx], which[idx])
            if start > CUT:
                with torch.no_grad():
                    x = net.blocks(x, CUT, start)
            out = net.head(net.finish(net.blocks(x, start)))
            opt.zero_grad()
            loss_fn(out, y[idx]).backward()
            opt.step()
            sched.step()
        clean = mean_ap(outputs(net, views[0], val_rows)[0], val_y)
        photo = mean_ap(outputs(net, views[val_view], val_rows)[0], val_y)
        score = (clean + photo) / 2
        history.append(score)
        tqdm.write(f"  epoch {epoch + 1}: validation mAP clean {clean:.4f}, user view {photo:.4f}")
        if best is None or score > best.val_map:
            best = FitResult(copy.deepcopy(net.state_dict()), epoch, score, history)
    assert best is not None
    net.load_state_dict(best.state)
    for p in net.parameters():
        p.requires_grad_(False)
    return FitResult(best.state, best.best_epoch, best.val_map, history)
