"""Baseline (c): a small CNN trained from scratch on 32×32 posters, like the seed project's.

Same decode and canonical resize as everything else; only the input size differs. Flips and
small shifts augment the training fold only.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from tqdm import tqdm

from inference.poster.decode import decode_image
from inference.poster.preprocess import PreprocessParams, to_tensor
from models.poster.experiment import Setup
from models.poster.fit import pos_weight
from models.poster.metrics import mean_ap

PARAMS = PreprocessParams(input_width=32, input_height=32)


class SmallCNN(nn.Module):
    def __init__(self, num_genres: int) -> None:
        super().__init__()

        def block(i: int, o: int) -> nn.Sequential:
            return nn.Sequential(
                nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2)
            )

        self.body = nn.Sequential(block(3, 32), block(32, 64), block(64, 128))
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(128 * 16, num_genres))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.head(self.body(x))
        return out


def _augment(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    flip = torch.rand(len(x), generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], torch.flip(x, dims=[3]), x)
    dx, dy = (int(v) for v in torch.randint(-2, 3, (2,), generator=gen))
    return torch.roll(x, shifts=(dy, dx), dims=(2, 3))


def run(s: Setup, epochs: int = 25, seed: int = 0) -> dict[str, npt.NDArray[np.float64]]:
    """Validation and test probabilities of the best epoch (by validation mAP)."""
    torch.manual_seed(seed)
    images = torch.stack(
        [
            to_tensor(decode_image(s.data.path(i).read_bytes(), PARAMS), PARAMS)
            for i in tqdm(range(len(s.data.files)), desc="scratch CNN: decoding", unit="img")
        ]
    )
    tr, va, te = s.indices("train"), s.indices("validation"), s.indices("test")
    labels = s.data.labels
    y = torch.from_numpy(labels[tr].astype(np.float32))
    net = SmallCNN(labels.shape[1])
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-3)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight(labels[tr]))
    gen = torch.Generator().manual_seed(seed)
    best: tuple[float, dict[str, npt.NDArray[np.float64]]] | None = None
    for _ in tqdm(range(epochs), desc="scratch CNN: epochs", unit="epoch"):
        net.train()
        for idx in torch.split(torch.randperm(len(tr), generator=gen), 64):
            opt.zero_grad()
            loss_fn(net(_augment(images[tr[idx.numpy()]], gen)), y[idx]).backward()
            opt.step()
        net.eval()
        with torch.inference_mode():
            val = torch.sigmoid(net(images[va])).double().numpy()
            score = mean_ap(val, labels[va])
            if best is None or score > best[0]:
                test = torch.sigmoid(net(images[te])).double().numpy()
                best = (score, {"validation": val, "test": test})
    assert best is not None
    return best[1]
