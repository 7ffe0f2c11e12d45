"""A TensorFlow Playground inside the notebook, on top of real Keras models.

Three layers, each usable on its own:

* `PlaygroundConfig`: one Playground setting (data set, noise, input
  features, hidden layers, activation, learning rate, L2, dropout, ...),
  checked when it is created, with Keras-style messages.
* `PlaygroundTrainer` and `train_playground`: build the network with
  `course_utils.models.build_mlp`, train it with a Keras optimizer and loss,
  and record the training and test loss after every epoch. `train_playground`
  trains one configuration and returns a `PlaygroundResult`; the trainer keeps
  its model so training can continue where it stopped (the widget's Step
  button).
* `Playground`: the ipywidgets front end. Controls on top, and an output
  area that shows the decision boundary over the data, the train and test
  loss curves and the network diagram, redrawn every few epochs while it
  trains.

Training runs a whole chunk of epochs in one `tf.function` call (shuffle,
mini-batch gradient steps with the Keras optimizer, then the loss on the full
training and test sets), because a `model.fit` call costs tens of
milliseconds per epoch on a CPU, which is more than these tiny networks need
to learn.

Example:

>>> config = PlaygroundConfig(dataset="xor", features=("x1", "x2", "x1*x2"),
...                           hidden_units=(), epochs=30)
>>> result = train_playground(config, seed=0)
>>> result.test_accuracy > 0.9
True
"""

from __future__ import annotations

import dataclasses
import html
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import validation
from .datasets import (
    PLAYGROUND_DATASETS,
    PLAYGROUND_FEATURES,
    check_feature_names,
    make_features,
    make_playground,
)
from .datasets import train_test_split as _train_test_split
from .validation import check_choice, check_float, check_int, check_int_sequence

__all__ = [
    "PLAYGROUND_ACTIVATIONS",
    "PLAYGROUND_OPTIMIZERS",
    "Playground",
    "PlaygroundConfig",
    "PlaygroundResult",
    "PlaygroundTrainer",
    "parse_hidden_units",
    "plot_playground",
    "train_playground",
]

PLAYGROUND_ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
PLAYGROUND_OPTIMIZERS = ("adam", "sgd")
# The TensorFlow Playground's menus.
_LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
_L2_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
_MAX_LAYERS = 8
_MAX_UNITS = 64


