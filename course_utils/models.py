"""Builders for the networks the course trains, and tools to look inside them.

* `build_mlp`: one builder for a linear model (no hidden layer), hidden layers
  without activation, and activated hidden layers, with optional dropout,
  batch normalization and L2, and a regression, sigmoid or softmax head.
  Every hidden layer is a `Dense` layer (the weighted sums, yellow in the
  course's diagrams) followed, when there is an activation, by an
  `Activation` layer (the nonlinear transformation, pink), just as the
  material draws it.
* `collapse_linear_layers`: the single weight matrix and bias that a stack of
  linear `Dense` layers is equivalent to.
* `resolve_activation`: turns an activation name or callable into a function,
  with a message listing the valid names when the name is unknown.
* `SampledSoftmaxModel` / `build_sampled_softmax_model`: a many-class
  classifier trained with `tf.nn.sampled_softmax_loss` (candidate sampling)
  in its own `train_step`, evaluated with the full softmax.
* `build_image_classifier` / `build_multilabel_classifier`: a small network
  on flattened image pixels with a softmax head (one label per image) or a
  sigmoid head (one logistic regression per label, several labels per image).

The builders return *uncompiled* models: the notebooks call `model.compile`
and `model.fit` themselves, because those are the Keras calls to learn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import keras
import numpy as np

from .validation import (
    check_array,
    check_bool,
    check_choice,
    check_float,
    check_int,
    check_int_sequence,
)

__all__ = [
    "OUTPUT_ACTIVATIONS",
    "OneVsAllClassifier",
    "activation_names",
    "activation_with_derivative",
    "SampledSoftmaxModel",
    "build_image_classifier",
    "build_mlp",
    "build_multilabel_classifier",
    "build_sampled_softmax_model",
    "collapse_linear_layers",
    "resolve_activation",
]

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
        raise TypeError(
            "Invalid type received for argument `activation`. Expected a Keras "
            "activation name, a callable or None. "
            f"Received: activation={activation!r} (of type {type(activation).__name__})"
        )
    names = activation_names()
    if activation not in names:
        raise ValueError(
            "Invalid value received for argument `activation`. Expected a callable or "
            f"one of {', '.join(repr(n) for n in names)}. Received: activation={activation!r}"
        )
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

    from .validation import check_array

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
        raise ValueError(
            "Invalid value received for argument `output_units`. Expected at least 2 "
            "output nodes with output_activation='softmax' (softmax over one node is "
            f"always 1). Received: output_units={output_units}"
        )
    dropout = check_float("dropout", dropout, min_value=0.0, max_value=1.0)
    batch_norm = check_bool("batch_norm", batch_norm)
    l2 = check_float("l2", l2, min_value=0.0)
    kernel_initializer = keras.initializers.get(kernel_initializer)
    bias_initializer = keras.initializers.get(bias_initializer)
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


def _nonlinear_error(layer, fn):
    return ValueError(
        "Invalid value received for argument `model`. Expected only linear layers. "
        f"Received a model whose layer {layer.name!r} applies the nonlinear activation "
        f"{getattr(fn, '__name__', fn)!r}: no single matrix can replace it."
    )


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
    if not isinstance(model, keras.Model):
        raise TypeError(
            "Invalid type received for argument `model`. Expected a Keras model. "
            f"Received: model of type {type(model).__name__}"
        )
    dense_layers = []
    for layer in model.layers:
        if isinstance(layer, (keras.layers.Dropout, keras.layers.InputLayer)):
            continue
        if isinstance(layer, keras.layers.Activation):
            if layer.activation is not keras.activations.linear:
                raise _nonlinear_error(layer, layer.activation)
            continue
        if not isinstance(layer, keras.layers.Dense):
            raise ValueError(
                "Invalid value received for argument `model`. Expected only Dense, "
                f"Dropout or linear Activation layers. Received a model with layer "
                f"{layer.name!r} of type {type(layer).__name__}."
            )
        dense_layers.append(layer)
    if not dense_layers:
        raise ValueError(
            "Invalid value received for argument `model`. Expected at least one Dense "
            "layer. Received a model with none."
        )
    for layer in dense_layers[:-1]:
        if layer.activation is not keras.activations.linear:
            raise _nonlinear_error(layer, layer.activation)
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


class SampledSoftmaxModel(keras.Model):
    """A classifier over very many classes, trained with a sampled softmax.

    The network is `hidden_units` ReLU layers followed by one output weight
    row and bias per class. At prediction time (`model(x)`, `predict`,
    `evaluate`) it computes the *full* softmax over every class. Training
    (`fit`) instead uses `tf.nn.sampled_softmax_loss`: for each batch it
    draws `num_sampled` classes uniformly at random (candidate sampling) and
    computes the softmax only over the true classes and those sampled
    negatives, so a step costs the same whether there are a thousand classes
    or a million.

    The gradient of the sampled loss touches only the output rows of the
    true and sampled classes (a `tf.IndexedSlices`). Plain SGD applies it as
    a sparse update; optimizers with per-weight state such as Adam update
    every row and give most of the saving back.

    Compile it with a full-softmax loss and metrics, e.g.
    `loss="sparse_categorical_crossentropy", metrics=["accuracy"]`: `fit`
    ignores them (its history holds "sampled_loss") and `evaluate`
    uses them.

    Args:
        input_dim: Number of input features.
        n_classes: Number of classes, at least 2.
        hidden_units: Units of each hidden ReLU layer. Defaults to (64,).
        num_sampled: Number of negative classes sampled per batch, from 1 to
            `n_classes`. Defaults to 64.
        remove_accidental_hits: Drop sampled classes that happen to be the
            true class of an example (`tf.nn.sampled_softmax_loss`'s option).
            Defaults to True.
        name: The model's name. Defaults to "sampled_softmax".
        **kwargs: Passed to `keras.Model`.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> model = SampledSoftmaxModel(16, 10_000, hidden_units=(64,), num_sampled=64)
    >>> model.compile(optimizer=keras.optimizers.SGD(0.1),
    ...               loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    """

    def __init__(
        self,
        input_dim: int,
        n_classes: int,
        *,
        hidden_units: Sequence[int] = (64,),
        num_sampled: int = 64,
        remove_accidental_hits: bool = True,
        name: str = "sampled_softmax",
        **kwargs,
    ):
        input_dim = check_int("input_dim", input_dim, min_value=1)
        n_classes = check_int("n_classes", n_classes, min_value=2)
        hidden_units = check_int_sequence("hidden_units", hidden_units, min_value=1)
        num_sampled = check_int("num_sampled", num_sampled, min_value=1, max_value=n_classes)
        remove_accidental_hits = check_bool("remove_accidental_hits", remove_accidental_hits)
        super().__init__(name=name, **kwargs)
        self.input_dim = input_dim
        self.n_classes = n_classes
        self.hidden_units = hidden_units
        self.num_sampled = num_sampled
        self.remove_accidental_hits = remove_accidental_hits
        self.hidden_layers = []
        width = input_dim
        for i, units in enumerate(hidden_units, start=1):
            layer = keras.layers.Dense(units, activation="relu", name=f"hidden_{i}")
            layer.build((None, width))
            self.hidden_layers.append(layer)
            width = units
        # One row per class, as tf.nn.sampled_softmax_loss expects:
        # shape (n_classes, width), the transpose of a Dense kernel.
        self.class_weights = self.add_weight(
            shape=(n_classes, width), initializer="glorot_uniform", name="class_weights")
        self.class_biases = self.add_weight(
            shape=(n_classes,), initializer="zeros", name="class_biases")
        self.sampled_loss_tracker = keras.metrics.Mean(name="sampled_loss")
        self.build((None, input_dim))

    def build(self, input_shape):
        self.built = True

    def features(self, inputs, training=False):
        """The last hidden layer's output for `inputs`."""
        h = inputs
        for layer in self.hidden_layers:
            h = layer(h, training=training)
        return h

    def logits(self, inputs, training=False):
        """The full logits: one score per class, shape (batch, n_classes)."""
        import tensorflow as tf

        h = self.features(inputs, training=training)
        return tf.matmul(h, self.class_weights, transpose_b=True) + self.class_biases

    def call(self, inputs, training=False):
        """The full softmax: a probability for every class."""
        import tensorflow as tf

        return tf.nn.softmax(self.logits(inputs, training=training))

    def sampled_loss(self, x, y, training=False):
        """The mean sampled softmax cross-entropy of a batch.

        Args:
            x: Inputs, shape (batch, input_dim).
            y: Integer class ids, shape (batch,) or (batch, 1).
            training: Passed to the hidden layers. Defaults to False.

        Returns:
            A scalar tensor.
        """
        import tensorflow as tf

        labels = tf.reshape(tf.cast(y, tf.int64), (-1, 1))
        # Classes are equally frequent here, so sample them uniformly (the
        # default, log-uniform, suits ids sorted from frequent to rare).
        sampled = tf.random.uniform_candidate_sampler(
            true_classes=labels, num_true=1, num_sampled=self.num_sampled, unique=True,
            range_max=self.n_classes)
        losses = tf.nn.sampled_softmax_loss(
            weights=_tf_value(self.class_weights),
            biases=_tf_value(self.class_biases),
            labels=labels,
            inputs=self.features(x, training=training),
            num_sampled=self.num_sampled,
            num_classes=self.n_classes,
            sampled_values=sampled,
            remove_accidental_hits=self.remove_accidental_hits,
        )
        return tf.reduce_mean(losses)

    def train_step(self, data):
        import tensorflow as tf

        x, y = data[0], data[1]
        with tf.GradientTape() as tape:
            loss = self.sampled_loss(x, y, training=True)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply(grads, self.trainable_variables)
        self.sampled_loss_tracker.update_state(loss)
        return {"sampled_loss": self.sampled_loss_tracker.result()}

    def get_metrics_result(self):
        # `fit` reports only the sampled loss; the compiled (full-softmax)
        # loss and metrics belong to `evaluate`, and stay unbuilt until then.
        results = {}
        for metric in self.metrics:
            if metric is self.sampled_loss_tracker or not getattr(metric, "built", True):
                continue
            result = metric.result()
            if isinstance(result, dict):
                results.update(result)
            else:
                results[metric.name] = result
        return results

    def get_config(self):
        return {
            "input_dim": self.input_dim,
            "n_classes": self.n_classes,
            "hidden_units": self.hidden_units,
            "num_sampled": self.num_sampled,
            "remove_accidental_hits": self.remove_accidental_hits,
            "name": self.name,
        }


def _tf_value(variable):
    """The backend variable, so that gathering rows gives a sparse gradient."""
    return getattr(variable, "value", variable)


def build_sampled_softmax_model(
    input_dim: int,
    n_classes: int,
    *,
    hidden_units: Sequence[int] = (64,),
    num_sampled: int = 64,
    remove_accidental_hits: bool = True,
    name: str = "sampled_softmax",
) -> SampledSoftmaxModel:
    """Builds an uncompiled `SampledSoftmaxModel` (see there).

    Args:
        input_dim: Number of input features.
        n_classes: Number of classes, at least 2.
        hidden_units: Units of each hidden ReLU layer. Defaults to (64,).
        num_sampled: Negative classes sampled per training batch, from 1 to
            `n_classes`. Defaults to 64.
        remove_accidental_hits: Drop sampled classes that equal the true
            class. Defaults to True.
        name: The model's name. Defaults to "sampled_softmax".

    Returns:
        The model, trained by `fit` with the sampled softmax and evaluated
        with the full softmax.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> model = build_sampled_softmax_model(16, 100_000, hidden_units=(64,))
    >>> model(np.zeros((2, 16), "float32")).shape
    TensorShape([2, 100000])
    """
    return SampledSoftmaxModel(input_dim, n_classes, hidden_units=hidden_units,
                               num_sampled=num_sampled,
                               remove_accidental_hits=remove_accidental_hits, name=name)


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
        raise ValueError(
            "Invalid value received for argument `image_shape`. Expected (height, width, "
            f"channels) for a convolutional network. Received: image_shape={image_shape}"
        )
    hidden_units = check_int_sequence("hidden_units", hidden_units, min_value=1)
    output_activation = check_choice("output_activation", output_activation,
                                     ("softmax", "sigmoid"))
    if output_activation == "softmax" and n_outputs < 2:
        raise ValueError(
            "Invalid value received for argument `n_outputs`. Expected at least 2 outputs "
            f"with output_activation='softmax'. Received: n_outputs={n_outputs}"
        )
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
    raise TypeError(
        "Invalid type received for argument `optimizer`. Expected an optimizer name such as "
        f"'adam' or a keras.optimizers.Optimizer. Received: optimizer={optimizer!r} "
        f"(of type {type(optimizer).__name__})"
    )


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
    every one of them.

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
        self.input_dim = check_int("input_dim", input_dim, min_value=1)
        self.n_classes = check_int("n_classes", n_classes, min_value=2)
        self.hidden_units = check_int_sequence("hidden_units", hidden_units, min_value=1)
        if not isinstance(name, str):
            raise TypeError(
                "Invalid type received for argument `name`. Expected a string. "
                f"Received: name={name!r} (of type {type(name).__name__})"
            )
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

        Args:
            optimizer: An optimizer name or a `keras.optimizers.Optimizer`,
                copied for each model. Defaults to "adam".
            loss: The loss of each binary model. Defaults to "binary_crossentropy".
            **kwargs: Passed on to `keras.Model.compile` (e.g. `metrics`).
        """
        for model in self.models:
            model.compile(optimizer=_fresh_optimizer(optimizer), loss=loss, **kwargs)
        self._compiled = True

    def _check_labels(self, x, y):
        x = np.asarray(x, dtype="float32")
        y = np.asarray(y)
        if x.ndim != 2 or x.shape[1] != self.input_dim:
            raise ValueError(
                "Invalid shape received for argument `x`. Expected shape "
                f"(n, {self.input_dim}). Received: x.shape={x.shape}"
            )
        if y.shape != (len(x),):
            raise ValueError(
                "Invalid shape received for argument `y`. Expected one integer class label "
                f"per example, shape ({len(x)},). Received: y.shape={y.shape}"
            )
        if not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0 or y.max() >= self.n_classes:
            raise ValueError(
                "Invalid value received for argument `y`. Expected integer class labels from "
                f"0 to {self.n_classes - 1}. Received labels from {y.min()} to {y.max()}"
            )
        return x, y.astype("int64")

    def fit(self, x, y, **kwargs) -> list:
        """Trains the N binary models one after the other.

        Model k is fitted with `keras.Model.fit(x, (y == k), **kwargs)`.

        Args:
            x: Inputs of shape (n, input_dim).
            y: Integer class labels 0 ... N-1 of shape (n,).
            **kwargs: Passed on to `keras.Model.fit` (epochs, batch_size,
                verbose, ...).

        Returns:
            The N `History` objects, one per class.

        Raises:
            RuntimeError: `compile` was not called first.
            ValueError: `x` or `y` has the wrong shape, or a label is out of range.
        """
        if not self._compiled:
            raise RuntimeError("Call `compile(...)` before `fit(...)`, as for a Keras model.")
        x, y = self._check_labels(x, y)
        return [model.fit(x, (y == k).astype("float32"), **kwargs)
                for k, model in enumerate(self.models)]

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
