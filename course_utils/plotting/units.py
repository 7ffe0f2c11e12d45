"""Neuron maps: what every input feature and hidden unit computes over the input plane.

The TensorFlow Playground draws each unit of a small network as a tiny heat
map of its output for every point (x1, x2) of the input plane. These helpers
do the same for a real Keras model of `Dense` layers:

* `unit_outputs(model)` evaluates the model once on a fixed grid and returns
  the output of every input feature, every hidden unit (after its
  activation) and the output, as arrays of shape (units, rows, columns).
* `plot_unit_maps(model)` draws them in the network's layout: inputs on the
  left, one column per hidden layer, the output last and large; edges with
  width by |weight| and colour by sign (blue positive, orange negative).
* `UnitMaps` is the drawing behind `plot_unit_maps`, kept alive so that a
  live plot (the Playground widget) can update it in place: `update()`
  recomputes every map with one batched model call and changes the image
  data and the edge widths and colours, without creating any artist.

All maps of a network are painted into *one* image, so a redraw costs one
image and one line collection, whatever the number of units.

Example:

>>> from course_utils.models import build_mlp
>>> ax = plot_unit_maps(build_mlp(2, [4, 2], activation="tanh"))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import validation
from ..validation import check_choice, check_int
from .style import _BOUNDARY_CMAP, NODE_COLORS, _check_range, _new_axes

__all__ = ["UnitMaps", "plot_unit_maps", "unit_outputs"]

# Class colours of the multi-class maps: Playground orange and blue, then green and purple.
MULTICLASS_COLORS = ("#f59322", "#0877bd", "#2ca02c", "#9467bd")
_LUT = (_BOUNDARY_CMAP(np.linspace(0.0, 1.0, 256)) * 255).astype(np.uint8)
_POSITIVE, _NEGATIVE = "#0877bd", "#f59322"
_SCALES = ("layer", "unit")


def _hex_rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)


def _check_model(model):
    import keras

    validation.check_type("model", model, keras.Model, "a Keras model of Dense layers")
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs or len(inputs) != 1 or len(inputs[0].shape) != 2:
        validation.refuse_model("model", model, "a built model with one input of shape "
                                "(batch, features) (create it with keras.Input)")
    return model


class _Structure:
    """The model read as layers of units: which Keras layer gives each layer's output."""

    def __init__(self, model):
        import keras

        groups = []  # [dense_layer, last_layer_of_its_group]
        for layer in model.layers:
            if isinstance(layer, keras.layers.Dense):
                groups.append([layer, layer])
            elif isinstance(layer, keras.layers.InputLayer):
                continue
            elif groups and isinstance(layer, (keras.layers.Activation, keras.layers.Dropout,
                                               keras.layers.BatchNormalization,
                                               keras.layers.ReLU, keras.layers.LeakyReLU)):
                groups[-1][1] = layer
            else:
                raise validation.value_error(
                    "model", "a chain of Dense layers (with Activation, BatchNormalization or "
                    "Dropout between them)", model,
                    received=f": model=<{type(model).__name__} '{model.name}'> with layer "
                    f"{layer.name!r} of type {type(layer).__name__}")
        if not groups:
            validation.refuse_model("model", model, "at least one Dense layer")
        self.dense = [g[0] for g in groups]
        self.outputs = [g[1] for g in groups]
        self.sizes = [int(model.inputs[0].shape[-1])] + [d.units for d in self.dense]
        last = self.outputs[-1]
        act = getattr(last, "activation", None)
        self.output_activation = getattr(act, "__name__", "linear")


class _Probe:
    """One functional Keras model that returns every layer's output at once."""

    def __init__(self, model):
        import keras

        self.model = model
        self.structure = _Structure(model)
        self._probe = keras.Model(model.inputs[0], [layer.output for layer in
                                                 self.structure.outputs])

    def __call__(self, x) -> list[np.ndarray]:
        outs = self._probe(x, training=False)
        if not isinstance(outs, (list, tuple)):  # a model with one Dense layer: one output
            outs = [outs]
        return [np.asarray(o) for o in outs]

    def weights(self) -> list[np.ndarray]:
        return [np.asarray(d.kernel) for d in self.structure.dense]


