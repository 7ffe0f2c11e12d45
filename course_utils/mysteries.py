"""Mystery training runs for the capstone: four runs that go wrong in four ways.

`make_mysteries(seed)` sets up four small training runs, named "A" to "D" in
an order that depends on the seed, each failing in one of the ways the course
showed:

* "vanishing": a deep sigmoid network under plain SGD barely learns;
* "exploding": a deep ReLU regression network with large initial weights
  blows up to inf/NaN;
* "dead_relu": a ReLU network trained with a far too high learning rate
  loses most of its units for good;
* "overfitting": a wide network trained long on a few noisy points fits the
  noise and gets worse on new data.

The sizes (depth, learning rate, initial scale, number of points) vary with
the seed too, so the answer cannot be learned by heart. Each run can be
trained as it is, or with exactly *one* setting changed (one change at a
time, the course's rule), with any Keras callbacks attached:

>>> runs = make_mysteries(0)
>>> result = runs[0].fit(callbacks=[...])            # as it is: the evidence
>>> fixed = runs[0].fit(learning_rate=0.01)           # one change: a fix?

`MysteryRun.baseline()` is the run without any change (trained once and
kept): the control that a fix is measured against.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import keras
import numpy as np
import tensorflow as tf

from .validation import check_choice, check_int, type_error, value_error

__all__ = ["CAUSES", "SETTINGS", "MysteryResult", "MysteryRun", "make_mysteries", "reveal"]

#: The four failures a mystery run can have.
CAUSES = ("vanishing", "exploding", "dead_relu", "overfitting")

#: The settings a learner may change, one at a time, and what each accepts.
SETTINGS = {
    "activation": "an activation name, e.g. 'relu', 'tanh', 'leaky_relu'",
    "kernel_initializer": "an initializer name, e.g. 'he_normal', 'glorot_uniform'",
    "learning_rate": "a positive float",
    "optimizer": "'sgd' or 'adam'",
    "batch_norm": "True or False",
    "clipnorm": "a positive float (gradient clipping by norm), or None",
    "dropout": "a float in [0, 1)",
    "l2": "a float >= 0 (L2 penalty on the kernels)",
    "epochs": "a positive int",
}


class MysteryResult:
    """What one training of a mystery run gave.

    Attributes:
        history: Keras's `History.history`: per-epoch "loss", "val_loss" and,
            for classification, "accuracy" and "val_accuracy".
        change: The one setting changed for this training (empty: none).
        model: The trained Keras model (compiled; a model of its own, which
            later trainings of the run leave as it is).
    """

    def __init__(self, history: dict, change: dict, model: keras.Model | None = None, *,
                 rebuild=None):
        self.history = history
        self.change = change
        self._model = model
        self._rebuild = rebuild  # builds `model` on first use (most results never need it)

    def __repr__(self) -> str:
        return f"MysteryResult(change={self.change!r}, epochs={len(self.history.get('loss', []))})"

    @property
    def model(self) -> keras.Model | None:
        """The trained Keras model (see the class docstring)."""
        if self._model is None and self._rebuild is not None:
            self._model, self._rebuild = self._rebuild(), None
        return self._model

    @property
    def final_loss(self) -> float:
        """The last training loss (inf when training blew up)."""
        return _last_finite_or_inf(self.history.get("loss", []))

    @property
    def final_val_loss(self) -> float:
        """The last validation loss (inf when training blew up)."""
        return _last_finite_or_inf(self.history.get("val_loss", []))


def _last_finite_or_inf(values) -> float:
    if not values:
        return float("inf")
    last = float(values[-1])
    return last if np.isfinite(last) else float("inf")


@dataclasses.dataclass(eq=False)
class MysteryRun:
    """One mystery: data, a network and a training recipe that fails somehow.

    Attributes:
        name: "A", "B", "C" or "D".
        task: "classification" (two classes, sigmoid output) or "regression".
        x_train, y_train: The training data.
        x_val, y_val: Validation data (never trained on).
        settings: The recipe: `hidden_units`, `activation`,
            `kernel_initializer`, `init_scale`, `optimizer`, `learning_rate`,
            `batch_norm`, `clipnorm`, `dropout`, `l2`, `epochs`, `batch_size`.
    """

    name: str
    task: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    settings: dict
    seed: int
    _cause: str = dataclasses.field(repr=False)
    _baseline: MysteryResult | None = dataclasses.field(default=None, repr=False)
    # One compiled model per structure (layers + optimizer), trained again by every `fit`
    # with that structure: a new model would trace its train step again (about a second).
    _trainers: dict = dataclasses.field(default_factory=dict, repr=False)
    # The seeded initial weights of every network built so far: a reused model is reset to them
    # without building the network again (a tenth of a second for a deep one).
    _initial_weights: dict = dataclasses.field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (f"MysteryRun({self.name!r}, {self.task}, {len(self.x_train)} training and "
                f"{len(self.x_val)} validation examples)")

    def build(self, **change) -> keras.Model:
        """The run's network, compiled, with at most one setting changed.

        Args:
            **change: At most one of `SETTINGS`, e.g. `learning_rate=0.01`.

        Returns:
            A compiled Keras model, with the same initial weights for the same
            run and change.

        Raises:
            ValueError: more than one change, or a setting that is not in
                `SETTINGS`.
        """
        s = self._settings_with(change)
        model = self._initial_model(s)
        self._initial_weights.setdefault(_network(s), model.get_weights())
        optimizer_cls = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}[
            s["optimizer"]]
        optimizer = optimizer_cls(learning_rate=s["learning_rate"], clipnorm=s["clipnorm"])
        if self.task == "classification":
            model.compile(optimizer=optimizer, loss="binary_crossentropy",
                          metrics=["accuracy"])
        else:
            model.compile(optimizer=optimizer, loss="mse")
        # The optimizer's state (Adam: two numbers per weight) made now: left to `fit`, it is
        # made inside the first traced step, and TensorFlow traces that step a second time.
        optimizer.build(model.trainable_variables)
        if self.task == "classification":  # the accuracy metric's variables too (same reason)
            sample = self.x_train[:1]
            model.compute_metrics(sample, self.y_train[:1], model(sample, training=False))
            model.reset_metrics()
        return model

    def _initial_model(self, s: dict) -> keras.Model:
        """The uncompiled network of settings `s`, with this run's seeded initial weights."""
        keras.utils.set_random_seed(self.seed)  # same start for every change
        init = s["kernel_initializer"]
        if init == "scaled_normal":
            init = keras.initializers.RandomNormal(stddev=s["init_scale"])
        return _build(self, s, init)

    def fit(self, *, callbacks: Sequence[keras.callbacks.Callback] = (),
            **change) -> MysteryResult:
        """Trains the run (with at most one setting changed) and returns the result.

        Every training starts from the weights `build(**change)` gives. A change
        that keeps the layers and the optimizer (`learning_rate`, `epochs`,
        `kernel_initializer`) trains the run's compiled model again, reset to
        those weights and to a fresh optimizer state: the same training as a
        new model, without tracing its train step again.

        Args:
            callbacks: Keras callbacks to attach, e.g. the course's monitors.
                Defaults to ().
            **change: At most one of `SETTINGS`.

        Returns:
            A `MysteryResult`. A run without a change is kept as `baseline()`.
        """
        s = self._settings_with(change)
        trainer, validate = self._trainers.get(_structure(s), (None, None))
        if trainer is None:
            trainer = self.build(**change)
            validate = _Predict(trainer, self.x_val)
            self._trainers[_structure(s)] = trainer, validate
        else:  # same layers and optimizer: reuse the compiled model, traced train step and all
            if _network(s) not in self._initial_weights:
                self._initial_weights[_network(s)] = self._initial_model(s).get_weights()
            trainer.set_weights(self._initial_weights[_network(s)])
            for variable in trainer.optimizer.variables:  # a fresh optimizer: step 0, no moments
                if variable.path != trainer.optimizer.learning_rate.path:
                    variable.assign(np.zeros(variable.shape, variable.dtype))
            trainer.optimizer.learning_rate = s["learning_rate"]
        keras.utils.set_random_seed(self.seed)  # the same shuffling either way
        validation = _ValidationLog(validate, self.y_val, self.task)
        history = trainer.fit(_batches(self.x_train, self.y_train, s["batch_size"]),
                              steps_per_epoch=math.ceil(len(self.x_train) / s["batch_size"]),
                              epochs=s["epochs"], shuffle=False, verbose=0,
                              callbacks=[validation, *callbacks])
        weights = trainer.get_weights()

        def rebuild():
            model = self.build(**change)
            model.set_weights(weights)
            return model

        result = MysteryResult(history=dict(history.history), change=dict(change),
                               rebuild=rebuild)
        if not change and self._baseline is None:
            self._baseline = result
        return result

    def baseline(self) -> MysteryResult:
        """The run as it is, without any change (trained on first use, then kept)."""
        if self._baseline is None:
            self.fit()
        return self._baseline

    def _settings_with(self, change: dict) -> dict:
        if len(change) > 1:
            raise value_error(
                "change", "at most one change at a time (so the result says which one did it)",
                change, received=": " + ", ".join(f"{k}={v!r}" for k, v in change.items()))
        for key in change:
            check_choice("setting", key, tuple(SETTINGS))
        s = dict(self.settings)
        s.update(change)
        return s


