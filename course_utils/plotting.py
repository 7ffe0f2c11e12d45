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
    "plot_class_probabilities",
    "plot_confusion_matrix",
    "plot_digits",
    "plot_dropout_gap",
    "plot_activation",
    "plot_dead_fraction",
    "plot_decision_boundary",
    "plot_gradient_norms",
    "per_label_scores",
    "plot_history",
    "plot_image_grid",
    "plot_layer_gradient_norms",
    "plot_network",
    "plot_per_label_metrics",
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
                # Softmax mixes all of its inputs (each output divides by the sum of all
                # exponentials), so it is drawn fully connected, not one-to-one.
                rows.append({"kind": "activation", "n": rows[-1]["n"],
                             "label": f"Activation: {act}",
                             "link": "dense" if act == "softmax" else "one"})
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


# --------------------------------------------------------------------------- training health
def _history_dict(history, name="history"):
    hist = getattr(history, "history", history)
    if not isinstance(hist, Mapping):
        raise TypeError(
            f"Invalid type received for argument `{name}`. Expected a dict of lists (a "
            "callback's `.history`) or the callback itself. "
            f"Received: {name} of type {type(history).__name__}"
        )
    if "step" not in hist or len(hist) < 2:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a dict with a 'step' "
            "list and one list per layer, as recorded by GradientNormHistory or "
            f"DeadUnitMonitor. Received keys: {sorted(hist)}"
        )
    return hist


def _select_layers(hist, layers):
    names = [k for k in hist if k != "step"]
    if layers is None:
        return names
    if isinstance(layers, str):
        layers = [layers]
    for layer in layers:
        if layer not in names:
            raise ValueError(
                "Invalid value received for argument `layers`. Expected names among "
                f"{names}. Received: {layer!r}"
            )
    return list(layers)


def _layer_colors(n):
    cmap = plt.get_cmap("viridis")
    return [cmap(i / max(n - 1, 1) * 0.9) for i in range(n)]


def plot_gradient_norms(
    history,
    *,
    layers: Sequence[str] | None = None,
    ax=None,
    log_scale: bool = True,
    xlabel: str = "epoch",
    title: str | None = None,
):
    """Plots the gradient norm of each layer over training, one line per layer.

    Lines are coloured from dark (input side) to light (output side), so a
    fan of lines spread over orders of magnitude on the log scale is the
    picture of vanishing (lower layers far below) or exploding gradients.

    Args:
        history: `GradientNormHistory.history` (or the callback itself).
        layers: Names of the layers to draw, or None for all. Defaults to None.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        log_scale: Use a logarithmic y axis. Defaults to True.
        xlabel: Label of the x axis (the history's "step"). Defaults to "epoch".
        title: Title, or None for a default. Defaults to None.

    Returns:
        The Axes.

    Raises:
        TypeError: `history` is not a dict of lists.
        ValueError: `history` has no "step" or no layer, or a name in `layers`
            was not recorded.

    Example:

    >>> grads = cu.callbacks.GradientNormHistory(x[:256], y[:256])
    >>> model.fit(x, y, epochs=5, callbacks=[grads], verbose=0)
    >>> plot_gradient_norms(grads.history)
    """
    hist = _history_dict(history)
    names = _select_layers(hist, layers)
    log_scale = check_bool("log_scale", log_scale)
    ax = _new_axes(ax, figsize=(5.5, 3.5))
    steps = np.asarray(hist["step"])
    for name, color in zip(names, _layer_colors(len(names)), strict=True):
        values = np.asarray(hist[name], dtype="float64")
        if log_scale:  # zeros and non-finite values cannot be drawn on a log axis
            values = np.where(np.isfinite(values) & (values > 0), values, np.nan)
        ax.plot(steps, values, lw=1.8, marker="o", ms=3, color=color, label=name)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("gradient norm")
    if title is not None or not ax.get_title():  # keep the title of an Axes drawn on before
        ax.set_title(title if title is not None else "Gradient norm per layer")
    ax.legend(fontsize="small", ncol=2 if len(names) > 6 else 1)
    return ax


