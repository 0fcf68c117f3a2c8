"""Keras neural collaborative filtering: the seed's model family, kept for the benchmark.

Two variants:
- ``neumf``: He et al. 2017 NeuMF (GMF + MLP towers) trained on implicit feedback with 4 sampled
  negatives per positive, the configuration that reaches ~0.40 nDCG@10 on ML-100k;
- ``rating_mlp``: the Korean team's regression (user/movie embeddings → MLP → rating 1–5).

Neither is served (EASE wins the benchmark and needs no TensorFlow at serving time), so keras
is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class NeuMFConfig:
    """NeuMF sizes and training schedule (tuned on a validation split, see the benchmark)."""

    mf_dim: int = 16
    mlp_layers: tuple[int, ...] = (64, 32, 16)
    negatives: int = 4
    epochs: int = 8
    batch_size: int = 1024
    learning_rate: float = 0.002
    l2: float = 1e-6
    seed: int = 42


def build_neumf(n_users: int, n_items: int, config: NeuMFConfig) -> Any:
    """The NeuMF network: P(user likes item) from a GMF and an MLP tower, fused by a dense layer."""
    import keras
    from keras import layers

    reg = keras.regularizers.L2(config.l2)
    user = keras.Input(shape=(), dtype="int32", name="user")
    item = keras.Input(shape=(), dtype="int32", name="item")
    half = config.mlp_layers[0] // 2
    gmf_u = layers.Embedding(n_users, config.mf_dim, embeddings_regularizer=reg)(user)
    gmf_i = layers.Embedding(n_items, config.mf_dim, embeddings_regularizer=reg)(item)
    mlp_u = layers.Embedding(n_users, half, embeddings_regularizer=reg)(user)
    mlp_i = layers.Embedding(n_items, half, embeddings_regularizer=reg)(item)
    gmf = layers.Multiply()([gmf_u, gmf_i])
    mlp = layers.Concatenate()([mlp_u, mlp_i])
    for width in config.mlp_layers[1:]:
        mlp = layers.Dense(width, activation="relu", kernel_regularizer=reg)(mlp)
    fused = layers.Concatenate()([gmf, mlp])
    out = layers.Dense(1, activation="sigmoid")(fused)
    model = keras.Model([user, item], out)
    model.compile(optimizer=keras.optimizers.Adam(config.learning_rate), loss="binary_crossentropy")
    return model


def sample_negatives(
    users: npt.NDArray[np.int64],
    items: npt.NDArray[np.int64],
    n_items: int,
    negatives: int,
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Positives plus ``negatives`` uniformly drawn unseen items per positive (fresh each epoch)."""
    positives = np.unique(users * n_items + items)
    neg_users = np.repeat(users, negatives)
    neg_items = rng.integers(0, n_items, size=neg_users.size)
    for _ in range(20):  # redraw the few negatives that hit a positive
        clash = np.isin(neg_users * n_items + neg_items, positives, assume_unique=False)
        if not clash.any():
            break
        neg_items[clash] = rng.integers(0, n_items, size=int(clash.sum()))
    all_users = np.concatenate([users, neg_users])
    all_items = np.concatenate([items, neg_items])
    labels = np.concatenate([np.ones(users.size), np.zeros(neg_users.size)]).astype(np.float32)
    order = rng.permutation(all_users.size)
    return all_users[order], all_items[order], labels[order]


def fit_neumf(
    users: npt.NDArray[np.int64],
    items: npt.NDArray[np.int64],
    n_users: int,
    n_items: int,
    config: NeuMFConfig,
    progress: bool = False,
) -> Any:
    """Train NeuMF on implicit (user, item) positives; seeded for reproducibility."""
    import keras

    keras.utils.set_random_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    model = build_neumf(n_users, n_items, config)
    for _ in range(config.epochs):
        u, i, y = sample_negatives(users, items, n_items, config.negatives, rng)
        model.fit(
            {"user": u.astype(np.int32), "item": i.astype(np.int32)},
            y,
            batch_size=config.batch_size,
            epochs=1,
            verbose=1 if progress else 0,
            shuffle=False,
        )
    return model


def score_all(model: Any, user: int, n_items: int) -> npt.NDArray[np.float32]:
    """Scores of every item for one training user."""
    items = np.arange(n_items, dtype=np.int32)
    users = np.full(n_items, user, dtype=np.int32)
    out = model.predict_on_batch({"user": users, "item": items})
    return np.asarray(out, dtype=np.float32).reshape(-1)


def score_users(model: Any, users: npt.NDArray[np.int64], n_items: int) -> npt.NDArray[np.float32]:
    """A users × items score matrix (batched over users)."""
    u = np.repeat(users.astype(np.int32), n_items)
    i = np.tile(np.arange(n_items, dtype=np.int32), users.size)
    out = model.predict({"user": u, "item": i}, batch_size=65536, verbose=0)
    return np.asarray(out, dtype=np.float32).reshape(users.size, n_items)


@dataclass(frozen=True, slots=True)
class RatingMLPConfig:
    """The seed's rating regression: embeddings → MLP → rating (1–5)."""

    embedding: int = 32
    hidden: tuple[int, ...] = (64, 32)
    epochs: int = 5
    batch_size: int = 512
    learning_rate: float = 0.001
    seed: int = 42


def fit_rating_mlp(
    users: npt.NDArray[np.int64],
    items: npt.NDArray[np.int64],
    ratings: npt.NDArray[np.float32],
    n_users: int,
    n_items: int,
    config: RatingMLPConfig,
) -> Any:
    """Train the seed-style rating regressor (MSE on stars), seeded."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(config.seed)
    user = keras.Input(shape=(), dtype="int32", name="user")
    item = keras.Input(shape=(), dtype="int32", name="item")
    u = layers.Embedding(n_users, config.embedding)(user)
    i = layers.Embedding(n_items, config.embedding)(item)
    x = layers.Concatenate()([u, i])
    for width in config.hidden:
        x = layers.Dense(width, activation="relu")(x)
    out = layers.Dense(1)(x)
    # Map to the 1..5 star range the seed predicted.
    out = layers.Rescaling(2.0, offset=3.0)(layers.Activation("tanh")(out))
    model = keras.Model([user, item], out)
    model.compile(optimizer=keras.optimizers.Adam(config.learning_rate), loss="mse")
    model.fit(
        {"user": users.astype(np.int32), "item": items.astype(np.int32)},
        ratings.astype(np.float32),
        batch_size=config.batch_size,
        epochs=config.epochs,
        verbose=0,
        shuffle=True,
    )
    return model
