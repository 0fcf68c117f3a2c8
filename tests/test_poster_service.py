"""The poster service: every bad upload gets its InvalidImage key, good ones a full prediction.

Images are generated with Pillow here, and the network comes from a throw-away artifact with
random weights, so these tests need neither ../shared nor a trained model; the served
artifact gets its own smoke test. Calibration, the prior correction and "not a poster" are
tested in tests/test_poster_decisions.py.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import struct
import tracemalloc
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw, ImageFile

from inference.poster import InvalidImage, PosterPrediction, PosterWorker, taste_match
from inference.poster.artifact import CALIBRATION_FILE, DEFAULT_DIR, OOD_FILE, ArtifactError
from inference.poster.calibration import Calibration
from inference.poster.classifier import PosterClassifier
from inference.poster.network import OOD_FEATURES, BranchConfig, PosterNet, fold_batch_norms
from inference.poster.ood import OodModel
from inference.poster.prediction import GenreScore
from inference.poster.preprocess import PreprocessParams
from models.poster import export

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
GENRES = ("Drama", "Comedy", "Action", "Horror", "Sci-Fi", "Family", "Thriller", "Biography")


@pytest.fixture(scope="module")
def artifact_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete artifact with random weights (same layout and checks as the served one)."""
    torch.manual_seed(0)
    net = PosterNet(len(GENRES))
    for module in net.modules():  # the package's own init makes activations vanish
        if isinstance(module, torch.nn.Conv2d | torch.nn.Linear):
            torch.nn.init.kaiming_normal_(module.weight)
    net.train()  # settle BatchNorm statistics, or a random net answers the same for every input
    with torch.no_grad():
        for _ in range(3):
            net(torch.rand(8, 3, 240, 160) * 2 - 1)
    net.eval()
    out = tmp_path_factory.mktemp("poster_artifact")
    write_random_artifact(out, net)
    return out


def write_random_artifact(out: Path, net: PosterNet, branch: BranchConfig | None = None) -> None:
    """An artifact around ``net`` with a plain calibration and an OOD model that accepts all."""
    prior = np.linspace(0.05, 0.5, len(GENRES))[::-1].copy()
    calibration = Calibration.identity(prior, alpha=1.0, tau=0.5)
    rng = np.random.default_rng(0)
    ood = OodModel.fit(rng.normal(size=(64, OOD_FEATURES)), k=8, threshold=float("inf"))
    export.write(
        out, net, "test-random", GENRES, 0, PreprocessParams(), calibration, ood, {},
        branch=branch,
    )  # fmt: skip


@pytest.fixture(scope="module")
def classifier(artifact_dir: Path) -> PosterClassifier:
    return PosterClassifier.load(artifact_dir, num_threads=1)