def plot_dead_fraction(
    history,
    *,
    layers: Sequence[str] | None = None,
    ax=None,
    xlabel: str = "epoch",
    title: str | None = None,
):
    """Plots the fraction of dead ReLU units of each layer over training.

    Args:
        history: `DeadUnitMonitor.history` (or the callback itself).
        layers: Names of the layers to draw, or None for all. Defaults to None.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        xlabel: Label of the x axis (the history's "step"). Defaults to "epoch".
        title: Title, or None for a default. Defaults to None.

    Returns:
        The Axes (y from 0 to 1).

    Raises:
        TypeError: `history` is not a dict of lists.
        ValueError: `history` has no "step" or no layer, or a name in `layers`
            was not recorded.

    Example:

    >>> dead = cu.callbacks.DeadUnitMonitor(x[:512])
    >>> model.fit(x, y, epochs=5, callbacks=[dead], verbose=0)
    >>> plot_dead_fraction(dead.history)
    """
    hist = _history_dict(history)
    names = _select_layers(hist, layers)
    ax = _new_axes(ax, figsize=(5.5, 3.5))
    steps = np.asarray(hist["step"])
    for name, color in zip(names, _layer_colors(len(names)), strict=True):
        ax.plot(steps, hist[name], lw=1.8, marker="o", ms=3, color=color, label=name)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("fraction of dead units")
    if title is not None or not ax.get_title():  # keep the title of an Axes drawn on before
        ax.set_title(title if title is not None else "Dead ReLU units per layer")
    ax.legend(fontsize="small")
    return ax


def plot_layer_gradient_norms(
    norms: Mapping[str, float],
    *,
    ax=None,
    label: str | None = None,
    log_scale: bool = True,
    title: str | None = None,
):
    """Plots the gradient norm of every layer at one moment, input side on the left.

    Call it several times on the same Axes (with a `label` each) to compare
    networks, e.g. a sigmoid and a ReLU network at initialization.

    Args:
        norms: `{layer name: gradient norm}`, input side first, e.g. from
            `cu.callbacks.gradient_norms(model, x, y)`.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        label: Legend entry for this network, or None. Defaults to None.
        log_scale: Use a logarithmic y axis. Defaults to True.
        title: Title, or None for a default. Defaults to None.

    Returns:
        The Axes.

    Raises:
        TypeError: `norms` is not a dict of numbers.
        ValueError: `norms` is empty or holds a negative or non-finite value
            (a NaN gradient is a failure to look at, not to plot).

    Example:

    >>> ax = plot_layer_gradient_norms(cu.callbacks.gradient_norms(sigmoid_net, x, y),
    ...                                label="sigmoid")
    >>> plot_layer_gradient_norms(cu.callbacks.gradient_norms(relu_net, x, y),
    ...                           label="ReLU", ax=ax)
    """
    if not isinstance(norms, Mapping):
        raise TypeError(
            "Invalid type received for argument `norms`. Expected a dict {layer name: "
            f"gradient norm}}. Received: norms of type {type(norms).__name__}"
        )
    if not norms:
        raise ValueError("Invalid value received for argument `norms`. Expected at least "
                         "one layer. Received: norms={}")
    names = list(norms)
    values = [check_float(f"norms[{name!r}]", norms[name], min_value=0.0) for name in names]
    log_scale = check_bool("log_scale", log_scale)
    ax = _new_axes(ax, figsize=(6, 3.5))
    positions = np.arange(len(names))
    ax.plot(positions, values, lw=1.8, marker="o", label=label)
    ax.set_xticks(positions, names, rotation=45, ha="right", fontsize="small")
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("layer (input side → output side)")
    ax.set_ylabel("gradient norm")
    if title is not None or not ax.get_title():  # keep the title of an Axes drawn on before
        ax.set_title(title if title is not None else "Gradient norm per layer")
    if label is not None:
        ax.legend(fontsize="small")
    return ax


