"""Cache of the frozen part of the backbone (blocks before CUT), computed once per setting.

Fine-tuning the last blocks and training heads then costs seconds per epoch on a CPU instead
of minutes. Training images are also cached horizontally flipped — the only augmentation
(applied to the training fold only, after splitting).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from tqdm import tqdm

from inference.poster.decode import decode_image
from inference.poster.network import CUT, PosterNet
from inference.poster.preprocess import PreprocessParams, to_tensor


def cache_key(labels_sha: str, params: PreprocessParams, weights_sha: str) -> str:
    raw = json.dumps([labels_sha, params.to_dict(), weights_sha, CUT], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def load_batch(paths: Sequence[Path], params: PreprocessParams, flip: bool) -> torch.Tensor:
    """Decode through the serving path (decode_image + to_tensor); flip if asked."""
    tensors = [to_tensor(decode_image(p.read_bytes(), params), params) for p in paths]
    batch = torch.stack(tensors)
    return torch.flip(batch, dims=[3]) if flip else batch


def stem_activations(
    net: PosterNet,
    paths: Sequence[Path],
    params: PreprocessParams,
    out: Path,
    flip: bool = False,
    batch_size: int = 64,
) -> npt.NDArray[np.float16]:
    """Blocks-before-CUT output for every path, float16, memoised in ``out`` (.npy)."""
    if out.exists():
        cached: npt.NDArray[np.float16] = np.load(out, mmap_mode="r")
        if cached.shape[0] == len(paths):
            return cached
    net.eval()
    chunks: list[npt.NDArray[np.float16]] = []
    desc = f"frozen blocks{' (flipped)' if flip else ''}"
    with torch.inference_mode():
        for start in tqdm(range(0, len(paths), batch_size), desc=desc, unit="batch"):
            batch = load_batch(paths[start : start + batch_size], params, flip)
            batch = batch.contiguous(memory_format=torch.channels_last)
            chunks.append(net.stem(batch).float().numpy().astype(np.float16))
    result = np.concatenate(chunks)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.npy")
    np.save(tmp, result)
    tmp.replace(out)
    return result
