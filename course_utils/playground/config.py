"""`PlaygroundConfig`: one setting of every Playground control, checked on creation."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .. import validation
from ..datasets import check_feature_names
from ..validation import check_choice, check_float, check_int, check_int_sequence
from .data import DATASET_TASKS, N_CLASSES

__all__ = ["PLAYGROUND_ACTIVATIONS", "PLAYGROUND_OPTIMIZERS", "PlaygroundConfig",
           "parse_hidden_units"]

PLAYGROUND_ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
PLAYGROUND_OPTIMIZERS = ("adam", "sgd")
_MAX_LAYERS = 8
_MAX_UNITS = 64


def _check_hidden_units(hidden_units) -> tuple[int, ...]:
    units = check_int_sequence("hidden_units", hidden_units, min_value=1)
    if len(units) > _MAX_LAYERS or any(u > _MAX_UNITS for u in units):
        raise validation.value_error(
            "hidden_units", f"at most {_MAX_LAYERS} hidden layers of 1 to {_MAX_UNITS} units "
            "each", units)
    return units


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig:
    """One setting of the Playground: data, input features, network, training.

    Every field is checked when the config is created; a wrong value raises
    with a message that names the field. Make a changed copy with
    `config.replace(hidden_units=(8,))` (or `dataclasses.replace`).

    The data set decides the task and with it the network's head and loss
    (`task`): "circle", "xor", "gauss", "spiral" are two-class sets (sigmoid
    output, binary cross-entropy); "plane" and "multigauss" are regression
    (linear output, mean squared error); "blobs" and "arms" have three classes
    (softmax output of three units, categorical cross-entropy).

    Args:
        dataset: A name from `course_utils.playground.DATASET_TASKS`.
            Defaults to "circle".
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
        l2: L2 regularization rate on every kernel, >= 0. Defaults to 0.0.
        dropout: Dropout rate after each hidden layer, in [0, 1).
            Defaults to 0.0.
        batch_size: Examples per gradient step. Defaults to 10.
        epochs: Epochs that `train_playground` (and the Train button) runs.
            Defaults to 100.
        optimizer: "adam" or "sgd". Defaults to "adam".
        l1: L1 regularization rate on every kernel, >= 0. Defaults to 0.0.

    Raises:
        TypeError: a field has the wrong type.
        ValueError: a field has a wrong value (zero units, no features, an
            unknown activation, ...).

    Example:

    >>> config = PlaygroundConfig(dataset="spiral", hidden_units=[8, 8])
    >>> config.hidden_units
    (8, 8)
    >>> PlaygroundConfig(dataset="blobs").task
    'multiclass'
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
    l1: float = 0.0

    def __post_init__(self):
        checked = {
            "dataset": check_choice("dataset", self.dataset, DATASET_TASKS),
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
            "l1": check_float("l1", self.l1, min_value=0.0, max_value=10.0),
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

    @property
    def task(self) -> str:
        """"binary", "regression" or "multiclass": set by the data set."""
        return DATASET_TASKS[self.dataset]

    @property
    def output_units(self) -> int:
        """Units of the output layer: 3 for the multi-class sets, else 1."""
        return N_CLASSES if self.task == "multiclass" else 1

    @property
    def output_activation(self) -> str:
        """"sigmoid", "linear" (regression) or "softmax" (multi-class)."""
        return {"binary": "sigmoid", "regression": "linear", "multiclass": "softmax"}[self.task]

    @property
    def loss_name(self) -> str:
        """The loss the task trains on, in words."""
        return {"binary": "binary cross-entropy", "regression": "mean squared error",
                "multiclass": "cross-entropy"}[self.task]


def as_config(config) -> PlaygroundConfig:
    """`config` as a `PlaygroundConfig` (from a config, a dict of fields or None)."""
    if config is None:
        return PlaygroundConfig()
    if isinstance(config, PlaygroundConfig):
        return config
    if isinstance(config, Mapping):
        return PlaygroundConfig(**config)
    raise validation.type_error("config", "a PlaygroundConfig, a dict of its fields or None",
                                config)


def parse_hidden_units(text: str) -> tuple[int, ...]:
    """Reads hidden layer sizes typed as text, e.g. "4, 2" -> (4, 2); "" -> ().

    Raises:
        TypeError: `text` is not a string.
        ValueError: an entry is not a whole number.
    """
    # The widget's field is `hidden_units`: the message names it.
    validation.check_type("hidden_units", text, str, "text such as '4, 2'")
    parts = [p.strip() for p in text.replace(";", ",").replace(" ", ",").split(",")]
    parts = [p for p in parts if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise validation.value_error(
            "hidden_units", "whole numbers separated by commas, e.g. '4, 2' (leave it empty for "
            "no hidden layer)", text) from None