def plot_image_grid(images, titles: Sequence[str] | None = None, *, ncols: int = 8,
                    image_size: float = 1.2):
    """Shows images in a grid, each with an optional title above it.

    Args:
        images: Array of shape (n, height, width, 3) (RGB) or (n, height,
            width) (grey), values in [0, 1].
        titles: One title per image, or None. Defaults to None.
        ncols: Images per row. Defaults to 8.
        image_size: Width and height of one image in inches. Defaults to 1.2.

    Returns:
        The Figure.

    Raises:
        TypeError, ValueError: `images` is not a stack of images, `titles`
            has the wrong length, or `ncols` / `image_size` is out of range.

    Example:

    >>> from course_utils.datasets import FRUIT_NAMES, make_fruit_images
    >>> images, labels = make_fruit_images(8, seed=0)
    >>> fig = plot_image_grid(images, [FRUIT_NAMES[k] for k in labels], ncols=4)
    """
    images = check_array("images", images)
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] not in (1, 3)):
        raise ValueError(
            "Invalid shape received for argument `images`. Expected (n, height, width) or "
            f"(n, height, width, 3). Received: images.shape={images.shape}"
        )
    ncols = check_int("ncols", ncols, min_value=1)
    image_size = check_float("image_size", image_size, min_value=0.0, include_min=False)
    n = len(images)
    if titles is not None:
        if isinstance(titles, str) or len(titles) != n:
            raise ValueError(
                "Invalid value received for argument `titles`. Expected one title per image "
                f"({n}). Received: titles={titles!r}"[:300]
            )
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(ncols * image_size, nrows * image_size * 1.25))
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i >= n:
            continue
        image = images[i]
        if image.ndim == 3 and image.shape[-1] == 1:
            image = image[..., 0]
        ax.imshow(np.clip(image, 0.0, 1.0), cmap="gray" if image.ndim == 2 else None,
                  vmin=0.0, vmax=1.0, interpolation="nearest")
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize="small")
    fig.tight_layout()
    return fig


def per_label_scores(y_true, y_pred) -> dict[str, np.ndarray]:
    """Precision, recall and F1 of each label of a multi-label prediction.

    Args:
        y_true: 0/1 array of shape (n, n_labels), the true labels.
        y_pred: 0/1 array of the same shape, the predicted labels.

    Returns:
        A dict with "precision", "recall", "f1" and "support" (true count),
        each an array of length n_labels. A label never predicted has
        precision 0; a label never present has recall 0.

    Raises:
        ValueError: the shapes differ or the arrays hold values other than 0 and 1.
    """
    y_true = check_array("y_true", y_true, ndim=2)
    y_pred = check_array("y_pred", y_pred, ndim=2)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "Invalid shape received for arguments `y_true` and `y_pred`. Expected the same "
            f"shape. Received: y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        if not np.isin(arr, (0.0, 1.0)).all():
            raise ValueError(
                f"Invalid value received for argument `{name}`. Expected only 0 and 1 "
                "(apply a threshold to probabilities first)."
            )
    tp = (y_true * y_pred).sum(axis=0)
    predicted = y_pred.sum(axis=0)
    support = y_true.sum(axis=0)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    total = precision + recall
    f1 = np.divide(2 * precision * recall, total, out=np.zeros_like(tp), where=total > 0)
    return {"precision": precision, "recall": recall, "f1": f1, "support": support}


