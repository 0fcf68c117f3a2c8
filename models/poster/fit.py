"""Training loops on cached frozen activations: heads on pooled features, and the last blocks.

Both pick their epoch by validation mAP (threshold-free, so thresholds are tuned afterwards
on the same validation fold without leaking the test fold).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from tqdm import tqdm

from inference.poster.network import CUT, FINETUNE_FROM, PosterNet, make_head
from models.poster.metrics import mean_ap

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FitResult:
    state: dict[str, torch.Tensor]
    val_probs: Array
    best_epoch: int
    val_map: float


def pos_weight(labels: npt.NDArray[np.uint8]) -> torch.Tensor:
    """sqrt(negatives / positives) per genre: rare genres count more, without exploding."""
    pos = labels.sum(axis=0).clip(min=1)
    return torch.tensor(np.sqrt((len(labels) - pos) / pos), dtype=torch.float32)


def advance(net: PosterNet, acts: npt.NDArray[np.float16]) -> torch.Tensor:
    """Cached CUT activations → FINETUNE_FROM activations (frozen blocks, float16 in memory).

    Computed once: the frozen-feature heads pool from here and fine-tuning starts here.
    """
    net.eval()
    out = []
    with torch.inference_mode():
        for s in tqdm(range(0, len(acts), 256), desc="frozen blocks 11-14", unit="batch"):
            x = torch.from_numpy(np.asarray(acts[s : s + 256], dtype=np.float32))
            x = x.contiguous(memory_format=torch.channels_last)
            out.append(net.blocks(x, CUT, FINETUNE_FROM).half())
    return torch.cat(out)


def pooled(net: PosterNet, adv: torch.Tensor, batch: int = 256) -> torch.Tensor:
    """1280-d pooled features from advanced activations through the (frozen) last blocks."""
    net.eval()
    with torch.inference_mode():
        out = [
            net.finish(net.blocks(adv[s : s + batch].float(), FINETUNE_FROM))
            for s in range(0, len(adv), batch)
        ]
    return torch.cat(out)


def tail_probs(net: PosterNet, adv: torch.Tensor) -> Array:
    net.eval()
    return _predict(lambda t: tail(net, t.float()), adv)


def ensemble_probs(net: PosterNet, adv: torch.Tensor) -> Array:
    """The served ensemble's probabilities from FINETUNE_FROM activations."""
    net.eval()
    return _predict(lambda t: net.ensemble_tail(t.float()), adv)


def _predict(model: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> Array:
    with torch.inference_mode():
        chunks = [torch.sigmoid(model(x[s : s + 256])) for s in range(0, len(x), 256)]
    return torch.cat(chunks).double().numpy()


def fit_head(
    train_x: torch.Tensor,
    train_y: npt.NDArray[np.uint8],
    val_x: torch.Tensor,
    val_y: npt.NDArray[np.uint8],
    hidden: int,
    weight_decay: float,
    epochs: int = 40,
    seed: int = 0,
) -> FitResult:
    """A linear (hidden=0) or MLP head on frozen pooled features."""
    torch.manual_seed(seed)
    head = make_head(train_y.shape[1], hidden, dropout=0.3 if hidden else 0.2)
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=weight_decay)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight(train_y))
    y = torch.from_numpy(train_y.astype(np.float32))
    gen = torch.Generator().manual_seed(seed)
    best: FitResult | None = None
    for epoch in range(epochs):
        head.train()
        for idx in torch.split(torch.randperm(len(y), generator=gen), 128):
            opt.zero_grad()
            loss_fn(head(train_x[idx]), y[idx]).backward()
            opt.step()
        head.eval()
        probs = _predict(head, val_x)
        score = mean_ap(probs, val_y)
        if best is None or score > best.val_map:
            best = FitResult(copy.deepcopy(head.state_dict()), probs, epoch, score)
    assert best is not None
    return best