def poster(width: int = 200, height: int = 300, mode: str = "RGB") -> Image.Image:
    """A smooth, asymmetric picture (JPEG-friendly, so re-encoding changes little)."""
    x = np.linspace(0, 1, width)[None, :]
    y = np.linspace(0, 1, height)[:, None]
    rgb = np.stack([255 * x * np.ones_like(y), 255 * y * np.ones_like(x), 128 + 0 * x * y], -1)
    image = Image.fromarray(rgb.astype(np.uint8), "RGB")
    ImageDraw.Draw(image).ellipse(
        (width // 10, height // 10, width // 2, height // 3), fill=(250, 20, 20)
    )
    return image if mode == "RGB" else image.convert(mode)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of any size, built by hand: zero rows deflate to almost nothing."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def assert_refused(classifier: PosterClassifier, data: bytes, key: str) -> InvalidImage:
    with pytest.raises(InvalidImage) as caught:
        classifier.predict(data)
    assert caught.value.key == key
    assert isinstance(caught.value, ValueError)
    return caught.value


# --- bad input ---------------------------------------------------------------------------


def test_truncated_jpeg_is_corrupt(classifier: PosterClassifier) -> None:
    data = encode(poster(), "JPEG", quality=90)
    assert_refused(classifier, data[: len(data) // 2], "poster.corrupt")


def test_garbage_after_a_jpeg_signature_is_corrupt(classifier: PosterClassifier) -> None:
    assert_refused(classifier, b"\xff\xd8\xff" + b"not really a jpeg" * 10, "poster.corrupt")


@pytest.mark.parametrize(
    "data",
    [b"hello, this is a text file\n", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", b""],
    ids=["text", "pdf", "empty"],
)
def test_non_images_are_unsupported(classifier: PosterClassifier, data: bytes) -> None:
    assert_refused(classifier, data, "poster.unsupported")


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "GIF"])
def test_other_image_formats_are_unsupported(classifier: PosterClassifier, fmt: str) -> None:
    assert_refused(classifier, encode(poster(), fmt), "poster.unsupported")


def test_animated_gif_is_unsupported(classifier: PosterClassifier) -> None:
    frames = [poster(), poster().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    assert_refused(classifier, data, "poster.unsupported")


def test_one_pixel_image_is_too_small(classifier: PosterClassifier) -> None:
    error = assert_refused(classifier, encode(Image.new("RGB", (1, 1)), "PNG"), "poster.too_small")
    assert error.details["width"] == 1


def test_thin_strip_is_too_small(classifier: PosterClassifier) -> None:
    assert_refused(classifier, encode(poster(400, 20), "JPEG"), "poster.too_small")


def test_more_than_20_mb_is_too_large(classifier: PosterClassifier) -> None:
    data = encode(poster(), "PNG") + b"\x00" * (20 * 1024 * 1024)
    error = assert_refused(classifier, data, "poster.too_large")
    assert error.details["limit_mb"] == 20


def test_pixel_bomb_is_refused_from_the_header(
    classifier: PosterClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = huge_png(20_000, 20_000)
    assert len(data) < 200_000  # 400 MP in a small upload: the attack being defended against

    def never(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never)
    tracemalloc.start()
    try:
        assert_refused(classifier, data, "poster.too_many_pixels")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024


def test_just_over_40_megapixels_is_refused(classifier: PosterClassifier) -> None:
    error = assert_refused(classifier, huge_png(8000, 5001), "poster.too_many_pixels")
    assert (error.details["width"], error.details["height"]) == (8000, 5001)


# --- good input in awkward shapes --------------------------------------------------------


def assert_valid(prediction: PosterPrediction, genres: tuple[str, ...]) -> None:
    assert sorted(s.genre for s in prediction.scores) == sorted(genres)
    evidence = [s.evidence for s in prediction.scores]
    assert evidence == sorted(evidence, reverse=True)
    probabilities = [s.probability for s in prediction.scores]
    assert all(0.0 <= p <= 1.0 for p in probabilities)
    assert all(0.0 < s.base_rate < 1.0 for s in prediction.scores)
    assert all(
        isinstance(s, GenreScore) and isinstance(s.predicted, bool) for s in prediction.scores
    )


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("jpeg", lambda: encode(poster(), "JPEG")),
        ("grayscale jpeg", lambda: encode(poster(mode="L"), "JPEG")),
        ("cmyk jpeg", lambda: encode(poster(mode="CMYK"), "JPEG")),
        ("rgba png", lambda: encode(poster(mode="RGBA"), "PNG")),
        ("palette png", lambda: encode(poster(mode="P"), "PNG")),
        ("1-bit png", lambda: encode(poster(mode="1"), "PNG")),
        ("16-bit png", lambda: encode(poster(mode="L").convert("I;16"), "PNG")),
        ("webp", lambda: encode(poster(), "WEBP")),
        ("large progressive jpeg", lambda: encode(poster(1000, 1500), "JPEG", progressive=True)),
    ],
)
def test_supported_images_are_classified(
    classifier: PosterClassifier, name: str, make: Callable[[], bytes]
) -> None:
    assert_valid(classifier.predict(make()), classifier.genres)


def test_transparency_is_laid_on_white(classifier: PosterClassifier) -> None:
    transparent = Image.new("RGBA", (200, 300), (0, 0, 0, 0))
    white = Image.new("RGB", (200, 300), (255, 255, 255))
    a = classifier.probabilities(encode(transparent, "PNG"))
    b = classifier.probabilities(encode(white, "PNG"))
    np.testing.assert_allclose(a, b, atol=1e-6)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_animated_png_and_webp_use_the_first_frame(classifier: PosterClassifier, fmt: str) -> None:
    first, second = poster(), Image.new("RGB", (200, 300), (0, 0, 255))
    animated = encode(first, fmt, save_all=True, append_images=[second], lossless=True)
    still = encode(first, fmt, lossless=True)
    np.testing.assert_allclose(
        classifier.probabilities(animated), classifier.probabilities(still), atol=1e-6
    )


def test_exif_rotated_jpeg_matches_the_upright_one(classifier: PosterClassifier) -> None:
    upright = poster(384, 576)  # multiples of 16: rotating moves whole JPEG blocks
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as a phone sensor would store it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    options: dict[str, object] = {"quality": 95, "subsampling": 0}
    rotated = encode(stored, "JPEG", exif=exif.tobytes(), **options)
    straight = encode(upright, "JPEG", **options)
    sideways = encode(stored, "JPEG", **options)
    a, b, c = (classifier.probabilities(d) for d in (rotated, straight, sideways))
    assert np.abs(a - b).max() < 0.05  # JPEG re-encoding noise; a random net is touchy
    assert np.abs(a - b).max() < 0.2 * np.abs(c - b).max()  # the network does see orientation


def test_prediction_shape_and_version(classifier: PosterClassifier) -> None:
    prediction = classifier.predict(encode(poster(), "JPEG"))
    assert_valid(prediction, GENRES)
    assert prediction.top(3) == prediction.scores[:3]
    assert prediction.top(0) == ()
    assert prediction.model_version.startswith("test-random@")
    assert prediction.model_version == classifier.model_version
    assert prediction.scores[0].predicted  # the strongest genre is always a guess
    evidence = [s.evidence for s in prediction.scores]
    assert evidence == sorted(evidence, reverse=True)
    assert all(s.predicted == (s.evidence >= 0.5) for s in prediction.scores[1:])
    assert prediction.looks_like_poster  # this artifact's OOD threshold accepts everything


def test_concurrent_calls_agree(classifier: PosterClassifier) -> None:
    data = [encode(poster(200 + 10 * i, 300), "JPEG") for i in range(4)]
    expected = [classifier.predict(d) for d in data]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(classifier.predict, data * 3))
    for i, result in enumerate(results):
        got = [s.probability for s in result.scores]
        want = [s.probability for s in expected[i % 4].scores]
        np.testing.assert_allclose(got, want, atol=1e-5)


# --- the artifact --------------------------------------------------------------------------


def test_tampered_artifact_is_refused(artifact_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "artifact"
    shutil.copytree(artifact_dir, copy)
    calibration = json.loads((copy / CALIBRATION_FILE).read_text(encoding="utf-8"))
    calibration["tau"] = -9.0  # "every genre is a guess"
    (copy / CALIBRATION_FILE).write_text(json.dumps(calibration), encoding="utf-8")
    with pytest.raises(ArtifactError, match="sha256 mismatch"):
        PosterClassifier.load(copy)


def test_tampered_ood_statistics_are_refused(artifact_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "artifact"
    shutil.copytree(artifact_dir, copy)
    with (copy / OOD_FILE).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ArtifactError, match="sha256 mismatch"):
        PosterClassifier.load(copy)


def test_incomplete_artifact_is_refused(artifact_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "artifact"
    shutil.copytree(artifact_dir, copy)
    (copy / "weights.pt").unlink()
    with pytest.raises(ArtifactError, match="missing"):
        PosterClassifier.load(copy)


def test_served_artifact_loads_and_predicts() -> None:
    served = PosterClassifier.load(DEFAULT_DIR, num_threads=1)
    metadata = json.loads((DEFAULT_DIR / "metadata.json").read_text(encoding="utf-8"))
    assert served.genres == tuple(metadata["data"]["genres_kept"])
    assert "Sci-Fi" in served.genres
    assert_valid(served.predict(encode(poster(), "JPEG")), served.genres)


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_DATA.exists(), reason=f"needs the poster data in {SHARED_DATA}")
def test_served_artifact_was_trained_on_this_data() -> None:
    from inference.checksums import sha256_file

    metadata = json.loads((DEFAULT_DIR / "metadata.json").read_text(encoding="utf-8"))
    labels = SHARED_DATA / "posters" / "labels.csv"
    assert metadata["data"]["labels_csv_sha256"] == sha256_file(labels)


# --- taste_match ---------------------------------------------------------------------------


def prediction_of(probabilities: dict[str, float]) -> PosterPrediction:
    scores = sorted(
        (GenreScore(g, p, 0.2, p - 0.2, p >= 0.5) for g, p in probabilities.items()),
        key=lambda s: -s.probability,
    )
    return PosterPrediction(tuple(scores), "test")


def test_taste_match_is_high_for_matching_taste_and_low_otherwise() -> None:
    horror = prediction_of({"Horror": 0.9, "Thriller": 0.6, "Comedy": 0.05, "Family": 0.02})
    fans = taste_match(horror, [["Horror", "Thriller"], ["Horror"], ["Thriller", "Mystery"]])
    kids = taste_match(horror, [["Children", "Comedy"], ["Animation", "Children"]])
    assert fans is not None and kids is not None
    assert 0.0 <= kids < 0.2 < 0.8 < fans <= 1.0


def test_taste_match_maps_movielens_names() -> None:
    family = prediction_of({"Family": 0.9, "Crime": 0.0, "Drama": 0.0})
    assert taste_match(family, [["Children"]]) == pytest.approx(1.0)
    noir = prediction_of({"Family": 0.0, "Crime": 0.8, "Drama": 0.0})
    assert taste_match(noir, [["Film-Noir"]]) == pytest.approx(1.0)


def test_taste_match_ignores_genres_only_one_side_knows() -> None:
    biopic = prediction_of({"Biography": 0.99, "Drama": 0.5})
    assert taste_match(biopic, [["Drama"]]) == pytest.approx(1.0)


def test_taste_match_is_none_without_a_usable_genre() -> None:
    p = prediction_of({"Drama": 0.5})
    assert taste_match(p, []) is None
    assert taste_match(p, [["IMAX"], ["(no genres listed)"]]) is None
    assert taste_match(p, [["Western"]]) is None  # the model does not know Western


BRANCH = BranchConfig(mlp_hidden=32, mlp_weight=0.4, weight=0.3)


@pytest.mark.parametrize("branch", [None, BRANCH], ids=["augmented only", "with clean branch"])
def test_folded_batch_norms_give_the_same_outputs(branch: BranchConfig | None) -> None:
    """Serving folds each batch norm into its convolution: same logits, no BatchNorm left."""
    torch.manual_seed(2)
    net = PosterNet(len(GENRES), branch=branch)
    for module in net.modules():
        if isinstance(module, torch.nn.Conv2d | torch.nn.Linear):
            torch.nn.init.kaiming_normal_(module.weight)
        if isinstance(module, torch.nn.BatchNorm2d):  # non-trivial statistics and affine terms
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            torch.nn.init.uniform_(module.weight, 0.5, 1.5)
            torch.nn.init.uniform_(module.bias, -0.2, 0.2)
    net.eval()
    images = torch.rand(2, 3, 240, 160) * 2 - 1
    with torch.inference_mode():
        expected = net(images)
        folded = fold_batch_norms(copy.deepcopy(net))
        got = folded(images)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in folded.modules())
    torch.testing.assert_close(got, expected, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="eval mode"):
        fold_batch_norms(net.train())


def test_clean_branch_mixes_logits_and_round_trips_through_the_artifact(tmp_path: Path) -> None:
    """The served logit is (1 − w)·augmented + w·clean branch; model.json carries the branch."""
    torch.manual_seed(3)
    net = PosterNet(len(GENRES), branch=BRANCH).eval()
    images = torch.rand(2, 3, 240, 160) * 2 - 1
    with torch.inference_mode():
        x = net.stem(images)
        assert net.clean is not None
        expected = 0.7 * net.head(net.top(x)) + 0.3 * net.clean(x)
        torch.testing.assert_close(net(images), expected)
    write_random_artifact(tmp_path, net, branch=BRANCH)
    assert json.loads((tmp_path / "model.json").read_text())["branch"]["weight"] == 0.3
    loaded = PosterClassifier.load(tmp_path, num_threads=1)
    assert loaded._artifact.branch == BRANCH
    with torch.inference_mode():
        half = copy.deepcopy(net).half().float()
        want = half(images).double().numpy()
    got = loaded.run(images.contiguous(memory_format=torch.channels_last)).logits
    np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-3)


