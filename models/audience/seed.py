"""The seed's two DNNs and their splits, rebuilt from its notebooks (MovieDL, final/4_deepLearning).

Regression: films with 10k–100k admissions, test = the 19 films of 2023, validation = 25% of the
rest (random_state 42); inputs genre, rating, season (label codes), director/distributor/actor
scores, covid, RobustScaled screens and yearly total; 3 × (Dense 90, BatchNorm, swish), dropout
0.2, MAE on audience/1000, Adagrad(0.9), 100 epochs, batch 128.
Classification: films over 800k, five classes, test = 5% (random_state 31), validation = 10%
of the rest (random_state 31); the same inputs plus year; Dense 256-128-64-32 ReLU, softmax,
Adam(0.006), balanced class weights, 500 epochs, batch 32.
One change: the scalers are fitted on the training rows only (the seed fitted them on all rows,
test included).
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, RobustScaler
from sklearn.utils import class_weight

from models.audience.evaluate import SEED_EDGES, bins

REG_INPUTS = ("장르", "등급", "감독_흥행", "총 관객수", "배급사_흥행", "주연배우_흥행", "계절")
REG_TAIL = ("전국 스크린수", "코로나")
SCALED = ("총 관객수", "전국 스크린수")
REG_LOW, REG_HIGH = 10_000, 100_000
CLS_FLOOR = 800_000


@dataclass(frozen=True)
class SeedSplit:
    """Row positions of the seed frame: train, validation, test."""

    train: np.ndarray
    val: np.ndarray
    test: np.ndarray


def reg_split(frame: pd.DataFrame) -> SeedSplit:
    rest = np.flatnonzero(frame["연도"].to_numpy() != 2023)
    test = np.flatnonzero(frame["연도"].to_numpy() == 2023)
    train, val = train_test_split(rest, test_size=0.25, random_state=42)
    return SeedSplit(np.asarray(train), np.asarray(val), test)


def cls_split(frame: pd.DataFrame) -> SeedSplit:
    rows = np.arange(len(frame))
    rest, test = train_test_split(rows, test_size=0.05, random_state=31)
    train, val = train_test_split(rest, test_size=0.10, random_state=31)
    return SeedSplit(np.asarray(train), np.asarray(val), np.asarray(test))


def _inputs(frame: pd.DataFrame, columns: tuple[str, ...], fit_rows: np.ndarray) -> np.ndarray:
    """Label codes for text columns, RobustScaler (fitted on ``fit_rows``) for the two counts."""
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column]
        if column in SCALED:
            scaler = RobustScaler().fit(values.to_numpy(float)[fit_rows].reshape(-1, 1))
            out[column] = scaler.transform(values.to_numpy(float).reshape(-1, 1))[:, 0]
        elif values.dtype == object or column == "연도":
            out[column] = LabelEncoder().fit_transform(values.astype(str))
        else:
            out[column] = values.astype(float)
    return np.asarray(out.to_numpy(np.float32))


def regression(frame: pd.DataFrame, split: SeedSplit, seed: int) -> np.ndarray:
    """Audience predictions of the seed's regression DNN for every row of ``frame``."""
    keras.utils.set_random_seed(seed)
    fit_rows = np.concatenate([split.train, split.val])
    x = _inputs(frame, (*REG_INPUTS, *REG_TAIL), fit_rows)
    y = frame["전국 관객수"].to_numpy(np.float32) / 1000
    inputs = keras.Input(shape=(x.shape[1],))
    h = inputs
    for _ in range(3):
        h = keras.layers.Dense(90)(h)
        h = keras.layers.BatchNormalization(epsilon=1e-5)(h)
        h = keras.layers.Activation("swish")(h)
    h = keras.layers.Dropout(0.2)(h)
    model = keras.Model(inputs, keras.layers.Dense(1)(h))
    model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.9, epsilon=1e-6), loss="mae")
    model.fit(
        x[split.train],
        y[split.train],
        batch_size=128,
        epochs=100,
        validation_data=(x[split.val], y[split.val]),
        verbose=0,
    )
    return np.asarray(model(x, training=False))[:, 0] * 1000


def classification(frame: pd.DataFrame, split: SeedSplit, seed: int) -> np.ndarray:
    """Class predictions (0–4 over the seed's edges) of the seed's classifier for every row."""
    keras.utils.set_random_seed(seed)
    fit_rows = np.concatenate([split.train, split.val])
    x = _inputs(frame, (*REG_INPUTS, "전국 스크린수", "연도", "코로나"), fit_rows)
    labels = bins(frame["전국 관객수"].to_numpy(float), SEED_EDGES)
    inputs = keras.Input(shape=(x.shape[1],))
    h = inputs
    for units in (256, 128, 64, 32):
        h = keras.layers.Dense(units, activation="relu")(h)
    model = keras.Model(inputs, keras.layers.Dense(5, activation="softmax")(h))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.006),
        loss="sparse_categorical_crossentropy",
    )
    weights = class_weight.compute_class_weight(
        class_weight="balanced", classes=np.arange(5), y=labels[split.train]
    )
    model.fit(
        x[split.train],
        labels[split.train],
        batch_size=32,
        epochs=500,
        validation_data=(x[split.val], labels[split.val]),
        class_weight=dict(enumerate(weights)),
        verbose=0,
    )
    return np.asarray(np.argmax(np.asarray(model(x, training=False)), axis=1))
