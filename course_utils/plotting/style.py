"""Colours and small shared pieces of the plot helpers."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.colors import LinearSegmentedColormap

from ..validation import check_array, check_axes, check_labels, check_pair

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
    if check_axes("ax", ax) is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _check_range(name, value):
    return check_pair(name, value)


def _check_curve(name, value, n):
    return check_array(name, value, ndim=1, rows=n, rows_of="rates")


def _check_labels_1d(name, value):
    return check_labels(name, value)