def _check_hidden_units(hidden_units) -> tuple[int, ...]:
    units = check_int_sequence("hidden_units", hidden_units, min_value=1)
    if len(units) > _MAX_LAYERS or any(u > _MAX_UNITS for u in units):
        raise validation.value_error("hidden_units", f"at most {_MAX_LAYERS} hidden layers of "
                                     f"1 to {_MAX_UNITS} units each", tuple(hidden_units))
    return units


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig:
    """One setting of the Playground: data, input features, network, training.

    Every field is checked when the config is created; a wrong value raises
    with a message that names the field. Make a changed copy with
    `config.replace(hidden_units=(8,))` (or `dataclasses.replace`).

    Args:
        dataset: "circle", "xor", "gauss" or "spiral". Defaults to "circle".
        noise: Noise in [0, 1] (the Playground's 0-50 slider is 0.0-0.5).
            Defaults to 0.0.
        train_fraction: Share of the points used for training, in
            [0.1, 0.9]; the rest is the test set. Defaults to 0.5.
        n_samples: Number of points in all. Defaults to 400.
        features: Input features, names from
            `course_utils.datasets.PLAYGROUND_FEATURES` ("x1", "x2", "x1^2",
            "x2^2", "x1*x2", "sin(x1)", "sin(x2)"). Defaults to ("x1", "x2").
        hidden_units: Units of each hidden layer, input side first; () is a
            linear model. Defaults to (4, 2).
        activation: Activation of the hidden layers: "relu", "tanh",
            "sigmoid" or "linear". Defaults to "tanh".
        learning_rate: Step size of the optimizer, > 0. Defaults to 0.03.
        l2: L2 regularization rate, >= 0. Defaults to 0.0.
        dropout: Dropout rate after each hidden layer, in [0, 1).
            Defaults to 0.0.
        batch_size: Examples per gradient step. Defaults to 10.
        epochs: Epochs that `train_playground` (and the Train button) runs.
            Defaults to 100.
        optimizer: "adam" or "sgd". Defaults to "adam".

    Raises:
        TypeError: a field has the wrong type.
        ValueError: a field has a wrong value (zero units, no features, an
            unknown activation, ...).

    Example:

    >>> config = PlaygroundConfig(dataset="spiral", hidden_units=[8, 8])
    >>> config.hidden_units
    (8, 8)
    """

    dataset: str = "circle"
    noise: float = 0.0
    train_fraction: float = 0.5
    n_samples: int = 400
    features: tuple[str, ...] = ("x1", "x2")
    hidden_units: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    l2: float = 0.0
    dropout: float = 0.0
    batch_size: int = 10
    epochs: int = 100
    optimizer: str = "adam"

    def __post_init__(self):
        checked = {
            "dataset": check_choice("dataset", self.dataset, PLAYGROUND_DATASETS),
            "noise": check_float("noise", self.noise, min_value=0.0, max_value=1.0),
            "train_fraction": check_float("train_fraction", self.train_fraction,
                                          min_value=0.1, max_value=0.9),
            "n_samples": check_int("n_samples", self.n_samples, min_value=20, max_value=5000),
            "features": check_feature_names(self.features),
            "hidden_units": _check_hidden_units(self.hidden_units),
            "activation": check_choice("activation", self.activation, PLAYGROUND_ACTIVATIONS),
            "learning_rate": check_float("learning_rate", self.learning_rate, min_value=0.0,
                                         max_value=10.0, include_min=False),
            "l2": check_float("l2", self.l2, min_value=0.0, max_value=10.0),
            "dropout": check_float("dropout", self.dropout, min_value=0.0, max_value=1.0,
                                   include_max=False),
            "batch_size": check_int("batch_size", self.batch_size, min_value=1,
                                    max_value=5000),
            "epochs": check_int("epochs", self.epochs, min_value=1, max_value=10000),
            "optimizer": check_choice("optimizer", self.optimizer, PLAYGROUND_OPTIMIZERS),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes) -> PlaygroundConfig:
        """Returns a copy with some fields changed (checked like a new config)."""
        return dataclasses.replace(self, **changes)

    @property
    def is_linear(self) -> bool:
        """True when the model is linear in its input features.

        That is the case with no hidden layer, or with hidden layers whose
        activation is "linear" (they collapse into one linear map).
        """
        return not self.hidden_units or self.activation == "linear"


@dataclasses.dataclass
class PlaygroundResult:
    """What `train_playground` returns: the trained model, its curves, its data.

    Attributes:
        config: The `PlaygroundConfig` that was trained.
        model: The trained Keras model (input: the config's features).
        history: Dict of per-epoch lists: "loss" and "val_loss" (training and
            test loss, measured on the whole set after each epoch),
            "accuracy" and "val_accuracy". `plot_history` draws it.
        train_loss, test_loss, train_accuracy, test_accuracy: The values after
            the last epoch.
        x_train, y_train, x_test, y_test: The points (raw x1, x2) and labels.
        seed: The seed of the data and of the initial weights.
    """

    config: PlaygroundConfig
    model: Any = dataclasses.field(repr=False)
    history: dict[str, list[float]] = dataclasses.field(repr=False)
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    x_train: np.ndarray = dataclasses.field(repr=False)
    y_train: np.ndarray = dataclasses.field(repr=False)
    x_test: np.ndarray = dataclasses.field(repr=False)
    y_test: np.ndarray = dataclasses.field(repr=False)
    seed: int = 0

    @property
    def epochs(self) -> int:
        """Number of epochs trained."""
        return len(self.history["loss"])

    def summary(self) -> str:
        """One line: data set, features, layers, epochs, losses and accuracies."""
        c = self.config
        net = (f"hidden [{', '.join(map(str, c.hidden_units))}] {c.activation}"
               if c.hidden_units else "no hidden layer (linear)")
        return (f"{c.dataset}: features [{', '.join(c.features)}], {net}, "
                f"{self.epochs} epochs | train loss {self.train_loss:.3f}, "
                f"test loss {self.test_loss:.3f}, test accuracy {self.test_accuracy:.1%}")


