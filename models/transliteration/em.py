"""EM for the stochastic edit transducer, with a "not a transliteration" mixture component.

Each training pair is, with probability λ (one per kind: people, titles), a transliteration drawn
from the joint edit model of ``inference.catalogue.transducer`` (in any of its Latin
readings, equally likely a priori), and otherwise a Hangul string and a Latin string drawn
independently from the null unigram models — a translation such as 겨울왕국 ↔ Frozen. The E-step
gives each pair its posterior of being a transliteration; that posterior weights the pair's
expected edit counts (forward–backward over all alignments), so translations teach the model
next to nothing without being picked out by hand. The first ``warmup`` iterations count every
pair fully, so that the edit model is better than chance before it has to compete with the null
model. Pure numpy, deterministic: same pairs, same settings → same tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from tqdm import tqdm

from inference.catalogue.transducer import NEG, Tables, pad_latin, tables_from_arrays
from inference.catalogue.transducer import L as NL
from inference.catalogue.transliteration import H as NH
from inference.catalogue.transliteration import hangul_symbols, latin_variants
from models.transliteration.pairs import Pair

BATCH = 512


@dataclass(frozen=True)
class Settings:
    """What the validation chooses among."""

    smoothing: float  # Dirichlet pseudo-count added to every edit operation
    iterations: int
    warmup: int = 2


@dataclass
class Rows:
    """The training pairs as transducer rows: one row per (pair, Latin reading)."""

    xs: list[tuple[int, ...]]
    readings: list[str]
    pair_of_row: npt.NDArray[np.int64]
    kind_of_pair: npt.NDArray[np.int64]  # 0 people, 1 titles
    first_row: npt.NDArray[np.int64]  # the "as written" row of each pair
    batches: list[npt.NDArray[np.int64]] = field(default_factory=list)


def build_rows(pairs: Sequence[Pair]) -> Rows:
    """Expand pairs into rows and cut them into batches of similar lengths (less padding)."""
    xs: list[tuple[int, ...]] = []
    readings: list[str] = []
    owner: list[int] = []
    first: list[int] = []
    for k, pair in enumerate(pairs):
        x = hangul_symbols(pair.hangul)
        first.append(len(readings))
        for reading in latin_variants(pair.latin):
            xs.append(x)
            readings.append(reading)
            owner.append(k)
    order = sorted(range(len(xs)), key=lambda r: (len(xs[r]), len(readings[r]), r))
    batches = [np.array(order[i : i + BATCH]) for i in range(0, len(order), BATCH)]
    kinds = np.array([0 if p.kind == "people" else 1 for p in pairs], dtype=np.int64)
    return Rows(xs, readings, np.array(owner), kinds, np.array(first), batches)


def null_arrays(rows: Rows) -> dict[str, npt.NDArray[np.float64]]:
    """Unigram models of each side with a geometric length (add-one smoothed), fitted on the
    training strings; they are the likelihood ratio's denominator and the mixture's second
    component."""
    hangul = [rows.xs[r] for r in rows.first_row]
    latin = [rows.readings[r] for r in rows.first_row]
    h_counts = np.bincount(np.concatenate([np.array(x) for x in hangul]), minlength=NH) + 1.0
    l_counts = (
        np.bincount(
            np.frombuffer("".join(latin).encode("ascii"), dtype=np.uint8) - ord("a"), minlength=NL
        )
        + 1.0
    )
    h_len, l_len = float(sum(map(len, hangul))), float(sum(map(len, latin)))
    return {
        "null_h": np.log(h_counts / h_counts.sum()),
        "null_l": np.log(l_counts / l_counts.sum()),
        "null_h_stop": np.array(np.log(len(hangul) / (h_len + len(hangul)))),
        "null_l_stop": np.array(np.log(len(latin) / (l_len + len(latin)))),
    }


def uniform_arrays() -> dict[str, npt.NDArray[np.float64]]:
    """The starting edit model: every operation equally likely."""
    count = NH * NL + NH * NL * NL + NH + NL + 1
    value = -np.log(count)
    return {
        "sub": np.full((NH, NL), value),
        "sub2": np.full((NH, NL, NL), value),
        "dele": np.full(NH, value),
        "ins": np.full(NL, value),
        "stop": np.array(value),
    }


Ids = npt.NDArray[np.int64]


def _batch_arrays(rows: Rows, batch: Ids) -> tuple[Ids, Ids, Ids, Ids]:
    """Padded Hangul ids (pad = H), their lengths, padded letter ids (pad = L), lengths."""
    nx = np.array([len(rows.xs[r]) for r in batch], dtype=np.int64)
    xs = np.full((len(batch), int(nx.max())), NH, dtype=np.int64)
    for i, r in enumerate(batch):
        xs[i, : nx[i]] = rows.xs[r]
    ys, my = pad_latin([rows.readings[r] for r in batch])
    return xs, nx, ys, my


@dataclass(frozen=True, slots=True)
class Edges:
    """The log-probability of every edge of a batch's lattices, gathered once.

    Laid out position-major with the batch last — ``sub[i, j, b]`` is Hangul symbol i+1 of row
    b written as its letter j+1 — so that every step of the dynamic programme is a
    whole-array operation over the batch.
    """

    dele: npt.NDArray[np.float64]  # (N, B)
    sub: npt.NDArray[np.float64]  # (N, M, B)
    sub2: npt.NDArray[np.float64]  # (N, M-1, B): symbol i+1 as letters j+1, j+2
    cum: npt.NDArray[np.float64]  # (M+1, B): cost of inserting letters 1..j


def edges(tables: Tables, xs: npt.NDArray[np.int64], ys: npt.NDArray[np.int64]) -> Edges:
    """Gather the edges of padded rows ``xs`` (B, N) and ``ys`` (B, M)."""
    xt, yt = xs.T[:, None, :], ys.T[None, :, :]
    cum = np.zeros((ys.shape[1] + 1, ys.shape[0]))
    np.cumsum(tables.ins[ys.T], axis=0, out=cum[1:])
    return Edges(
        dele=tables.dele[xs.T],
        sub=tables.sub[xt, yt],
        sub2=tables.sub2[xt, yt[:, :-1], yt[:, 1:]],
        cum=cum,
    )


def forward_lattice(e: Edges) -> npt.NDArray[np.float64]:
    """Forward log-probabilities ``alpha[i, j, b]`` of all alignments of x[:i] with y[:j].

    Log space, because the E-step needs every cell, not just the last one. The chain of
    insertions along a row is a closed-form scan: ``logaddexp.accumulate`` of the row shifted
    by the cumulative insertion cost. Padding never reaches a cell inside a row's lengths.
    """
    n, m1, batch = e.dele.shape[0], e.cum.shape[0], e.cum.shape[1]
    alpha = np.empty((n + 1, m1, batch))
    alpha[0] = e.cum
    for i in range(1, n + 1):
        last = alpha[i - 1]
        row = last + e.dele[i - 1]
        np.logaddexp(row[1:], last[:-1] + e.sub[i - 1], out=row[1:])
        if m1 > 2:
            np.logaddexp(row[2:], last[:-2] + e.sub2[i - 1], out=row[2:])
        row -= e.cum
        np.logaddexp.accumulate(row, axis=0, out=alpha[i])
        alpha[i] += e.cum
    return alpha


def backward_lattice(
    e: Edges, nx: npt.NDArray[np.int64], my: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """``beta[i, j, b]``: log-probability of finishing row b from cell (i, j) (stop excluded),
    the mirror of :func:`forward_lattice` with the insertion chain scanned right to left."""
    n, m1, batch = e.dele.shape[0], e.cum.shape[0], e.cum.shape[1]
    beta = np.full((n + 1, m1, batch), NEG * 4)
    rows = np.arange(batch)
    for i in range(n, -1, -1):
        if i < n:
            nxt = beta[i + 1]
            row = nxt + e.dele[i]
            np.logaddexp(row[:-1], nxt[1:] + e.sub[i], out=row[:-1])
            if m1 > 2:
                np.logaddexp(row[:-2], nxt[2:] + e.sub2[i], out=row[:-2])
        else:
            row = np.full((m1, batch), NEG * 4)
        ending = nx == i
        row[my[ending], rows[ending]] = np.logaddexp(row[my[ending], rows[ending]], 0.0)
        row += e.cum
        np.logaddexp.accumulate(row[::-1], axis=0, out=beta[i][::-1])
        beta[i] -= e.cum
    return beta


@dataclass
class Counts:
    """Expected operation counts of one E-step (flat, padded index spaces)."""

    sub: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros((NH + 1) * (NL + 1)))
    sub2: npt.NDArray[np.float64] = field(
        default_factory=lambda: np.zeros((NH + 1) * (NL + 1) * (NL + 1))
    )
    dele: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(NH + 1))
    ins: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(NL + 1))
    stop: float = 0.0


def _accumulate(
    counts: Counts,
    e: Edges,
    xs: npt.NDArray[np.int64],
    nx: npt.NDArray[np.int64],
    ys: npt.NDArray[np.int64],
    my: npt.NDArray[np.int64],
    alpha: npt.NDArray[np.float64],
    beta: npt.NDArray[np.float64],
    weight: npt.NDArray[np.float64],
) -> None:
    """Add the weighted posterior of every edge of the lattice to its operation's count."""
    n, m1, batch = alpha.shape
    z = alpha[nx, my, np.arange(batch)]
    inside = np.arange(m1)[:, None] <= my[None, :]  # (M+1, B)
    scale = np.where(z > NEG, weight, 0.0)  # posterior of an edge: exp(alpha + edge + beta - z)
    yt = ys.T  # (M, B)
    ins_step = e.cum[1:] - e.cum[:-1]  # (M, B)
    pair_index = yt[:-1] * (NL + 1) + yt[1:]
    for i in range(n):
        live = (i <= nx)[None, :] & inside
        post = np.exp(alpha[i][:-1] + ins_step + beta[i][1:] - z) * scale * live[1:]
        counts.ins += np.bincount(yt.ravel(), post.ravel(), minlength=NL + 1)
        if i == 0:
            continue
        x = xs[:, i - 1]
        last, here = alpha[i - 1], beta[i]
        post = np.exp(last + e.dele[i - 1] + here - z) * scale * live
        counts.dele += np.bincount(x, post.sum(axis=0), minlength=NH + 1)
        post = np.exp(last[:-1] + e.sub[i - 1] + here[1:] - z) * scale * live[1:]
        index = x * (NL + 1) + yt
        counts.sub += np.bincount(index.ravel(), post.ravel(), minlength=counts.sub.size)
        if m1 > 2:
            post = np.exp(last[:-2] + e.sub2[i - 1] + here[2:] - z) * scale * live[2:]
            index = x * (NL + 1) ** 2 + pair_index
            counts.sub2 += np.bincount(index.ravel(), post.ravel(), minlength=counts.sub2.size)
    counts.stop += float(weight.sum())


