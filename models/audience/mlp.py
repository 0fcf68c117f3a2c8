"""The Keras network: log10 audience quantiles (10/50/90%) and bin probabilities, jointly.

One body, two heads. The quantile head predicts the median and two softplus gaps, so the 80%
interval can never cross; it is trained with the pinball loss. The bin head is a softmax over
``inference.audience.bins.BINS`` trained with cross-entropy. Inputs are standardised by a Keras
``Normalization`` layer set from the training rows, so the scaler travels with the weights.
After training the weights are exported to numpy (``export``) and served without TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
from keras import layers, ops

from inference.audience.bins import BINS, bin_index
from inference.audience.network import QUANTILES, Network

BIN_WEIGHT = 0.3  # cross-entropy weight beside the pinball loss (both are O(0.1–1))
# A one-hot column that is almost always 0 would otherwise be scaled by ~1/sqrt(p): a rare genre
# at serving time would then enter the network as a huge number. Floor: std 0.1.
MIN_VARIANCE = 0.01
# A column that never varies in training (the covid flag before 2020) carries no information;
# its untrained weights must not meet a new value at scoring time, so it is scaled to ~0.
CONSTANT_VARIANCE = 1e12


@dataclass(frozen=True)
class Config:
    hidden: tuple[int, ...] = (64, 64)
    dropout: float = 0.1
    learning_rate: float = 1e-3
    l2: float = 1e-4
    batch_size: int = 64
    max_epochs: int = 300
    patience: int = 30


def _loss(y_true: Any, y_pred: Any) -> Any:
    """Pinball loss of the three quantiles plus weighted cross-entropy of the bins."""
    target = y_true[:, :1]
    label = ops.cast(y_true[:, 1], "int32")
    quantiles = y_pred[:, : len(QUANTILES)]
    levels = ops.convert_to_tensor(np.array(QUANTILES, dtype="float32")[None, :])
    error = target - quantiles
    pinball = ops.mean(ops.maximum(levels * error, (levels - 1.0) * error))
    logits = y_pred[:, len(QUANTILES) :]
    cross = ops.mean(keras.losses.sparse_categorical_crossentropy(label, logits, from_logits=True))
    return pinball + BIN_WEIGHT * cross


def build(x_train: np.ndarray, config: Config) -> keras.Model:
    """An untrained network whose input normalisation is set from ``x_train``."""
    inputs = keras.Input(shape=(x_train.shape[1],))
    spread = x_train.var(axis=0)
    variance = np.where(spread > 0, np.maximum(spread, MIN_VARIANCE), CONSTANT_VARIANCE)
    norm = layers.Normalization(mean=x_train.mean(axis=0), variance=variance, name="norm")
    h = norm(inputs)
    for i, units in enumerate(config.hidden):
        h = layers.Dense(
            units,
            activation="relu",
            kernel_regularizer=keras.regularizers.l2(config.l2),
            name=f"hidden{i}",
        )(h)
        h = layers.Dropout(config.dropout)(h)
    raw = layers.Dense(3, name="quantile")(h)
    median = raw[:, 1:2]
    low = median - ops.softplus(raw[:, 0:1])
    high = median + ops.softplus(raw[:, 2:3])
    logits = layers.Dense(len(BINS), name="bins")(h)
    outputs = ops.concatenate([low, median, high, logits], axis=1)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(config.learning_rate), loss=_loss)
    return model


def targets(y: np.ndarray) -> np.ndarray:
    """Training targets: log10 audience and its bin index, side by side."""
    return np.column_stack([y, bin_index(10**y)]).astype("float32")


def fit(
    x: np.ndarray,
    y: np.ndarray,
    config: Config,
    seed: int,
    epochs: int | None = None,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[keras.Model, int]:
    """Train one network; with ``validation``, stop early and return the best epoch count."""
    keras.utils.set_random_seed(seed)
    model = build(x, config)
    callbacks: list[keras.callbacks.Callback] = []
    data = None
    if validation is not None:
        data = (validation[0].astype("float32"), targets(validation[1]))
        callbacks.append(
            keras.callbacks.EarlyStopping(
                patience=config.patience, restore_best_weights=True, start_from_epoch=5
            )
        )
    history = model.fit(
        x.astype("float32"),
        targets(y),
        batch_size=config.batch_size,
        epochs=epochs or config.max_epochs,
        validation_data=data,
        callbacks=callbacks,
        verbose=0,
        shuffle=True,
    )
    if validation is None:
        return model, epochs or config.max_epochs
    losses = history.history["val_loss"]
    return model, int(np.argmin(losses)) + 1


def export(model: keras.Model) -> Network:
    """The trained weights as a numpy ``Network`` (what the service runs)."""
    norm = model.get_layer("norm")
    mean = np.asarray(norm.mean).reshape(-1)
    variance = np.asarray(norm.variance).reshape(-1)
    hidden = []
    i = 0
    while True:
        try:
            layer = model.get_layer(f"hidden{i}")
        except ValueError:
            break
        kernel, bias = layer.get_weights()
        hidden.append((kernel, bias))
        i += 1
    q_kernel, q_bias = model.get_layer("quantile").get_weights()
    b_kernel, b_bias = model.get_layer("bins").get_weights()
    return Network(
        mean=mean,
        scale=np.maximum(np.sqrt(variance), 1e-7),  # Keras's own formula
        hidden=tuple(hidden),
        quantile=(q_kernel, q_bias),
        bins=(b_kernel, b_bias),
    )