def _as_config(config) -> PlaygroundConfig:
    if config is None:
        return PlaygroundConfig()
    if isinstance(config, PlaygroundConfig):
        return config
    if isinstance(config, Mapping):
        return PlaygroundConfig(**config)
    raise validation.type_error("config", "a PlaygroundConfig, a dict of its fields or None",
                                config)


class _GridPredictor:
    """`predict` for drawing: one direct call of the model. `model.predict`
    costs about 0.1 s per call on a CPU, too slow for a live plot."""

    def __init__(self, model):
        self._model = model

    def predict(self, x, verbose=0, batch_size=None):  # the Keras signature
        return np.asarray(self._model(np.asarray(x, dtype="float32"), training=False))


class PlaygroundTrainer:
    """Builds one Playground network and trains it, chunk after chunk.

    The data come from `make_playground(config.dataset, ..., seed=data_seed)`
    and are split with `train_test_split`; the network is
    `build_mlp(len(config.features), config.hidden_units, ...)` with a sigmoid
    output, trained with the Keras optimizer named by the config on the
    binary cross-entropy. Calling `train` again continues with the same model
    and optimizer.

    Creating a trainer re-seeds Keras' global random generators with `seed`
    (`keras.utils.set_random_seed`), so that the initial weights repeat.

    Args:
        config: A `PlaygroundConfig` (or a dict of its fields). Defaults to
            None (the default config).
        seed: Seed of the initial weights, the shuffling and dropout.
            Defaults to 0.
        data_seed: Seed of the data and of the train/test split. Defaults to
            None (same as `seed`).

    Attributes:
        config, seed, data_seed: As given.
        model: The Keras model.
        history: Dict of per-epoch lists ("loss", "val_loss", "accuracy",
            "val_accuracy").
        x_train, y_train, x_test, y_test: The points (raw x1, x2) and labels.

    Example:

    >>> trainer = PlaygroundTrainer(PlaygroundConfig(dataset="circle"), seed=1)
    >>> _ = trainer.train(10)
    >>> _ = trainer.train(10)  # continues: 20 epochs in all
    >>> len(trainer.history["loss"])
    20
    """

    def __init__(self, config: PlaygroundConfig | Mapping | None = None, *, seed: int = 0,
                 data_seed: int | None = None):
        import keras
        import tensorflow as tf

        from .models import build_mlp

        self.config = _as_config(config)
        self.seed = check_int("seed", seed, min_value=0, max_value=2**31 - 1)
        self.data_seed = self.seed if data_seed is None else check_int(
            "data_seed", data_seed, min_value=0, max_value=2**31 - 1)
        c = self.config
        x, y = make_playground(c.dataset, c.n_samples, noise=c.noise, seed=self.data_seed)
        self.x_train, self.x_test, self.y_train, self.y_test = _train_test_split(
            x, y, test_fraction=1.0 - c.train_fraction, seed=self.data_seed)
        self.history: dict[str, list[float]] = {
            "loss": [], "val_loss": [], "accuracy": [], "val_accuracy": []}

        keras.utils.set_random_seed(self.seed)
        self.model = build_mlp(len(c.features), c.hidden_units, activation=c.activation,
                               dropout=c.dropout, l2=c.l2, name="playground")
        if c.optimizer == "adam":
            self.optimizer = keras.optimizers.Adam(c.learning_rate)
        else:
            self.optimizer = keras.optimizers.SGD(c.learning_rate)
        self.optimizer.build(self.model.trainable_variables)
        self._loss_fn = keras.losses.BinaryCrossentropy()
        self._train_chunk = self._make_train_chunk(tf)

    def _make_train_chunk(self, tf):
        c = self.config
        model, optimizer, loss_fn = self.model, self.optimizer, self._loss_fn
        xtr = tf.constant(make_features(self.x_train, c.features))
        ytr = tf.constant(self.y_train.reshape(-1, 1))
        xte = tf.constant(make_features(self.x_test, c.features))
        yte = tf.constant(self.y_test.reshape(-1, 1))
        n = len(self.y_train)
        batch = min(c.batch_size, n)
        n_batches = math.ceil(n / batch)
        variables = model.trainable_variables

        def accuracy(y, p):
            return tf.reduce_mean(tf.cast(tf.equal(tf.cast(p > 0.5, tf.float32), y), tf.float32))

        @tf.function
        def train_chunk(epochs, first_epoch, seed):
            losses = tf.TensorArray(tf.float32, size=epochs)
            val_losses = tf.TensorArray(tf.float32, size=epochs)
            accs = tf.TensorArray(tf.float32, size=epochs)
            val_accs = tf.TensorArray(tf.float32, size=epochs)
            for e in tf.range(epochs):
                order = tf.argsort(tf.random.stateless_uniform(
                    [n], seed=tf.stack([seed, first_epoch + e])))
                xs = tf.gather(xtr, order)
                ys = tf.gather(ytr, order)
                for b in tf.range(n_batches):
                    xb = xs[b * batch:(b + 1) * batch]
                    yb = ys[b * batch:(b + 1) * batch]
                    with tf.GradientTape() as tape:
                        loss = loss_fn(yb, model(xb, training=True))
                        if model.losses:
                            loss += tf.add_n(model.losses)
                    grads = tape.gradient(loss, variables)
                    optimizer.apply_gradients(zip(grads, variables, strict=True))
                p_train = model(xtr, training=False)
                p_test = model(xte, training=False)
                losses = losses.write(e, loss_fn(ytr, p_train))
                val_losses = val_losses.write(e, loss_fn(yte, p_test))
                accs = accs.write(e, accuracy(ytr, p_train))
                val_accs = val_accs.write(e, accuracy(yte, p_test))
            return losses.stack(), val_losses.stack(), accs.stack(), val_accs.stack()

        return train_chunk

    @property
    def epoch(self) -> int:
        """Number of epochs trained so far."""
        return len(self.history["loss"])

    def set_learning_rate(self, learning_rate: float) -> None:
        """Changes the learning rate without resetting the model (as the Playground does)."""
        learning_rate = check_float("learning_rate", learning_rate, min_value=0.0,
                                    max_value=10.0, include_min=False)
        self.optimizer.learning_rate = learning_rate
        self.config = self.config.replace(learning_rate=learning_rate)

    def train(self, epochs: int | None = None) -> dict[str, list[float]]:
        """Trains for more epochs, continuing from where the last call stopped.

        Args:
            epochs: Number of epochs, or None for `config.epochs`.
                Defaults to None.

        Returns:
            The new epochs' history (a dict of lists, like `self.history`).
        """
        import tensorflow as tf

        epochs = self.config.epochs if epochs is None else check_int(
            "epochs", epochs, min_value=1, max_value=10000)
        out = self._train_chunk(tf.constant(epochs), tf.constant(self.epoch),
                                tf.constant(self.seed))
        new = {}
        for key, values in zip(("loss", "val_loss", "accuracy", "val_accuracy"), out, strict=True):
            new[key] = [float(v) for v in values.numpy()]
            self.history[key].extend(new[key])
        return new

    def _evaluate(self) -> tuple[float, float, float, float]:
        c = self.config
        values = []
        for x, y in ((self.x_train, self.y_train), (self.x_test, self.y_test)):
            p = np.asarray(self.model(make_features(x, c.features), training=False))
            p = p.reshape(-1)
            p = np.clip(p, 1e-7, 1 - 1e-7)
            loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
            values += [loss, float(np.mean((p > 0.5) == (y > 0.5)))]
        return values[0], values[2], values[1], values[3]

    def result(self) -> PlaygroundResult:
        """The model, history, final losses and accuracies, and data, as a result."""
        if self.epoch:
            h = self.history
            train_loss, test_loss = h["loss"][-1], h["val_loss"][-1]
            train_acc, test_acc = h["accuracy"][-1], h["val_accuracy"][-1]
        else:
            train_loss, test_loss, train_acc, test_acc = self._evaluate()
        return PlaygroundResult(
            config=self.config, model=self.model,
            history={k: list(v) for k, v in self.history.items()},
            train_loss=train_loss, test_loss=test_loss,
            train_accuracy=train_acc, test_accuracy=test_acc,
            x_train=self.x_train, y_train=self.y_train, x_test=self.x_test,
            y_test=self.y_test, seed=self.seed)


