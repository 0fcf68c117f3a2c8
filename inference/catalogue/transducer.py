"""The stochastic edit transducer's arithmetic: tables, the null model, a fast forward pass.

Kept apart from the preprocessing and the service (``transliteration.py``) because it knows
nothing of Hangul: a symbol alphabet of size H (from the arrays), the 26 letters, and the edit
operations of Ristad & Yianilos (1998) — one symbol written as one letter, as two letters, as
nothing, or a letter inserted — whose probabilities form one distribution with a stop.

The forward pass that scores candidates works in probability space, not log space: a
``logaddexp`` costs ~35 ns an element and the dynamic programme needs three per cell, which
made one Hangul string against 50 candidates take ~7 ms; multiplications and additions with a
per-row rescaling (as for HMMs) give the same sums at a fraction of the cost. The insertion
chain along a row, ``a[j] = r[j] + w[j] * a[j - 1]``, is solved by recursive doubling
(log2 M whole-array steps) instead of a loop over letters. Training keeps a log-space lattice
(``models/transliteration/em.py``), and a test checks that both give the same likelihoods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

LATIN = "abcdefghijklmnopqrstuvwxyz"
L = len(LATIN)  # real letters; index L is padding
NEG = -1.0e4  # "impossible" in log space: finite, so that padded cells never make inf - inf
_TINY = 1e-300


@dataclass(frozen=True, slots=True)
class Tables:
    """Log-probabilities of the edit operations, padded (index H / L is "no symbol").

    ``sub[h, l]``: Hangul symbol h written as letter l; ``sub2[h, l1, l2]``: written as two
    letters; ``dele[h]``: written as nothing; ``ins[l]``: a letter with no Hangul source;
    ``stop``: the end — together one distribution (the joint model). ``null_h`` / ``null_l``
    and their stops are the independent unigram models of each side with geometric lengths,
    the denominator of the likelihood ratio. ``p_*`` are the same tables as probabilities,
    precomputed for the fast forward pass.
    """

    sub: npt.NDArray[np.float64]
    sub2: npt.NDArray[np.float64]
    dele: npt.NDArray[np.float64]
    ins: npt.NDArray[np.float64]
    stop: float
    null_h: npt.NDArray[np.float64]
    null_l: npt.NDArray[np.float64]
    null_h_stop: float
    null_l_stop: float
    p_sub: npt.NDArray[np.float64]
    p_sub2: npt.NDArray[np.float64]  # flattened to (H + 1, (L + 1) ** 2)
    p_dele: npt.NDArray[np.float64]
    p_ins: npt.NDArray[np.float64]

    @property
    def hangul_size(self) -> int:
        """H, the number of real Hangul-side symbols (index H pads)."""
        return int(self.dele.shape[0]) - 1

    def null_hangul(self, x: Sequence[int]) -> float:
        """log p(x) under the Hangul unigram model."""
        n = len(x)
        continuing = float(np.log1p(-np.exp(self.null_h_stop)))
        return float(self.null_h[list(x)].sum()) + n * continuing + self.null_h_stop

    def null_latin(self, ys: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> Any:
        """log p(y) of each padded row under the Latin unigram model."""
        continuing = np.log1p(-np.exp(self.null_l_stop))
        return self.null_l[ys].sum(axis=1) + lengths * continuing + self.null_l_stop


def tables_from_arrays(arrays: dict[str, npt.NDArray[Any]]) -> Tables:
    """Padded float64 tables from unpadded log-probability arrays (as trained or stored)."""
    h = int(np.shape(arrays["dele"])[0])

    def padded(values: npt.NDArray[Any], shape: tuple[int, ...]) -> npt.NDArray[np.float64]:
        out = np.full(shape, NEG)
        out[tuple(slice(0, s) for s in np.shape(values))] = values
        return out

    sub = padded(arrays["sub"], (h + 1, L + 1))
    sub2 = padded(arrays["sub2"], (h + 1, L + 1, L + 1))
    dele = padded(arrays["dele"], (h + 1,))
    ins = padded(arrays["ins"], (L + 1,))
    ins[L] = 0.0  # padding letters extend a row at no cost; they never reach a real cell
    null_l = padded(arrays["null_l"], (L + 1,))
    null_l[L] = 0.0  # and add nothing to a padded row's null likelihood
    return Tables(
        sub=sub,
        sub2=sub2,
        dele=dele,
        ins=ins,
        stop=_scalar(arrays["stop"]),
        null_h=padded(arrays["null_h"], (h + 1,)),
        null_l=null_l,
        null_h_stop=_scalar(arrays["null_h_stop"]),
        null_l_stop=_scalar(arrays["null_l_stop"]),
        p_sub=np.exp(sub) * (sub > NEG),
        p_sub2=(np.exp(sub2) * (sub2 > NEG)).reshape(h + 1, (L + 1) ** 2),
        p_dele=np.exp(dele) * (dele > NEG),
        p_ins=np.exp(ins),
    )


def _scalar(value: npt.NDArray[Any]) -> float:
    """A stored scalar: ``write_arrays`` keeps it as a one-element array."""
    return float(np.asarray(value, dtype=np.float64).reshape(-1)[0])


def encode_latin(letters: str) -> npt.NDArray[np.int64]:
    """Letter ids (a=0 … z=25) of an already lowercased a–z string."""
    return np.frombuffer(letters.encode("ascii"), dtype=np.uint8).astype(np.int64) - ord("a")


def pad_latin(words: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Letter strings (a–z only) as a padded id matrix (pad = L) and their lengths."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    ys = np.full((len(words), max(1, int(lengths.max(initial=0)))), L, dtype=np.int64)
    codes = encode_latin("".join(words))
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    ys[np.repeat(np.arange(len(words)), lengths), np.arange(len(codes)) - starts] = codes
    return ys, lengths


def log_joint(
    tables: Tables, x: Sequence[int], ys: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """log p(x, y) of one symbol string x against each padded letter row of ``ys`` (B, M),
    summed over all alignments, stop included.

    Cells are ``a[j, b]`` (Latin position, candidate): the batch is the fast axis, so each step
    is one array operation over all candidates. Each Hangul row is rescaled to a maximum of 1
    per candidate and the scale kept as a log, so nothing underflows however long the strings;
    a cell more than ~690 nats below its row's best is 0 (it could never matter).
    """
    batch, m = ys.shape
    yt = ys.T
    p_ins = np.zeros((m + 1, batch))
    p_ins[1:] = tables.p_ins[yt]
    pairs = yt[:-1] * (L + 1) + yt[1:]
    # the insertion chain of row 0, then of every row, by recursive doubling
    row = np.zeros((m + 1, batch))
    row[0] = 1.0
    row = _chain(row, p_ins)
    scale = np.zeros(batch)
    for symbol in x:
        last = row
        row = last * tables.p_dele[symbol]
        row[1:] += last[:-1] * tables.p_sub[symbol][yt]
        if m >= 2:
            row[2:] += last[:-2] * tables.p_sub2[symbol][pairs]
        row = _chain(row, p_ins)
        top = row.max(axis=0)
        top[top <= 0.0] = 1.0
        row /= top
        scale += np.log(top)
    end = row[lengths, np.arange(batch)]
    result: npt.NDArray[np.float64] = np.log(np.maximum(end, _TINY)) + scale + tables.stop
    return result


def _chain(row: npt.NDArray[np.float64], weight: npt.NDArray[np.float64]) -> Any:
    """Solve ``a[j] = row[j] + weight[j] * a[j - 1]`` along axis 0 (Hillis–Steele doubling)."""
    a = row.copy()
    w = weight.copy()
    step = 1
    while step < len(a):
        a[step:] += w[step:] * a[:-step]
        w[step:] = w[step:] * w[:-step]
        step *= 2
    return a
