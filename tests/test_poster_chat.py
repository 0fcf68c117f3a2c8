"""Poster photos and image files through the local Bot API server: genres, chart, bad input."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.localapi import BotEvent, LocalBotApiServer, SimulatedUser
from tests.conftest import BotFactory, onboard

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "posters"
#: A real poster from the test fold (Crank, 2006: Action|Crime|Thriller), see fixtures' SOURCE.md.
REAL_POSTER = FIXTURE / "tt0479884.jpg"


def poster_image(mode: str = "RGB", size: tuple[int, int] = (300, 450)) -> Image.Image:
    """A real film poster from the fixture, enlarged to ``size`` as a phone would show it."""
    with Image.open(REAL_POSTER) as source:
        image = source.convert("RGB").resize(size, Image.Resampling.BICUBIC)
    return image.convert(mode) if mode != "RGB" else image


def not_a_poster(size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A smooth two-colour gradient: nothing like a film poster."""
    x = np.linspace(0, 1, size[0])[None, :, None]
    rgb = (1 - x) * np.array([30, 90, 200]) + x * np.array([250, 220, 120])
    return Image.fromarray(np.broadcast_to(rgb, (size[1], size[0], 3)).astype(np.uint8), "RGB")


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width``×``height`` (a decompression bomb's header), tiny on the wire."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


async def answer_to(user: SimulatedUser) -> tuple[list[BotEvent], BotEvent]:
    """Events up to and including the bot's reply (chat actions first)."""
    seen = []
    while True:
        event = await user.next_event(timeout=30)
        seen.append(event)
        if event.kind == "message":
            return seen, event


async def test_a_poster_photo_gets_genres_a_chart_and_a_taste_match(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1101)
    await onboard(user)
    user.send_photo(encoded(poster_image(), "JPEG", quality=90), width=300, height=450)
    seen, reply = await answer_to(user)
    assert any(e.method == "sendChatAction" and e.params.get("action") == "typing" for e in seen)
    assert reply.method == "sendPhoto"
    caption = reply.text
    lines = caption.splitlines()
    assert lines[0] == "🎨 Genre guesses from the poster"
    assert lines[1].startswith("Genres this poster suggests more than a typical poster")
    assert [line[:3] for line in lines[2:5]] == ["1. ", "2. ", "3. "]
    for line in lines[2:5]:  # "1. Action — 62% (typical poster: 19%)"
        percent, base = line.split("— ", 1)[1].split("% (typical poster: ")
        assert 0 <= int(percent) <= 100 and 0 < int(base.rstrip("%)")) < 100
    assert "doesn't look like a film poster" not in caption
    assert "Suits your taste:" in caption
    assert reply.message is not None
    chart = api.file_bytes(reply.message["photo"][-1]["file_id"])
    assert chart.startswith(b"\xff\xd8")  # JPEG, as Telegram stores photos
    with Image.open(io.BytesIO(chart)) as image:
        assert image.width >= 600 and image.height > 300  # every genre has a row
    counts = await application.bot_data.repo.count_user_rows(1101)
    assert counts.predictions == 1


@pytest.mark.parametrize(
    ("image", "fmt", "mime"),
    [
        (poster_image("RGBA"), "PNG", "image/png"),
        (poster_image("L"), "PNG", "image/png"),
        (poster_image("CMYK"), "JPEG", "image/jpeg"),
        (poster_image(), "WEBP", "image/webp"),
    ],
    ids=["png-alpha", "grayscale", "cmyk-jpeg", "webp"],
)
async def test_images_sent_as_files_work_in_any_colour_mode(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    image: Image.Image,
    fmt: str,
    mime: str,
) -> None:
    await start_bot(sqlite_url)
    user = api.user(1102, language_code="ko")
    user.send_document(encoded(image, fmt), file_name=f"poster.{fmt.lower()}", mime_type=mime)
    _, reply = await answer_to(user)
    assert reply.method == "sendPhoto"
    # a grey or CMYK copy may or may not still look like a poster; either way it is answered
    assert reply.text.startswith(
        ("🎨 포스터로 본 장르 추측", "🤔 이 사진은 영화 포스터 같지 않아요")
    )
    assert "/favorites" in reply.text  # no favourites yet: how to get a taste match


async def test_a_photo_that_is_no_poster_is_answered_with_unsure_guesses(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    application = await start_bot(sqlite_url)
    for user_id, language, note, unsure in (
        (1105, "en", "🤔 This doesn't look like a film poster.", "(unsure)"),
        (1106, "ko", "🤔 이 사진은 영화 포스터 같지 않아요.", "(확실하지 않아요)"),
    ):
        user = api.user(user_id, language_code=language)
        user.send_photo(encoded(not_a_poster(), "JPEG", quality=90), width=640, height=480)
        _, reply = await answer_to(user)
        assert reply.method == "sendPhoto"  # the chart still comes, with no guess highlighted
        lines = reply.text.splitlines()
        assert lines[0].startswith(note)
        assert sum(unsure in line for line in lines) == 3  # every guess marked as unsure
        rows = await application.bot_data.repo.count_user_rows(user_id)
        assert rows.predictions == 1
    assert "가장 가깝지만, 확실하지 않아요" in reply.text  # 해요체, particle after the genre


def animated_gif() -> bytes:
    frames = [poster_image(), poster_image().rotate(180)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


BAD_FILES = [
    ("truncated.jpg", encoded(poster_image(), "JPEG")[:900], "damaged"),
    ("notes.jpg", b"just some text, not an image\n" * 20, "JPEG, PNG or WebP"),
    ("dot.png", encoded(Image.new("RGB", (1, 1)), "PNG"), "too small"),
    ("bomb.png", png_header_only(20_000, 20_000), "too many pixels"),
    ("moving.gif", animated_gif(), "JPEG, PNG or WebP"),
    ("poster.bmp", encoded(poster_image(), "BMP"), "JPEG, PNG or WebP"),
    ("poster.tiff", encoded(poster_image(), "TIFF"), "JPEG, PNG or WebP"),
    ("empty.png", b"", "JPEG, PNG or WebP"),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
async def test_bad_image_files_get_a_clear_answer_and_nothing_is_logged(
    api: LocalBotApiServer,
    start_bot: BotFactory,
    sqlite_url: str,
    name: str,
    data: bytes,
    expected: str,
) -> None:
    application = await start_bot(sqlite_url)
    user = api.user(1103)
    user.send_document(data, file_name=name)
    _, reply = await answer_to(user)
    assert reply.method == "sendMessage" and expected in reply.text
    assert (await application.bot_data.repo.count_user_rows(1103)).predictions == 0
    # The bot is still fine: the next message is answered normally.
    assert "CineMate" in (await user.ask("/help")).text


async def test_a_bad_photo_is_answered_in_korean(
    api: LocalBotApiServer, start_bot: BotFactory, sqlite_url: str
) -> None:
    await start_bot(sqlite_url)
    user = api.user(1104, language_code="ko")
    user.send_photo(b"\xff\xd8\xff\xe0 broken", width=10, height=10)
    _, reply = await answer_to(user)
    assert "손상" in reply.text


def test_the_chart_highlights_exactly_the_genres_the_caption_names() -> None:
    """Issue 25: five guesses above the cut-off, three named in the text — three orange bars;
    one guess — still the three the text lists, never more or fewer than it names."""
    from handlers.poster.photo import TOP_GENRES, highlighted
    from inference.poster import GenreScore, PosterPrediction

    def prediction(predicted: int) -> PosterPrediction:
        genres = ["Action", "Crime", "Thriller", "Drama", "Comedy", "Horror", "Romance"]
        scores = tuple(
            GenreScore(g, 0.9 - 0.1 * i, 0.2, 3.0 - 0.4 * i, i < predicted)
            for i, g in enumerate(genres)
        )
        return PosterPrediction(scores, "test")

    for predicted in (5, 1):
        marks = highlighted(prediction(predicted))
        assert sum(marks) == TOP_GENRES and marks[:TOP_GENRES] == [True] * TOP_GENRES