def train_playground(config: PlaygroundConfig | Mapping | None = None, *,
                     epochs: int | None = None, seed: int = 0) -> PlaygroundResult:
    """Trains one Playground configuration and returns the result.

    Same data, same initial weights and same result for the same `seed` (on
    the same machine).

    Args:
        config: A `PlaygroundConfig`, a dict of its fields, or None for the
            default. Defaults to None.
        epochs: Epochs to train, or None for `config.epochs`. Defaults to None.
        seed: Seed of the data, the split, the initial weights and the
            shuffling. Defaults to 0.

    Returns:
        A `PlaygroundResult` (model, per-epoch history with "loss" and
        "val_loss", final train/test loss and accuracy, the data).

    Raises:
        TypeError, ValueError: a wrong config, `epochs` or `seed`; the message
            names it.

    Example:

    >>> result = train_playground(PlaygroundConfig(dataset="gauss", hidden_units=()),
    ...                           epochs=20, seed=3)
    >>> result.test_accuracy > 0.9
    True
    """
    trainer = PlaygroundTrainer(config, seed=seed)
    trainer.train(epochs)
    return trainer.result()


def _draw_feature_names(ax, features, max_nodes):
    """Writes the feature names under the input row that `plot_network` drew."""
    shown = min(len(features), max_nodes)
    xs = np.arange(shown) - (shown - 1) / 2
    for i, (xv, name) in enumerate(zip(xs, features[:shown], strict=True)):
        if len(features) > max_nodes and i >= shown - 2:
            break
        ax.text(xv, -0.27, name, ha="right" if len(features) > 3 else "center", va="top",
                fontsize=6.5, color="#1f4e79", rotation=35 if len(features) > 3 else 0,
                rotation_mode="anchor")