def plot_per_label_metrics(y_true, y_pred, *, label_names: Sequence[str] | None = None,
                           ax=None, title: str | None = None):
    """Bar chart of precision, recall and F1 for each label.

    Args:
        y_true: 0/1 array of shape (n, n_labels), the true labels.
        y_pred: 0/1 array of the same shape, the predicted labels (apply the
            decision threshold first).
        label_names: Names of the labels for the x axis, or None for their
            indices. Defaults to None.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        title: Title of the plot; by default the macro F1. Defaults to None.

    Returns:
        The Axes.

    Raises:
        ValueError: shapes differ, values are not 0/1, or `label_names` has
            the wrong length.

    Example:

    >>> ax = plot_per_label_metrics([[1, 0], [1, 1]], [[1, 0], [0, 1]],
    ...                             label_names=["apple", "pear"])
    """
    scores = per_label_scores(y_true, y_pred)
    n_labels = len(scores["f1"])
    if label_names is None:
        label_names = [str(i) for i in range(n_labels)]
    if isinstance(label_names, str) or len(label_names) != n_labels:
        raise ValueError(
            "Invalid value received for argument `label_names`. Expected one name per label "
            f"({n_labels}). Received: label_names={label_names!r}"
        )
    ax = _new_axes(ax, figsize=(max(4.0, 0.9 * n_labels + 1), 3.2))
    positions = np.arange(n_labels)
    width = 0.27
    for k, (metric, color) in enumerate((("precision", "#0877bd"), ("recall", "#f59322"),
                                         ("f1", "#8fd18a"))):
        ax.bar(positions + (k - 1) * width, scores[metric], width, color=color,
               label=metric if metric != "f1" else "F1")
    ax.set_xticks(positions)
    ax.set_xticklabels(label_names, rotation=30 if n_labels > 6 else 0)
    ax.set_ylim(0, 1.2)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_ylabel("score")
    ax.set_title(title if title is not None else f"macro F1 = {scores['f1'].mean():.2f}")
    ax.legend(fontsize="small", loc="upper center", ncol=3, frameon=False)
    return ax


def _check_curve(name, value, n):
    arr = check_array(name, value, ndim=1)
    if len(arr) != n:
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected one value per rate "
            f"({n}). Received: {name}.shape={arr.shape}"
        )
    return arr


def plot_dropout_gap(rates, train, val, *, ax=None, metric: str = "loss"):
    """Plots a training and a validation score against the dropout rate, gap shaded.

    The shaded band between the two curves is the generalization gap: how
    much worse the model does on data it did not train on.

    Args:
        rates: Dropout rates, shape (k,).
        train: The training score at each rate (measured with dropout off,
            e.g. by `model.evaluate` on the training set), shape (k,).
        val: The validation score at each rate, shape (k,).
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        metric: Name of the score, for the labels. Defaults to "loss".

    Returns:
        The Axes.

    Raises:
        TypeError, ValueError: the arrays are not 1-D numbers of the same
            length, or `metric` is not a string.

    Example:

    >>> ax = plot_dropout_gap([0.0, 0.5, 1.0], [0.01, 0.2, 0.69], [0.9, 0.3, 0.7])
    """
    rates = check_array("rates", rates, ndim=1)
    train = _check_curve("train", train, len(rates))
    val = _check_curve("val", val, len(rates))
    if not isinstance(metric, str):
        raise TypeError(
            "Invalid type received for argument `metric`. Expected a string. "
            f"Received: metric={metric!r} (of type {type(metric).__name__})"
        )
    ax = _new_axes(ax, figsize=(5.5, 3.5))
    ax.plot(rates, train, "o-", color="#0877bd", lw=1.8, label=f"training {metric}")
    ax.plot(rates, val, "s--", color="#f59322", lw=1.8, label=f"validation {metric}")
    ax.fill_between(rates, train, val, color="#999999", alpha=0.25, label="gap")
    ax.set_xlabel("dropout rate")
    ax.set_ylabel(metric)
    ax.set_title(f"Training vs validation {metric} by dropout rate")
    ax.legend(fontsize="small")
    return ax