def finetune_top(
    net: PosterNet,
    train_x: torch.Tensor,
    train_y: npt.NDArray[np.uint8],
    val_x: torch.Tensor,
    val_y: npt.NDArray[np.uint8],
    epochs: int,
    lr: float = 3e-4,
    seed: int = 0,
) -> FitResult:
    """Train blocks FINETUNE_FROM.. + head conv + genre head (AdamW, one-cycle).

    Inputs are ``advance``d activations, so an epoch only pays for the trained part.
    Start ``net.head`` from a fitted frozen-feature head.
    """
    torch.manual_seed(seed)
    params = [p for n, p in net.named_parameters() if _trainable(n)]
    for n, p in net.named_parameters():
        p.requires_grad_(_trainable(n))
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=1e-2)
    steps = epochs * ((len(train_y) + 63) // 64)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight(train_y))
    y = torch.from_numpy(train_y.astype(np.float32))
    gen = torch.Generator().manual_seed(seed)
    best: FitResult | None = None
    for epoch in range(epochs):
        net.train()
        order = torch.split(torch.randperm(len(y), generator=gen), 64)
        for idx in tqdm(order, desc=f"fine-tune epoch {epoch + 1}/{epochs}", unit="batch"):
            opt.zero_grad()
            loss_fn(tail(net, train_x[idx].float()), y[idx]).backward()
            opt.step()
            sched.step()
        net.eval()
        probs = _predict(lambda t: tail(net, t.float()), val_x)
        score = mean_ap(probs, val_y)
        tqdm.write(f"  epoch {epoch + 1}: validation mAP {score:.4f}")
        if best is None or score > best.val_map:
            best = FitResult(copy.deepcopy(net.state_dict()), probs, epoch, score)
    assert best is not None
    return best


def tail(net: PosterNet, x: torch.Tensor) -> torch.Tensor:
    logits: torch.Tensor = net.head(net.finish(net.blocks(x, FINETUNE_FROM)))
    return logits


def _trainable(name: str) -> bool:
    if name.startswith(("head.", "backbone._conv_head", "backbone._bn1")):
        return True
    if name.startswith("backbone._blocks."):
        return int(name.split(".")[2]) >= FINETUNE_FROM
    return False


def prior_shift(labels: npt.NDArray[np.uint8]) -> Array:
    """log(pos_weight): how far the weighted loss pushes each genre's logit up.

    Subtracting it gives back roughly calibrated probabilities, which matters wherever
    genres are compared with each other (top-3, the seed setup, taste_match); per-genre
    thresholds and mAP do not change.
    """
    shift: Array = np.log(pos_weight(labels).double().numpy())
    return shift


def deweight(probs: Array, shift: Array) -> Array:
    logits = np.log(np.clip(probs, 1e-12, 1.0)) - np.log(np.clip(1.0 - probs, 1e-12, 1.0))
    out: Array = 1.0 / (1.0 + np.exp(-(logits - shift)))
    return out


def shift_head(net: PosterNet, shift: Array) -> None:
    """Fold ``deweight`` into the last layer's bias, so the served model outputs it directly."""
    last = net.head[-1]
    assert isinstance(last, nn.Linear)
    with torch.no_grad():
        last.bias.sub_(torch.from_numpy(shift).float())


def fit_seed_head(
    train_x: torch.Tensor,
    train_t: npt.NDArray[np.int64],
    val_x: torch.Tensor,
    val_t: npt.NDArray[np.int64],
    test_x: torch.Tensor,
    weight_decay: float,
    epochs: int = 40,
    seed: int = 0,
) -> tuple[float, Array, Array]:
    """A 6-class softmax head for the seed setup (class-balanced CE), best epoch by validation
    macro-F1; returns that F1 and the head's softmax on every validation and test poster."""
    from sklearn.metrics import f1_score

    torch.manual_seed(seed)
    keep = train_t >= 0
    x, t = train_x[torch.from_numpy(keep)], torch.from_numpy(train_t[keep])
    counts = torch.bincount(t, minlength=6).float().clamp(min=1)
    head = nn.Sequential(nn.Dropout(0.2), nn.Linear(x.shape[1], 6))
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=weight_decay)
    loss_fn = nn.CrossEntropyLoss(weight=counts.sum() / (6 * counts))
    vx = val_x[torch.from_numpy(val_t >= 0)]
    vt = val_t[val_t >= 0]
    gen = torch.Generator().manual_seed(seed)
    best: tuple[float, dict[str, torch.Tensor]] = (-1.0, {})
    for _ in range(epochs):
        head.train()
        for idx in torch.split(torch.randperm(len(t), generator=gen), 128):
            opt.zero_grad()
            loss_fn(head(x[idx]), t[idx]).backward()
            opt.step()
        head.eval()
        with torch.inference_mode():
            predicted = head(vx).argmax(dim=1).numpy()
        f1 = float(f1_score(vt, predicted, average="macro"))
        if f1 > best[0]:
            best = (f1, copy.deepcopy(head.state_dict()))
    head.load_state_dict(best[1])
    head.eval()
    return best[0], _seed_predict(head, val_x), _seed_predict(head, test_x)


def _seed_predict(head: nn.Module, x: torch.Tensor) -> Array:
    with torch.inference_mode():
        out: Array = torch.softmax(head(x), dim=1).double().numpy()
    return out
