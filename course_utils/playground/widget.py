"""`Playground`: the TensorFlow Playground as a Jupyter widget, on real Keras models.

Works with ipywidgets 8 and 7.7 (Colab ships 7.7.1): it uses only widgets,
arguments and methods common to both (Button, Dropdown, FloatSlider,
IntSlider, Checkbox, Text, HTML, Label, Image, HBox, VBox, GridBox, Layout,
`on_click`, `observe`, `add_class`); no `Tags`, `Stack` or other 8-only widget.
"""

from __future__ import annotations

import dataclasses
import html
import io
import time
from collections.abc import Mapping

import numpy as np

from ..datasets import PLAYGROUND_FEATURES
from ..validation import check_int
from .config import (
    PLAYGROUND_ACTIVATIONS,
    PLAYGROUND_OPTIMIZERS,
    PlaygroundConfig,
    as_config,
    parse_hidden_units,
)
from .data import DATASET_TASKS
from .drawing import PlaygroundFigure, focus_options
from .trainer import PlaygroundResult, PlaygroundTrainer

__all__ = ["Playground"]

# The TensorFlow Playground's menus.
_LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
_REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
_REGULARIZATIONS = ("none", "L1", "L2")
_MAX_FRAME_EPOCHS = 100


def _encode(rgba: np.ndarray, fmt: str = "png") -> bytes:
    """PNG (exact) or JPEG (about 20 times faster to encode: the live frames)."""
    from PIL import Image

    buffer = io.BytesIO()
    image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]))
    if fmt == "png":
        image.save(buffer, format="png", compress_level=1)
    else:
        image.save(buffer, format="jpeg", quality=90)
    return buffer.getvalue()


