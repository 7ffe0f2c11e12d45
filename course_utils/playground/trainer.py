"""Training a Playground network: `PlaygroundTrainer`, `train_playground`, `PlaygroundResult`.

Training runs a whole chunk of epochs in one `tf.function` call (shuffle,
mini-batch gradient steps with the Keras optimizer, then the loss on the full
training and test sets), because a `model.fit` call costs tens of
milliseconds per epoch on a CPU, which is more than these tiny networks need
to learn.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..datasets import make_features
from ..datasets import train_test_split as _train_test_split
from ..validation import check_float, check_int, type_error
from .config import PlaygroundConfig, as_config
from .data import playground_data

__all__ = ["PlaygroundResult", "PlaygroundTrainer", "build_playground_model",
           "train_playground"]

_KEYS = ("loss", "val_loss", "accuracy", "val_accuracy")


@dataclasses.dataclass
class PlaygroundResult:
    """What `train_playground` returns: the trained model, its curves, its data.

    Attributes:
        config: The `PlaygroundConfig` that was trained.
        model: The trained Keras model (input: the config's features). From
            `train_playground`, built from `weights` the first time you use it
            (a sweep that only reads accuracies builds no models); from
            `PlaygroundTrainer.result()`, the trainer's own model, which goes
            on training with it.
        weights: The trained weights, as `model.get_weights()` returns them.
        history: Dict of per-epoch lists: "loss" and "val_loss" (training and
            test loss, measured on the whole set after each epoch),
            "accuracy" and "val_accuracy" (NaN for regression). `plot_history`
            draws it.
        train_loss, test_loss, train_accuracy, test_accuracy: The values after
            the last epoch.
        x_train, y_train, x_test, y_test: The points (raw x1, x2) and labels
            (or regression targets).
        seed: The seed of the data and of the initial weights.
    """

    config: PlaygroundConfig
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
    weights: list[np.ndarray] = dataclasses.field(default_factory=list, repr=False)
    _model: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)

    @property
    def model(self):
        """The trained Keras model (built from `weights` on first use)."""
        if self._model is None:
            self._model = build_playground_model(self.config, seed=self.seed)
            self._model.set_weights(self.weights)
        return self._model

    @property
    def epochs(self) -> int:
        """Number of epochs trained."""
        return len(self.history["loss"])

    def summary(self) -> str:
        """One line: data set, features, layers, epochs, losses (and accuracy)."""
        c = self.config
        net = (f"hidden [{', '.join(map(str, c.hidden_units))}] {c.activation}"
               if c.hidden_units else "no hidden layer (linear)")
        text = (f"{c.dataset}: features [{', '.join(c.features)}], {net}, "
                f"{self.epochs} epochs | train loss {self.train_loss:.3f}, "
                f"test loss {self.test_loss:.3f}")
        if c.task != "regression":
            text += f", test accuracy {self.test_accuracy:.1%}"
        return text


def build_playground_model(config: PlaygroundConfig | Mapping | None = None, *,
                           seed: int = 0):
    """The Keras network of a Playground setting, with seeded initial weights.

    Layers as `course_utils.models.build_mlp` names them ("hidden_1",
    "activation_1", "dropout_1", ..., "output"); the head follows the data set
    (see `PlaygroundConfig.task`); L1 and L2 penalties apply to every kernel.
    The weights depend only on `seed` (no global random state is touched).

    Returns:
        An uncompiled `keras.Sequential` model.
    """
    import keras

    c = as_config(config)
    seed = check_int("seed", seed, min_value=0, max_value=2**31 - 1)
    regularizer = keras.regularizers.L1L2(l1=c.l1, l2=c.l2) if (c.l1 or c.l2) else None
    layers = [keras.Input(shape=(len(c.features),), name="input")]
    for i, units in enumerate(c.hidden_units, start=1):
        layers.append(keras.layers.Dense(
            units, kernel_initializer=_kernel_initializer(seed, i),
            kernel_regularizer=regularizer, name=f"hidden_{i}"))
        if c.activation != "linear":
            layers.append(keras.layers.Activation(c.activation, name=f"activation_{i}"))
        if c.dropout > 0:
            layers.append(keras.layers.Dropout(c.dropout, seed=seed * 101 + 50 + i,
                                               name=f"dropout_{i}"))
    layers.append(keras.layers.Dense(
        c.output_units, activation=c.output_activation,
        kernel_initializer=_kernel_initializer(seed, 0),
        kernel_regularizer=regularizer, name="output"))
    return keras.Sequential(layers, name="playground")


def _kernel_initializer(seed: int, layer_index: int):
    """The seeded initializer of Dense layer `layer_index` (hidden_1 is 1, the output 0)."""
    import keras

    return keras.initializers.GlorotUniform(seed=seed * 101 + layer_index)


class PlaygroundTrainer:
    """Builds one Playground network and trains it, chunk after chunk.

    The data come from `playground_data(config.dataset, ..., seed=data_seed)`
    and are split with `train_test_split`; the network is
    `build_playground_model(config, seed=seed)`, trained with the Keras
    optimizer named by the config on the task's loss (binary cross-entropy,
    mean squared error or categorical cross-entropy). Calling `train` again
    continues with the same model and optimizer. No global random state is
    changed: the weights, shuffling and dropout masks follow `seed`.

    Args:
        config: A `PlaygroundConfig` (or a dict of its fields). Defaults to
            None (the default config).
        seed: Seed of the initial weights, the shuffling and dropout.
            Defaults to 0.
        data_seed: Seed of the data and of the train/test split. Defaults to
            None (same as `seed`).
        reuse: An older trainer (or a list of them) to take the model, optimizer and traced
            training step from, when all shapes agree (same features count,
            layers, activation, dropout, penalties, optimizer, task, batch
            size and data sizes): the weights are set to this seed's initial
            ones and the optimizer state to zero, and no new trace is needed.
            The older trainer cannot train afterwards. Otherwise ignored.
            Defaults to None.

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
                 data_seed: int | None = None, reuse: PlaygroundTrainer | None = None):
        import keras

        self.config = as_config(config)
        self.seed = check_int("seed", seed, min_value=0, max_value=2**31 - 1)
        self.data_seed = self.seed if data_seed is None else check_int(
            "data_seed", data_seed, min_value=0, max_value=2**31 - 1)
        c = self.config
        x, y = playground_data(c.dataset, c.n_samples, noise=c.noise, seed=self.data_seed)
        self.x_train, self.x_test, self.y_train, self.y_test = _train_test_split(
            x, y, test_fraction=1.0 - c.train_fraction, seed=self.data_seed)
        self.history: dict[str, list[float]] = {key: [] for key in _KEYS}
        self._data = None
        self._signature = (len(c.features), c.hidden_units, c.activation, c.dropout, c.l1,
                           c.l2, c.optimizer, c.task, c.batch_size, len(self.y_train),
                           len(self.y_test))
        candidates = [] if reuse is None else (
            [reuse] if isinstance(reuse, PlaygroundTrainer) else list(reuse)
            if isinstance(reuse, (list, tuple)) else None)
        if candidates is None or not all(isinstance(t, PlaygroundTrainer) for t in candidates):
            raise type_error("reuse", "a PlaygroundTrainer, a list of them or None", reuse)
        reuse = next((t for t in candidates
                      if t._signature == self._signature and t.model is not None), None)
        if reuse is not None:
            # Same shapes: take over the model, optimizer and traced training step, and
            # give them fresh weights and optimizer state (no new trace).
            self.model, self.optimizer = reuse.model, reuse.optimizer
            self._loss_fn, self._train_chunk = reuse._loss_fn, reuse._train_chunk
            reuse.model = None  # retired: it no longer owns the model
            self._reinitialize()
            return
        self.model = build_playground_model(c, seed=self.seed)
        if c.optimizer == "adam":
            self.optimizer = keras.optimizers.Adam(c.learning_rate)
        else:
            self.optimizer = keras.optimizers.SGD(c.learning_rate)
        self.optimizer.build(self.model.trainable_variables)
        self._loss_fn = {"binary": keras.losses.BinaryCrossentropy(),
                         "regression": keras.losses.MeanSquaredError(),
                         "multiclass": keras.losses.SparseCategoricalCrossentropy()}[c.task]
        self._train_chunk = None  # traced on the first `train`

    def _reinitialize(self) -> None:
        """Sets the weights to those `build_playground_model(config, seed)` starts with."""
        import keras

        if self.config.dropout > 0:
            fresh = build_playground_model(self.config, seed=self.seed)
            self.model.set_weights(fresh.get_weights())
            for mine, new in zip(self.model.layers, fresh.layers, strict=True):
                if isinstance(mine, keras.layers.Dropout):  # the same masks as a fresh model
                    mine.seed_generator.state.assign(new.seed_generator.state.value)
        else:
            # No dropout: draw the initial weights as `build_playground_model` does,
            # without building a whole new model (that costs more than a short run).
            self.model.set_weights(_initial_weights(self.model, self.seed))
        for variable in self.optimizer.variables:
            variable.assign(np.zeros(variable.shape, variable.dtype))
        self.optimizer.learning_rate = self.config.learning_rate

    def _labels(self, y):
        if self.config.task == "multiclass":
            return y.astype("int32")
        return y.reshape(-1, 1).astype("float32")

    def _make_train_chunk(self):
        import tensorflow as tf

        # A callable object, not a closure: TensorFlow counts retracings per Python
        # function, and all closures share one code object, so every new network would
        # count as a "retracing" of one function. Each trainer's step is its own.
        return tf.function(_TrainChunk(self.model, self.optimizer, self._loss_fn,
                                       self.config, len(self.y_train)))

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

        The first call traces the training step (about a second); later
        calls reuse it.

        Args:
            epochs: Number of epochs, or None for `config.epochs`.
                Defaults to None.

        Returns:
            The new epochs' history (a dict of lists, like `self.history`).
        """
        import tensorflow as tf

        epochs = self.config.epochs if epochs is None else check_int(
            "epochs", epochs, min_value=1, max_value=10000)
        if self._train_chunk is None:
            self._train_chunk = self._make_train_chunk()
        if self.model is None:
            raise RuntimeError("This trainer's model was handed to a newer trainer (reuse=).")
        if self._data is None:
            c = self.config
            self._data = (tf.constant(make_features(self.x_train, c.features)),
                          tf.constant(self._labels(self.y_train)),
                          tf.constant(make_features(self.x_test, c.features)),
                          tf.constant(self._labels(self.y_test)))
        out = self._train_chunk(*self._data, tf.constant(epochs), tf.constant(self.epoch),
                                tf.constant(self.seed))
        new = {}
        for key, values in zip(_KEYS, out, strict=True):
            new[key] = [float(v) for v in values.numpy()]
            self.history[key].extend(new[key])
        return new

    def predict(self, x) -> np.ndarray:
        """The model's output for raw points (n, 2), in one direct call (no `predict`)."""
        features = make_features(x, self.config.features)
        return np.asarray(self.model(features, training=False))

    def _evaluate(self) -> tuple[float, float, float, float]:
        values = []
        for x, y in ((self.x_train, self.y_train), (self.x_test, self.y_test)):
            p = self.predict(x)
            loss = float(self._loss_fn(self._labels(y), p))
            if self.config.task == "binary":
                acc = float(np.mean((p[:, 0] > 0.5) == (y > 0.5)))
            elif self.config.task == "multiclass":
                acc = float(np.mean(p.argmax(axis=1) == y))
            else:
                acc = float("nan")
            values += [loss, acc]
        return values[0], values[2], values[1], values[3]

    def result(self) -> PlaygroundResult:
        """The model, history, final losses and accuracies, and data, as a result."""
        if self.epoch:
            h = self.history
            train_loss, test_loss = h["loss"][-1], h["val_loss"][-1]
            train_acc, test_acc = h["accuracy"][-1], h["val_accuracy"][-1]
        else:
            train_loss, test_loss, train_acc, test_acc = self._evaluate()
        result = PlaygroundResult(
            config=self.config, weights=self.model.get_weights(),
            history={k: list(v) for k, v in self.history.items()},
            train_loss=train_loss, test_loss=test_loss,
            train_accuracy=train_acc, test_accuracy=test_acc,
            x_train=self.x_train, y_train=self.y_train, x_test=self.x_test,
            y_test=self.y_test, seed=self.seed)
        result._model = self.model  # the live model: it goes on training with this trainer
        return result


