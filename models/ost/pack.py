"""Turn a fitted multi-output sklearn forest into the serving arrays (inference/ost/forest.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

from inference.ost.forest import PackedForest
from inference.trees import LEAF


def pack(forest: Any) -> PackedForest:
    """Pack a RandomForest/ExtraTrees classifier fitted on a (rows, outputs) 0/1 label matrix."""
    roots, feature, threshold, left, right, value = [], [], [], [], [], []
    offset = 0
    for estimator in forest.estimators_:
        tree = estimator.tree_
        leaf = tree.children_left == -1
        counts = tree.value  # (nodes, outputs, 2): per-output class weights (or shares)
        shares = counts[:, :, -1] / np.maximum(counts.sum(axis=2), 1e-12)
        roots.append(offset)
        feature.append(np.where(leaf, 0, tree.feature))
        threshold.append(np.where(leaf, 0.0, tree.threshold))
        left.append(np.where(leaf, LEAF, tree.children_left + offset))
        right.append(np.where(leaf, LEAF, tree.children_right + offset))
        value.append(shares)
        offset += tree.node_count
    return PackedForest(
        roots=np.asarray(roots, dtype=np.int32),
        feature=np.concatenate(feature).astype(np.int32),
        threshold=np.concatenate(threshold).astype(np.float64),
        left=np.concatenate(left).astype(np.int32),
        right=np.concatenate(right).astype(np.int32),
        value=np.concatenate(value).astype(np.float32),
    )