def _batches(x, y, batch_size) -> tf.data.Dataset:
    """Shuffled batches, reshuffled every epoch, without end: what `fit(x, y, shuffle=True)` feeds.

    One endless dataset read for `steps_per_epoch` batches per epoch: `fit` then
    opens its iterator once, where with NumPy arrays it opens new ones every
    epoch (tens of milliseconds each, more than the epoch's training on these
    small runs).
    """
    return (tf.data.Dataset.from_tensor_slices((x, y))
            .shuffle(len(x), reshuffle_each_iteration=True).batch(batch_size).repeat())


class _Predict:
    """`model(x_val, training=False)` as a `tf.function`, traced once per compiled model.

    A direct (eager) call costs 5-15 ms on these small networks, every epoch of
    every training; the traced one about 1 ms, after a trace of a few
    hundredths of a second that every later training of the same model reuses.
    Keras's own validation would trace a whole evaluation function instead.
    """

    def __init__(self, model, x_val):
        self.model, self.x_val = model, tf.constant(x_val)
        # This object, not a bound method: TensorFlow counts traces per Python function, and
        # each run's first trace of one shared method would count as a "retracing" of it.
        self.compiled = tf.function(self, autograph=False)

    def __call__(self):
        return self.model(self.x_val, training=False)


class _ValidationLog(keras.callbacks.Callback):
    """Adds "val_loss" (and "val_accuracy") to the epoch's logs, as `validation_data` would.

    `predict` is the `_Predict` of the model being trained.
    """

    def __init__(self, predict, y_val, task):
        super().__init__()
        self.predict, self.y_val, self.task = predict, y_val, task

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        y_pred = np.asarray(self.predict.compiled(), dtype="float64")
        y_true = np.asarray(self.y_val, dtype="float64").reshape(y_pred.shape)
        if self.task == "classification":
            p = np.clip(y_pred, 1e-7, 1 - 1e-7)
            logs["val_loss"] = float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
            logs["val_accuracy"] = float(np.mean((y_pred > 0.5) == (y_true > 0.5)))
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                logs["val_loss"] = float(np.mean((y_pred - y_true) ** 2))


