"""Drawing a Playground run: neuron maps, one map enlarged with the data, loss curves.

`PlaygroundFigure` lays out one matplotlib Figure in three panels and can
redraw it fast: with `animated=True` (the widget) the parts that stay the
same (axes, ticks, labels) are drawn once and kept as a bitmap; every frame
restores that bitmap and draws only what changed (the maps, the edges, the
loss curves), updated in place. `plot_playground` draws the same figure once.
"""

from __future__ import annotations

import numpy as np

from ..plotting.units import MULTICLASS_COLORS, UnitMaps, _diverging, _output_rgba
from ..validation import check_bool, check_int, check_type, value_error
from .trainer import PlaygroundResult, PlaygroundTrainer

__all__ = ["PlaygroundFigure", "plot_playground"]

EXTENT = (-6.0, 6.0)
_OUTPUT_TITLES = {"binary": "output: P(blue class)", "regression": "output: predicted value",
                  "multiclass": "output: most likely class"}


def _labels_colors(config, y):
    if config.task == "regression":
        return _diverging(np.asarray(y, np.float32), 1.0) / 255.0
    return [MULTICLASS_COLORS[int(v)] for v in y]


def focus_options(config) -> list[tuple[str, str]]:
    """(label, key) of every map that can be enlarged: output, inputs, hidden units."""
    options = [("output", "output")]
    for layer, units in enumerate(config.hidden_units, start=1):
        options += [(f"layer {layer}, unit {u + 1}", f"{layer}.{u}") for u in range(units)]
    options += [(f"input {name}", f"0.{i}") for i, name in enumerate(config.features)]
    return options