def _log_likelihoods(rows: Rows, tables: Tables) -> npt.NDArray[np.float64]:
    """log p_T(x, y) of every row (stop included)."""
    out = np.empty(len(rows.xs))
    for batch in rows.batches:
        xs, nx, ys, my = _batch_arrays(rows, batch)
        alpha = forward_lattice(edges(tables, xs, ys))
        out[batch] = alpha[nx, my, np.arange(len(batch))] + tables.stop
    return out


def _null_likelihoods(rows: Rows, tables: Tables) -> npt.NDArray[np.float64]:
    """log p_null(x) p_null(y) of every pair, as written."""
    out = np.empty(len(rows.first_row))
    for k, r in enumerate(rows.first_row):
        ys, lengths = pad_latin([rows.readings[r]])
        out[k] = tables.null_hangul(rows.xs[r]) + float(tables.null_latin(ys, lengths)[0])
    return out


def _responsibilities(
    rows: Rows, joint: npt.NDArray[np.float64], null: npt.NDArray[np.float64],
    mixture: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], float]:  # fmt: skip
    """Each row's P(this reading | transliteration), each pair's P(transliteration), and the
    mean log-likelihood of the pairs under the mixture (what EM increases)."""
    pairs = len(rows.first_row)
    top = np.full(pairs, -np.inf)
    np.maximum.at(top, rows.pair_of_row, joint)
    shifted = np.exp(joint - top[rows.pair_of_row])
    total = np.bincount(rows.pair_of_row, shifted, minlength=pairs)
    readings = np.bincount(rows.pair_of_row, minlength=pairs)
    log_t = top + np.log(total / readings)  # the readings are equally likely a priori
    lam = mixture[rows.kind_of_pair]
    log_a, log_b = np.log(lam) + log_t, np.log1p(-lam) + null
    evidence = np.logaddexp(log_a, log_b)
    posterior = np.exp(log_a - evidence)
    return shifted / total[rows.pair_of_row], posterior, float(evidence.mean())


