"""A deterministic corpus of hostile input for the bad-input sweep (tests/test_hostile_sweep.py).

Everything is generated in memory from a seed: texts (huge, control characters, bidi overrides,
RTL scripts, emoji and ZWJ sequences, SQL and HTML/Markdown injection, numbers no parser should
take, blank text), files (damaged images, a truncated JPEG, empty files, decompression bombs that
are tiny on disk, GIF, PDF, EXE, wrong MIME types) and forged callback data (random, out of range,
over Telegram's 64 bytes, SQL). Nothing in it is a valid answer to any question the bot asks, so
whatever the sweep sees stored afterwards must come from its valid steps.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from dataclasses import dataclass

from PIL import Image

SEED = 20_240_607


@dataclass(frozen=True)
class HostileText:
    """A text message: ``label`` names it in failure messages, ``category`` groups it."""

    label: str
    category: str
    text: str


@dataclass(frozen=True)
class HostileFile:
    """Bytes to send as a photo or as a document (``file_name`` and ``mime_type`` may lie);
    ``refusal`` is why a poster reader must refuse it (the bot's message key)."""

    label: str
    data: bytes
    file_name: str
    mime_type: str
    refusal: str


# -- texts -------------------------------------------------------------------------------------

_CONTROL = "".join(chr(c) for c in range(0x20))
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u180e"
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f"
_ARABIC = "مرحبا، أين يمكنني مشاهدة الفيلم؟"
_HEBREW = "שלום עולם! איפה אפשר לראות את הסרט?"
_EMOJI = "🎬🍿🎥👨‍👩‍👧‍👦👩🏽‍🚀🏳️‍🌈🇰🇷🇺🇸1️⃣❤️‍🔥🧑🏿‍🤝‍🧑🏻"
_ASCII_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_POOLS = (
    _CONTROL,
    _INVISIBLE,
    _BIDI,
    _ARABIC,
    _HEBREW,
    _EMOJI,
    _ASCII_PUNCT,
    "abcxyzQWZ0123456789",
    "\u0301\u0336\u0489\u20dd",  # combining marks
    "\u3000\u00a0\u2028\u2029 \t\n",  # unusual spaces and separators
)


def _random_text(rng: random.Random, length: int) -> str:
    """``length`` characters drawn from every hostile pool (never starting with '/')."""
    chars = [rng.choice(rng.choice(_POOLS)) for _ in range(length)]
    text = "".join(chars)
    return "x" + text[1:] if text.startswith("/") else text


def _lines_of_junk(rng: random.Random, total: int) -> str:
    """Many short junk lines, exactly ``total`` characters (the favourites step splits lines)."""
    words = ["zzq", "\u202eqq", "'--", "<i>", "¿¡", "ᚠᛇ", "0x0", "ꙮ", "‽", "℀"]
    out = ""
    while len(out) < total:
        out += rng.choice(words) + rng.choice((" ", "\n", ";"))
    return out[:total]


def hostile_texts(seed: int = SEED, *, max_chars: int = 1000) -> list[HostileText]:
    """Text payloads; ``max_chars`` is the bot's MAX_TEXT_CHARS (one text is just above it,
    one exactly at it so that it reaches the flows)."""
    rng = random.Random(seed)
    fixed: list[tuple[str, str, str]] = [
        # size
        ("10k-digits", "long", "9" * 10_000),
        ("10k-mixed", "long", _random_text(rng, 10_000)),
        ("just-over-limit", "long", "ab " * (max_chars // 3) + "abcd"[: max_chars % 3 + 1]),
        ("at-limit-lines", "long", _lines_of_junk(rng, max_chars)),
        ("999-digits", "long", "9" * 999),
        ("fifty-lines", "long", "\n".join(["zq"] * 50)),
        # control and invisible characters
        ("nul", "control", "\x00"),
        ("all-c0-controls", "control", _CONTROL),
        ("number-then-nul", "control", "27\x00"),
        # A lone UTF-16 half: not encodable as UTF-8, yet JSON can carry it ("\\ud800").
        ("lone-surrogate", "control", "\ud800"),
        ("number-then-lone-surrogate", "control", "27\udfff"),
        ("ansi-escape", "control", "\x1b[31m27\x1b[0m\x07"),
        ("rtl-override-72", "control", "\u202e72"),  # displays as "27"
        ("rtl-override-title", "control", "\u202eyrotS yoT"),
        ("zero-width-only", "control", _INVISIBLE),
        ("zwj-inside-word", "control", "Toy\u200dStory\u200b"),
        ("bidi-isolates", "control", _BIDI),
        ("bom-number", "control", "\ufeff27\u200b"),
        ("zalgo", "control", "Z̷̢͈a̸̛l̶͚g̵̱o̴̥ ̸t̶e̵x̷t̸"),
        # right-to-left scripts
        ("arabic", "rtl", _ARABIC),
        ("hebrew", "rtl", _HEBREW),
        ("arabic-indic-digits", "rtl", "٩٩٩٩٩"),
        ("mixed-bidi", "rtl", f"abc {_HEBREW[:8]} 123 {_ARABIC[:6]} \u202edef"),
        # emoji
        ("emoji", "emoji", "🎬🍿🎥"),
        ("zwj-sequences", "emoji", "👨‍👩‍👧‍👦👩🏽‍🚀🏳️‍🌈❤️‍🔥🧑🏿‍🤝‍🧑🏻"),
        ("keycaps-and-flags", "emoji", "🇰🇷🇺🇸 1️⃣2️⃣7️⃣"),
        ("lone-variation-selector", "emoji", "\ufe0f\u20e3"),
        # injection
        ("sql-drop", "sql", "'; DROP TABLE users;--"),
        ("sql-or", "sql", "1 OR 1=1"),
        ("sql-union", "sql", '" UNION SELECT telegram_id, language FROM users --'),
        ("sql-bobby", "sql", "Robert'); DROP TABLE favourites; --"),
        ("sql-korean", "sql", "매트릭스'; DELETE FROM profiles WHERE 1=1;--"),
        ("html-b", "markup", "<b>"),
        ("html-js-link", "markup", "<a href=javascript:alert(1)>click</a>"),
        ("html-script", "markup", "<script>alert('x')</script></b></i>"),
        ("markdown", "markup", "*_`["),
        ("markdown-v2", "markup", "[click](tg://user?id=1) **b** __u__ ~~s~~ ||spoiler|| `c"),
        ("entity", "markup", "&lt;"),
        ("entities", "markup", "&amp;lt;b&gt; &#0; &#x110000; &bogus;"),
        ("format-string", "markup", "{0} {lang} {{}} %s %d %(name)s {text!r}"),
        ("path-traversal", "markup", "../../etc/passwd\\..\\boot.ini"),
        # numbers no parser should take
        ("1e309", "number", "1e309"),
        ("-1e309", "number", "-1e309"),
        ("nan", "number", "NaN"),
        ("inf", "number", "inf"),
        ("-inf", "number", "-Infinity"),
        ("-0", "number", "-0"),
        ("hex", "number", "0x10"),
        ("underscore", "number", "1_000"),
        ("10**40", "number", str(10**40)),
        ("-10**40", "number", str(-(10**40))),
        ("fullwidth-123456", "number", "１２３４５６"),
        ("tiny-exponent", "number", "1e-400"),
        # blank
        ("space", "blank", " "),
        ("tabs-newlines", "blank", "\t\n\r\n \t"),
        ("ideographic-space", "blank", "\u3000\u00a0\u2028\u2029"),
        ("semicolons", "blank", ";;; ;\n;"),
        # words that mean nothing here
        ("null-words", "words", "null None undefined true"),
    ]
    texts = [HostileText(label, category, text) for label, category, text in fixed]
    for index in range(6):
        length = rng.choice((1, 3, 17, 64, 200, 700))
        texts.append(HostileText(f"random-{index}", "random", _random_text(rng, length)))
    return texts


# -- files -------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int, *, with_pixels: bool = True) -> bytes:
    """A 1-bit PNG of ``width`` × ``height`` zero pixels: a few KB on disk, huge decoded.

    The rows are compressed as a stream, so not even the decoded size is ever in memory.
    """
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grayscale
    body = b""
    if with_pixels:
        row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
        packer = zlib.compressobj(9)
        parts = [packer.compress(row) for _ in range(height)]
        body = b"".join(parts) + packer.flush()
    chunks = _png_chunk(b"IHDR", header)
    if with_pixels:
        chunks += _png_chunk(b"IDAT", body)
    return b"\x89PNG\r\n\x1a\n" + chunks + _png_chunk(b"IEND", b"")


def _image_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def hostile_files(seed: int = SEED) -> list[HostileFile]:
    """Uploads that are not a usable poster, each for a different reason."""
    rng = random.Random(seed)
    picture = Image.new("RGB", (96, 96), (200, 30, 30))
    jpeg = _image_bytes(picture, "JPEG", quality=90)
    png = bytearray(_image_bytes(picture, "PNG"))
    idat = png.index(b"IDAT")
    png[idat + 8 : idat + 24] = bytes(rng.randrange(256) for _ in range(16))  # damaged pixels
    gif_frames = [Image.new("P", (64, 64), i) for i in range(3)]
    gif = io.BytesIO()
    gif_frames[0].save(gif, "GIF", save_all=True, append_images=gif_frames[1:], duration=50)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
    exe += b"This program cannot be run in DOS mode.\r\r\n$"
    exe += bytes(rng.randrange(256) for _ in range(64))
    random_bytes = bytes(rng.randrange(256) for _ in range(512))
    fake_jpeg = b"\xff\xd8\xff\xe0" + b"not a jpeg" * 20
    fake_webp = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
    header_bomb = png_bomb(65_535, 65_535, with_pixels=False)
    dot = _image_bytes(Image.new("RGB", (1, 1)), "PNG")
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    unsupported, corrupt, too_many, too_small = (
        "poster.unsupported",
        "poster.corrupt",
        "poster.too_many_pixels",
        "poster.too_small",
    )
    rows: list[tuple[str, bytes, str, str, str]] = [
        ("random-bytes", random_bytes, "a.bin", "application/octet-stream", unsupported),
        ("jpeg-magic-then-garbage", fake_jpeg, "poster.jpg", "image/jpeg", corrupt),
        ("truncated-jpeg", jpeg[: len(jpeg) * 3 // 5], "poster.jpg", "image/jpeg", corrupt),
        ("zero-bytes", b"", "empty.png", "image/png", unsupported),
        ("png-bomb-20000x20000", png_bomb(20_000, 20_000), "bomb.png", "image/png", too_many),
        ("png-7000x7000", png_bomb(7_000, 7_000), "big.png", "image/png", too_many),
        ("png-header-65535x65535", header_bomb, "header.png", "image/png", too_many),
        ("png-1x1", dot, "dot.png", "image/png", too_small),
        ("png-100000x1", png_bomb(100_000, 1), "strip.png", "image/png", too_small),
        ("png-damaged-pixels", bytes(png), "poster.png", "image/png", corrupt),
        ("gif-animated-as-jpeg", gif.getvalue(), "poster.jpg", "image/jpeg", unsupported),
        ("pdf", pdf, "poster.pdf", "application/pdf", unsupported),
        ("exe-as-png", exe, "poster.png.exe", "image/png", unsupported),
        ("webp-header-then-garbage", fake_webp, "poster.webp", "image/webp", corrupt),
        ("svg-with-script", svg, "poster.svg", "image/svg+xml", unsupported),
        ("html-as-jpeg", b"<html><body>hi</body></html>", "poster.jpg", "image/jpeg", unsupported),
    ]
    return [HostileFile(*row) for row in rows]


def oversized_file() -> HostileFile:
    """Just over the 20 MB a bot may download: refused from the message's file_size alone."""
    return HostileFile(
        "over-20mb", bytes(20 * 1024 * 1024 + 1), "huge.jpg", "image/jpeg", "poster.too_large"
    )


# -- callback data -----------------------------------------------------------------------------

# Data no keyboard of the bot ever carries: unknown actions, indexes out of range, ids that are
# not films, values that are not presets, Arabic-Indic digits (``\d`` matches them), SQL.
FORGED_CALLBACKS: tuple[str, ...] = (
    "ost:t:999999",
    "ost:v:energy:9999",
    "ost:v:mode:1",
    "ost:v:tempo:;DROP",
    "ost:v:danceability:55",
    "aud:g:99",
    "aud:r:99",
    "aud:n:99",
    "aud:film:99",
    "aud:pick:9",
    "aud:s:99999",
    "aud:s:7",
    "rec:fb:up:999999999",
    "rec:fb:like:999999999",
    "rec:fb:like:١٢٣٤٥٦٧٨٩",
    "rec:wl:0",
    "rec:more:99",
    "rec:more:10",
    "rec:only:maybe",
    "wtw:999999999",
    "wl:seen:999999999",
    "wl:rm:0",
    "wl:aseen:999999999",
    "wl:arm:0",
    "fav:fav:rm:999999999",
    "onb:fav:add:0",
    "onb:fav:add:999999999",
    "onb:fav:del:999999999",
    "onb:gender:robot",
    "onb:lang:fr",
    "onb:sub:hbo",
    "onb:sub:../../etc/passwd",
    "prof:edit:password",
    "set:lang:xx",
    "fgt:maybe",
    "rec:fb:like:1 OR 1=1",
    "aud:g:1; DROP TABLE users",
    "' OR '1'='1",
    "onb:sub:netflix';--",
    "rec:fb:like:" + "9" * 100,  # over 64 bytes
    "x" * 65,
    "ost:t:" + "1" * 70,
    "",
    " ",
    "\x00",
    "\u202erec:fb:like:1",
    "<b>rec</b>",
)


def forged_callbacks(seed: int = SEED) -> list[str]:
    """The fixed forged data above plus seeded random strings (some over 64 bytes)."""
    rng = random.Random(seed + 1)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789:;_-'\"%$#@!*/\\ 가é😀\u202e\x00"
    randoms = [
        "".join(rng.choice(alphabet) for _ in range(rng.choice((1, 5, 12, 40, 64, 90))))
        for _ in range(8)
    ]
    return [*FORGED_CALLBACKS, *randoms]