class PlaygroundFigure:
    """A Playground run drawn on one Figure, updatable in place.

    Args:
        source: A `PlaygroundTrainer` (live) or a `PlaygroundResult`.
        fig: An empty matplotlib Figure.
        resolution: Grid points per axis of the maps. Defaults to 60.
        animated: Keep a bitmap of the static parts and redraw only the parts
            that change (for live drawing on an Agg canvas). Defaults to False.
        show_test: Draw the test points. Defaults to True.
        discretize: Colour the output by its decision only. Defaults to False.
        focus: Which map the middle panel enlarges: "output", or "layer.unit"
            (layer 0 is the inputs, units count from 0). Defaults to "output".
    """

    def __init__(self, source, fig, *, resolution: int = 60, animated: bool = False,
                 show_test: bool = True, discretize: bool = False, focus: str = "output"):
        self.source = source
        self.fig = fig
        self.animated = animated
        self.show_test = show_test
        self.discretize = discretize
        config = source.config
        self.config = config
        self._background = None
        fig.clear()
        self.ax_net = fig.add_axes((0.0, 0.02, 0.45, 0.9))
        self.ax_big = fig.add_axes((0.49, 0.14, 0.25, 0.74))
        self.ax_loss = fig.add_axes((0.80, 0.14, 0.185, 0.74))
        self.units = UnitMaps(source.model, ax=self.ax_net, features=config.features,
                              resolution=resolution, extent=EXTENT, discretize=discretize)
        self.big = self.ax_big.imshow(np.zeros((resolution, resolution, 4), np.uint8),
                                      extent=(*EXTENT, *EXTENT), interpolation="bilinear")
        self.train_points = self.ax_big.scatter(source.x_train[:, 0], source.x_train[:, 1],
                                                s=9, c=_labels_colors(config, source.y_train),
                                                edgecolors="white", linewidths=0.5)
        self.test_points = self.ax_big.scatter(source.x_test[:, 0], source.x_test[:, 1], s=9,
                                               c=_labels_colors(config, source.y_test),
                                               edgecolors="black", linewidths=0.6)
        self.test_points.set_visible(show_test)
        self.ax_big.set_xlim(*EXTENT)
        self.ax_big.set_ylim(*EXTENT)
        self.ax_big.set_xlabel("x1  (black rings: test points)", fontsize=8)
        self.ax_big.set_ylabel("x2", fontsize=8)
        self.ax_big.tick_params(labelsize=7)
        self.focus = "output"
        self.set_focus(focus)
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color="#333333", lw=1.5, label="training")
        (self.val_line,) = ax.plot([], [], color="#e8710a", lw=1.5, ls="--", label="test")
        ax.legend(fontsize=7, loc="upper right")
        ax.set_xlabel("epoch", fontsize=8)
        ax.set_title(config.loss_name, fontsize=9)
        ax.tick_params(labelsize=7)
        self._xmax, self._ymax = 50, None
        ax.set_xlim(0, self._xmax)
        ax.set_ylim(0, 1)
        self._dynamic = [self.units.image, self.units.edges, self.units.frames, self.big,
                         self.train_points, self.test_points, self.loss_line, self.val_line]
        for artist in self._dynamic:
            artist.set_animated(animated)
        self.update()

    def set_source(self, source) -> None:
        """Shows another trainer (a new model or data) on the same Figure.

        The network panel is redrawn only when the model object or its
        features changed (a trainer made with `reuse=` keeps the model); the
        other panels keep their Axes, so no Figure is rebuilt.
        """
        config = source.config
        if source.model is not self.units.model or config.features != self.config.features:
            self.units.remove()
            self.units = UnitMaps(source.model, ax=self.ax_net, features=config.features,
                                  resolution=self.units.resolution, extent=EXTENT,
                                  discretize=self.discretize)
            for artist in (self.units.image, self.units.edges, self.units.frames):
                artist.set_animated(self.animated)
        self.source, self.config = source, config
        for points, x, y in ((self.train_points, source.x_train, source.y_train),
                             (self.test_points, source.x_test, source.y_test)):
            points.set_offsets(x)
            points.set_facecolors(_labels_colors(config, y))
        self.ax_loss.set_title(config.loss_name, fontsize=9)
        self._xmax, self._ymax = 50, None
        self.ax_loss.set_xlim(0, self._xmax)
        self._dynamic[:3] = [self.units.image, self.units.edges, self.units.frames]
        focus = self.focus if self.focus in [k for _, k in focus_options(config)] else "output"
        self.set_focus(focus)
        self._background = None
        self.update()

    # ---- settings shown ------------------------------------------------------
    def set_focus(self, focus: str) -> None:
        """Enlarges another map in the middle panel ("output" or "layer.unit")."""
        keys = [key for _, key in focus_options(self.config)]
        if focus not in keys:
            raise value_error("focus", "one of " + ", ".join(map(repr, keys[:6]))
                              + (" ..." if len(keys) > 6 else ""), focus)
        self.focus = focus
        label = dict((key, text) for text, key in focus_options(self.config))[focus]
        self.ax_big.set_title(_OUTPUT_TITLES[self.config.task] if focus == "output"
                              else f"{label}: its output over the plane", fontsize=9)
        self._background = None
        if self.units.maps:
            self._draw_big()

    def set_show_test(self, show: bool) -> None:
        """Shows or hides the test points."""
        self.show_test = check_bool("show_test", show)
        self.test_points.set_visible(self.show_test)

    def set_discretize(self, discretize: bool) -> None:
        """Colours the output by its decision only (True) or by its value."""
        self.discretize = check_bool("discretize", discretize)
        self.units.discretize = self.discretize

    # ---- frames ------------------------------------------------------------
    def _draw_big(self):
        maps = self.units.maps
        if self.focus == "output":
            rgba = _output_rgba(maps["output"], maps["output_activation"], self.discretize)
        else:
            layer, unit = (int(v) for v in self.focus.split("."))
            values = maps["inputs"][unit] if layer == 0 else maps["hidden"][layer - 1][unit]
            rgba = _diverging(values, max(float(np.max(np.abs(values))), 1e-6))
        self.big.set_data(rgba)

    def update(self) -> None:
        """Recomputes the maps and the curves from the model and history, in place."""
        self.units.update()
        self._draw_big()
        h = self.source.history
        n = len(h["loss"])
        epochs = np.arange(1, n + 1)
        self.loss_line.set_data(epochs, h["loss"])
        self.val_line.set_data(epochs, h["val_loss"])
        if n > self._xmax:
            self._xmax = max(2 * self._xmax, n)
            self.ax_loss.set_xlim(0, self._xmax)
            self._background = None
        finite = [v for v in (*h["loss"], *h["val_loss"]) if np.isfinite(v)]
        if finite:
            top = max(finite)
            if self._ymax is None or top > self._ymax:
                self._ymax = 1.2 * top if self._ymax is None else 1.5 * top
                self.ax_loss.set_ylim(0, self._ymax)
                self._background = None

    def render(self) -> np.ndarray:
        """Draws the figure on its Agg canvas and returns the RGBA pixels (rows, cols, 4)."""
        canvas = self.fig.canvas
        if not self.animated:
            canvas.draw()
        else:
            if self._background is None:
                canvas.draw()  # the static parts; animated artists are skipped
                self._background = canvas.copy_from_bbox(self.fig.bbox)
            else:
                canvas.restore_region(self._background)
            for artist in self._dynamic:
                if artist.get_visible():
                    self.fig.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())


