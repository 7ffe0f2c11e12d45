"""Decision boundaries of 2-D classifiers over the input plane."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import validation
from ..validation import check_array, check_float, check_int
from .style import (
    _BOUNDARY_CMAP,
    CLASS_COLORS,
    _new_axes,
)


def plot_decision_boundary(
    model,
    x,
    y=None,
    *,
    ax=None,
    features: Sequence[str] | None = None,
    resolution: int = 120,
    title: str | None = None,
    margin: float = 0.5,
):
    """Shades a 2-D plane by a model's predicted probability and draws the data.

    The background colour is the model's output at each point of a grid
    (orange near 0, blue near 1); the black line is where it crosses 0.5.

    Args:
        model: A Keras model (or any callable with `predict`) whose single
            output is a probability of class 1.
        x: Points of shape (n, 2), in the raw coordinates x1, x2.
        y: Labels 0/1 of the points, or None to draw them uncoloured.
            Defaults to None.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        features: If the model takes derived features rather than (x1, x2),
            their names for `course_utils.datasets.make_features`, e.g.
            ["x1", "x2", "x1*x2"]. Defaults to None (raw points).
        resolution: Grid points per axis. Defaults to 120.
        title: Title of the Axes. Defaults to None.
        margin: Extra room around the data. Defaults to 0.5.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_decision_boundary(model, x_test, y_test, title="ReLU net")
    """
    from ..datasets import make_features

    x = check_array("x", x, ndim=2, shape1=2)
    if y is not None:
        y = check_array("y", y, rows=len(x), rows_of="x").reshape(-1)
    resolution = check_int("resolution", resolution, min_value=10, max_value=1000)
    margin = check_float("margin", margin, min_value=0.0)
    if not hasattr(model, "predict"):
        raise validation.type_error("model", "a Keras model with a `predict` method", model)
    lo = x.min(axis=0) - margin
    hi = x.max(axis=0) + margin
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([g1.ravel(), g2.ravel()], axis=1).astype("float32")
    inputs = make_features(grid, features) if features is not None else grid
    if hasattr(model, "inputs"):
        validation.check_fits_model("features", inputs, model, value=features)
    # Calling the model directly runs it eagerly: unlike `predict`, it traces no
    # tf.function, so drawing many models in a row causes no retracing.
    prob = np.asarray(model(inputs, training=False)) if callable(model) else np.asarray(
        model.predict(inputs, verbose=0, batch_size=4096))
    if prob.ndim == 2 and prob.shape[1] != 1:
        validation.refuse_model("model", model, "a model with one output (probability of "
                                f"class 1), not {prob.shape[1]}")
    prob = prob.reshape(g1.shape)
    ax = _new_axes(ax, figsize=(4.5, 4.5))
    ax.contourf(g1, g2, prob, levels=np.linspace(0, 1, 11), cmap=_BOUNDARY_CMAP,
                alpha=0.75, vmin=0, vmax=1)
    if np.nanmin(prob) < 0.5 < np.nanmax(prob):
        ax.contour(g1, g2, prob, levels=[0.5], colors="k", linewidths=1.2)
    if y is None:
        ax.scatter(x[:, 0], x[:, 1], s=12, c="k", alpha=0.6)
    else:
        for label, color in enumerate(CLASS_COLORS):
            sel = y == label
            ax.scatter(x[sel, 0], x[sel, 1], s=14, c=color, edgecolors="white",
                       linewidths=0.5, label=f"class {label}")
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    return ax
