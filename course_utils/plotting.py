"""Plot helpers: activation curves, decision boundaries, training curves and
network diagrams drawn from real Keras models.

Every helper draws on the Axes it is given (`ax=...`) or, when `ax` is None,
on a new figure; it returns what it drew on (the Axes, or the Figure for
multi-panel helpers). None calls `plt.show()` or changes global settings.

Colours follow the course material: inputs blue, hidden (weighted-sum) nodes
yellow, activation (nonlinear transformation) nodes pink, outputs green. Data
points use the TensorFlow Playground's orange (class 0) and blue (class 1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from .validation import check_array, check_bool, check_float, check_int

__all__ = [
    "NODE_COLORS",
    "plot_activation",
    "plot_decision_boundary",
    "plot_history",
    "plot_network",
]

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


def plot_activation(
    activation: str | Callable,
    *,
    ax=None,
    x_range: tuple[float, float] = (-6.0, 6.0),
    derivative: bool = True,
    label: str | None = None,
):
    """Plots an activation function and, dashed, its derivative.

    Args:
        activation: A Keras activation name or a callable on tensors.
        ax: Matplotlib Axes to draw on, or None for a new figure.
            Defaults to None.
        x_range: `(low, high)` of the inputs shown. Defaults to (-6.0, 6.0).
        derivative: Also draw the derivative. Defaults to True.
        label: Name shown in the legend and title. Defaults to the function's name.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_activation("sigmoid")
    """
    from .models import activation_with_derivative

    derivative = check_bool("derivative", derivative)
    low, high = _check_range("x_range", x_range)
    x = np.linspace(low, high, 401, dtype="float32")
    y, dy = activation_with_derivative(activation, x)
    name = label or (activation if isinstance(activation, str)
                     else getattr(activation, "__name__", "activation"))
    ax = _new_axes(ax)
    ax.plot(x, y, color="#c2185b", lw=2, label=f"{name}(x)")
    if derivative:
        ax.plot(x, dy, color="#555555", lw=1.5, ls="--", label=f"{name}'(x)")
    ax.axhline(0, color="#999999", lw=0.5)
    ax.axvline(0, color="#999999", lw=0.5)
    ax.set_xlabel("x (weighted sum)")
    ax.set_title(name)
    ax.legend(loc="best", fontsize="small")
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
    from .datasets import make_features

    x = check_array("x", x, ndim=2, shape1=2)
    if y is not None:
        y = check_array("y", y).reshape(-1)
        if len(y) != len(x):
            raise ValueError(
                "Invalid value received for argument `y`. Expected one label per point "
                f"({len(x)}). Received: len(y)={len(y)}"
            )
    resolution = check_int("resolution", resolution, min_value=10, max_value=1000)
    margin = check_float("margin", margin, min_value=0.0)
    if not hasattr(model, "predict"):
        raise TypeError(
            "Invalid type received for argument `model`. Expected a Keras model with a "
            f"`predict` method. Received: model of type {type(model).__name__}"
        )
    lo = x.min(axis=0) - margin
    hi = x.max(axis=0) + margin
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([g1.ravel(), g2.ravel()], axis=1).astype("float32")
    inputs = make_features(grid, features) if features is not None else grid
    prob = np.asarray(model.predict(inputs, verbose=0, batch_size=4096))
    if prob.ndim == 2 and prob.shape[1] != 1:
        raise ValueError(
            "Invalid value received for argument `model`. Expected a model with one "
            f"output (probability of class 1). Received a model with {prob.shape[1]} outputs."
        )
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


def plot_history(
    history,
    *,
    metrics: Sequence[str] = ("loss",),
    ax=None,
    label: str | None = None,
    log_scale: bool = False,
):
    """Plots training curves, and validation curves where they were recorded.

    Args:
        history: The `History` returned by `model.fit`, or its `.history` dict.
        metrics: Names of the metrics to draw, e.g. ("loss", "accuracy").
            "val_" curves are drawn dashed next to each. Defaults to ("loss",).
        ax: Axes to draw on (all metrics share it), or None for a new figure.
            Defaults to None.
        label: Prefix for the legend, handy when several runs share an Axes.
            Defaults to None.
        log_scale: Use a logarithmic y axis. Defaults to False.

    Returns:
        The Axes.

    Raises:
        ValueError: a requested metric was not recorded; the message lists the
            recorded ones.
    """
    hist = getattr(history, "history", history)
    if not isinstance(hist, Mapping):
        raise TypeError(
            "Invalid type received for argument `history`. Expected a keras History or "
            f"a dict of lists. Received: history of type {type(history).__name__}"
        )
    if isinstance(metrics, str):
        metrics = (metrics,)
    log_scale = check_bool("log_scale", log_scale)
    ax = _new_axes(ax, figsize=(5, 3.5))
    for metric in metrics:
        if metric not in hist:
            raise ValueError(
                "Invalid value received for argument `metrics`. Expected names among "
                f"{sorted(hist)}. Received: {metric!r}"
            )
        prefix = f"{label} " if label else ""
        epochs = np.arange(1, len(hist[metric]) + 1)
        (line,) = ax.plot(epochs, hist[metric], lw=1.8, label=f"{prefix}train {metric}")
        if f"val_{metric}" in hist:
            ax.plot(epochs, hist[f"val_{metric}"], lw=1.8, ls="--", color=line.get_color(),
                    label=f"{prefix}validation {metric}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(", ".join(metrics))
    if log_scale:
        ax.set_yscale("log")
    ax.legend(fontsize="small")
    return ax


def _network_rows(model):
    """Describes a Keras model as rows of nodes for `plot_network`."""
    import keras

    input_shape = model.inputs[0].shape if getattr(model, "inputs", None) else None
    if input_shape is None:
        raise ValueError(
            "Invalid value received for argument `model`. Expected a built model with a "
            "known input shape (create it with keras.Input). Received an unbuilt model."
        )
    rows = [{"kind": "input", "n": int(input_shape[-1]), "label": "Input",
             "link": None}]
    notes = []
    dense_layers = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            is_output = layer is dense_layers[-1]
            act = layer.activation.__name__
            if is_output:
                text = "Output" + ("" if act == "linear" else f" ({act})")
                rows.append({"kind": "output", "n": layer.units, "label": text, "link": "dense"})
            else:
                rows.append({"kind": "hidden", "n": layer.units,
                             "label": f"Hidden layer ({layer.name})", "link": "dense"})
                if act != "linear":
                    rows.append({"kind": "activation", "n": layer.units,
                                 "label": f"Activation: {act}", "link": "one"})
        elif isinstance(layer, keras.layers.Activation):
            act = getattr(layer.activation, "__name__", "custom")
            if act != "linear":
                rows.append({"kind": "activation", "n": rows[-1]["n"],
                             "label": f"Activation: {act}", "link": "one"})
        elif isinstance(layer, keras.layers.InputLayer):
            continue
        else:
            notes.append((len(rows) - 1, type(layer).__name__))
    return rows, notes


def plot_network(model, *, ax=None, max_nodes: int = 8, title: str | None = None):
    """Draws a Keras model of Dense layers the way the course material does.

    Input features are blue, the weighted sums of a hidden `Dense` layer are
    yellow, an activation (nonlinear transformation) is a pink row, and the
    output is green. Arrows between a `Dense` layer and the row below connect
    every node to every node; an activation row is connected one-to-one. Rows
    wider than `max_nodes` are drawn with an ellipsis and their true size.
    Dropout and batch normalization are named beside the row they follow.

    Args:
        model: A built Keras model (e.g. from `course_utils.models.build_mlp`).
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        max_nodes: Most nodes drawn per row. Defaults to 8.
        title: Title of the Axes. Defaults to the model's name.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_network(build_mlp(3, [4], activation="relu"))
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(
            "Invalid type received for argument `model`. Expected a Keras model. "
            f"Received: model of type {type(model).__name__}"
        )
    max_nodes = check_int("max_nodes", max_nodes, min_value=3, max_value=32)
    rows, notes = _network_rows(model)
    ax = _new_axes(ax, figsize=(4.5, 1.1 * len(rows) + 0.6))
    width = max(min(r["n"], max_nodes) for r in rows)
    positions = []
    for level, row in enumerate(rows):
        shown = min(row["n"], max_nodes)
        xs = np.arange(shown) - (shown - 1) / 2
        positions.append(xs)
        # Edges from the row below.
        if level > 0:
            below = positions[level - 1]
            if row["link"] == "one":
                for xv in xs:
                    ax.annotate("", (xv, level - 0.17), (xv, level - 1 + 0.17),
                                arrowprops={"arrowstyle": "-|>", "color": "#777777",
                                            "lw": 0.8})
            else:
                for xb in below:
                    for xv in xs:
                        ax.plot([xb, xv], [level - 1 + 0.17, level - 0.17],
                                color="#9a9a9a", lw=0.5, zorder=1)
        truncated = row["n"] > max_nodes
        for i, xv in enumerate(xs):
            if truncated and i == shown - 2:
                ax.text(xv, level, "...", ha="center", va="center", fontsize=11, zorder=3)
                continue
            ax.add_patch(plt.Circle((xv, level), 0.17, facecolor=NODE_COLORS[row["kind"]],
                                    edgecolor="#333333", lw=0.8, zorder=2))
        size = f"  [{row['n']}]" if truncated else ""
        ax.text(width / 2 + 0.2, level, row["label"] + size, va="center", fontsize=9)
    for level, note in notes:
        ax.text(-width / 2 - 0.3, level, f"+ {note}", va="center", ha="right",
                fontsize=8, color="#555555")
    ax.set_xlim(-width / 2 - (2.2 if notes else 0.5), width / 2 + 3.8)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title if title is not None else model.name)
    return ax
