"""Untrusted bytes → a safe RGB PIL image, or InvalidImage with the reason.

Formats are recognised by their magic bytes (never by file name), the pixel count is checked
from the header before any pixel is decoded, and Pillow only ever gets the three formats we
accept, so a crafted TIFF or PDF never reaches a less-exercised decoder.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from inference.poster.errors import InvalidImage
from inference.poster.preprocess import PreprocessParams, draft_size

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 32
_FORMATS = ("JPEG", "PNG", "WEBP")


def sniff_format(data: bytes) -> str | None:
    """JPEG, PNG or WEBP from the first bytes; None for anything else (GIF, BMP, TIFF, PDF…)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _open(data: bytes, fmt: str) -> Image.Image:
    """Read only the header; Pillow's own bomb guard fires here for absurd sizes."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=[fmt])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InvalidImage("poster.too_many_pixels", limit_mp=MAX_PIXELS // 1_000_000) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise InvalidImage("poster.corrupt") from error


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise InvalidImage(
            "poster.too_many_pixels", width=width, height=height, limit_mp=MAX_PIXELS // 1_000_000
        )
    if min(width, height) < MIN_SIDE:
        raise InvalidImage("poster.too_small", width=width, height=height, min_side=MIN_SIDE)


def _to_rgb(image: Image.Image) -> Image.Image:
    """Grayscale, CMYK, palette and 16-bit become RGB; transparency is laid on white."""
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")
    return image if image.mode == "RGB" else image.convert("RGB")


def decode_image(data: bytes, params: PreprocessParams | None = None) -> Image.Image:
    """Validate and decode an upload; with ``params`` a big JPEG is DCT-downscaled on the way."""
    if len(data) > MAX_BYTES:
        raise InvalidImage("poster.too_large", limit_mb=MAX_BYTES // (1024 * 1024))
    fmt = sniff_format(data)
    if fmt is None:
        raise InvalidImage("poster.unsupported")
    image = _open(data, fmt)
    _check_size(image)
    try:
        if fmt == "JPEG" and params is not None:
            image.draft("RGB", draft_size(image.width, image.height, params))
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)  # animated PNG/WebP: the first frame is the poster
        image.load()
        image = ImageOps.exif_transpose(image) or image
        rgb = _to_rgb(image)
    except InvalidImage:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as error:
        raise InvalidImage("poster.corrupt") from error
    return rgb
