"""Network diagrams drawn from real Keras models, in the material's colours."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from .. import validation
from ..validation import check_int, check_type, shape_error, type_error, value_error
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


def _check_annotations(rows, node_values, edge_values, max_nodes):
    """Checks `node_values` / `edge_values` against the rows of a model; returns float arrays."""
    from ..validation import check_array

    if node_values is None and edge_values is None:
        return None, None
    wide = [r["n"] for r in rows if r["n"] > max_nodes]
    if wide:
        name = "node_values" if node_values is not None else "edge_values"
        raise value_error(name, f"a model whose rows all have at most max_nodes={max_nodes} "
                          "nodes, so every value can be shown", None,
                          received=f"a model with a row of {wide[0]} nodes")
    nodes = edges = None
    if node_values is not None:
        if isinstance(node_values, (str, bytes)) or not isinstance(node_values, Sequence):
            raise type_error("node_values", "a list with one entry (array or None) per row",
                             node_values)
        if len(node_values) != len(rows):
            raise value_error("node_values", f"one entry per row of the diagram ({len(rows)}: "
                              f"{', '.join(r['label'] for r in rows)})", node_values,
                              received=f"{len(node_values)} entries")
        nodes = []
        for i, (value, row) in enumerate(zip(node_values, rows)):
            if value is None:
                nodes.append(None)
                continue
            arr = check_array(f"node_values[{i}]", value, dtype="float64")
            if arr.size != row["n"]:
                raise shape_error(f"node_values[{i}]", f"{row['n']} values (row "
                                  f"{row['label']!r})", arr.shape)
            nodes.append(arr.reshape(-1))
    if edge_values is not None:
        if isinstance(edge_values, (str, bytes)) or not isinstance(edge_values, Sequence):
            raise type_error("edge_values", "a list with one entry (array or None) per link "
                             "between rows", edge_values)
        if len(edge_values) != len(rows) - 1:
            raise value_error("edge_values", f"one entry per link between rows ({len(rows) - 1})",
                              edge_values, received=f"{len(edge_values)} entries")
        edges = []
        for i, value in enumerate(edge_values):
            if value is None:
                edges.append(None)
                continue
            below, row = rows[i], rows[i + 1]
            one = row["link"] == "one"
            shape = (row["n"],) if one else (below["n"], row["n"])
            arr = check_array(f"edge_values[{i}]", value, dtype="float64")
            if arr.shape != shape and not (one and arr.size == row["n"]):
                raise shape_error(f"edge_values[{i}]", f"shape {shape} (the link into row "
                                  f"{row['label']!r})", arr.shape)
            edges.append(arr.reshape(shape))
    return nodes, edges


def plot_network(model, *, ax=None, max_nodes: int = 8, title: str | None = None,
                 node_values: Sequence | None = None, edge_values: Sequence | None = None,
                 value_format: str = ".3g"):
    """Draws a Keras model of Dense layers the way the course material does.

    Input features are blue, the weighted sums of a hidden `Dense` layer are
    yellow, an activation (nonlinear transformation) is a pink row, and the
    output is green. Arrows between a `Dense` layer and the row below connect
    every node to every node; an activation row is connected one-to-one. Rows
    wider than `max_nodes` are drawn with an ellipsis and their true size.
    Dropout and batch normalization are named beside the row they follow.

    With `node_values` and `edge_values` the diagram shows backpropagation:
    a number beside every node (the values of the forward pass, in black) and
    a number on every edge (the gradients coming back, in red). The rows are
    the ones drawn, from the input up: for `Input -> Dense(2, "sigmoid") ->
    Dense(1, "sigmoid")` they are the inputs x, the weighted sums z, the
    activations a and the output (4 rows, 3 links). The entry for a `Dense`
    link is a matrix shaped like the layer's kernel (inputs, units), e.g. the
    loss gradient of every weight; a one-to-one link (an activation) takes one
    number per unit.

    Args:
        model: A built Keras model (e.g. from `course_utils.models.build_mlp`).
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        max_nodes: Most nodes drawn per row. Defaults to 8.
        title: Title of the Axes. Defaults to the model's name.
        node_values: One entry per row, from the input up: an array with one
            number per node, or None to leave the row bare. Defaults to None.
        edge_values: One entry per link between rows, from the input up: an
            array shaped (units below, units above) for a `Dense` link, with
            one number per unit for a one-to-one link, or None. Defaults to None.
        value_format: Format spec of the numbers shown. Defaults to ".3g".

    Returns:
        The Axes.

    Raises:
        TypeError: `model` is not a Keras model, or the values are not lists.
        ValueError: a row or link gets the wrong number of values, or a row is
            too wide to show every value.

    Example:

    >>> ax = plot_network(build_mlp(3, [4], activation="relu"))
    >>> ax = plot_network(model, node_values=[x, z1, a1, y_hat],
    ...                   edge_values=[grad_w1, grad_z1, grad_w2])
    """
    validation.check_model("model", model, built=False)
    max_nodes = check_int("max_nodes", max_nodes, min_value=3, max_value=32)
    check_type("value_format", value_format, str, "a format spec string such as '.3g'")
    try:
        format(1.5, value_format)
    except ValueError:
        raise value_error("value_format", "a format spec for floats such as '.3g'",
                          value_format) from None
    rows, notes = _network_rows(model)
    nodes, edges = _check_annotations(rows, node_values, edge_values, max_nodes)
    annotated = nodes is not None or edges is not None
    # Annotated diagrams spread the nodes so the numbers have room.
    sx, sy, r = (2.8, 1.7, 0.2) if annotated else (1.0, 1.0, 0.17)
    width = max(min(row["n"], max_nodes) for row in rows)
    figsize = ((2.4 * width + 5.0, 1.25 * len(rows) + 0.8) if annotated
               else (4.5, 1.1 * len(rows) + 0.6))
    ax = _new_axes(ax, figsize=figsize)
    grad_box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "#c0392b",
                "lw": 0.6}
    positions = []
    for level, row in enumerate(rows):
        y = level * sy
        shown = min(row["n"], max_nodes)
        xs = (np.arange(shown) - (shown - 1) / 2) * sx
        positions.append(xs)
        # Edges from the row below.
        if level > 0:
            below = positions[level - 1]
            y0, y1 = y - sy + r, y - r
            grads = edges[level - 1] if edges is not None else None
            if row["link"] == "one":
                for j, xv in enumerate(xs):
                    ax.annotate("", (xv, y1), (xv, y0),
                                arrowprops={"arrowstyle": "-|>", "color": "#777777",
                                            "lw": 0.8})
                    if grads is not None:
                        ax.text(xv + 0.08, (y0 + y1) / 2, format(grads[j], value_format),
                                color="#c0392b", fontsize=8.5, ha="left", va="center",
                                bbox=grad_box, zorder=4)
            else:
                for i, xb in enumerate(below):
                    for j, xv in enumerate(xs):
                        ax.plot([xb, xv], [y0, y1], color="#9a9a9a", lw=0.5, zorder=1)
                        if grads is not None:
                            t = 0.3 if len(below) > 1 and len(xs) > 1 else 0.5
                            ax.text(xb + t * (xv - xb), y0 + t * (y1 - y0),
                                    format(grads[i, j], value_format), color="#c0392b",
                                    fontsize=8.5, ha="center", va="center", bbox=grad_box,
                                    zorder=4)
        truncated = row["n"] > max_nodes
        for i, xv in enumerate(xs):
            if truncated and i == shown - 2:
                ax.text(xv, y, "...", ha="center", va="center", fontsize=11, zorder=3)
                continue
            ax.add_patch(plt.Circle((xv, y), r, facecolor=NODE_COLORS[row["kind"]],
                                    edgecolor="#333333", lw=0.8, zorder=2))
            if nodes is not None and nodes[level] is not None:
                ax.text(xv + r + 0.06, y, format(nodes[level][i], value_format),
                        fontsize=9, fontweight="bold", ha="left", va="center", zorder=4)
        size = f"  [{row['n']}]" if truncated else ""
        right = (width - 1) / 2 * sx + (1.5 if annotated else 0.7)
        ax.text(right, y, row["label"] + size, va="center", fontsize=9)
    left = -(width - 1) / 2 * sx - 0.5
    for level, note in notes:
        ax.text(left - 0.3, level * sy, f"+ {note}", va="center", ha="right",
                fontsize=8, color="#555555")
    ax.set_xlim(left - (2.2 if notes else 0.5), (width - 1) / 2 * sx + (5.0 if annotated else 4.3))
    ax.set_ylim(-0.6, (len(rows) - 1) * sy + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title if title is not None else model.name)
    return ax
