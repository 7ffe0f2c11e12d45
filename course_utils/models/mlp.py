"""Activation functions by name, the `build_mlp` builder, and the collapse of
linear layers into one matrix."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import keras
import numpy as np

from .. import validation
from ..validation import (
    check_bool,
    check_choice,
    check_float,
    check_int,
    check_int_sequence,
)

OUTPUT_ACTIVATIONS = ("linear", "sigmoid", "softmax")


_NOT_ACTIVATIONS = {"get", "serialize", "deserialize"}


def activation_names() -> list[str]:
    """Returns the names of the activation functions Keras knows, sorted."""
    return sorted(
        name
        for name in dir(keras.activations)
        if not name.startswith("_")
        and name not in _NOT_ACTIVATIONS
        and callable(getattr(keras.activations, name))
    )


def resolve_activation(activation: str | Callable | None) -> Callable | None:
    """Turns an activation given by name or as a function into a function.

    Args:
        activation: A Keras activation name such as "relu", any callable
            mapping a tensor to a tensor of the same shape, or None / "linear"
            for no activation.

    Returns:
        The callable, or None when there is no activation.

    Raises:
        TypeError: `activation` is neither a string, a callable nor None.
        ValueError: an unknown name; the message lists the valid ones.

    Example:

    >>> resolve_activation("relu").__name__
    'relu'
    """
    if activation is None:
        return None
    if callable(activation):
        return activation
    if not isinstance(activation, str):
        raise validation.type_error("activation", "a Keras activation name, a callable or "
                                    "None", activation)
    names = activation_names()
    if activation not in names:
        raise validation.value_error("activation", "a callable or one of "
                                     + ", ".join(repr(n) for n in names), activation)
    if activation == "linear":
        return None
    return getattr(keras.activations, activation)


def activation_with_derivative(activation: str | Callable, x) -> tuple[np.ndarray, np.ndarray]:
    """Evaluates an activation function and its derivative at the points `x`.

    The derivative comes from TensorFlow's automatic differentiation
    (`tf.GradientTape`), the same machinery that trains networks, so it works
    for any activation, including one you write yourself.

    Args:
        activation: A Keras activation name, or a callable on tensors.
        x: 1-D array of inputs (the weighted sums a unit receives).

    Returns:
        `(y, dy)`: the activation's values and its derivative at `x`, as
        float32 arrays of the same shape as `x`.

    Raises:
        TypeError, ValueError: `activation` is unknown or `x` is not numeric.

    Example:

    >>> y, dy = activation_with_derivative("sigmoid", [0.0])
    >>> float(y[0]), float(dy[0])
    (0.5, 0.25)
    """
    import tensorflow as tf

    from ..validation import check_array

    fn = resolve_activation(activation) or keras.activations.linear
    x = tf.constant(check_array("x", x, ndim=1))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    dy = tape.gradient(y, x)
    if dy is None:  # the function does not depend on x at all
        dy = tf.zeros_like(x)
    return np.asarray(y, dtype="float32"), np.asarray(dy, dtype="float32")


def _activation_layer(activation, name):
    fn = resolve_activation(activation)
    if fn is None:
        return None
    return keras.layers.Activation(activation if isinstance(activation, str) else fn, name=name)


def build_mlp(
    input_dim: int,
    hidden_units: Sequence[int] = (),
    *,
    activation: str | Callable | None = "relu",
    output_units: int = 1,
    output_activation: str = "sigmoid",
    dropout: float = 0.0,
    batch_norm: bool = False,
    l2: float = 0.0,
    kernel_initializer: str | keras.initializers.Initializer = "glorot_uniform",
    bias_initializer: str | keras.initializers.Initializer = "zeros",
    name: str | None = None,
) -> keras.Model:
    """Builds a fully connected network (a multi-layer perceptron).

    The layers are, for each entry of `hidden_units`: a `Dense` layer with no
    activation (named "hidden_1", ...), then optionally `BatchNormalization`,
    then the `Activation` layer ("activation_1", ...) unless `activation` is
    None or "linear", then optionally `Dropout`. Last comes the output `Dense`
    layer ("output") with `output_activation`.

    With `hidden_units=()` this is a linear model (linear or logistic
    regression, or multinomial regression with softmax).

    Args:
        input_dim: Number of input features.
        hidden_units: Units of each hidden layer, input side first.
            Defaults to () (no hidden layer).
        activation: Activation of the hidden layers: a Keras name (see
            `activation_names()`), any callable, or None / "linear" for
            none. Defaults to "relu".
        output_units: Number of output nodes. Defaults to 1.
        output_activation: "linear" (regression), "sigmoid" (one probability
            per output node) or "softmax" (probabilities summing to 1).
            Defaults to "sigmoid".
        dropout: Dropout rate in [0, 1] after each hidden layer. Defaults to 0.0.
        batch_norm: Add batch normalization after each hidden `Dense` layer.
            Defaults to False.
        l2: L2 regularization factor on every kernel. Defaults to 0.0.
        kernel_initializer: Initializer of every kernel. Defaults to
            "glorot_uniform".
        bias_initializer: Initializer of every bias. Defaults to "zeros".
        name: The model's name, or None for a default. Defaults to None.

    Returns:
        An uncompiled `keras.Sequential` model.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> model = build_mlp(2, [8, 8], activation="tanh")
    >>> [layer.name for layer in model.layers]
    ['hidden_1', 'activation_1', 'hidden_2', 'activation_2', 'output']
    """
    input_dim = check_int("input_dim", input_dim, min_value=1)
    hidden_units = check_int_sequence("hidden_units", hidden_units, min_value=1)
    resolve_activation(activation)  # validates
    output_units = check_int("output_units", output_units, min_value=1)
    output_activation = check_choice("output_activation", output_activation, OUTPUT_ACTIVATIONS)
    if output_activation == "softmax" and output_units < 2:
        raise validation.value_error("output_units", "at least 2 output nodes with "
                                     "output_activation='softmax' (softmax over one node is "
                                     "always 1)", output_units)
    sizes = {"input_dim": input_dim, "hidden_units": max(hidden_units, default=0),
             "output_units": output_units}
    widths = [input_dim, *hidden_units, output_units]
    biggest = max(sizes, key=sizes.get)
    validation.check_memory(biggest, locals()[biggest],
                            4 * sum(a * b + b for a, b in zip(widths, widths[1:])))
    dropout = check_float("dropout", dropout, min_value=0.0, max_value=1.0)
    batch_norm = check_bool("batch_norm", batch_norm)
    l2 = check_float("l2", l2, min_value=0.0)
    kernel_initializer = validation.check_keras_object("kernel_initializer", kernel_initializer,
                                                       "initializer")
    bias_initializer = validation.check_keras_object("bias_initializer", bias_initializer,
                                                     "initializer")
    regularizer = keras.regularizers.L2(l2) if l2 > 0 else None

    def fresh_kernel_initializer(index):
        # A fresh initializer per layer; a seeded one gets seed + index, so
        # layers of the same shape do not start with identical weights.
        config = keras.initializers.serialize(kernel_initializer)
        seed = config.get("config", {}).get("seed")
        if isinstance(seed, int):
            config["config"]["seed"] = seed + index
        return keras.initializers.deserialize(config)

    def dense(units, layer_name, act=None, index=0):
        return keras.layers.Dense(
            units,
            activation=act,
            kernel_initializer=fresh_kernel_initializer(index),
            bias_initializer=bias_initializer,
            kernel_regularizer=regularizer,
            name=layer_name,
        )

    layers = [keras.Input(shape=(input_dim,), name="input")]
    for i, units in enumerate(hidden_units, start=1):
        layers.append(dense(units, f"hidden_{i}", index=i))
        if batch_norm:
            layers.append(keras.layers.BatchNormalization(name=f"batch_norm_{i}"))
        act_layer = _activation_layer(activation, f"activation_{i}")
        if act_layer is not None:
            layers.append(act_layer)
        if dropout > 0:
            layers.append(keras.layers.Dropout(dropout, name=f"dropout_{i}"))
    layers.append(dense(output_units, "output", output_activation, index=len(hidden_units) + 1))
    return keras.Sequential(layers, name=name or ("linear_model" if not hidden_units else "mlp"))


def _nonlinear_error(model, layer, fn):
    validation.refuse_model("model", model, "only linear layers (no single matrix can "
                            f"replace layer {layer.name!r}, whose activation is "
                            f"{getattr(fn, '__name__', fn)!r})")


def _chain_of_layers(model):
    """The model's layers, after checking that each one feeds the next and nothing else."""
    validation.check_model("model", model)
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if isinstance(model, keras.Sequential):
        return layers
    try:
        inputs, outputs = model.inputs, model.outputs
        previous = inputs[0]
        for layer in layers:
            if len(inputs) != 1 or len(outputs) != 1 or layer.input is not previous:
                raise ValueError(layer.name)
            previous = layer.output
        if previous is not outputs[0]:
            raise ValueError("output")
    except (AttributeError, ValueError, TypeError):
        validation.refuse_model("model", model, "a single chain of layers from one input to "
                                "one output (a Sequential model or a functional model without "
                                "branches; not a subclassed model)")
    return layers


