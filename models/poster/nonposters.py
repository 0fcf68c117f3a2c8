"""Synthetic images that are not film posters, for the out-of-distribution checks.

Kinds: ``gradient`` (linear or radial, two colours), ``flat`` (one colour, sometimes with
JPEG noise), ``text`` (a page of rendered text), ``noise`` (pixel, blocky or grey noise),
``pattern`` (stripes and checks) and ``photo`` (a synthetic natural scene: sky, horizon,
1/f-noise terrain and clouds, a sun, blurred and grainy — natural-image statistics without a
poster's layout). Each comes at a random size and aspect, as JPEG or PNG bytes, from a seed,
so the development set that chose the method (seed 1) and the reported set (seed 2) differ.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

KINDS = ("gradient", "flat", "text", "noise", "pattern", "photo")
_WORDS = [
    "the",
    "quarterly",
    "report",
    "shows",
    "revenue",
    "growth",
    "across",
    "all",
    "regions",
    "meeting",
    "agenda",
    "notes",
    "invoice",
    "total",
    "due",
    "date",
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "회의",
    "자료",
    "일정",
    "안내",
    "영수증",
    "합계",
    "금액",
    "날짜",
    "메모",
]


def _size(rng: np.random.Generator) -> tuple[int, int]:
    w, h = [(300, 450), (640, 480), (480, 640), (800, 800), (1080, 1920), (1200, 900)][
        int(rng.integers(6))
    ]
    return w, h


def _colour(rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 256, 3).astype(np.float32)


def gradient(rng: np.random.Generator) -> Image.Image:
    w, h = _size(rng)
    a, b = _colour(rng), _colour(rng)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if rng.random() < 0.5:
        angle = rng.uniform(0, np.pi)
        t = xx * np.cos(angle) + yy * np.sin(angle)
    else:
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        t = np.hypot(xx - cx, yy - cy)
    t = (t - t.min()) / max(1e-6, float(np.ptp(t)))
    arr = a * (1 - t[..., None]) + b * t[..., None]
    return Image.fromarray(arr.astype(np.uint8), "RGB")


def flat(rng: np.random.Generator) -> Image.Image:
    w, h = _size(rng)
    return Image.new("RGB", (w, h), tuple(int(v) for v in _colour(rng)))


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        import importlib.util
        from pathlib import Path

        spec = importlib.util.find_spec("koreanize_matplotlib")
        if spec is not None and spec.submodule_search_locations:
            path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
            if path.is_file():
                return ImageFont.truetype(str(path), size)
    except OSError:
        pass
    return ImageFont.load_default(size)


def text(rng: np.random.Generator) -> Image.Image:
    w, h = _size(rng)
    dark = rng.random() < 0.25
    image = Image.new("RGB", (w, h), (30, 30, 30) if dark else (250, 250, 248))
    draw = ImageDraw.Draw(image)
    size = int(rng.integers(14, 34))
    font = _font(size)
    ink = (230, 230, 230) if dark else tuple(int(v) for v in rng.integers(0, 90, 3))
    y = int(rng.integers(10, 40))
    while y < h - size:
        words = rng.choice(_WORDS, int(rng.integers(3, 12)))
        draw.text((int(rng.integers(10, 40)), y), " ".join(words), fill=ink, font=font)
        y += int(size * rng.uniform(1.3, 1.8))
    return image


def noise(rng: np.random.Generator) -> Image.Image:
    w, h = _size(rng)
    kind = int(rng.integers(3))
    if kind == 0:
        arr = rng.integers(0, 256, (h, w, 3))
    elif kind == 1:
        small = rng.integers(0, 256, (max(2, h // 16), max(2, w // 16), 3)).astype(np.uint8)
        return Image.fromarray(small, "RGB").resize((w, h), Image.Resampling.NEAREST)
    else:
        arr = np.repeat(rng.normal(128, 50, (h, w, 1)), 3, axis=2)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def pattern(rng: np.random.Generator) -> Image.Image:
    w, h = _size(rng)
    a, b = _colour(rng), _colour(rng)
    yy, xx = np.mgrid[0:h, 0:w]
    period = int(rng.integers(8, 80))
    checks = rng.random() < 0.5
    mask = ((xx // period) + (yy // period * checks)) % 2 == 0
    arr = np.where(mask[..., None], a, b)
    return Image.fromarray(arr.astype(np.uint8), "RGB")


def _pink(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """1/f noise: the amplitude spectrum of natural images."""
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.rfftfreq(w)[None, :]
    f = np.sqrt(fx**2 + fy**2)
    f[0, 0] = 1.0
    spectrum = (rng.normal(size=f.shape) + 1j * rng.normal(size=f.shape)) / f**1.1
    field: np.ndarray = np.fft.irfft2(spectrum, s=(h, w))
    out: np.ndarray = (field - field.mean()) / (field.std() + 1e-9)
    return out


def photo(rng: np.random.Generator) -> Image.Image:
    w, h = _size(rng)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    sky_top = np.array([rng.uniform(40, 120), rng.uniform(90, 170), rng.uniform(170, 255)])
    sky_low = np.array([rng.uniform(170, 240), rng.uniform(180, 230), rng.uniform(200, 255)])
    sky = sky_top * (1 - yy) + sky_low * yy
    clouds = _pink(rng, h, w)[..., None]
    sky = sky + 25 * np.clip(clouds, 0, None)
    horizon = rng.uniform(0.35, 0.7)
    ridge = horizon + 0.08 * _pink(rng, 1, w)[0]
    ground_colour = np.array([rng.uniform(40, 120), rng.uniform(70, 150), rng.uniform(20, 90)])
    terrain = ground_colour * (1 + 0.25 * _pink(rng, h, w)[..., None])
    below = (yy[..., 0] > ridge[None, :])[..., None]
    arr = np.where(below, terrain, sky)
    image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    if rng.random() < 0.6:
        r = int(min(w, h) * rng.uniform(0.04, 0.1))
        cx, cy = int(rng.uniform(0.1, 0.9) * w), int(rng.uniform(0.05, horizon * 0.8) * h)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 240, 200))
    for _ in range(int(rng.integers(0, 6))):  # trees, rocks, an animal-sized blob
        bw, bh = int(rng.uniform(0.03, 0.15) * w), int(rng.uniform(0.05, 0.3) * h)
        bx, by = int(rng.uniform(0, w - bw)), int(horizon * h + rng.uniform(-0.1, 0.2) * h)
        shade = tuple(int(v) for v in rng.integers(10, 120, 3))
        draw.ellipse((bx, by, bx + bw, by + bh), fill=shade)
    image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 2.0))))
    grain = np.asarray(image, dtype=np.float32) + rng.normal(0, 4, (h, w, 3))
    return Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8), "RGB")


MAKERS = {
    "gradient": gradient,
    "flat": flat,
    "text": text,
    "noise": noise,
    "pattern": pattern,
    "photo": photo,
}


def encoded(image: Image.Image, rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    if rng.random() < 0.7:
        image.save(buffer, "JPEG", quality=int(rng.integers(60, 95)))
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue()


def make(kind: str, seed: int, index: int) -> bytes:
    """Non-poster number ``index`` of ``kind`` for ``seed``, as upload bytes."""
    rng = np.random.default_rng([seed, KINDS.index(kind), index])
    return encoded(MAKERS[kind](rng), rng)


def sample(seed: int, per_kind: int) -> dict[str, list[bytes]]:
    return {kind: [make(kind, seed, i) for i in range(per_kind)] for kind in KINDS}