def plot_class_probabilities(probs, class_names: Sequence[str] | None = None, *, ax=None,
                             true_class: int | None = None, title: str | None = None):
    """Draws one example's class probabilities as bars, the most likely one highlighted.

    Args:
        probs: The probabilities of one example, shape (n_classes,), e.g. a
            row of a softmax model's `predict`.
        class_names: One name per class, or None for 0, 1, 2, ...
            Defaults to None.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        true_class: Index of the true class, marked with a star, or None.
            Defaults to None.
        title: Title of the Axes. Defaults to None.

    Returns:
        The Axes.

    Raises:
        TypeError, ValueError: `probs` is not a 1-D array of numbers in
            [0, 1], `class_names` has the wrong length, or `true_class` is
            out of range.

    Example:

    >>> ax = plot_class_probabilities([0.001, 0.04, 0.008, 0.95, 0.001],
    ...                               ["apple", "bear", "candy", "dog", "egg"])
    """
    probs = check_array("probs", probs, ndim=1)
    if probs.min() < 0 or probs.max() > 1:
        raise ValueError(
            "Invalid value received for argument `probs`. Expected probabilities in [0, 1]. "
            f"Received values from {probs.min():.3g} to {probs.max():.3g}"
        )
    n = len(probs)
    if class_names is None:
        class_names = [str(k) for k in range(n)]
    elif isinstance(class_names, str) or len(class_names) != n:
        raise ValueError(
            "Invalid value received for argument `class_names`. Expected one name per class "
            f"({n}). Received: class_names={class_names!r}"[:300]
        )
    if true_class is not None:
        true_class = check_int("true_class", true_class, min_value=0, max_value=n - 1)
    ax = _new_axes(ax, figsize=(max(3.5, 0.5 * n + 1.5), 3))
    best = int(probs.argmax())
    colors = ["#0877bd" if k == best else "#9ecae1" for k in range(n)]
    bars = ax.bar(np.arange(n), probs, color=colors, edgecolor="#333333", lw=0.6)
    for k, bar in enumerate(bars):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.02,
                f"{probs[k]:.2f}" if probs[k] >= 0.005 else "", ha="center", fontsize=7)
    ax.set_xticks(np.arange(n))
    ax.set_xticklabels([str(c) for c in class_names])
    if true_class is not None:
        ax.plot([true_class], [1.08], marker="*", color="#c2185b", markersize=11,
                linestyle="none", label="true class")
        ax.legend(fontsize="small", loc="upper left")
    ax.set_ylim(0, 1.18)
    ax.set_ylabel("probability")
    ax.set_xlabel("class")
    ax.set_title(title if title is not None else f"Sum of the bars: {probs.sum():.3f}")
    return ax


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


