"""Calibration: does a predicted probability of 0.95 come true 95% of the time?

A classifier is *calibrated* when, among all the examples it gives a confidence
of about p, a share of about p is classified right. Softmax probabilities always
sum to 1, but that says nothing about calibration: a reliability diagram measures
it, bin by bin.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..validation import check_array, check_axes, check_int, check_labels, check_type, shape_error

__all__ = ["reliability_table", "plot_reliability"]


def reliability_table(probs, y_true, *, n_bins: int = 10) -> dict:
    """Confidence against accuracy, in bins of the predicted class's probability.

    Each example's confidence is its largest probability (that of the
    predicted class); the examples are grouped into `n_bins` equal-width bins
    of confidence between 0 and 1, and each bin reports its mean confidence,
    its accuracy and its number of examples.

    Args:
        probs: Class probabilities, shape (n, n_classes).
        y_true: Integer true classes, shape (n,).
        n_bins: Number of equal-width confidence bins. Defaults to 10.

    Returns:
        A dict of NumPy arrays over the non-empty bins: "confidence" (mean
        confidence), "accuracy", "count", and the float "ece" (expected
        calibration error: the count-weighted mean of |accuracy - confidence|).

    Raises:
        TypeError, ValueError: an argument has the wrong type, shape or value;
            the message names it.

    Example:

    >>> table = reliability_table([[0.9, 0.1], [0.2, 0.8]], [0, 0], n_bins=5)
    >>> table["accuracy"].tolist()
    [0.0, 1.0]
    """
    probs = check_array("probs", probs, ndim=2, dtype="float64")
    if probs.shape[1] < 2:
        raise shape_error("probs", "at least 2 classes (columns)", probs.shape)
    y_true = check_labels("y_true", y_true, probs.shape[1], rows=len(probs), rows_of="probs")
    n_bins = check_int("n_bins", n_bins, min_value=1)
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y_true
    which = np.minimum((confidence * n_bins).astype("int64"), n_bins - 1)
    rows = [(confidence[which == b].mean(), correct[which == b].mean(), np.sum(which == b))
            for b in range(n_bins) if np.any(which == b)]
    conf, acc, count = (np.array(col) for col in zip(*rows, strict=True))
    ece = float(np.sum(count * np.abs(acc - conf)) / count.sum())
    return {"confidence": conf, "accuracy": acc, "count": count.astype("int64"), "ece": ece}


def plot_reliability(probs, y_true, *, n_bins: int = 10, ax=None, label: str | None = None):
    """Draws a reliability diagram: accuracy against confidence, bin by bin.

    Points on the diagonal are calibrated (confidence p, right a share p of
    the time); below it the model is over-confident, above it
    under-confident. Each point's size grows with its number of examples, and
    the number is written next to it: a bin of a few examples says little.

    Args:
        probs: Class probabilities, shape (n, n_classes).
        y_true: Integer true classes, shape (n,).
        n_bins: Number of equal-width confidence bins. Defaults to 10.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        label: Legend label of the points, or None for "model".
            Defaults to None.

    Returns:
        The Axes.

    Raises:
        TypeError, ValueError: an argument has the wrong type, shape or value;
            the message names it.

    Example:

    >>> ax = plot_reliability(model.predict(x_test), y_test)
    """
    table = reliability_table(probs, y_true, n_bins=n_bins)
    check_type("label", label, (str, type(None)), "a string or None")
    check_axes("ax", ax)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], ":", color="gray", label="calibrated")
    sizes = 20 + 200 * table["count"] / table["count"].max()
    ax.scatter(table["confidence"], table["accuracy"], s=sizes, color="#0877bd", zorder=3,
               label=label or "model")
    for conf, acc, count in zip(table["confidence"], table["accuracy"], table["count"],
                                strict=True):
        ax.annotate(str(count), (conf, acc), textcoords="offset points",
                    xytext=(-22, -4) if conf > 0.9 else (6, -10), fontsize="x-small")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("confidence (probability of the predicted class)")
    ax.set_ylabel("share classified right")
    ax.set_title(f"reliability (ECE {table['ece']:.3f})")
    ax.legend(fontsize="small", loc="upper left")
    return ax
