"""The measurement behind every callback: one training-mode pass on a fixed probe batch.

A *probe* runs the model on the probe batch exactly as `fit` does on a batch
(`model(x, training=True)`, then the compiled loss with `model.compute_loss`),
and returns what the callbacks record:

* the Euclidean norm of the loss gradient for every layer's kernel,
* for every ReLU-family layer, the fraction of its units that output exactly
  0 for every probe example,
* whether all weights are finite, and the loss.

**One mode, on purpose: training mode.** The gradients the optimizer follows
are training-mode gradients (batch normalization normalizes with the batch's
own statistics, dropout is active), so every monitor measures in that mode,
dead units included: a unit counts as dead when it is dead *as the optimizer
sees it*. Two things make measurements comparable over time and harmless:

* the same dropout masks every time: the random-seed states are set to the
  values they had when the probe was built before each pass, so two
  measurements differ only because the weights changed;
* nothing changes training: every non-trainable variable the pass touches
  (batch-norm moving statistics, random-seed states) is put back afterwards.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

from .. import validation

__all__ = ["Probe", "gradient_norms", "kernel_layers", "relu_layers"]

_RELU_FAMILY = ("relu", "relu6", "leaky_relu")


def check_probe(probe_x, probe_y=None, *, names=("probe_x", "probe_y")):
    """Checks a probe batch; `names` are the argument names used in messages."""
    x = validation.check_array(names[0], probe_x, min_rows=1, min_ndim=2)
    if probe_y is None:
        return x, None
    y = validation.check_array(names[1], probe_y, min_rows=1, rows=len(x), rows_of=names[0])
    return x, y


def kernel_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The layers with a trainable kernel (Dense, Conv2D, ...), input side first."""
    layers = [layer for layer in model.layers if layer.trainable
              and isinstance(getattr(layer, "kernel", None), keras.Variable)
              and layer.kernel.trainable]
    if not layers:
        validation.refuse_model("model", model, "at least one layer with a trainable kernel "
                                "(e.g. Dense)")
    return layers


def is_relu_family(layer: keras.layers.Layer) -> bool:
    """True for a ReLU/LeakyReLU layer, or any layer whose `activation` is relu-like."""
    if isinstance(layer, (keras.layers.ReLU, keras.layers.LeakyReLU)):
        return True
    return getattr(getattr(layer, "activation", None), "__name__", None) in _RELU_FAMILY


def relu_layers(model: keras.Model, *, required: bool) -> list[keras.layers.Layer]:
    """The ReLU-family layers of `model` whose outputs a probe can read.

    Args:
        model: A Sequential or functional Keras model.
        required: Raise if there is none (for `DeadUnitMonitor`); otherwise
            return [] when the outputs cannot be read.
    """
    for layer in model.layers:
        if isinstance(layer, keras.Model) and any(is_relu_family(inner)
                                                  for inner in layer.layers):
            if required:
                validation.refuse_model("model", model, "no nested model with ReLU layers "
                                        f"(layer '{layer.name}' is one: build the model flat, "
                                        "so that its ReLU layers can be read)")
            return []
    layers = [layer for layer in model.layers if is_relu_family(layer)]
    if required and not layers:
        validation.refuse_model("model", model, "at least one ReLU-family layer (a ReLU or "
                                "LeakyReLU layer, or a layer such as Dense or Conv2D with "
                                "activation relu, relu6 or leaky_relu)")
    try:
        model.inputs  # noqa: B018  (subclassed models have no graph of layer outputs)
        [layer.output for layer in layers]  # noqa: B018
    except (AttributeError, ValueError):
        if required:
            validation.refuse_model("model", model, "a Sequential or functional model whose "
                                    "layer outputs can be read (not a subclassed model)")
        return []
    return layers


def dead_fraction(output: tf.Tensor) -> tf.Tensor:
    """Fraction of units that are 0 for every example and position.

    A unit is one entry of the last axis: a neuron of a Dense layer, a
    channel (filter) of a convolution, whose map must be 0 everywhere.
    """
    axes = list(range(len(output.shape) - 1))
    dead = tf.reduce_all(tf.equal(output, 0.0), axis=axes)
    return tf.reduce_mean(tf.cast(dead, "float32"))