def _m_step(counts: Counts, smoothing: float) -> dict[str, npt.NDArray[np.float64]]:
    sub = counts.sub.reshape(NH + 1, NL + 1)[:NH, :NL] + smoothing
    sub2 = counts.sub2.reshape(NH + 1, NL + 1, NL + 1)[:NH, :NL, :NL] + smoothing
    dele = counts.dele[:NH] + smoothing
    ins = counts.ins[:NL] + smoothing
    stop = counts.stop + smoothing
    total = sub.sum() + sub2.sum() + dele.sum() + ins.sum() + stop
    return {
        "sub": np.log(sub / total),
        "sub2": np.log(sub2 / total),
        "dele": np.log(dele / total),
        "ins": np.log(ins / total),
        "stop": np.array(np.log(stop / total)),
    }


@dataclass
class Trained:
    """The tables after training, the mixture weights and each training pair's posterior."""

    arrays: dict[str, npt.NDArray[np.float64]]
    mixture: npt.NDArray[np.float64]
    posterior: npt.NDArray[np.float64]
    history: list[dict[str, float]]


def train(
    pairs: Sequence[Pair], settings: Settings, *, desc: str = "EM", checkpoints: Sequence[int] = ()
) -> tuple[Trained, dict[int, dict[str, npt.NDArray[np.float64]]]]:
    """Run EM; also return the tables after each iteration listed in ``checkpoints``."""
    rows = build_rows(pairs)
    null = null_arrays(rows)
    arrays = {**uniform_arrays(), **null}
    mixture = np.array([0.5, 0.5])
    posterior = np.ones(len(pairs))
    history: list[dict[str, float]] = []
    saved: dict[int, dict[str, npt.NDArray[np.float64]]] = {}
    null_ll = _null_likelihoods(rows, tables_from_arrays(arrays))
    progress = tqdm(range(1, settings.iterations + 1), desc=desc, leave=False)
    for iteration in progress:
        tables = tables_from_arrays(arrays)
        joint = _log_likelihoods(rows, tables)
        within, posterior, objective = _responsibilities(rows, joint, null_ll, mixture)
        if iteration <= settings.warmup:
            posterior = np.ones(len(pairs))
        else:
            for kind in (0, 1):
                chosen = rows.kind_of_pair == kind
                if chosen.any():
                    mixture[kind] = float(np.clip(posterior[chosen].mean(), 1e-3, 1 - 1e-3))
        weights = within * posterior[rows.pair_of_row]
        counts = Counts()
        for batch in rows.batches:
            xs, nx, ys, my = _batch_arrays(rows, batch)
            e = edges(tables, xs, ys)
            alpha = forward_lattice(e)
            beta = backward_lattice(e, nx, my)
            _accumulate(counts, e, xs, nx, ys, my, alpha, beta, weights[batch])
        arrays = {**_m_step(counts, settings.smoothing), **null}
        history.append(
            {
                "iteration": iteration,
                "mean_mixture_log_likelihood": round(objective, 4),
                "transliteration_share_people": round(float(mixture[0]), 4),
                "transliteration_share_titles": round(float(mixture[1]), 4),
            }
        )
        progress.set_postfix(people=f"{mixture[0]:.2f}", titles=f"{mixture[1]:.2f}")
        if iteration in checkpoints:
            saved[iteration] = dict(arrays)
    return Trained(arrays, mixture, posterior, history), saved