def plot_playground(result, *, fig=None, resolution: int = 60, show_test: bool = True,
                    discretize: bool = False, focus: str = "output"):
    """Draws a Playground run: neuron maps, the output (or one unit) with the data, losses.

    Left: every input feature and hidden unit as a small map of its output
    over the plane, in the network's layout, edges by weight (see
    `course_utils.plotting.plot_unit_maps`). Middle: the output (or the unit
    named by `focus`) enlarged, with the training points (white rings) and
    test points (black rings). Right: training and test loss per epoch.

    Args:
        result: A `PlaygroundResult` or a `PlaygroundTrainer`.
        fig: Matplotlib Figure to draw on (it is cleared), or None for a new
            figure. Defaults to None.
        resolution: Grid points per axis of the maps. Defaults to 60.
        show_test: Draw the test points. Defaults to True.
        discretize: Colour the output by its decision only. Defaults to False.
        focus: "output", or "layer.unit" to enlarge a hidden unit ("1.0" is
            the first unit of the first hidden layer; "0.i" the i-th input).
            Defaults to "output".

    Returns:
        The Figure, with three Axes: network maps, enlarged map, loss.

    Example:

    >>> fig = plot_playground(train_playground(epochs=10))
    """
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    check_type("result", result, (PlaygroundResult, PlaygroundTrainer),
               "a PlaygroundResult or a PlaygroundTrainer")
    # A Figure, not a SubFigure (`check_figure` takes both): the live redraw needs
    # Figure.draw_artist.
    check_type("fig", fig, (Figure, type(None)), "a matplotlib Figure or None")
    resolution = check_int("resolution", resolution, min_value=10, max_value=300)
    show_test = check_bool("show_test", show_test)
    discretize = check_bool("discretize", discretize)
    if fig is None:
        fig = plt.figure(figsize=(13, 4.2))
    drawing = PlaygroundFigure(result, fig, resolution=resolution, show_test=show_test,
                               discretize=discretize, focus=focus)
    epochs = len(result.history["loss"])
    drawing.ax_loss.set_xlim(0, max(epochs, 1))
    if isinstance(result, PlaygroundTrainer):
        result = result.result()
    drawing.ax_loss.set_title(f"Epoch {epochs}: train {result.train_loss:.3f}, "
                              f"test {result.test_loss:.3f}\n({result.config.loss_name})",
                              fontsize=9)
    if result.config.task != "regression" and focus == "output":
        drawing.ax_big.set_title(f"{result.config.dataset}: test accuracy "
                                 f"{result.test_accuracy:.0%}", fontsize=9)
    if not epochs:
        drawing.ax_loss.text(0.5, 0.5, "not trained yet", ha="center", va="center",
                             transform=drawing.ax_loss.transAxes, color="#777777")
    return fig
