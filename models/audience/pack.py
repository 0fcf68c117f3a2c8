"""Copy a fitted ``HistGradientBoostingRegressor`` into ``inference.audience.forest``'s arrays.

Only numeric splits are packed (the features are one-hot, never sklearn categoricals); the
packer refuses anything else rather than pack it wrongly. A test checks the packed model gives
scikit-learn's predictions.
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor

from inference.audience.forest import PackedBoosting
from inference.trees import LEAF


def pack(model: HistGradientBoostingRegressor) -> PackedBoosting:
    roots, feature, threshold, missing, left, right, value = [], [], [], [], [], [], []
    offset = 0
    for (tree,) in model._predictors:  # one tree per iteration for a regressor
        nodes = tree.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not packed")
        leaf = nodes["is_leaf"].astype(bool)
        roots.append(offset)
        feature.append(nodes["feature_idx"].astype(np.int16))
        threshold.append(nodes["num_threshold"].astype(np.float64))
        missing.append(nodes["missing_go_to_left"].astype(bool))
        left.append(np.where(leaf, LEAF, nodes["left"].astype(np.int64) + offset))
        right.append(np.where(leaf, LEAF, nodes["right"].astype(np.int64) + offset))
        value.append(nodes["value"].astype(np.float64))
        offset += len(nodes)
    return PackedBoosting(
        baseline=np.asarray(model._baseline_prediction, dtype=np.float64).reshape(1),
        roots=np.array(roots, dtype=np.int32),
        feature=np.concatenate(feature),
        threshold=np.concatenate(threshold),
        missing_left=np.concatenate(missing),
        left=np.concatenate(left).astype(np.int32),
        right=np.concatenate(right).astype(np.int32),
        value=np.concatenate(value),
    )