#: The settings that `fit` can change on a compiled model without building a new one.
_REUSABLE = ("kernel_initializer", "init_scale", "learning_rate", "epochs")


def _structure(s: dict) -> tuple:
    """What makes two trainings need different compiled models (layers, optimizer, batches)."""
    return tuple((k, repr(v)) for k, v in sorted(s.items()) if k not in _REUSABLE)


def _network(s: dict) -> tuple:
    """What decides a network's seeded initial weights: all but the training's length and step."""
    return tuple((k, repr(v)) for k, v in sorted(s.items())
                 if k not in ("learning_rate", "epochs"))


def _build(run: MysteryRun, s: dict, init) -> keras.Model:
    from .models import build_mlp

    return build_mlp(
        run.x_train.shape[1], s["hidden_units"], activation=s["activation"],
        output_activation="sigmoid" if run.task == "classification" else "linear",
        dropout=float(s["dropout"]), batch_norm=bool(s["batch_norm"]), l2=float(s["l2"]),
        kernel_initializer=init, name=f"mystery_{run.name}")


_BASE = {"activation": "relu", "kernel_initializer": "he_normal", "init_scale": None,
         "optimizer": "sgd", "learning_rate": 0.05, "batch_norm": False, "clipnorm": None,
         "dropout": 0.0, "l2": 0.0, "epochs": 20, "batch_size": 32}


