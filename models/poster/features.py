"""Cache of the frozen part of the backbone (blocks before CUT) for several views of each poster.

View 0 is the poster as it is, view 1 its mirror image, views 2.. are seeded user-like views
(``augment.user_view``: crops, phone photos, screenshots, colour, size, JPEG). Every view goes
through the serving path (``decode_image`` + ``to_tensor``), and the frozen blocks run once per
view, so fine-tuning the last blocks costs seconds per epoch on a CPU instead of minutes.
Every poster gets every view (the two splits train on different posters); which views a
model may *train* on is decided by the split: training posters only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from PIL import Image
from tqdm import tqdm

from inference.poster.decode import decode_image
from inference.poster.network import CUT, PosterNet
from inference.poster.preprocess import PreprocessParams, to_tensor
from models.poster.augment import user_view, view_rng

AUGMENT_SEED = 7_331
VIEWS = 3  # clean, mirrored, one user-like view


def cache_key(labels_sha: str, params: PreprocessParams, weights_sha: str) -> str:
    raw = json.dumps(
        [labels_sha, params.to_dict(), weights_sha, CUT, AUGMENT_SEED, 2], sort_keys=True
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def view_image(image: Image.Image, index: int, view: int) -> Image.Image:
    """View ``view`` of the poster at dataset position ``index`` (0 = itself)."""
    if view == 0:
        return image
    if view == 1:
        return image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return user_view(image, view_rng(AUGMENT_SEED, index, view))


def load_batch(
    paths: Sequence[Path], indices: Sequence[int], params: PreprocessParams, view: int
) -> torch.Tensor:
    """Decode through the serving path, make the view, preprocess like serving."""
    tensors = []
    for path, index in zip(paths, indices, strict=True):
        image = decode_image(path.read_bytes(), params)
        tensors.append(to_tensor(view_image(image, index, view), params))
    return torch.stack(tensors)


def stem_activations(
    net: PosterNet,
    paths: Sequence[Path],
    params: PreprocessParams,
    out: Path,
    view: int,
    batch_size: int = 16,
) -> npt.NDArray[np.float16]:
    """Blocks-before-CUT output of view ``view`` for every path, float16, memoised (.npy).

    Batches of 16: on two cores larger batches were 3–4× slower per image (cache misses).
    """
    if out.exists():
        cached: npt.NDArray[np.float16] = np.load(out, mmap_mode="r")
        if cached.shape[0] == len(paths):
            return cached
    net.eval()
    chunks: list[npt.NDArray[np.float16]] = []
    with torch.inference_mode():
        for start in tqdm(range(0, len(paths), batch_size), desc=f"frozen blocks, view {view}"):
            stop = min(len(paths), start + batch_size)
            batch = load_batch(paths[start:stop], range(start, stop), params, view)
            batch = batch.contiguous(memory_format=torch.channels_last)
            chunks.append(net.stem(batch).float().numpy().astype(np.float16))
    result = np.concatenate(chunks)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.npy")
    np.save(tmp, result)
    tmp.replace(out)
    return result
