"""Training curves: loss and metrics, per-layer gradient norms, dead units, dropout gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from .. import validation
from ..validation import check_array, check_bool, check_float
from .style import (
    _check_curve,
    _new_axes,
)


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
    hist = validation.check_mapping("history", history, "a keras History or a dict of lists")
    metrics = validation.check_names("metrics", metrics, sorted(hist))
    log_scale = check_bool("log_scale", log_scale)
    ax = _new_axes(ax, figsize=(5, 3.5))
    for metric in metrics:
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


def _history_dict(history, name="history"):
    hist = validation.check_mapping(name, history, "a dict of lists (a callback's "
                                    "`.history`) or the callback itself")
    if "step" not in hist or len(hist) < 2:
        raise validation.value_error(name, "a dict with a 'step' list and one list per layer, "
                                     "as recorded by GradientNormHistory or DeadUnitMonitor",
                                     hist, received=f" keys: {sorted(hist)}")
    return hist


def _select_layers(hist, layers):
    names = [k for k in hist if k != "step"]
    if layers is None:
        return names
    return validation.check_names("layers", layers, names)


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
    for name in names:
        validation.check_values_in_range("history", hist[name], min_value=0.0, max_value=1.0,
                                         what=f"dead fractions of layer {name!r}")
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
    norms = validation.check_non_empty("norms", validation.check_mapping(
        "norms", norms, "a dict {layer name: gradient norm}"), "at least one layer")
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
    rates = validation.check_values_in_range("rates", check_array("rates", rates, ndim=1),
                                             min_value=0.0, max_value=1.0, what="dropout rates")
    train = _check_curve("train", train, len(rates))
    val = _check_curve("val", val, len(rates))
    validation.check_type("metric", metric, str, "a string")
    ax = _new_axes(ax, figsize=(5.5, 3.5))
    ax.plot(rates, train, "o-", color="#0877bd", lw=1.8, label=f"training {metric}")
    ax.plot(rates, val, "s--", color="#f59322", lw=1.8, label=f"validation {metric}")
    ax.fill_between(rates, train, val, color="#999999", alpha=0.25, label="gap")
    ax.set_xlabel("dropout rate")
    ax.set_ylabel(metric)
    ax.set_title(f"Training vs validation {metric} by dropout rate")
    ax.legend(fontsize="small")
    return ax