class Probe:
    """One training-mode measurement of `model` on `(x, y)`, as described above.

    Calling the probe returns a dict of tensors: "gradient_norms" (one per
    kernel layer, when `y` is given), "dead_fractions" (one per watched ReLU
    layer), "finite" (all weights finite) and "loss". `compiled()` gives the
    same measurement as a `tf.function`, built once and traced once: its
    inputs are fixed, so it never retraces.

    Args:
        model: A compiled Keras model (when `y` is given).
        x: The probe inputs (NumPy).
        y: The probe targets, or None to skip gradients and loss.
        watch_relu: Read the ReLU-family layers' outputs.
        relu_required: Refuse a model with no readable ReLU layer.
    """

    def __init__(self, model, x, y=None, *, watch_relu=False, relu_required=False):
        self.model = model
        self.x = tf.constant(x)
        self.y = None if y is None else tf.constant(y)
        self.kernel_layers = kernel_layers(model) if y is not None else []
        self.relu_layers = relu_layers(model, required=relu_required) if watch_relu else []
        if self.relu_layers:  # the same layers, with the ReLU outputs as extra outputs
            inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
            self.readout = keras.Model(inputs, [*model.outputs,
                                                *(layer.output for layer in self.relu_layers)])
        else:
            self.readout = model
        self.state = list(model.non_trainable_variables)
        self.fixed_state = [tf.constant(v.numpy()) for v in self.state]
        self._compiled = None

    def __call__(self):
        saved = [tf.identity(v.value) for v in self.state]
        for variable, value in zip(self.state, self.fixed_state, strict=True):
            variable.assign(value)  # same dropout masks at every measurement
        kernels = [layer.kernel for layer in self.kernel_layers]
        with tf.GradientTape() as tape:
            outputs = self.readout(self.x, training=True)
            if self.relu_layers:
                outputs = list(outputs)
                n_out = len(self.model.outputs)
                y_pred = outputs[0] if n_out == 1 else outputs[:n_out]
                activations = outputs[n_out:]
            else:
                y_pred, activations = outputs, []
            loss = (self.model.compute_loss(self.x, self.y, y_pred, training=True)
                    if self.y is not None else tf.zeros(()))
        grads = tape.gradient(loss, kernels) if kernels else []
        result = {
            "gradient_norms": tf.stack([tf.norm(tf.cast(g, "float32")) for g in grads])
            if grads else tf.zeros((0,)),
            "dead_fractions": tf.stack([dead_fraction(a) for a in activations])
            if activations else tf.zeros((0,)),
            "finite": tf.reduce_all([tf.reduce_all(tf.math.is_finite(w))
                                     for w in self.model.trainable_variables]),
            "loss": tf.cast(loss, "float32"),
        }
        for variable, value in zip(self.state, saved, strict=True):
            variable.assign(value)  # training goes on as if nothing was measured
        return result

    def compiled(self):
        """Runs the measurement as a `tf.function` (built on first use, traced once)."""
        if self._compiled is None:
            # The probe object itself, not its bound method: TensorFlow counts retracings per
            # Python function (its code), so every new probe would count as a "retracing" of
            # one shared method and print a warning. Each probe is traced once, on purpose.
            self._compiled = tf.function(self, autograph=False)
        return self._compiled()

    @property
    def tracing_count(self) -> int:
        """How many times the compiled measurement was traced (0 or 1)."""
        return 0 if self._compiled is None else self._compiled.experimental_get_tracing_count()


def gradient_norms(model: keras.Model, x, y) -> dict[str, float]:
    """Measures the norm of the loss gradient for every layer's kernel, once.

    The pass is a training-mode pass (see `course_utils.callbacks.probes`),
    run eagerly: a one-off measurement needs no tracing.

    Args:
        model: A compiled Keras model.
        x: A batch of inputs.
        y: The matching targets.

    Returns:
        A dict `{layer name: gradient norm}`, input side first.

    Raises:
        TypeError: `model` is not a Keras model, or `x`/`y` are not arrays.
        ValueError: `model` is not built or not compiled, has no kernel, or
            `x`/`y` do not fit it.

    Example:

    >>> norms = gradient_norms(model, x_train[:256], y_train[:256])
    >>> norms["hidden_1"] / norms["output"]   # tiny for a deep sigmoid net
    """
    validation.check_model("model", model, compiled=True)
    x, y = check_probe(x, y, names=("x", "y"))
    validation.check_fits_model("x", x, model)
    probe = Probe(model, x, y)
    norms = probe()["gradient_norms"].numpy()
    return {layer.name: float(v) for layer, v in zip(probe.kernel_layers, norms, strict=True)}


def to_floats(tensor) -> list[float]:
    """A 1-D tensor as a list of Python floats."""
    return [float(v) for v in np.asarray(tensor)]