def plot_confusion_matrix(y_true, y_pred, *, ax=None, class_names: Sequence[str] | None = None,
                          normalize: bool = False, title: str | None = None):
    """Draws the confusion matrix: how often each true class got each prediction.

    Row = true class, column = predicted class; the diagonal holds the right
    answers. Counts are written in the cells.

    Args:
        y_true: True class labels, shape (n,).
        y_pred: Predicted class labels, shape (n,).
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        class_names: One name per class, or None for 0, 1, 2, ...
            Defaults to None.
        normalize: Show each row as shares of that true class instead of
            counts. Defaults to False.
        title: Title of the Axes. Defaults to the accuracy.

    Returns:
        The Axes.

    Raises:
        ValueError: the labels are not 1-D integer arrays of the same
            length, or `class_names` is too short.

    Example:

    >>> ax = plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
    """
    y_true = _check_labels_1d("y_true", y_true)
    y_pred = _check_labels_1d("y_pred", y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(
            "Invalid value received for arguments `y_true` and `y_pred`. Expected the same "
            f"length. Received: len(y_true)={len(y_true)}, len(y_pred)={len(y_pred)}"
        )
    normalize = check_bool("normalize", normalize)
    n = int(max(y_true.max(), y_pred.max())) + 1
    if class_names is not None:
        if isinstance(class_names, str) or len(class_names) < n:
            raise ValueError(
                "Invalid value received for argument `class_names`. Expected at least "
                f"{n} names. Received: class_names={class_names!r}"[:300]
            )
        n = len(class_names)
    else:
        class_names = [str(k) for k in range(n)]
    counts = np.zeros((n, n), dtype="int64")
    np.add.at(counts, (y_true, y_pred), 1)
    shown = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) if normalize else counts
    ax = _new_axes(ax, figsize=(0.45 * n + 2, 0.45 * n + 1.6))
    image = ax.imshow(shown, cmap="Blues", vmin=0)
    limit = shown.max() / 2 if shown.max() > 0 else 1
    for i in range(n):
        for j in range(n):
            if counts[i, j]:
                text = f"{shown[i, j]:.2f}" if normalize else str(counts[i, j])
                ax.text(j, i, text, ha="center", va="center", fontsize=7,
                        color="white" if shown[i, j] > limit else "black")
    ax.set_xticks(np.arange(n))
    ax.set_yticks(np.arange(n))
    ax.set_xticklabels([str(c) for c in class_names])
    ax.set_yticklabels([str(c) for c in class_names])
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    accuracy = float(np.trace(counts)) / max(int(counts.sum()), 1)
    ax.set_title(title if title is not None else f"Accuracy {accuracy:.1%}")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def plot_digits(x, y=None, *, predictions=None, n: int = 20, ncols: int = 10,
                image_shape: tuple[int, int] | None = None):
    """Shows a grid of digit images with their labels (and predictions).

    Args:
        x: Images, flattened (n, h*w) or square (n, h, w), values >= 0.
        y: True labels, shape (n,), shown above each image, or None.
            Defaults to None.
        predictions: Predicted labels, shape (n,), or None. A wrong
            prediction is written in red. Defaults to None.
        n: How many images to show (the first `n`). Defaults to 20.
        ncols: Images per row. Defaults to 10.
        image_shape: `(h, w)` of one image when `x` is flattened, or None to
            take the square root of the row length. Defaults to None.

    Returns:
        The Figure.

    Raises:
        TypeError, ValueError: `x` is not a stack of images, the label arrays
            have the wrong length, or `n` / `ncols` is out of range.

    Example:

    >>> x, y = load_digits()
    >>> fig = plot_digits(x, y, n=10)
    """
    x = check_array("x", x)
    n = check_int("n", n, min_value=1)
    ncols = check_int("ncols", ncols, min_value=1)
    if x.ndim == 2:
        if image_shape is None:
            side = int(round(np.sqrt(x.shape[1])))
            if side * side != x.shape[1]:
                raise ValueError(
                    "Invalid shape received for argument `x`. Expected square images or an "
                    f"`image_shape`. Received: x.shape={x.shape}"
                )
            image_shape = (side, side)
        if len(image_shape) != 2 or image_shape[0] * image_shape[1] != x.shape[1]:
            raise ValueError(
                "Invalid value received for argument `image_shape`. Expected (h, w) with "
                f"h * w = {x.shape[1]}. Received: image_shape={image_shape!r}"
            )
        x = x.reshape(len(x), *image_shape)
    elif x.ndim != 3:
        raise ValueError(
            "Invalid shape received for argument `x`. Expected (n, h*w) or (n, h, w). "
            f"Received: x.shape={x.shape}"
        )
    n = min(n, len(x))
    for name, labels in (("y", y), ("predictions", predictions)):
        if labels is not None and len(labels) < n:
            raise ValueError(
                f"Invalid value received for argument `{name}`. Expected at least {n} labels. "
                f"Received: len({name})={len(labels)}"
            )
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, figsize=(ncols * 0.9, nrows * 1.1))
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(x[i], cmap="gray_r", interpolation="nearest")
        parts, color = [], "black"
        if y is not None:
            parts.append(str(int(y[i])))
        if predictions is not None:
            parts.append(f"→{int(predictions[i])}")
            if y is not None and int(predictions[i]) != int(y[i]):
                color = "#d62728"
        if parts:
            ax.set_title(" ".join(parts), fontsize=9, color=color)
    fig.tight_layout()
    return fig
