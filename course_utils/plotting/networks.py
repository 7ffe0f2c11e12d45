"""Network diagrams drawn from real Keras models, in the material's colours."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import validation
from ..validation import check_int
from .style import (
    NODE_COLORS,
    _new_axes,
)


def _network_rows(model):
    """Describes a Keras model as rows of nodes for `plot_network`."""
    import keras

    input_shape = model.inputs[0].shape if getattr(model, "inputs", None) else None
    if input_shape is None:
        validation.refuse_model("model", model, "a built model with a known input shape "
                                "(create it with keras.Input)")
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
    validation.check_model("model", model, built=False)
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


