"""Training-time views of a poster as users send them: crops, phone photos, screenshots.

The dataset's posters are clean 86×128 scans; users send phone photos of a poster on a wall
(margins, a slight tilt, perspective, glare, a colour cast), screenshots (the poster inside a
white or black page with interface bars and text), crops of the top or middle, at every size
and JPEG quality. ``user_view`` draws one such view; what comes out goes through the same
``inference.poster.preprocess.to_tensor`` as a served upload, so training sees exactly what
serving would make of that photo. Training posters only (after the split); validation and
test posters get seeded views too, but only to *measure* robustness and to set the
out-of-distribution threshold, never to fit a weight.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

KINDS = ("crop", "photo", "screenshot", "plain")
KIND_P = (0.35, 0.35, 0.15, 0.15)


def _background(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    """A wall, table or page behind the poster: flat, a gradient, or a rough texture."""
    w, h = size
    base = rng.integers(0, 256, 3).astype(np.float32)
    kind = rng.integers(3)
    if kind == 0:
        arr = np.broadcast_to(base, (h, w, 3)).copy()
    elif kind == 1:
        other = rng.integers(0, 256, 3).astype(np.float32)
        ramp = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
        arr = np.broadcast_to(base * (1 - ramp) + other * ramp, (h, w, 3)).copy()
    else:
        small = rng.normal(0, 25, (max(2, h // 16), max(2, w // 16), 1)).astype(np.float32)
        texture = np.asarray(
            Image.fromarray(small[..., 0]).resize((w, h), Image.Resampling.BICUBIC)
        )[..., None]
        arr = base + texture + rng.normal(0, 6, (h, w, 1)).astype(np.float32)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def _crop(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """60–100 % of the area, aspect ±15 %, anywhere (users crop to the title or a face)."""
    w, h = image.size
    area = rng.uniform(0.6, 1.0)
    aspect = np.exp(rng.uniform(np.log(0.85), np.log(1.15)))
    cw = int(min(w, round(w * np.sqrt(area * aspect))))
    ch = int(min(h, round(h * np.sqrt(area / aspect))))
    x, y = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
    return image.crop((x, y, x + cw, y + ch))


def _photo(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The poster on a wall: margins, a tilt, perspective, maybe glare."""
    w, h = image.size
    mx, my = (rng.uniform(0.02, 0.2, 2) * np.array([w, h])).astype(int)
    canvas = _background(rng, (w + 2 * mx, h + 2 * my))
    canvas.paste(image, (mx, my))
    # perspective: move each corner a little, then map back to the rectangle
    cw, ch = canvas.size
    jitter = rng.uniform(-0.06, 0.06, (4, 2)) * np.array([cw, ch])
    corners = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], dtype=np.float64) + jitter
    coeffs = _perspective_coeffs(corners, np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], float))
    fill = tuple(int(v) for v in np.asarray(canvas)[0, 0])
    canvas = canvas.transform(
        (cw, ch), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR, fillcolor=fill
    )
    canvas = canvas.rotate(
        float(rng.uniform(-6, 6)), Image.Resampling.BILINEAR, expand=False, fillcolor=fill
    )
    if rng.random() < 0.35:  # glare: a soft bright spot
        arr = np.asarray(canvas, dtype=np.float32)
        yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
        cx, cy = rng.uniform(0, cw), rng.uniform(0, ch)
        radius = rng.uniform(0.15, 0.5) * max(cw, ch)
        spot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2))[..., None]
        arr = arr + rng.uniform(40, 120) * spot
        canvas = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    return canvas


def _perspective_coeffs(src: np.ndarray, dst: np.ndarray) -> tuple[float, ...]:
    """The 8 coefficients PIL wants: for each output pixel (dst) the input pixel (src)."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    solution = np.linalg.solve(np.asarray(rows, float), src.reshape(8))
    return tuple(float(c) for c in solution)


def _screenshot(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The poster inside a phone or desktop page: bars, a few lines of grey 'text'."""
    w, h = image.size
    tall = rng.random() < 0.6
    scale = rng.uniform(0.5, 0.9)
    page_h = int(h / scale)
    page_w = int(page_h * (9 / 19.5 if tall else 16 / 9))
    page_w = max(page_w, w + 4)
    dark = rng.random() < 0.4
    page = Image.new("RGB", (page_w, page_h), (18, 18, 18) if dark else (250, 250, 250))
    draw = ImageDraw.Draw(page)
    bar = tuple(int(v) for v in rng.integers(0, 256, 3))
    draw.rectangle((0, 0, page_w, int(page_h * 0.06)), fill=bar)
    x = int(rng.integers(0, page_w - w + 1)) if not tall else (page_w - w) // 2
    y = int(page_h * 0.08)
    page.paste(image, (x, y))
    ink = (200, 200, 200) if dark else (90, 90, 90)
    line_y = y + h + 6
    while line_y < page_h - 6:
        length = int(rng.uniform(0.3, 0.95) * page_w)
        draw.rectangle((6, line_y, 6 + length, line_y + 3), fill=ink)
        line_y += int(rng.integers(8, 14))
    return page


def _colour(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.7, 1.3))
    image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.3))
    image = ImageEnhance.Color(image).enhance(rng.uniform(0.6, 1.4))
    arr = np.asarray(image, dtype=np.float32) / 255.0
    cast = rng.uniform(0.92, 1.08, 3).astype(np.float32)  # white balance
    gamma = np.float32(rng.uniform(0.8, 1.25))
    arr = np.clip(arr * cast, 0, 1) ** gamma
    return Image.fromarray((arr * 255).round().astype(np.uint8), "RGB")


def user_view(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """One random user-like view of a poster (RGB in, RGB out, any size)."""
    w, h = image.size
    image = image.convert("RGB").resize((2 * w, 2 * h), Image.Resampling.BICUBIC)
    kind = KINDS[int(rng.choice(len(KINDS), p=KIND_P))]
    if kind == "crop":
        image = _crop(image, rng)
    elif kind == "photo":
        image = _photo(image, rng)
    elif kind == "screenshot":
        image = _screenshot(image, rng)
    if rng.random() < 0.5:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    image = _colour(image, rng)
    if rng.random() < 0.3:
        image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 1.5))))
    # the size a user's picture arrives at (serving brings it to 128 px tall again)
    new_h = int(rng.integers(64, 400))
    new_w = max(8, round(image.width * new_h / image.height))
    image = image.resize((new_w, new_h), Image.Resampling.BILINEAR)
    if rng.random() < 0.3:
        arr = np.asarray(image, dtype=np.float32)
        arr = arr + rng.normal(0, rng.uniform(2, 8), arr.shape).astype(np.float32)
        image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    if rng.random() < 0.7:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=int(rng.integers(30, 92)))
        buffer.seek(0)
        image = Image.open(buffer).convert("RGB")
    return image


def view_rng(seed: int, index: int, view: int) -> np.random.Generator:
    """The generator for view ``view`` of poster ``index``: every view is reproducible."""
    return np.random.default_rng([seed, index, view])
