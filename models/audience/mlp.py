"""The Keras candidate: a network whose screen path is monotone (``inference.audience.network``).

The median of log10 admissions relative to the market is ``a(z) + Σ softplus(b_k(z)) · s_k``
(``s``: the standardised screen columns, ``z``: the rest), trained with the absolute error (a
median). Inputs are standardised by a ``Normalization`` layer set from the training rows, so
the scaler travels with the weights; a column constant in training (the covid flag before 2020)
is scaled to ~0, so its untrained weights never meet a new value. Exported to numpy after
training; TensorFlow is never imported when the bot serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
from keras import layers, ops

from inference.audience.network import MonotoneNetwork

MIN_VARIANCE = 0.01  # a rare one-hot column is not blown up by 1/sqrt(p)
CONSTANT_VARIANCE = 1e12


@dataclass(frozen=True)
class Config:
    hidden: tuple[int, ...] = (64, 32)
    dropout: float = 0.1
    learning_rate: float = 2e-3
    l2: float = 1e-4
    batch_size: int = 64
    epochs: int = 60


def _variance(x: np.ndarray) -> np.ndarray:
    spread = x.var(axis=0)
    return np.where(spread > 0, np.maximum(spread, MIN_VARIANCE), CONSTANT_VARIANCE)


def build(x_train: np.ndarray, monotone: list[int], config: Config) -> keras.Model:
    """An untrained network whose input normalisation is set from ``x_train``."""
    inputs = keras.Input(shape=(x_train.shape[1],))
    norm = layers.Normalization(mean=x_train.mean(axis=0), variance=_variance(x_train), name="norm")
    h_all = norm(inputs)
    others = [i for i in range(x_train.shape[1]) if i not in monotone]
    h = ops.take(h_all, others, axis=1)
    s = ops.take(h_all, monotone, axis=1)
    for i, units in enumerate(config.hidden):
        h = layers.Dense(
            units,
            activation="relu",
            kernel_regularizer=keras.regularizers.l2(config.l2),
            name=f"hidden{i}",
        )(h)
        h = layers.Dropout(config.dropout)(h)
    head = layers.Dense(1 + len(monotone), name="head")(h)
    out = head[:, 0] + ops.sum(ops.softplus(head[:, 1:]) * s, axis=1)
    model = keras.Model(inputs, out)
    model.compile(optimizer=keras.optimizers.Adam(config.learning_rate), loss="mae")
    return model


def fit(
    x: np.ndarray, y: np.ndarray, monotone: list[int], config: Config, seed: int
) -> keras.Model:
    """Train one network for ``config.epochs`` (fixed: no rows of the scored period watched)."""
    keras.utils.set_random_seed(seed)
    model = build(x, monotone, config)
    model.fit(
        x.astype("float32"),
        y.astype("float32"),
        batch_size=config.batch_size,
        epochs=config.epochs,
        verbose=0,
        shuffle=True,
    )
    return model


def export(model: keras.Model, monotone: list[int]) -> MonotoneNetwork:
    """The trained weights as a numpy ``MonotoneNetwork``."""
    norm = model.get_layer("norm")
    variance = np.asarray(norm.variance).reshape(-1)
    kernels, biases = [], []
    i = 0
    while True:
        try:
            layer = model.get_layer(f"hidden{i}")
        except ValueError:
            break
        kernel, bias = layer.get_weights()
        kernels.append(kernel.astype(np.float64))
        biases.append(bias.astype(np.float64))
        i += 1
    head_kernel, head_bias = model.get_layer("head").get_weights()
    return MonotoneNetwork(
        mean=np.asarray(norm.mean, dtype=np.float64).reshape(-1),
        scale=np.maximum(np.sqrt(variance), 1e-7),  # Keras's own formula
        monotone=np.array(monotone, dtype=np.int64),
        kernels=tuple(kernels),
        biases=tuple(biases),
        head_kernel=head_kernel.astype(np.float64),
        head_bias=head_bias.astype(np.float64),
    )


def keras_predict(model: Any, x: np.ndarray) -> np.ndarray:
    return np.asarray(model(x.astype("float32"), training=False)).reshape(-1)