class Playground:
    """The TensorFlow Playground as a Jupyter widget, training real Keras models.

    Pick a data set, input features, layers and training settings with the
    controls on top; **Train** runs the epochs set by the slider, redrawing
    every unit's map, the enlarged output (or unit) with the data and the loss
    curves as it goes; **Step** trains one chunk; **Reset** starts again with
    new random weights. Changing the data, features or network starts a new
    model (drawn at once); changing the learning rate keeps the model. An
    invalid setting is refused with a message in the status line, never a
    traceback. The data set sets the head and loss: sigmoid and binary
    cross-entropy (two classes), linear and mean squared error (plane,
    multigauss), softmax and cross-entropy (blobs, arms: three classes).

    Everything the controls do is also a method (`train`, `step`, `reset`,
    `set`, `enlarge`, `show_test`, `discretize`), so a notebook or a test can
    drive the widget without clicking.

    Args:
        config: Initial settings, a `PlaygroundConfig` or a dict of its
            fields. Defaults to None (the default config).
        seed: Seed of the data and of the first model's weights. Defaults to 0.
        chunk_epochs: Epochs per Step, and the fewest epochs between two
            frames while training (more when drawing is slower than
            training). Defaults to 10.
        resolution: Grid points per axis of the maps. Defaults to 60.

    Attributes:
        widget: The ipywidgets box to display (displaying the Playground
            itself does the same).
        controls: Dict of the control widgets by name.
        status: The HTML status line (`message` holds its plain text).
        image: The `ipywidgets.Image` showing the figure; `output` is the box
            around it (CSS class "playground-output").
        trainer: The current `PlaygroundTrainer`.
        frame_times: Seconds each of the recent frames took to draw.

    Example:

    >>> pg = Playground(PlaygroundConfig(dataset="xor"))
    >>> pg.train(20)   # in a notebook: display(pg), then click Train
    >>> pg.step()
    >>> len(pg.history["loss"])
    30
    """

    def __init__(self, config: PlaygroundConfig | Mapping | None = None, *, seed: int = 0,
                 chunk_epochs: int = 10, resolution: int = 60):
        config = as_config(config)
        self.seed = check_int("seed", seed, min_value=0, max_value=2**31 - 1)
        self.chunk_epochs = check_int("chunk_epochs", chunk_epochs, min_value=1,
                                      max_value=1000)
        self.resolution = check_int("resolution", resolution, min_value=10, max_value=300)
        self._init_seed = self.seed
        self._message = ""
        self.frame_times: list[float] = []
        self._retired: dict[tuple, PlaygroundTrainer] = {}
        self._build_widgets(config)
        self._new_trainer(config)
        self._set_status(f"Ready: {self._describe(config)}. Press Train.")

    # ---- widgets -------------------------------------------------------
    def _build_widgets(self, c: PlaygroundConfig) -> None:
        import ipywidgets as w

        def menu(values, value, description=""):
            options = sorted(set(values) | {value})
            return w.Dropdown(options=[(f"{v:g}", v) for v in options], value=value,
                              description=description, layout=w.Layout(width="150px"))

        style = {"description_width": "78px"}
        full = w.Layout(width="235px")
        reg, rate = ("L1", c.l1) if c.l1 and not c.l2 else (("L2", c.l2) if c.l2 else
                                                            ("none", 0.0))
        self.controls = {
            "dataset": w.Dropdown(options=list(DATASET_TASKS), value=c.dataset,
                                  description="data set", style=style, layout=full),
            "noise": w.FloatSlider(value=c.noise, min=0.0, max=max(0.5, c.noise), step=0.05,
                                   description="noise", style=style, layout=full),
            "train_fraction": w.FloatSlider(value=c.train_fraction, min=0.1, max=0.9,
                                            step=0.1, description="train share",
                                            readout_format=".0%", style=style, layout=full),
            "features": {name: w.Checkbox(value=name in c.features, description=name,
                                          indent=False, layout=w.Layout(width="88px"))
                         for name in PLAYGROUND_FEATURES},
            "hidden_units": w.Text(value=", ".join(map(str, c.hidden_units)),
                                   description="hidden layers", placeholder="e.g. 4, 2",
                                   style={"description_width": "92px"}, layout=full),
            "activation": w.Dropdown(options=list(PLAYGROUND_ACTIVATIONS), value=c.activation,
                                     description="activation", style=style, layout=full),
            "dropout": w.FloatSlider(value=c.dropout, min=0.0, max=max(0.9, c.dropout), step=0.1,
                                     description="dropout", style=style, layout=full),
            "learning_rate": menu(_LEARNING_RATES, c.learning_rate),
            "regularization": w.Dropdown(options=list(_REGULARIZATIONS), value=reg,
                                         layout=w.Layout(width="150px")),
            "regularization_rate": menu(_REG_RATES, rate),
            "optimizer": w.Dropdown(options=list(PLAYGROUND_OPTIMIZERS), value=c.optimizer,
                                    description="optimizer", style=style, layout=full),
            "batch_size": w.IntSlider(value=c.batch_size, min=1, max=max(50, c.batch_size),
                                      description="batch size", style=style, layout=full),
            "epochs": w.IntSlider(value=c.epochs, min=10, max=max(500, c.epochs), step=10,
                                  description="epochs", style=style, layout=full),
            "show_test": w.Checkbox(value=True, description="show test points", indent=False,
                                    layout=w.Layout(width="150px")),
            "discretize": w.Checkbox(value=False, description="discretize output",
                                     indent=False, layout=w.Layout(width="150px")),
            "focus": w.Dropdown(options=focus_options(c), value="output",
                                description="enlarge", layout=w.Layout(width="240px"),
                                style={"description_width": "60px"}),
        }
        self._hidden = {"n_samples": c.n_samples}
        ctl = self.controls
        ctl["show_test"].observe(lambda change: self.show_test(change["new"]), names="value")
        ctl["discretize"].observe(lambda change: self.discretize(change["new"]), names="value")
        ctl["focus"].observe(lambda change: self.enlarge(change["new"]), names="value")
        button = w.Layout(width="92px")
        self.train_button = w.Button(description="Train", icon="play", button_style="primary",
                                     tooltip="Train for the number of epochs set above",
                                     layout=button)
        self.step_button = w.Button(description="Step", icon="step-forward",
                                    tooltip=f"Train {self.chunk_epochs} epochs", layout=button)
        self.reset_button = w.Button(description="Reset", icon="refresh",
                                     tooltip="New random weights (and the settings above)",
                                     layout=button)
        self.train_button.on_click(lambda _: self.train())
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.status = w.HTML(layout=w.Layout(min_height="24px", margin="0 0 0 12px"))
        self.status.add_class("playground-status")
        self.image = w.Image(format="jpeg", layout=w.Layout(width="100%"))
        self.output = w.Box([self.image], layout=w.Layout(min_height="330px"))
        self.output.add_class("playground-output")

        def heading(text):
            return w.HTML(f"<b style='color:#555'>{text}</b>")

        def column(*children, width="245px"):
            return w.VBox(list(children), layout=w.Layout(width=width, margin="0 8px 0 0"))

        def labelled(text, control):
            return w.HBox([w.Label(text, layout=w.Layout(width="96px")), control])

        controls = w.HBox([
            column(heading("DATA"), ctl["dataset"], ctl["noise"], ctl["train_fraction"]),
            column(heading("FEATURES"),
                   w.GridBox(list(ctl["features"].values()),
                             layout=w.Layout(grid_template_columns="repeat(2, 88px)")),
                   width="190px"),
            column(heading("NETWORK"), ctl["hidden_units"], ctl["activation"], ctl["dropout"]),
            column(heading("TRAINING"), labelled("learning rate", ctl["learning_rate"]),
                   labelled("regularization", ctl["regularization"]),
                   labelled("reg. rate", ctl["regularization_rate"]), ctl["optimizer"],
                   ctl["batch_size"], ctl["epochs"], width="260px"),
        ], layout=w.Layout(flex_flow="row wrap"))
        buttons = w.HBox([self.train_button, self.step_button, self.reset_button, self.status],
                         layout=w.Layout(align_items="center"))
        view = w.HBox([heading("VIEW"), ctl["show_test"], ctl["discretize"], ctl["focus"]],
                      layout=w.Layout(align_items="center"))
        self.widget = w.VBox([controls, buttons, view, self.output])
        self.widget.add_class("playground")

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # ---- reading and writing the settings ------------------------------
    @property
    def config(self) -> PlaygroundConfig:
        """The settings the controls show now, as a `PlaygroundConfig`.

        Raises:
            ValueError, TypeError: the controls hold an invalid setting (the
                buttons show the message in the status line instead).
        """
        ctl = self.controls
        reg, rate = ctl["regularization"].value, ctl["regularization_rate"].value
        return PlaygroundConfig(
            dataset=ctl["dataset"].value,
            noise=ctl["noise"].value,
            train_fraction=round(ctl["train_fraction"].value, 3),
            n_samples=self._hidden["n_samples"],
            features=tuple(n for n, box in ctl["features"].items() if box.value),
            hidden_units=parse_hidden_units(ctl["hidden_units"].value),
            activation=ctl["activation"].value,
            learning_rate=ctl["learning_rate"].value,
            l2=rate if reg == "L2" else 0.0,
            l1=rate if reg == "L1" else 0.0,
            dropout=ctl["dropout"].value,
            batch_size=ctl["batch_size"].value,
            epochs=ctl["epochs"].value,
            optimizer=ctl["optimizer"].value,
        )

    @property
    def message(self) -> str:
        """The status line as plain text (the last message or error)."""
        return self._message

    @property
    def history(self) -> dict[str, list[float]]:
        """The current model's per-epoch history (see `PlaygroundTrainer.history`)."""
        return self.trainer.history

    def result(self) -> PlaygroundResult:
        """The current model and its measurements as a `PlaygroundResult`."""
        return self.trainer.result()

    def set(self, **settings) -> bool:
        """Sets controls by config field, e.g. `set(dataset="xor", hidden_units=(4,))`.

        `features` takes a list of names; `hidden_units` a tuple or text like
        "4, 2". The settings are checked as a whole first; an invalid one is
        refused with a message in the status line and nothing changes. A
        config with both `l1` and `l2` above 0 cannot be shown by the
        regularization menu and is refused.

        Returns:
            True when the settings were applied, False when refused.
        """
        try:
            current = self.config
        except (TypeError, ValueError):
            current = None
        try:
            unknown = sorted(set(settings) - {f.name for f in dataclasses.fields(
                PlaygroundConfig)})
            if unknown:
                raise TypeError(
                    f"Unknown setting(s) {', '.join(map(repr, unknown))}. Expected fields of "
                    "PlaygroundConfig."
                )
            settings = dict(settings)
            if isinstance(settings.get("hidden_units"), str):
                settings["hidden_units"] = parse_hidden_units(settings["hidden_units"])
            if settings.get("l1") and "l2" not in settings:
                settings["l2"] = 0.0
            if settings.get("l2") and "l1" not in settings:
                settings["l1"] = 0.0
            new = dataclasses.replace(current or PlaygroundConfig(), **settings)
            if new.l1 and new.l2:
                raise ValueError("Choose L1 or L2 regularization, not both (l1 and l2 > 0).")
        except (TypeError, ValueError) as err:
            self._set_status(str(err), error=True)
            return False
        self._show_config(new)
        self._set_status(f"Settings applied: {self._describe(new)}.")
        return True

    def _show_config(self, c: PlaygroundConfig) -> None:
        ctl = self.controls
        reg, rate = ("L1", c.l1) if c.l1 else (("L2", c.l2) if c.l2 else ("none", 0.0))
        for name, value in (("learning_rate", c.learning_rate), ("regularization_rate", rate)):
            options = dict(ctl[name].options)
            if f"{value:g}" not in options:
                ctl[name].options = sorted([*options.items(), (f"{value:g}", value)],
                                           key=lambda item: item[1])
            ctl[name].value = value
        ctl["regularization"].value = reg
        ctl["noise"].max = max(0.5, c.noise)
        ctl["dropout"].max = max(0.9, c.dropout)
        ctl["epochs"].max = max(ctl["epochs"].max, c.epochs)
        ctl["batch_size"].max = max(ctl["batch_size"].max, c.batch_size)
        for name in ("dataset", "noise", "train_fraction", "activation", "dropout",
                     "optimizer", "batch_size", "epochs"):
            ctl[name].value = getattr(c, name)
        ctl["hidden_units"].value = ", ".join(map(str, c.hidden_units))
        for name, box in ctl["features"].items():
            box.value = name in c.features
        self._hidden["n_samples"] = c.n_samples

    # ---- view settings ----------------------------------------------------
    def show_test(self, show: bool = True) -> None:
        """Shows (True) or hides (False) the test points."""
        self._view("show_test", show, lambda: self.drawing.set_show_test(bool(show)))

    def discretize(self, on: bool = True) -> None:
        """Colours the output by its decision only (True) or by its value (False)."""
        self._view("discretize", on, lambda: self.drawing.set_discretize(bool(on)))

    def enlarge(self, unit: str = "output") -> None:
        """Enlarges one map: "output", or "layer.unit" ("1.0": first unit of layer 1)."""
        self._view("focus", unit, lambda: self.drawing.set_focus(unit))

    def _view(self, name, value, apply) -> None:
        try:
            apply()
        except (TypeError, ValueError) as err:
            self._set_status(str(err), error=True)
            return
        control = self.controls[name]
        if control.value != value:
            control.value = value  # observe calls this again: harmless, same value
        self._redraw(update=name != "show_test")

    # ---- actions -------------------------------------------------------
    @staticmethod
    def _describe(c: PlaygroundConfig) -> str:
        layers = ", ".join(map(str, c.hidden_units)) or "none (linear model)"
        return (f"{c.dataset} ({c.task}), features [{', '.join(c.features)}], "
                f"hidden layers [{layers}], {c.activation}")

    def _set_status(self, message: str, *, error: bool = False) -> None:
        self._message = message
        color = "#b3261e" if error else "#333333"
        prefix = "⚠️ " if error else ""
        self.status.value = (f"<span style='color:{color}'>{prefix}"
                             f"{html.escape(message)}</span>")

    def _read_config(self) -> PlaygroundConfig | None:
        try:
            return self.config
        except (TypeError, ValueError) as err:
            self._set_status(f"{err} Nothing was trained.", error=True)
            return None

    def _new_trainer(self, config: PlaygroundConfig) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        old = getattr(self, "trainer", None)
        if old is not None:  # kept, so that going back to these shapes needs no new trace
            self._retired[old._signature] = old
        self.trainer = PlaygroundTrainer(config, seed=self._init_seed, data_seed=self.seed,
                                         reuse=list(self._retired.values()))
        self._retired = {k: t for k, t in self._retired.items() if t.model is not None}
        while len(self._retired) > 8:
            self._retired.pop(next(iter(self._retired)))
        options = focus_options(config)
        focus = self.controls["focus"]
        keep = focus.value if focus.value in [key for _, key in options] else "output"
        focus.options = options
        focus.value = keep
        if getattr(self, "drawing", None) is None:
            fig = Figure(figsize=(11, 3.6), dpi=80)
            FigureCanvasAgg(fig)
            self.drawing = PlaygroundFigure(
                self.trainer, fig, resolution=self.resolution, animated=True,
                show_test=self.controls["show_test"].value,
                discretize=self.controls["discretize"].value, focus=keep)
        else:
            self.drawing.set_source(self.trainer)
        self._redraw(update=False)  # the new network at once, before any training

    def _sync_trainer(self, config: PlaygroundConfig) -> bool:
        """Makes the trainer match `config`; True when a new model was started."""
        current = self.trainer.config
        keep = ("epochs", "learning_rate")
        if all(getattr(current, f.name) == getattr(config, f.name)
               for f in dataclasses.fields(PlaygroundConfig) if f.name not in keep):
            if config.learning_rate != current.learning_rate:
                self.trainer.set_learning_rate(config.learning_rate)
            self.trainer.config = self.trainer.config.replace(epochs=config.epochs)
            return False
        self._new_trainer(config)
        return True

    def train(self, epochs: int | None = None) -> None:
        """Trains for `epochs` (None: the epochs slider), drawing frames as it goes.

        Continues the current model unless the data, features or network
        settings changed, in which case a new model is started. Each frame
        trains at least `chunk_epochs` epochs, more when drawing a frame
        takes longer than training them, so that the loss falls at full speed.
        """
        config = self._read_config()
        if config is None:
            return
        if epochs is None:
            epochs = config.epochs
        try:
            epochs = check_int("epochs", epochs, min_value=1, max_value=10000)
        except (TypeError, ValueError) as err:
            self._set_status(str(err), error=True)
            return
        restarted = self._sync_trainer(config)
        done = 0
        per_frame = self.chunk_epochs
        for button in (self.train_button, self.step_button, self.reset_button):
            button.disabled = True
        try:
            while done < epochs:
                chunk = min(per_frame, epochs - done)
                start = time.perf_counter()
                self.trainer.train(chunk)
                trained = time.perf_counter() - start
                done += chunk
                drawn = self._redraw()
                self._set_status(self._progress(restarted))
                if drawn > 2 * trained and per_frame < _MAX_FRAME_EPOCHS:
                    per_frame = min(2 * per_frame, _MAX_FRAME_EPOCHS)
        except Exception as err:  # keep the widget usable, say what went wrong
            self._set_status(f"Training stopped: {type(err).__name__}: {err}", error=True)
        finally:
            for button in (self.train_button, self.step_button, self.reset_button):
                button.disabled = False

    def step(self) -> None:
        """Trains one chunk of `chunk_epochs` epochs (the Step button)."""
        self.train(self.chunk_epochs)

    def reset(self) -> None:
        """Starts a new model with new random weights and the current settings."""
        config = self._read_config()
        if config is None:
            return
        self._init_seed += 1
        self._new_trainer(config)
        self._set_status(f"New model (weights seed {self._init_seed}): "
                         f"{self._describe(config)}. Press Train.")

    def _progress(self, restarted: bool) -> str:
        h = self.trainer.history
        text = (f"Epoch {self.trainer.epoch}: training loss {h['loss'][-1]:.3f}, "
                f"test loss {h['val_loss'][-1]:.3f}")
        if self.trainer.config.task != "regression":
            text += f", test accuracy {h['val_accuracy'][-1]:.1%}"
        if not all(np.isfinite([h["loss"][-1], h["val_loss"][-1]])):
            text += " (the loss is not finite: try a lower learning rate)"
        return ("Settings changed, so a new model was started. " if restarted else "") + text

    def render_png(self) -> bytes:
        """The current figure as PNG bytes (what the output area shows)."""
        return _encode(self.drawing.render(), "png")

    def _redraw(self, update: bool = True) -> float:
        """Draws a frame into the image widget; returns the seconds it took."""
        start = time.perf_counter()
        if update:
            self.drawing.update()
        self.image.value = _encode(self.drawing.render(), "jpeg")
        seconds = time.perf_counter() - start
        self.frame_times = [*self.frame_times[-49:], seconds]
        return seconds