def plot_playground(result, *, fig=None, resolution: int = 70):
    """Draws a Playground run: network, decision boundary with data, loss curves.

    Args:
        result: A `PlaygroundResult` or a `PlaygroundTrainer`.
        fig: Matplotlib Figure to draw on (it should be empty), or None for a
            new figure. Defaults to None.
        resolution: Grid points per axis of the decision boundary.
            Defaults to 70.

    Returns:
        The Figure, with three Axes: network, boundary, loss.

    Example:

    >>> fig = plot_playground(train_playground(epochs=10))
    """
    import matplotlib.pyplot as plt

    if isinstance(result, PlaygroundTrainer):
        result = result.result()
    if not isinstance(result, PlaygroundResult):
        raise validation.type_error("result", "a PlaygroundResult or a PlaygroundTrainer",
                                    result)
    resolution = check_int("resolution", resolution, min_value=10, max_value=400)
    if fig is None:
        fig = plt.figure(figsize=(13, 4))
    return _draw_playground(fig, result, resolution)


def _network_image(model, features) -> np.ndarray:
    """The network diagram as an RGBA array, drawn once per model for the widget."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .plotting import plot_network

    fig = Figure(figsize=(4.4, 3.4))
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.08, 0.8, 0.84))
    plot_network(model, ax=ax, max_nodes=8, title="")
    _draw_feature_names(ax, features, 8)
    fig.suptitle("Network", fontsize=10)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _draw_playground(fig, result: PlaygroundResult, resolution: int, network=None):
    from .plotting import CLASS_COLORS, plot_decision_boundary, plot_network

    c = result.config
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.5, 1, 1.1]})
    fig.subplots_adjust(left=0.01, right=0.98, bottom=0.14, top=0.9, wspace=0.3)
    if network is None:
        plot_network(result.model, ax=axes[0], max_nodes=8, title="Network")
        _draw_feature_names(axes[0], c.features, 8)
    else:
        axes[0].imshow(network, interpolation="antialiased")
        axes[0].axis("off")
    x_all = np.concatenate([result.x_train, result.x_test])
    plot_decision_boundary(_GridPredictor(result.model), result.x_train, result.y_train,
                           ax=axes[1], features=c.features, resolution=resolution, margin=0.3)
    for label, color in enumerate(CLASS_COLORS):
        sel = result.y_test == label
        axes[1].scatter(result.x_test[sel, 0], result.x_test[sel, 1], s=14, c=color,
                        edgecolors="k", linewidths=0.7)
    lo, hi = x_all.min(axis=0) - 0.3, x_all.max(axis=0) + 0.3
    axes[1].set_xlim(lo[0], hi[0])
    axes[1].set_ylim(lo[1], hi[1])
    axes[1].set_xlabel("x1   (ringed dots: test data)")
    axes[1].set_title(f"{c.dataset}: test accuracy {result.test_accuracy:.0%}", fontsize=10)
    ax = axes[2]
    h = result.history
    if h["loss"]:
        epochs = np.arange(1, len(h["loss"]) + 1)
        ax.plot(epochs, h["loss"], color="#333333", lw=1.6, label="training loss")
        ax.plot(epochs, h["val_loss"], color="#e8710a", lw=1.6, ls="--", label="test loss")
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, "not trained yet", ha="center", va="center",
                transform=ax.transAxes, color="#777777")
    ax.set_xlabel("epoch")
    ax.set_ylabel("binary cross-entropy")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Epoch {result.epochs}: train {result.train_loss:.3f}, "
                 f"test {result.test_loss:.3f}", fontsize=10)
    return fig


def parse_hidden_units(text: str) -> tuple[int, ...]:
    """Reads hidden layer sizes typed as text, e.g. "4, 2" -> (4, 2); "" -> ().

    Raises:
        TypeError: `text` is not a string.
        ValueError: an entry is not a whole number.
    """
    if not isinstance(text, str):
        raise validation.type_error("hidden_units", "text such as '4, 2'", text)
    parts = [p.strip() for p in text.replace(";", ",").replace(" ", ",").split(",")]
    parts = [p for p in parts if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise validation.value_error("hidden_units", "whole numbers separated by commas, e.g. "
                                     "'4, 2' (leave it empty for no hidden layer)",
                                     text) from None


class Playground:
    """The TensorFlow Playground as a Jupyter widget, training real Keras models.

    Pick a data set, input features, layers and training settings with the
    controls on top; **Train** runs the epochs set by the slider, redrawing the decision
    boundary, the loss curves and the network every `chunk_epochs` epochs;
    **Step** trains one chunk; **Reset** starts again with new random weights.
    Changing the data, features or network starts a new model on the next
    Train or Step; changing the learning rate keeps the model. An invalid
    setting is refused with a message in the status line.

    Everything the buttons do is also a method (`train`, `step`, `reset`,
    `set`), so a notebook or a test can drive the widget without clicking.

    Args:
        config: Initial settings, a `PlaygroundConfig` or a dict of its
            fields. Defaults to None (the default config).
        seed: Seed of the data and of the first model's weights. Defaults to 0.
        chunk_epochs: Epochs between two redraws (and per Step). Defaults to 10.
        resolution: Grid points per axis of the live decision boundary.
            Defaults to 70.

    Attributes:
        widget: The ipywidgets box to display (displaying the Playground
            itself does the same).
        controls: Dict of the control widgets by config field.
        status: The HTML status line (`message` holds its plain text).
        output: The `ipywidgets.Output` holding the figure (CSS class
            "playground-output").
        trainer: The current `PlaygroundTrainer`.

    Example:

    >>> pg = Playground(PlaygroundConfig(dataset="xor"))
    >>> pg.train(20)   # in a notebook: display(pg), then click Train
    >>> pg.step()
    >>> len(pg.history["loss"])
    30
    """

    def __init__(self, config: PlaygroundConfig | Mapping | None = None, *, seed: int = 0,
                 chunk_epochs: int = 10, resolution: int = 70):
        config = _as_config(config)
        self.seed = check_int("seed", seed, min_value=0, max_value=2**31 - 1)
        self.chunk_epochs = check_int("chunk_epochs", chunk_epochs, min_value=1,
                                      max_value=1000)
        self.resolution = check_int("resolution", resolution, min_value=10, max_value=400)
        self._init_seed = self.seed
        self._network = self._network_for = None
        self._build_widgets(config)
        self.trainer = PlaygroundTrainer(config, seed=self._init_seed, data_seed=self.seed)
        self._redraw()
        self._set_status(f"Ready: {self._describe(config)}. Press Train.")

    # ---- widgets -------------------------------------------------------
    def _build_widgets(self, c: PlaygroundConfig) -> None:
        import ipywidgets as w

        def menu(values, value):
            options = sorted(set(values) | {value})
            return w.Dropdown(options=[(f"{v:g}", v) for v in options], value=value,
                              layout=w.Layout(width="150px"))

        style = {"description_width": "78px"}
        full = w.Layout(width="235px")
        self.controls = {
            "dataset": w.ToggleButtons(options=list(PLAYGROUND_DATASETS), value=c.dataset,
                                       style={"button_width": "64px"},
                                       layout=w.Layout(width="290px")),
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
            "l2": menu(_L2_RATES, c.l2),
            "optimizer": w.Dropdown(options=list(PLAYGROUND_OPTIMIZERS), value=c.optimizer,
                                    description="optimizer", style=style, layout=full),
            "batch_size": w.IntSlider(value=c.batch_size, min=1, max=max(50, c.batch_size),
                                      description="batch size", style=style, layout=full),
            "epochs": w.IntSlider(value=c.epochs, min=10, max=max(500, c.epochs), step=10,
                                  description="epochs", style=style, layout=full),
        }
        self._hidden = {"n_samples": c.n_samples}
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
        self.output = w.Output(layout=w.Layout(min_height="330px"))
        self.output.add_class("playground-output")

        def heading(text):
            return w.HTML(f"<b style='color:#555'>{text}</b>")

        ctl = self.controls
        feature_boxes = list(ctl["features"].values())

        def column(*children, width="245px"):
            return w.VBox(list(children), layout=w.Layout(width=width, margin="0 8px 0 0"))

        def labelled(text, control):
            return w.HBox([w.Label(text, layout=w.Layout(width="82px")), control])

        controls = w.HBox([
            column(heading("DATA"), ctl["dataset"], ctl["noise"], ctl["train_fraction"],
                   width="295px"),
            column(heading("FEATURES"),
                   w.GridBox(feature_boxes,
                             layout=w.Layout(grid_template_columns="repeat(2, 88px)")),
                   width="190px"),
            column(heading("NETWORK"), ctl["hidden_units"], ctl["activation"], ctl["dropout"]),
            column(heading("TRAINING"), labelled("learning rate", ctl["learning_rate"]),
                   labelled("L2 rate", ctl["l2"]), ctl["optimizer"], ctl["batch_size"],
                   ctl["epochs"]),
        ], layout=w.Layout(flex_flow="row wrap"))
        buttons = w.HBox([self.train_button, self.step_button, self.reset_button, self.status],
                         layout=w.Layout(align_items="center"))
        self.widget = w.VBox([controls, buttons, self.output])
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
        return PlaygroundConfig(
            dataset=ctl["dataset"].value,
            noise=ctl["noise"].value,
            train_fraction=round(ctl["train_fraction"].value, 3),
            n_samples=self._hidden["n_samples"],
            features=tuple(n for n, box in ctl["features"].items() if box.value),
            hidden_units=parse_hidden_units(ctl["hidden_units"].value),
            activation=ctl["activation"].value,
            learning_rate=ctl["learning_rate"].value,
            l2=ctl["l2"].value,
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
        refused with a message in the status line and nothing changes.

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
            new = dataclasses.replace(current or PlaygroundConfig(), **settings)
        except (TypeError, ValueError) as err:
            self._set_status(str(err), error=True)
            return False
        self._show_config(new)
        self._set_status(f"Settings applied: {self._describe(new)}.")
        return True

    def _show_config(self, c: PlaygroundConfig) -> None:
        ctl = self.controls
        for name in ("learning_rate", "l2"):
            options = dict(ctl[name].options)
            value = getattr(c, name)
            if f"{value:g}" not in options:
                ctl[name].options = sorted([*options.items(), (f"{value:g}", value)],
                                           key=lambda item: item[1])
        ctl["noise"].max = max(0.5, c.noise)
        ctl["dropout"].max = max(0.9, c.dropout)
        ctl["epochs"].max = max(ctl["epochs"].max, c.epochs)
        ctl["batch_size"].max = max(ctl["batch_size"].max, c.batch_size)
        for name in ("dataset", "noise", "train_fraction", "activation", "learning_rate",
                     "l2", "dropout", "optimizer", "batch_size", "epochs"):
            ctl[name].value = getattr(c, name)
        ctl["hidden_units"].value = ", ".join(map(str, c.hidden_units))
        for name, box in ctl["features"].items():
            box.value = name in c.features
        self._hidden["n_samples"] = c.n_samples

    # ---- actions -------------------------------------------------------
    @staticmethod
    def _describe(c: PlaygroundConfig) -> str:
        layers = ", ".join(map(str, c.hidden_units)) or "none (linear model)"
        return (f"{c.dataset}, features [{', '.join(c.features)}], hidden layers [{layers}], "
                f"{c.activation}")

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
        self.trainer = PlaygroundTrainer(config, seed=self._init_seed, data_seed=self.seed)
        return True

    def train(self, epochs: int | None = None) -> None:
        """Trains for `epochs` (None: the epochs slider), redrawing every chunk.

        Continues the current model unless the data, features or network
        settings changed, in which case a new model is started.
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
        for button in (self.train_button, self.step_button, self.reset_button):
            button.disabled = True
        try:
            while done < epochs:
                chunk = min(self.chunk_epochs, epochs - done)
                self.trainer.train(chunk)
                done += chunk
                self._redraw()
                self._set_status(self._progress(restarted))
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
        self.trainer = PlaygroundTrainer(config, seed=self._init_seed, data_seed=self.seed)
        self._redraw()
        self._set_status(f"New model (weights seed {self._init_seed}): "
                         f"{self._describe(config)}. Press Train.")

    def _progress(self, restarted: bool) -> str:
        h = self.trainer.history
        text = (f"Epoch {self.trainer.epoch}: training loss {h['loss'][-1]:.3f}, "
                f"test loss {h['val_loss'][-1]:.3f}, test accuracy {h['val_accuracy'][-1]:.1%}")
        if not all(np.isfinite([h["loss"][-1], h["val_loss"][-1]])):
            text += " (the loss is not finite: try a lower learning rate)"
        return ("Settings changed, so a new model was started. " if restarted else "") + text

    def render_png(self, *, dpi: int = 80) -> bytes:
        """The current figure as PNG bytes (what the output area shows)."""
        from matplotlib.figure import Figure

        if self._network_for is not self.trainer:
            self._network = _network_image(self.trainer.model, self.trainer.config.features)
            self._network_for = self.trainer
        fig = Figure(figsize=(11, 3.6))
        _draw_playground(fig, self.trainer.result(), self.resolution, network=self._network)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    def _redraw(self) -> None:
        from IPython.display import Image, display

        png = self.render_png()
        with self.output:
            self.output.clear_output(wait=True)
            display(Image(data=png, format="png"))
