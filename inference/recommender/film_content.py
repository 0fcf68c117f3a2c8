"""What a film is about, as vectors: its plot embedded and its keywords (data/film_content).

Built by ``models/film_content/build.py`` from the film tables of ``film-knowledge/``: about
14,000 catalogue films have a plot text (TMDB overview, Wikipedia lead, a release synopsis),
embedded with the multilingual sentence encoder the bot serves, and keywords ("dystopia",
"serial killer", "time loop").  ``FilmContent`` reads them (sha256-checked) and lays them out on
the rows a caller asks for — the recommender's pool — as dense unit plot vectors and a sparse
IDF-weighted keyword matrix, so a cosine against a seed film or a user's profile is one product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from inference.checksums import verified_metadata
from inference.recommender.moods import profiles_digest

ARRAYS_FILE = "film_content.npz"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "film_content"
_SPACES = re.compile(r"\s+")


class FilmContentError(RuntimeError):
    """The film content files are missing or do not match their recorded sha256."""


def keyword_key(text: str) -> str:
    """One spelling per keyword: lower case, single spaces ("Serial  Killer" → "serial killer")."""
    return _SPACES.sub(" ", text.strip().lower())


@dataclass(frozen=True, slots=True)
class ContentBlocks:
    """The plot and keyword vectors of some films (a caller's order), ready for cosines.

    ``plot`` holds one unit vector per film that has a plot, ``plot_rows`` their positions in
    the caller's order (a compact matrix: most pool films have no plot text); ``keywords`` one
    unit TF-IDF row per film (empty where it has no keyword).
    """

    plot_rows: npt.NDArray[np.int64]
    plot: npt.NDArray[np.float32]
    keywords: sparse.csr_matrix

    @property
    def has_keywords(self) -> npt.NDArray[np.bool_]:
        return np.asarray(np.diff(self.keywords.indptr) > 0)


class FilmContent:
    """The committed plot embeddings and keywords; ``blocks`` aligns them to any id order."""

    def __init__(self, arrays: dict[str, npt.NDArray[Any]]) -> None:
        self.ids: npt.NDArray[np.int64] = arrays["ids"]
        self._text: npt.NDArray[np.int8] = arrays["text"]
        self._has_text: npt.NDArray[np.bool_] = arrays["has_text"]
        self._indptr: npt.NDArray[np.int32] = arrays["keyword_indptr"]
        self._indices: npt.NDArray[np.int32] = arrays["keyword_indices"]
        raw = bytes(arrays["vocabulary"]).decode("utf-8")
        self.vocabulary: list[str] = raw.split("\n") if raw else []
        names = bytes(arrays.get("mood_names", np.zeros(0, np.uint8))).decode("utf-8")
        vectors = arrays.get("mood_vectors", np.zeros((0, self._text.shape[1]), np.float32))
        #: Each mood's direction in the plot space (embedded MoodProfile texts).
        self.moods: dict[str, npt.NDArray[np.float32]] = dict(
            zip(names.split("\n") if names else [], vectors, strict=True))
        self._column = {k: i for i, k in enumerate(self.vocabulary)}
        if self._text.shape[0] != self.ids.size or self._indptr.size != self.ids.size + 1:
            raise FilmContentError("film content arrays do not match their id count")

    @classmethod
    def load(cls, directory: Path | None = None) -> FilmContent:
        """Read and verify data/film_content (or ``directory``); its mood vectors must have
        been embedded from today's mood texts."""
        folder = directory or DEFAULT_DIR
        metadata = verified_metadata(folder, [ARRAYS_FILE], FilmContentError)
        if metadata.get("mood_texts_sha256") != profiles_digest():
            raise FilmContentError("the mood texts changed since data/film_content was built: "
                                   "rebuild it (models/film_content/build.py)")
        with np.load(folder / ARRAYS_FILE, allow_pickle=False) as stored:
            return cls({name: stored[name] for name in stored.files})

    @classmethod
    def empty(cls) -> FilmContent:
        """No plots, no keywords: every film is compared by its catalogue facts alone."""
        return cls({"ids": np.zeros(0, np.int64), "text": np.zeros((0, 512), np.int8),
                    "has_text": np.zeros(0, np.bool_), "keyword_indptr": np.zeros(1, np.int32),
                    "keyword_indices": np.zeros(0, np.int32),
                    "vocabulary": np.zeros(0, np.uint8)})  # fmt: skip

    def __len__(self) -> int:
        return int(self.ids.size)

    def rows_of(self, movie_ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """For each id its row here (-1: no plot or keywords known)."""
        if self.ids.size == 0:
            return np.full(movie_ids.size, -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.ids, movie_ids), self.ids.size - 1)
        return np.where(self.ids[pos] == movie_ids, pos, -1).astype(np.int64)

    def keyword_columns(self, keywords: tuple[str, ...]) -> npt.NDArray[np.int64]:
        """Vocabulary columns of these keywords (those the films never use are left out)."""
        column = self._column
        return np.asarray(sorted({column[k] for k in map(keyword_key, keywords) if k in column}),
                          dtype=np.int64)  # fmt: skip

    def keyword_idf(self, movie_ids: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """Inverse document frequency of each keyword over these films (the recommender's
        pool): a keyword most of them share says little about any one."""
        rows = self.rows_of(movie_ids)
        indices = self._indices[self._gather(rows)]
        width = max(len(self.vocabulary), 1)
        df = np.bincount(indices, minlength=width).astype(np.float64)
        return np.log((rows.size + 1.0) / (df + 1.0)).astype(np.float32)

    def blocks(self, movie_ids: npt.NDArray[np.int64], idf: npt.NDArray[np.float32]
               ) -> ContentBlocks:  # fmt: skip
        """Plot and keyword vectors of these films, in this order."""
        rows = self.rows_of(movie_ids)
        known = rows >= 0
        known[known] = self._has_text[rows[known]]
        plot_rows = np.flatnonzero(known).astype(np.int64)
        plot = self._text[rows[plot_rows]].astype(np.float32)
        plot /= np.maximum(np.linalg.norm(plot, axis=1, keepdims=True), 1e-12)
        return ContentBlocks(plot_rows, plot, self._keyword_matrix(rows, idf))

    def _gather(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Positions in ``keyword_indices`` of the rows' keywords, row after row."""
        if self.ids.size == 0:
            return np.zeros(0, dtype=np.int64)
        safe = np.maximum(rows, 0)
        starts = np.where(rows >= 0, self._indptr[safe], 0).astype(np.int64)
        lengths = np.where(rows >= 0, self._indptr[safe + 1], 0).astype(np.int64) - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int64)
        # arange per row without a Python loop: offsets within each row plus its start
        ends = np.cumsum(lengths)
        within = np.arange(total) - np.repeat(ends - lengths, lengths)
        return np.asarray(np.repeat(starts, lengths) + within, dtype=np.int64)

    def _keyword_matrix(self, rows: npt.NDArray[np.int64], idf: npt.NDArray[np.float32]
                        ) -> sparse.csr_matrix:  # fmt: skip
        """Unit TF-IDF keyword rows for ``rows`` (an empty row where -1)."""
        safe = np.minimum(np.maximum(rows, 0), max(self.ids.size - 1, 0))
        lengths = np.zeros(rows.size, dtype=np.int64)
        if self.ids.size:
            lengths = np.where(rows >= 0, self._indptr[safe + 1] - self._indptr[safe], 0)
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        indices = self._indices[self._gather(rows)]
        values = idf[indices].astype(np.float32)
        owner = np.repeat(np.arange(rows.size), lengths)
        norms = np.sqrt(np.bincount(owner, weights=values.astype(np.float64) ** 2,
                                    minlength=rows.size))  # fmt: skip
        scale = np.repeat(np.where(norms > 0, 1.0 / np.maximum(norms, 1e-12), 0.0), lengths)
        return sparse.csr_matrix(
            ((values * scale).astype(np.float32), indices, indptr),
            shape=(rows.size, max(len(self.vocabulary), 1)),
        )