# --- the worker process the bot classifies in ---------------------------------------------


async def test_the_poster_worker_answers_as_the_classifier_and_survives_a_crash(
    artifact_dir: Path, classifier: PosterClassifier, tmp_path: Path
) -> None:
    """The bot classifies in a worker process (issue 24: torch out of the bot's start-up and
    memory). Same prediction as in-process; a refused file comes back as the same
    ``InvalidImage`` (key and details); a worker killed mid-way (a decoder crash) answers that
    poster as damaged and is replaced; a broken artifact stops the start as it did before."""
    import os
    import pickle
    import signal

    refused = pickle.loads(pickle.dumps(InvalidImage("poster.too_large", limit_mb=10)))
    assert (refused.key, refused.details) == ("poster.too_large", {"limit_mb": 10})

    data = encode(poster(), "JPEG", quality=90)
    worker = PosterWorker(artifact_dir, 1)
    worker.start()
    try:
        worker.wait_ready()
        assert await worker.predict(data) == classifier.predict(data)
        with pytest.raises(InvalidImage) as caught:
            await worker.predict(huge_png(20_000, 20_000))
        assert caught.value.key == "poster.too_many_pixels" and caught.value.details

        pid = worker.pid()
        assert pid is not None and pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(InvalidImage) as damaged:
            await worker.predict(data)
        assert damaged.value.key == "poster.corrupt"
        assert await worker.predict(data) == classifier.predict(data)  # a new worker
    finally:
        worker.close()

    broken = tmp_path / "broken"
    shutil.copytree(artifact_dir, broken)
    (broken / "metadata.json").write_text("{}")
    failing = PosterWorker(broken, 1)
    try:
        with pytest.raises(ArtifactError):
            failing.wait_ready()
    finally:
        failing.close()