def _initial_weights(model, seed: int) -> list[np.ndarray]:
    """The weights `build_playground_model(config, seed=seed)` starts with, for `model`'s shapes."""
    import keras

    weights = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            i = 0 if layer.name == "output" else int(layer.name.rsplit("_", 1)[1])
            init = _kernel_initializer(seed, i)
            weights.append(np.asarray(init(tuple(layer.kernel.shape))))
            weights.append(np.zeros(tuple(layer.bias.shape), "float32"))
    return weights


class _TrainChunk:
    """Several epochs of mini-batch training, then the losses on the whole sets (traced once)."""

    def __init__(self, model, optimizer, loss_fn, config, n):
        self.model, self.optimizer, self.loss_fn = model, optimizer, loss_fn
        self.task = config.task
        self.n = n
        self.batch = min(config.batch_size, n)
        self.n_batches = math.ceil(n / self.batch)

    def _accuracy(self, y, p):
        import tensorflow as tf

        if self.task == "binary":
            hits = tf.equal(tf.cast(p > 0.5, tf.float32), y)
        elif self.task == "multiclass":
            hits = tf.equal(tf.cast(tf.argmax(p, axis=1), tf.int32), y)
        else:
            return tf.constant(float("nan"))
        return tf.reduce_mean(tf.cast(hits, tf.float32))

    def __call__(self, xtr, ytr, xte, yte, epochs, first_epoch, seed):
        import tensorflow as tf

        model, optimizer, loss_fn = self.model, self.optimizer, self.loss_fn
        variables = model.trainable_variables
        batch = self.batch
        losses = tf.TensorArray(tf.float32, size=epochs)
        val_losses = tf.TensorArray(tf.float32, size=epochs)
        accs = tf.TensorArray(tf.float32, size=epochs)
        val_accs = tf.TensorArray(tf.float32, size=epochs)
        for e in tf.range(epochs):
            order = tf.argsort(tf.random.stateless_uniform(
                [self.n], seed=tf.stack([seed, first_epoch + e])))
            xs = tf.gather(xtr, order)
            ys = tf.gather(ytr, order)
            for b in tf.range(self.n_batches):
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
            accs = accs.write(e, self._accuracy(ytr, p_train))
            val_accs = val_accs.write(e, self._accuracy(yte, p_test))
        return losses.stack(), val_losses.stack(), accs.stack(), val_accs.stack()


def train_playground(config: PlaygroundConfig | Mapping | None = None, *,
                     epochs: int | None = None, seed: int = 0) -> PlaygroundResult:
    """Trains one Playground configuration and returns the result.

    Same data, same initial weights and same result for the same `seed` (on
    the same machine). Runs whose shapes agree (see `PlaygroundTrainer`'s
    `reuse`) share one traced training step, so a sweep over seeds or data
    sets traces once; each result has a model of its own.

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
    trainer = PlaygroundTrainer(config, seed=seed, reuse=list(_ENGINES.values()))
    trainer.train(epochs)
    result = trainer.result()
    # The trainer (its model and traced step) serves the next run of the same shapes; the
    # result keeps the trained weights and builds a model of its own when it is first asked.
    result._model = None
    _ENGINES.pop(trainer._signature, None)
    _ENGINES[trainer._signature] = trainer
    while len(_ENGINES) > _MAX_ENGINES:
        _ENGINES.pop(next(iter(_ENGINES)))
    return result


# Trainers kept by `train_playground` so that runs of the same shapes reuse one traced
# training step (tracing takes about a second; a run of a tiny network takes less).
_ENGINES: dict[tuple, PlaygroundTrainer] = {}
_MAX_ENGINES = 8