def _check_features(features, n_inputs):
    from ..datasets import check_feature_names

    features = check_feature_names(features)
    if len(features) != n_inputs:
        raise validation.value_error("features", "one feature name per model input "
                                     f"({n_inputs})", features)
    return features


def _grid(extent, resolution):
    values = np.linspace(extent[0], extent[1], resolution, dtype=np.float32)
    g1, g2 = np.meshgrid(values, values[::-1])  # row 0 at the top: x2 high
    return values, np.stack([g1.ravel(), g2.ravel()], axis=1)


def unit_outputs(model, *, features: Sequence[str] = ("x1", "x2"), resolution: int = 40,
                 extent: tuple[float, float] = (-6.0, 6.0)) -> dict:
    """Every unit's output over the input plane, from one batched model call.

    Args:
        model: A built Keras model of `Dense` layers (with `Activation`,
            `BatchNormalization` or `Dropout` between them), whose inputs are
            the Playground features of a point (x1, x2), e.g. from
            `course_utils.models.build_mlp(2, [4])`.
        features: The feature names of the model's inputs, in order (see
            `course_utils.datasets.PLAYGROUND_FEATURES`). Defaults to
            ("x1", "x2").
        resolution: Grid points per axis. Defaults to 40.
        extent: (low, high) of both x1 and x2. Defaults to (-6.0, 6.0).

    Returns:
        A dict: "grid" (the 1-D grid values), "inputs" (features x rows x
        columns), "hidden" (a list, one array of units x rows x columns per
        hidden layer, after its activation), "output" (output units x rows x
        columns, after the output activation), "weights" (each Dense kernel)
        and "output_activation". Row 0 is the top of the plane (largest x2).

    Raises:
        TypeError, ValueError: a wrong argument; the message names it.

    Example:

    >>> maps = unit_outputs(build_mlp(2, [3], activation="relu"), resolution=20)
    >>> maps["hidden"][0].shape
    (3, 20, 20)
    """
    model = _check_model(model)
    probe = _Probe(model)
    features = _check_features(features, probe.structure.sizes[0])
    resolution = check_int("resolution", resolution, min_value=4, max_value=400)
    extent = _check_range("extent", extent)
    return _evaluate(probe, features, resolution, extent)


def _evaluate(probe, features, resolution, extent) -> dict:
    from ..datasets import make_features

    grid, points = _grid(extent, resolution)
    x = make_features(points, features)
    outs = probe(x)
    shape = (resolution, resolution)

    def maps(a):
        return np.moveaxis(a.reshape(*shape, -1), -1, 0)

    return {"grid": grid, "inputs": maps(x), "hidden": [maps(o) for o in outs[:-1]],
            "output": maps(outs[-1]), "weights": probe.weights(),
            "output_activation": probe.structure.output_activation}


def _diverging(values, vmax):
    """RGBA of values in [-vmax, vmax] on the Playground's orange-white-blue scale."""
    index = np.clip((values / vmax + 1.0) * 127.5, 0, 255).astype(np.int32)
    return _LUT[index]


def _output_rgba(out, activation, discretize):
    """RGBA of the output map: probability, value or class colour."""
    if out.shape[0] > 1:  # several outputs: colour of the most likely class
        k = out.shape[0]
        best = out.argmax(axis=0)
        colors = np.stack([_hex_rgb(MULTICLASS_COLORS[i % len(MULTICLASS_COLORS)])
                           for i in range(k)])
        if discretize:
            alpha = np.ones(best.shape, np.float32)
        else:
            alpha = np.clip((out.max(axis=0) - 1.0 / k) / (1.0 - 1.0 / k), 0, 1) * 0.85 + 0.15
        rgb = 255.0 * (1 - alpha[..., None]) + colors[best] * alpha[..., None]
        rgba = np.empty((*best.shape, 4), np.uint8)
        rgba[..., :3] = rgb.astype(np.uint8)
        rgba[..., 3] = 255
        return rgba
    v = out[0]
    if activation == "sigmoid":
        v = (v > 0.5).astype(np.float32) if discretize else v
        return _diverging(2.0 * v - 1.0, 1.0)
    vmax = max(float(np.max(np.abs(v))), 1e-6)
    if discretize:
        v = np.sign(v)
        vmax = 1.0
    return _diverging(v, vmax)


