"""Colours and small shared pieces of the plot helpers."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from ..validation import check_array, check_float

NODE_COLORS = {
    "input": "#7fb3e6",       # blue
    "hidden": "#f7d565",      # yellow
    "activation": "#f2a7c8",  # pink
    "output": "#8fd18a",      # green
    "other": "#d9d9d9",       # grey: dropout, batch normalization
}
CLASS_COLORS = ("#f59322", "#0877bd")  # Playground orange (class 0), blue (class 1)
_BOUNDARY_CMAP = LinearSegmentedColormap.from_list(
    "playground", ["#f59322", "#e8eaeb", "#0877bd"])



def _new_axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _check_range(name, value):
    if not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(
            f"Invalid type received for argument `{name}`. Expected a pair (low, high). "
            f"Received: {name}={value!r}"
        )
    low = check_float(name, value[0])
    high = check_float(name, value[1])
    if not low < high:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected low < high. "
            f"Received: {name}={tuple(value)!r}"
        )
    return low, high


def _check_curve(name, value, n):
    arr = check_array(name, value, ndim=1)
    if len(arr) != n:
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected one value per rate "
            f"({n}). Received: {name}.shape={arr.shape}"
        )
    return arr


def _check_labels_1d(name, value):
    arr = np.asarray(value)
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iuf" or (
            arr.dtype.kind == "f" and not np.all(np.mod(arr, 1) == 0)):
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a non-empty 1-D array "
            f"of integer class labels. Received: {name} of shape {arr.shape}, dtype {arr.dtype}"
        )
    if arr.min() < 0:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected class labels >= 0. "
            f"Received a label {arr.min()}"
        )
    return arr.astype("int64")
