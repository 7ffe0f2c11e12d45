"""Image classifiers with a softmax or a sigmoid head, and a one-vs-all ensemble
of binary classifiers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import keras
import numpy as np
import tensorflow as tf

from .. import validation
from ..validation import (
    check_array,
    check_choice,
    check_int,
    check_int_sequence,
)
from .mlp import build_mlp


def build_image_classifier(
    image_shape: Sequence[int],
    n_outputs: int,
    *,
    conv_filters: Sequence[int] = (16, 32),
    hidden_units: Sequence[int] = (),
    output_activation: str = "softmax",
    name: str | None = None,
) -> keras.Model:
    """Builds a small image classifier with a softmax or a sigmoid head.

    With `conv_filters`, the image goes through ReLU convolutions ("conv_1"
    with 5x5 kernels and stride 2, then "conv_2", ... with 3x3 kernels), and
    a global max pooling ("pool") keeps, for each filter, its strongest
    response anywhere in the image: "is there something red and round
    somewhere?". With `conv_filters=()` the pixels are simply flattened.
    Then come `hidden_units` ReLU layers ("hidden_1", ... each a `Dense`
    layer followed by an `Activation`) and the output layer ("output") with
    `output_activation`: "softmax" for one label per image (probabilities
    that compete and sum to 1), "sigmoid" for several labels per image (one
    independent logistic regression per label).

    Args:
        image_shape: Shape of one image, e.g. (32, 32, 3).
        n_outputs: Number of classes or labels.
        conv_filters: Filters of each convolution layer; () for none.
            Defaults to (16, 32).
        hidden_units: Units of each hidden ReLU layer. Defaults to ().
        output_activation: "softmax" or "sigmoid". Defaults to "softmax".
        name: The model's name, or None for a default. Defaults to None.

    Returns:
        An uncompiled `keras.Sequential` model.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> model = build_image_classifier((32, 32, 3), 6)
    >>> model.output_shape
    (None, 6)
    """
    image_shape = check_int_sequence("image_shape", image_shape, min_value=1, allow_empty=False)
    n_outputs = check_int("n_outputs", n_outputs, min_value=1)
    conv_filters = check_int_sequence("conv_filters", conv_filters, min_value=1)
    if conv_filters and len(image_shape) != 3:
        raise validation.value_error("image_shape", "(height, width, channels) for a "
                                     "convolutional network", image_shape)
    hidden_units = check_int_sequence("hidden_units", hidden_units, min_value=1)
    output_activation = check_choice("output_activation", output_activation,
                                     ("softmax", "sigmoid"))
    if output_activation == "softmax" and n_outputs < 2:
        raise validation.value_error("n_outputs", "at least 2 outputs with "
                                     "output_activation='softmax'", n_outputs)
    layers = [keras.Input(shape=image_shape, name="image")]
    for i, filters in enumerate(conv_filters, start=1):
        layers.append(keras.layers.Conv2D(filters, 5 if i == 1 else 3, strides=2 if i == 1 else 1,
                                          activation="relu", name=f"conv_{i}"))
    layers.append(keras.layers.GlobalMaxPooling2D(name="pool") if conv_filters
                  else keras.layers.Flatten(name="flatten"))
    for i, units in enumerate(hidden_units, start=1):
        layers.append(keras.layers.Dense(units, name=f"hidden_{i}"))
        layers.append(keras.layers.Activation("relu", name=f"activation_{i}"))
    layers.append(keras.layers.Dense(n_outputs, activation=output_activation, name="output"))
    default = "multi_label_classifier" if output_activation == "sigmoid" else "image_classifier"
    return keras.Sequential(layers, name=name or default)


def build_multilabel_classifier(
    image_shape: Sequence[int],
    n_labels: int,
    *,
    conv_filters: Sequence[int] = (16, 32),
    hidden_units: Sequence[int] = (),
    name: str | None = None,
) -> keras.Model:
    """Builds an image classifier with a multi-label head: one sigmoid per label.

    Each output unit is its own logistic regression on the shared hidden
    features: its probability does not depend on the other labels' logits,
    so an image can be "apple: 0.97, pear: 0.95" at once. Train it with
    `binary_crossentropy` on multi-hot labels. The same network as
    `build_image_classifier(..., output_activation="sigmoid")`.

    Args:
        image_shape: Shape of one image, e.g. (32, 32, 3).
        n_labels: Number of labels.
        conv_filters: Filters of each convolution layer; () for none.
            Defaults to (16, 32).
        hidden_units: Units of each hidden ReLU layer. Defaults to ().
        name: The model's name. Defaults to "multi_label_classifier".

    Returns:
        An uncompiled `keras.Sequential` model.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> model = build_multilabel_classifier((32, 32, 3), 6)
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    """
    n_labels = check_int("n_labels", n_labels, min_value=1)
    return build_image_classifier(image_shape, n_labels, conv_filters=conv_filters,
                                  hidden_units=hidden_units, output_activation="sigmoid",
                                  name=name)


def _fresh_optimizer(optimizer):
    """A new optimizer with the same settings: one Keras optimizer cannot serve several models."""
    if isinstance(optimizer, str):
        return keras.optimizers.get(optimizer)
    if isinstance(optimizer, keras.optimizers.Optimizer):
        return optimizer.__class__.from_config(optimizer.get_config())
    raise validation.type_error("optimizer", "an optimizer name such as 'adam' or a "
                                "keras.optimizers.Optimizer", optimizer)


class OneVsAllClassifier:
    """N separate binary classifiers, one per class, combined by the most confident one.

    Classifier k is an ordinary Keras model (from `build_mlp`, one sigmoid
    output) that answers "is this class k, or any other class?". `fit`
    trains each of them in turn on the same inputs with 0/1 labels
    `y == k`; `predict_proba` stacks their N probabilities, and `predict`
    picks the class whose classifier is most confident. The N probabilities
    are independent, so they need not add up to 1.

    The Keras models are in `models`; `compile` and `fit` take the same
    arguments as Keras's `Model.compile` and `Model.fit` and pass them on to
    every one of them (`fit` makes each model's batches itself, from
    `batch_size` and `shuffle`).

    Args:
        input_dim: Number of input features.
        n_classes: Number of classes N (at least 2): N binary models are built.
        hidden_units: Hidden layers of each binary model; () makes each one a
            logistic regression. Defaults to ().
        activation: Activation of the hidden layers. Defaults to "relu".
        name: Prefix of the models' names. Defaults to "one_vs_all".

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> ova = OneVsAllClassifier(64, 10)
    >>> ova.compile(optimizer="adam", metrics=["accuracy"])
    >>> histories = ova.fit(x_train, y_train, epochs=5, verbose=0)
    >>> accuracy = ova.accuracy(x_test, y_test)
    """

    def __init__(self, input_dim: int, n_classes: int, *, hidden_units: Sequence[int] = (),
                 activation: str | Callable | None = "relu", name: str = "one_vs_all"):
        self.input_dim = check_int("input_dim", input_dim, min_value=1, bytes_each=4)
        self.n_classes = check_int("n_classes", n_classes, min_value=2,  # one model per class
                                   bytes_each=4 * (self.input_dim + 1) + 50_000)
        self.hidden_units = check_int_sequence("hidden_units", hidden_units, min_value=1)
        validation.check_type("name", name, str, "a string")
        self.activation = activation
        self.name = name
        self.models = [
            build_mlp(self.input_dim, self.hidden_units, activation=activation, output_units=1,
                      output_activation="sigmoid", name=f"{name}_{k}_vs_all")
            for k in range(self.n_classes)
        ]
        self._compiled = False

    def compile(self, optimizer="adam", *, loss="binary_crossentropy", **kwargs) -> None:
        """Compiles every binary model (each gets its own copy of the optimizer).

        Each optimizer's state is created here, outside `fit`: Keras then
        traces each model's training step once instead of twice (a traced
        step that creates variables must be traced again), which halves the
        per-model overhead of the first `fit`.

        Args:
            optimizer: An optimizer name or a `keras.optimizers.Optimizer`,
                copied for each model. Defaults to "adam".
            loss: The loss of each binary model. Defaults to "binary_crossentropy".
            **kwargs: Passed on to `keras.Model.compile` (e.g. `metrics`).
        """
        for model in self.models:
            model.compile(optimizer=_fresh_optimizer(optimizer), loss=loss, **kwargs)
            model.optimizer.build(model.trainable_variables)
        self._compiled = True

    def _check_labels(self, x, y):
        x = validation.check_array("x", x, ndim=2, shape1=self.input_dim)  # finite too
        return x, validation.check_labels("y", y, self.n_classes, rows=len(x), rows_of="x")

    def fit(self, x, y, *, batch_size: int = 32, shuffle: bool = True, **kwargs) -> list:
        """Trains the N binary models one after the other.

        Model k trains on batches of `(x, y == k)`: the batches
        `keras.Model.fit(x, y == k, batch_size=batch_size, shuffle=shuffle)`
        would make (shuffled anew every epoch when `shuffle`), served by a
        plain `tf.data` pipeline, which costs less per `fit` than Keras's
        general pipeline for arrays.

        Args:
            x: Inputs of shape (n, input_dim).
            y: Integer class labels 0 ... N-1 of shape (n,).
            batch_size: Examples per gradient step. Defaults to 32, as in Keras.
            shuffle: Whether to shuffle the examples before every epoch.
                Defaults to True, as in Keras.
            **kwargs: Passed on to `keras.Model.fit` (epochs, verbose,
                callbacks, ...).

        Returns:
            The N `History` objects, one per class.

        Raises:
            RuntimeError: `compile` was not called first.
            ValueError: `x` or `y` has the wrong shape, or a label is out of range.
        """
        if not self._compiled:
            raise RuntimeError("Call `compile(...)` before `fit(...)`, as for a Keras model.")
        x, y = self._check_labels(x, y)
        batch_size = check_int("batch_size", batch_size, min_value=1)
        validation.check_type("shuffle", shuffle, bool, "True or False")
        histories = []
        for k, model in enumerate(self.models):
            batches = tf.data.Dataset.from_tensor_slices((x, (y == k).astype("float32")))
            if shuffle:
                batches = batches.shuffle(len(x))  # a new order every epoch
            # the batches are made here, so Keras must not try to shuffle them
            histories.append(model.fit(batches.batch(batch_size), shuffle=False, **kwargs))
        return histories

    def predict_proba(self, x, *, batch_size: int = 1024) -> np.ndarray:
        """Each binary model's probability that the inputs belong to its class.

        Args:
            x: Inputs of shape (n, input_dim).
            batch_size: Examples per forward pass. Defaults to 1024.

        Returns:
            float32 array of shape (n, N); rows need not sum to 1.
        """
        x = check_array("x", x, ndim=2, shape1=self.input_dim)
        batch_size = check_int("batch_size", batch_size, min_value=1)
        # Calling the models directly (not `predict`) avoids tracing N graphs
        # for a forward pass that costs microseconds.
        parts = []
        for start in range(0, len(x), batch_size):
            chunk = x[start:start + batch_size]
            parts.append(np.concatenate(
                [np.asarray(model(chunk, training=False)) for model in self.models], axis=1))
        return np.concatenate(parts, axis=0).astype("float32")

    def predict(self, x, *, batch_size: int = 1024) -> np.ndarray:
        """The class whose binary model is most confident, for each input.

        Args:
            x: Inputs of shape (n, input_dim).
            batch_size: Examples per forward pass. Defaults to 1024.

        Returns:
            int64 array of shape (n,).
        """
        return self.predict_proba(x, batch_size=batch_size).argmax(axis=1).astype("int64")

    def accuracy(self, x, y) -> float:
        """Share of examples whose predicted class is the true one.

        Args:
            x: Inputs of shape (n, input_dim).
            y: Integer class labels of shape (n,).

        Returns:
            The accuracy, in [0, 1].
        """
        x, y = self._check_labels(x, y)
        return float(np.mean(self.predict(x) == y))

    def count_params(self) -> int:
        """Total number of weights of the N models."""
        return int(sum(model.count_params() for model in self.models))