class UnitMaps:
    """A live drawing of every unit's map in the network's layout (see `plot_unit_maps`).

    Args:
        model: A built Keras model of `Dense` layers.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        features: Feature names of the model's inputs. Defaults to ("x1", "x2").
        resolution: Grid points per axis of the output map; the small maps
            use every third point. Defaults to 60.
        extent: (low, high) of x1 and x2. Defaults to (-6.0, 6.0).
        max_units: Most units drawn per layer. Defaults to 8.
        scale: "unit" (each map uses its own colour scale, from -max|value| to
            +max|value|, so every unit's shape shows; a unit that outputs the
            same value everywhere, such as a dead ReLU unit, is one flat colour)
            or "layer" (the hidden units of a layer share one scale, so weak
            units look pale). Defaults to "unit".
        discretize: Colour the output map by its decision only. Defaults to False.
        show_output: Draw the output map (False when the caller draws it
            elsewhere, as the Playground widget does). Defaults to True.

    Attributes:
        ax: The Axes. image: The image holding every map. edges: The
        LineCollection of the weights. frames: The frames of the maps.
        artists: Everything drawn (see `remove`). maps: The last
        `unit_outputs` dict.
    """

    _TILE = 1.0
    _GAP = 0.25
    _COLUMN = 2.2

    def __init__(self, model, *, ax=None, features: Sequence[str] = ("x1", "x2"),
                 resolution: int = 60, extent: tuple[float, float] = (-6.0, 6.0),
                 max_units: int = 8, scale: str = "unit", discretize: bool = False,
                 show_output: bool = True):
        from matplotlib.collections import LineCollection, PatchCollection
        from matplotlib.patches import Rectangle

        from ..validation import check_bool

        model = _check_model(model)
        self._probe = _Probe(model)
        self.features = _check_features(features, self._probe.structure.sizes[0])
        self.resolution = check_int("resolution", resolution, min_value=6, max_value=300)
        self.extent = _check_range("extent", extent)
        self.max_units = check_int("max_units", max_units, min_value=1, max_value=32)
        self.scale = check_choice("scale", scale, _SCALES)
        self.discretize = check_bool("discretize", discretize)
        self.show_output = check_bool("show_output", show_output)
        validation.check_axes("ax", ax)
        self.ax = _new_axes(ax, figsize=(2.0 + 1.3 * len(self._probe.structure.sizes), 4.2))
        self._small = max(self.resolution // 3, 4)
        texts_before = len(self.ax.texts)
        self._layout()
        h, w = self._canvas_px
        self._canvas = np.zeros((h, w, 4), np.uint8)
        self.image = self.ax.imshow(self._canvas, extent=(0, self._width, 0, self._height),
                                    interpolation="nearest", zorder=2)
        self.edges = LineCollection(self._segments, zorder=1, capstyle="butt")
        self.ax.add_collection(self.edges)
        frames = [Rectangle((x, y), s, s) for (x, y, s, _) in self._tiles]
        self.frames = PatchCollection(frames, facecolor="none", zorder=3,
                                      edgecolor=[NODE_COLORS[role] for *_, role in self._tiles],
                                      linewidth=2.0)
        self.ax.add_collection(self.frames)
        for name, (x, y, s, _) in zip(self.features, self._tiles, strict=False):
            self.ax.text(x - 0.08, y + s / 2, name, ha="right", va="center", fontsize=8,
                         color="#1f4e79")
        for i, (column, n) in enumerate(zip(self._columns, self._probe.structure.sizes,
                                            strict=True)):
            shown = len(column)
            if n > shown and i < len(self._columns) - 1:
                x, y, s, _ = self._tiles[column[-1]]
                self.ax.text(x + s / 2, y - 0.12, f"+{n - shown} more", ha="center",
                             va="top", fontsize=7, color="#555555")
            if 0 < i < len(self._columns) - 1:
                x, y, s, _ = self._tiles[column[0]]
                self.ax.text(x + s / 2, self._height - 0.55, f"layer {i}\n{n} units",
                             ha="center", va="bottom", fontsize=7.5, color="#444444")
        self.artists = [self.image, self.edges, self.frames, *self.ax.texts[texts_before:]]
        self.ax.set_xlim(-1.1, self._width + 0.1)
        self.ax.set_ylim(-0.35, self._height)
        self.ax.set_aspect("equal")
        self.ax.axis("off")
        self.maps: dict = {}
        self.update()

    # ---- layout ----------------------------------------------------------
    def _layout(self):
        sizes = self._probe.structure.sizes
        shown = [min(n, self.max_units) for n in sizes]
        small_layers = shown[:-1]
        tallest = max(small_layers) * (self._TILE + self._GAP) - self._GAP
        big = 3.0 * self._TILE if self.show_output else self._TILE
        self._height = max(tallest, big) + 0.6
        self._tiles = []  # (x, y, size, role) in drawing units
        self._columns = []
        for i, n in enumerate(small_layers):
            x = i * self._COLUMN
            column_height = n * (self._TILE + self._GAP) - self._GAP
            top = (self._height - 0.6 + column_height) / 2
            ids = []
            for j in range(n):
                y = top - (j + 1) * self._TILE - j * self._GAP
                ids.append(len(self._tiles))
                self._tiles.append((x, y, self._TILE, "input" if i == 0 else "hidden"))
            self._columns.append(ids)
        x = len(small_layers) * self._COLUMN
        self._tiles.append((x, (self._height - 0.6 - big) / 2, big, "output"))
        self._columns.append([len(self._tiles) - 1])
        self._width = x + big
        px = self._small / self._TILE
        self._px = px
        self._canvas_px = (int(round(self._height * px)), int(round(self._width * px)))
        self._segments = []
        self._edge_index = []  # (layer, from_unit, to_unit)
        for layer in range(len(sizes) - 1):
            for a, ta in enumerate(self._columns[layer]):
                xa, ya, sa, _ = self._tiles[ta]
                for b, tb in enumerate(self._columns[layer + 1]):
                    xb, yb, sb, _ = self._tiles[tb]
                    self._segments.append([(xa + sa, ya + sa / 2), (xb, yb + sb / 2)])
                    self._edge_index.append((layer, a, b))

    def _paste(self, tile, rgba):
        x, y, s, _ = self._tiles[tile]
        h = self._canvas.shape[0]
        c0 = int(round(x * self._px))
        r0 = h - int(round((y + s) * self._px))
        n = rgba.shape[0]
        if n != int(round(s * self._px)):  # the big tile: resample by repetition
            n = int(round(s * self._px))
            idx = (np.arange(n) * rgba.shape[0] // n)
            rgba = rgba[idx][:, idx]
        self._canvas[r0:r0 + n, c0:c0 + n] = rgba

    # ---- update ------------------------------------------------------------
    def update(self, *, discretize: bool | None = None) -> dict:
        """Recomputes every map (one model call) and updates the drawing in place.

        Args:
            discretize: New value of the output's "discretize" setting, or
                None to keep it. Defaults to None.

        Returns:
            The `unit_outputs`-style dict of the maps drawn.
        """
        if discretize is not None:
            from ..validation import check_bool

            self.discretize = check_bool("discretize", discretize)
        maps = _evaluate(self._probe, self.features, self.resolution, self.extent)
        self.maps = maps
        step = self.resolution / self._small
        pick = np.minimum((np.arange(self._small) * step).astype(int), self.resolution - 1)
        layers = [maps["inputs"], *maps["hidden"]]
        tile = 0
        for i, values in enumerate(layers):
            values = values[:self.max_units][:, pick][:, :, pick]
            if self.scale == "layer" and i > 0:
                vmax = np.full(len(values), max(float(np.max(np.abs(values))), 1e-6))
            else:
                vmax = np.maximum(np.abs(values).reshape(len(values), -1).max(axis=1), 1e-6)
            for v, m in zip(values, vmax, strict=True):
                self._paste(tile, _diverging(v, m))
                tile += 1
        if self.show_output:
            self._paste(tile, _output_rgba(maps["output"], maps["output_activation"],
                                           self.discretize))
        self.image.set_data(self._canvas)
        self._update_edges(maps["weights"])
        return maps

    def _update_edges(self, weights):
        shown = [len(c) for c in self._columns]
        values = []
        for layer, a, b in self._edge_index:
            w = weights[layer]
            if layer == len(weights) - 1 and w.shape[1] > 1:  # to a multi-class output
                values.append(float(np.linalg.norm(w[a])) if shown[-1] == 1 else w[a, b])
            else:
                values.append(float(w[a, b]))
        values = np.asarray(values, dtype=np.float32)
        biggest = max(float(np.max(np.abs(values))) if values.size else 0.0, 1e-6)
        self.edges.set_linewidths(0.3 + 3.7 * np.abs(values) / biggest)
        self.edges.set_colors([_POSITIVE if v >= 0 else _NEGATIVE for v in values])

    @property
    def model(self):
        """The Keras model drawn."""
        return self._probe.model

    def remove(self) -> None:
        """Removes every artist this drawing added to its Axes."""
        for artist in self.artists:
            artist.remove()
        self.artists = []

    def output_tile(self) -> tuple[float, float, float]:
        """(x, y, size) of the output map in the Axes' data coordinates."""
        x, y, s, _ = self._tiles[-1]
        return x, y, s


def plot_unit_maps(model, *, features: Sequence[str] = ("x1", "x2"), x=None, y=None,
                   ax=None, resolution: int = 60, extent: tuple[float, float] = (-6.0, 6.0),
                   max_units: int = 8, scale: str = "unit", discretize: bool = False,
                   title: str | None = None):
    """Draws every input feature and hidden unit as a small map over the input plane.

    The network is laid out left to right: the input features, one column
    per hidden layer (each unit's output after its activation, for every
    point (x1, x2) of the plane), then the output, large. Colours run from
    orange (negative) through white (zero) to blue (positive), each map on its
    own scale (see `scale`); a dead ReLU unit (zero everywhere) is a flat
    white square. The output map shows the predicted probability of class 1
    (sigmoid), the value (linear output) or the most likely class (several
    outputs). Each line is a weight: its width grows with |weight|, blue is
    positive, orange negative. Frames use the course's node colours (inputs
    blue, hidden units yellow, output green).

    Args:
        model: A built Keras model of `Dense` layers whose inputs are the
            Playground features of (x1, x2), e.g. `build_mlp(2, [4])`.
        features: Feature names of the model's inputs, in order. Defaults to
            ("x1", "x2").
        x: Optional points (n, 2) drawn on the output map. Defaults to None.
        y: Labels of `x` (0/1 or class indices) for their colours, or None.
            Defaults to None.
        ax: Axes to draw on, or None for a new figure. Defaults to None.
        resolution: Grid points per axis of the output map. Defaults to 60.
        extent: (low, high) of x1 and x2. Defaults to (-6.0, 6.0).
        max_units: Most units drawn per layer. Defaults to 8.
        scale: "layer" or "unit" (see `UnitMaps`). Defaults to "unit".
        discretize: Colour the output by its decision only. Defaults to False.
        title: Title of the Axes, or None for none. Defaults to None.

    Returns:
        The Axes.

    Raises:
        TypeError, ValueError: a wrong argument; the message names it.

    Example:

    >>> ax = plot_unit_maps(build_mlp(2, [4], activation="relu"))
    """
    from ..validation import check_array

    maps = UnitMaps(model, ax=ax, features=features, resolution=resolution, extent=extent,
                    max_units=max_units, scale=scale, discretize=discretize)
    if x is not None:
        points = check_array("x", x, ndim=2, shape1=2)
        x0, y0, s = maps.output_tile()
        lo, hi = maps.extent
        inside = np.all((points >= lo) & (points <= hi), axis=1)
        px = x0 + (points[inside, 0] - lo) / (hi - lo) * s
        py = y0 + (points[inside, 1] - lo) / (hi - lo) * s
        if y is None:
            colors = "#333333"
        else:
            labels = check_array("y", y, min_rows=0).reshape(-1)
            if labels.shape[0] != points.shape[0]:
                raise validation.shape_error(
                    "y", f"one label per point of `x` ({points.shape[0]})", np.shape(y))
            labels = labels[inside].astype(np.float32)
            if np.all(np.mod(labels, 1) == 0) and labels.min(initial=0) >= 0:  # classes
                colors = [MULTICLASS_COLORS[int(i) % len(MULTICLASS_COLORS)] for i in labels]
            else:  # regression targets: the map's colour scale
                vmax = max(float(np.max(np.abs(labels), initial=0)), 1e-6)
                colors = _diverging(labels, vmax) / 255.0
        maps.ax.scatter(px, py, s=7, c=colors, edgecolors="white", linewidths=0.4, zorder=4)
    if title is not None:
        maps.ax.set_title(title)
    return maps.ax
