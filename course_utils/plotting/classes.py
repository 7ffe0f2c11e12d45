"""Multi-class and multi-label plots: images, class probabilities, confusion
matrices, per-label scores."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from .. import validation
from ..validation import check_array, check_bool, check_float, check_int
from .style import (
    _check_labels_1d,
    _new_axes,
)


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
        raise validation.shape_error("images", "(n, height, width) or (n, height, width, 3)",
                                     images.shape)
    ncols = check_int("ncols", ncols, min_value=1)
    image_size = check_float("image_size", image_size, min_value=0.0, include_min=False)
    n = len(images)
    if titles is not None:
        if isinstance(titles, str) or len(titles) != n:
            raise validation.value_error("titles", f"one title per image ({n})", titles)
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
        raise validation.shape_error("y_pred", f"the shape of `y_true` {y_true.shape}",
                                     y_pred.shape)
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        if not np.isin(arr, (0.0, 1.0)).all():
            raise validation.value_error(name, "only 0 and 1 (apply a threshold to "
                                         "probabilities first)", arr)
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
        raise validation.value_error("label_names", f"one name per label ({n_labels})",
                                     label_names)
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
        raise validation.value_error("probs", "probabilities in [0, 1]", probs,
                                     received=f" values from {probs.min():.3g} to "
                                     f"{probs.max():.3g}")
    n = len(probs)
    if class_names is None:
        class_names = [str(k) for k in range(n)]
    elif isinstance(class_names, str) or len(class_names) != n:
        raise validation.value_error("class_names", f"one name per class ({n})", class_names)
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
        raise validation.shape_error("y_pred", f"as many labels as `y_true` ({len(y_true)})",
                                     y_pred.shape)
    normalize = check_bool("normalize", normalize)
    n = int(max(y_true.max(), y_pred.max())) + 1
    if class_names is not None:
        if isinstance(class_names, str) or len(class_names) < n:
            raise validation.value_error("class_names", f"at least {n} names", class_names)
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
                raise validation.shape_error("x", "square images or an `image_shape`", x.shape)
            image_shape = (side, side)
        if len(image_shape) != 2 or image_shape[0] * image_shape[1] != x.shape[1]:
            raise validation.value_error("image_shape", f"(h, w) with h * w = {x.shape[1]}",
                                         image_shape)
        x = x.reshape(len(x), *image_shape)
    elif x.ndim != 3:
        raise validation.shape_error("x", "(n, h*w) or (n, h, w)", x.shape)
    n = min(n, len(x))
    for name, labels in (("y", y), ("predictions", predictions)):
        if labels is not None and len(labels) < n:
            raise validation.shape_error(name, f"at least {n} labels", np.shape(labels))
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
