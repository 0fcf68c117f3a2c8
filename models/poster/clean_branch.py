"""The clean-poster branch: the recipe served before issue 17, retrained on each split.

    nice -n 5 .venv/bin/python -m models.poster.clean_branch --data ../shared/data/posters \
        --split own --threads 1      # → var/poster_cache/branch_own.{pt,json}

The previous served model (commit 3cb1d62) was an ensemble on the ImageNet EfficientNet-Lite0
trained on clean posters and their mirror images only: (a) an MLP head (512 units) on the
frozen pooled features and (b) the last block + head conv + a linear head fine-tuned
(6 epochs, lr 3e-4, one-cycle, warm-started from the best linear frozen head), their
probabilities averaged with a weight chosen by validation mAP. It shares the frozen trunk
(blocks 0–12) with the augmented network, so pass 2 can serve both from one trunk pass.

Its test figures cannot be reused for the out-of-time check (the own-split model was trained
on posters of every year), so the same recipe is rerun here on each split's training fold,
from the same cached views (clean = view 0, mirrored = view 1), every choice on that split's
validation fold (clean posters, as the recipe did). The state_dict goes to a plain tensor
file (loaded with ``weights_only=True``), the choices to json.
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from tqdm import tqdm

from inference.poster.network import BRANCH_FROM, CUT, BranchConfig, CleanBranch, make_head
from inference.poster.preprocess import PreprocessParams
from models.poster.backbone import pretrained
from models.poster.experiment import CACHE_DIR, SEED, activations, setup
from models.poster.fit import pos_weight
from models.poster.metrics import mean_ap

Array = npt.NDArray[np.float64]
MLP_HIDDEN = 512
WEIGHT_DECAYS = (1e-4, 1e-2, 1e-1)
MLP_WEIGHTS = (0.25, 0.4, 0.5, 0.6, 0.75)
EPOCHS = 6
LR = 3e-4


def branch_paths(split: str) -> tuple[Path, Path]:
    return CACHE_DIR / f"branch_{split}.pt", CACHE_DIR / f"branch_{split}.json"


def advance(branch: CleanBranch, acts: npt.NDArray[np.float16]) -> torch.Tensor:
    """Cached CUT activations of every poster → BRANCH_FROM activations (float16)."""
    branch.eval()
    out = []
    with torch.inference_mode():
        for s in tqdm(range(0, len(acts), 256), desc="ImageNet blocks 13-14", leave=False):
            x = torch.from_numpy(np.asarray(acts[s : s + 256], dtype=np.float32))
            out.append(branch.advance(x.contiguous(memory_format=torch.channels_last)).half())
    return torch.cat(out)


def _run(module: nn.Module, x: torch.Tensor, batch: int = 256) -> torch.Tensor:
    module.eval()
    with torch.inference_mode():
        return torch.cat([module(x[s : s + batch].float()) for s in range(0, len(x), batch)])


def pooled(tail: Any, adv: torch.Tensor, batch: int = 256) -> torch.Tensor:
    tail.eval()
    with torch.inference_mode():
        return torch.cat(
            [tail.pooled(adv[s : s + batch].float()) for s in range(0, len(adv), batch)]
        )


@dataclass(frozen=True)
class HeadFit:
    state: dict[str, torch.Tensor]
    val_map: float
    weight_decay: float


def fit_head(
    train_x: torch.Tensor,
    train_y: npt.NDArray[np.uint8],
    val_x: torch.Tensor,
    val_y: npt.NDArray[np.uint8],
    hidden: int,
    weight_decay: float,
    epochs: int = 40,
) -> HeadFit:
    """A linear (hidden=0) or MLP head on frozen pooled features, best epoch by val mAP."""
    torch.manual_seed(SEED)
    head = make_head(train_y.shape[1], hidden, dropout=0.3 if hidden else 0.2)
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=weight_decay)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight(train_y))
    y = torch.from_numpy(train_y.astype(np.float32))
    gen = torch.Generator().manual_seed(SEED)
    best = HeadFit({}, -1.0, weight_decay)
    for _ in range(epochs):
        head.train()
        for idx in torch.split(torch.randperm(len(y), generator=gen), 128):
            opt.zero_grad()
            loss_fn(head(train_x[idx]), y[idx]).backward()
            opt.step()
        score = mean_ap(_run(head, val_x).double().numpy(), val_y)
        if score > best.val_map:
            best = HeadFit(copy.deepcopy(head.state_dict()), score, weight_decay)
    return best


def finetune_tail(
    tail: Any,
    train_x: torch.Tensor,
    train_y: npt.NDArray[np.uint8],
    val_x: torch.Tensor,
    val_y: npt.NDArray[np.uint8],
) -> tuple[float, int, list[float]]:
    """Last block + head conv + linear head (AdamW, one-cycle), best epoch by val mAP."""
    torch.manual_seed(SEED)
    for p in tail.parameters():
        p.requires_grad_(True)
    opt = torch.optim.AdamW(tail.parameters(), lr=LR, weight_decay=1e-2)
    steps = EPOCHS * ((len(train_y) + 63) // 64)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, total_steps=steps, pct_start=0.1)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight(train_y))
    y = torch.from_numpy(train_y.astype(np.float32))
    gen = torch.Generator().manual_seed(SEED)
    best: tuple[float, int, dict[str, torch.Tensor]] = (-1.0, -1, {})
    history = []
    for epoch in range(EPOCHS):
        tail.train()
        order = torch.split(torch.randperm(len(y), generator=gen), 64)
        for idx in tqdm(order, desc=f"fine-tune epoch {epoch + 1}/{EPOCHS}", leave=False):
            opt.zero_grad()
            loss_fn(tail(train_x[idx].float()), y[idx]).backward()
            opt.step()
            sched.step()
        score = mean_ap(_run(tail, val_x).double().numpy(), val_y)
        history.append(score)
        tqdm.write(f"  epoch {epoch + 1}: validation mAP {score:.4f}")
        if score > best[0]:
            best = (score, epoch, copy.deepcopy(tail.state_dict()))
    tail.load_state_dict(best[2])
    for p in tail.parameters():
        p.requires_grad_(False)
    return best[0], best[1] + 1, history


def shift_last_bias(head: nn.Sequential, shift: torch.Tensor) -> None:
    """Subtract log(pos_weight): the weighted loss's push, so σ is roughly a probability
    again before the two heads' probabilities are averaged (as the previous model did)."""
    last = head[-1]
    assert isinstance(last, nn.Linear)
    with torch.no_grad():
        last.bias.sub_(shift)