def _circle(n_train, n_val, noise, rng):
    from .datasets import make_playground

    x, y = make_playground("circle", n_train + n_val, noise=noise,
                           seed=int(rng.integers(2**31)))
    x = (x / 6.0).astype("float32")  # inputs scaled to about [-1, 1]
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def _recipe(cause: str, rng: np.random.Generator):
    """(task, data, settings) of a run that fails by `cause`; sizes drawn from `rng`."""
    s = dict(_BASE)
    if cause == "vanishing":
        data = _circle(512, 256, 0.1, rng)
        s.update(hidden_units=[16] * int(rng.integers(8, 11)), activation="sigmoid",
                 learning_rate=0.1, epochs=8)
        return "classification", data, s
    if cause == "exploding":
        from .datasets import make_linear_regression

        x, y = make_linear_regression(768, seed=int(rng.integers(2**31)))
        data = (x[:512], y[:512], x[512:], y[512:])
        s.update(hidden_units=[32] * int(rng.integers(5, 8)), kernel_initializer="scaled_normal",
                 init_scale=float(rng.uniform(0.4, 0.6)), learning_rate=0.01, epochs=10)
        return "regression", data, s
    if cause == "dead_relu":
        data = _circle(512, 256, 0.1, rng)
        s.update(hidden_units=[32, 32, 32], learning_rate=float(rng.uniform(3.5, 5.0)),
                 epochs=8)
        return "classification", data, s
    n_train = int(rng.integers(50, 70))
    data = _circle(n_train, 400, 0.35, rng)
    s.update(hidden_units=[128, 128], optimizer="adam", learning_rate=0.01, epochs=40,
             batch_size=8)
    return "classification", data, s


def make_mysteries(seed: int = 0) -> list[MysteryRun]:
    """Four mystery runs, one per cause in `CAUSES`, named "A"-"D" in a seeded order.

    Args:
        seed: Chooses the order, the sizes and the data. Defaults to 0.

    Returns:
        A list of four `MysteryRun`s, named "A", "B", "C", "D".

    Example:

    >>> [run.name for run in make_mysteries(1)]
    ['A', 'B', 'C', 'D']
    """
    seed = check_int("seed", seed, min_value=0, max_value=2**31 - 1)
    rng = np.random.default_rng(seed)
    causes = [CAUSES[i] for i in rng.permutation(len(CAUSES))]
    runs = []
    for name, cause in zip("ABCD", causes):
        task, (x_train, y_train, x_val, y_val), settings = _recipe(cause, rng)
        runs.append(MysteryRun(name=name, task=task, x_train=x_train, y_train=y_train,
                               x_val=x_val, y_val=y_val, settings=settings,
                               seed=int(rng.integers(2**31)), _cause=cause))
    return runs


def reveal(runs: Sequence[MysteryRun]) -> dict[str, MysteryRun]:
    """The answer: each cause with its run. Call it only after you named them yourself.

    Args:
        runs: The list that `make_mysteries` returned.

    Returns:
        A dict from cause (see `CAUSES`) to the `MysteryRun` that has it.

    Raises:
        TypeError: `runs` is not a list of `MysteryRun`s.
    """
    if not isinstance(runs, (list, tuple)) or not all(isinstance(r, MysteryRun) for r in runs):
        raise type_error("runs", "the list that `make_mysteries` returns", runs)
    return {run._cause: run for run in runs}