def collapse_linear_layers(model: keras.Model) -> tuple[np.ndarray, np.ndarray]:
    """Computes the single linear layer that a stack of linear layers equals.

    Each `Dense` layer without activation computes `h @ W + b`. Two of them
    in a row compute `(x @ W1 + b1) @ W2 + b2 = x @ (W1 @ W2) + (b1 @ W2 + b2)`:
    again one weight matrix and one bias. This function folds every `Dense`
    layer of `model` that way.

    Layers that are the identity at prediction time (`Dropout`, linear
    `Activation`) are skipped. The output layer's own activation (say a
    sigmoid) is ignored, so the result reproduces the model's *logits*; any
    nonlinearity *between* layers is refused, because then no single matrix
    exists.

    Args:
        model: A built Keras model made of `Dense` layers.

    Returns:
        `(weights, bias)`: arrays of shapes (input_dim, output_units) and
        (output_units,).

    Raises:
        TypeError: `model` is not a Keras model.
        ValueError: the model has a hidden nonlinearity, batch normalization
            or a layer that is not `Dense`, or no `Dense` layer at all.

    Example:

    >>> m = build_mlp(3, [4], activation=None, output_activation="linear")
    >>> w, b = collapse_linear_layers(m)
    >>> w.shape, b.shape
    ((3, 1), (1,))
    """
    dense_layers = []
    for layer in _chain_of_layers(model):
        if isinstance(layer, keras.layers.Dropout):
            continue
        if isinstance(layer, keras.layers.Activation):
            if layer.activation is not keras.activations.linear:
                _nonlinear_error(model, layer, layer.activation)
            continue
        if not isinstance(layer, keras.layers.Dense):
            validation.refuse_model("model", model, "only Dense, Dropout or linear Activation "
                                    f"layers (layer {layer.name!r} is a "
                                    f"{type(layer).__name__})")
        dense_layers.append(layer)
    if not dense_layers:
        validation.refuse_model("model", model, "at least one Dense layer")
    for layer in dense_layers[:-1]:
        if layer.activation is not keras.activations.linear:
            _nonlinear_error(model, layer, layer.activation)
    first = dense_layers[0]
    weights = np.asarray(first.kernel.numpy(), dtype="float64")
    bias = (np.asarray(first.bias.numpy(), dtype="float64") if first.use_bias
            else np.zeros(first.units))
    for layer in dense_layers[1:]:
        kernel = np.asarray(layer.kernel.numpy(), dtype="float64")
        layer_bias = (np.asarray(layer.bias.numpy(), dtype="float64") if layer.use_bias
                      else np.zeros(layer.units))
        weights = weights @ kernel
        bias = bias @ kernel + layer_bias
    return weights.astype("float32"), bias.astype("float32")