def train_branch(
    views: list[npt.NDArray[np.float16]],
    tr: npt.NDArray[np.int64],
    va: npt.NDArray[np.int64],
    labels: npt.NDArray[np.uint8],
) -> tuple[CleanBranch, dict[str, Any]]:
    n = labels.shape[1]
    net = pretrained(n)  # ImageNet weights for blocks 13.. and the head conv
    probe = CleanBranch(n, BranchConfig(MLP_HIDDEN, 0.5, 0.0))
    probe.shared.load_state_dict(net.backbone._blocks[CUT:BRANCH_FROM].state_dict())
    for tail in (probe.frozen, probe.tuned):
        tail.blocks.load_state_dict(net.backbone._blocks[BRANCH_FROM:].state_dict())
        tail.conv_head.load_state_dict(net.backbone._conv_head.state_dict())
        tail.bn1.load_state_dict(net.backbone._bn1.state_dict())
    probe = probe.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
    adv = {v: advance(probe, views[v][np.concatenate([tr, va])]) for v in (0, 1)}
    n_tr = len(tr)
    train_adv = torch.cat([adv[0][:n_tr], adv[1][:n_tr]])
    val_adv = adv[0][n_tr:]
    train_y = np.concatenate([labels[tr], labels[tr]])
    val_y = labels[va]
    feats_train = pooled(probe.frozen, train_adv)
    feats_val = pooled(probe.frozen, val_adv)
    heads: dict[int, HeadFit] = {}
    for hidden in (0, MLP_HIDDEN):
        for wd in WEIGHT_DECAYS:
            fit = fit_head(feats_train, train_y, feats_val, val_y, hidden, wd)
            print(f"  head hidden={hidden} wd={wd}: validation mAP {fit.val_map:.4f}")
            if hidden not in heads or fit.val_map > heads[hidden].val_map:
                heads[hidden] = fit
    probe.frozen.head.load_state_dict(heads[MLP_HIDDEN].state)
    probe.tuned.head.load_state_dict(heads[0].state)  # warm start: the best linear head
    ft_map, ft_epoch, history = finetune_tail(probe.tuned, train_adv, train_y, val_adv, val_y)
    shift = torch.log(pos_weight(train_y))
    shift_last_bias(probe.frozen.head, shift)
    shift_last_bias(probe.tuned.head, shift)
    za = _run(probe.frozen, val_adv)
    zb = _run(probe.tuned, val_adv)
    scores = {w: mean_ap(_mixed(za, zb, w), val_y) for w in MLP_WEIGHTS}
    weight = max(scores, key=lambda w: scores[w])
    print(f"  MLP weight → validation mAP {scores} → {weight}")
    probe.mlp_weight = float(weight)
    probe.eval()
    info = {
        "recipe": "previous served model (3cb1d62): (a) MLP 512 on frozen ImageNet features + "
        "(b) last block + head conv + linear head fine-tuned, clean + mirrored posters",
        "heads_validation_mAP": {str(h): f.val_map for h, f in heads.items()},
        "heads_weight_decay": {str(h): f.weight_decay for h, f in heads.items()},
        "finetune_validation_mAP": ft_map,
        "finetune_best_epoch": ft_epoch,
        "finetune_history": history,
        "mlp_weight_validation_mAP": {str(w): v for w, v in scores.items()},
        "mlp_weight": weight,
        "validation_mAP": scores[weight],
        "config": BranchConfig(MLP_HIDDEN, float(weight), 0.0).to_dict(),
    }
    return probe, info


def _mixed(za: torch.Tensor, zb: torch.Tensor, w: float) -> Array:
    p: Array = (w * torch.sigmoid(za) + (1 - w) * torch.sigmoid(zb)).double().numpy()
    return p


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/posters"))
    parser.add_argument("--split", required=True, choices=["own", "time"])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.monotonic()
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    s = setup(args.data)
    views = activations(s, PreprocessParams(), views=2)
    tr, va = s.indices("train", args.split), s.indices("validation", args.split)
    print(f"== clean branch, split {args.split}: train {len(tr)}, validation {len(va)}")
    branch, info = train_branch(views, tr, va, s.data.labels)
    info["seconds"] = round(time.monotonic() - started, 1)
    info["split"] = args.split
    weights, meta = branch_paths(args.split)
    torch.save(branch.state_dict(), weights)
    meta.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"clean branch ({args.split}): validation mAP {info['validation_mAP']:.4f} → {weights}")


if __name__ == "__main__":
    main()
