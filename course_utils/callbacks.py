"""Keras callbacks that measure the health of training on a fixed probe batch.

* `GradientNormHistory`: the norm of the loss gradient with respect to every
  layer's kernel, per layer, over training. Vanishing gradients show up as
  lower layers' norms orders of magnitude below the upper layers'; exploding
  gradients as norms that grow by orders of magnitude.
* `DeadUnitMonitor`: for every ReLU-family layer, the fraction of units that
  output exactly 0 for *every* probe example ("dead" units), over training.
* `TrainingDiagnostics`: watches for vanishing gradients, exploding
  gradients, non-finite loss or weights, and dead units, and names what it
  sees together with the course's remedy. It stops training on NaN/inf.

Each callback measures on the same small batch `(probe_x, probe_y)` that you
give it, so that numbers from different moments can be compared. They record
into plain dicts of lists (`.history`) or lists of findings (`.findings`);
drawing is left to `course_utils.plotting` (`plot_gradient_norms`,
`plot_dead_fraction`). With `log_dir=...` they also write TensorBoard
summaries.

Measuring never changes training: the probe pass runs in training mode (as
the optimizer sees the network, batch normalization included) and every
non-trainable variable that the pass touches (batch-norm moving statistics,
dropout seed state) is put back afterwards.

`gradient_norms(model, x, y)` gives the same per-layer numbers once, without
training, e.g. for a freshly initialized model.

Example:

>>> import course_utils as cu, keras, numpy as np
>>> x = np.random.rand(64, 2).astype("float32"); y = (x[:, :1] > 0.5).astype("float32")
>>> model = cu.models.build_mlp(2, [8, 8])
>>> model.compile("sgd", "binary_crossentropy")
>>> grads = cu.callbacks.GradientNormHistory(x, y)
>>> _ = model.fit(x, y, epochs=2, verbose=0, callbacks=[grads])
>>> sorted(grads.history)
['hidden_1', 'hidden_2', 'output', 'step']
"""

from __future__ import annotations

import dataclasses
import math

import keras
import numpy as np
import tensorflow as tf

from .validation import check_array, check_bool, check_choice, check_float, check_int

__all__ = [
    "DeadUnitMonitor",
    "Finding",
    "GradientNormHistory",
    "REMEDIES",
    "TrainingDiagnostics",
    "gradient_norms",
]

#: The remedy the course gives for each kind of failure.
REMEDIES = {
    "vanishing": "use ReLU activations with He initialization",
    "exploding": "lower the learning rate, add batch normalization, or clip gradients "
                 "(e.g. optimizer clipnorm=1.0)",
    "nan": "lower the learning rate, add batch normalization, or clip gradients "
           "(e.g. optimizer clipnorm=1.0)",
    "dead_units": "lower the learning rate, or use leaky ReLU",
}

_RELU_FAMILY = ("relu", "relu6", "leaky_relu")


# --------------------------------------------------------------------------- helpers
def _check_log_dir(log_dir):
    if log_dir is None:
        return None
    import os

    if not isinstance(log_dir, (str, os.PathLike)):
        raise TypeError(
            "Invalid type received for argument `log_dir`. Expected a path (str) or None. "
            f"Received: log_dir={log_dir!r} (of type {type(log_dir).__name__})"
        )
    return os.fspath(log_dir)


def _check_probe(probe_x, probe_y=None):
    x = check_array("probe_x", probe_x, min_rows=1)
    if x.ndim < 2:
        raise ValueError(
            "Invalid shape received for argument `probe_x`. Expected a batch of examples "
            f"with shape (n, ...). Received: probe_x.shape={x.shape}"
        )
    if probe_y is None:
        return x, None
    y = check_array("probe_y", probe_y, min_rows=1)
    if y.shape[0] != x.shape[0]:
        raise ValueError(
            "Invalid shape received for argument `probe_y`. Expected as many rows as "
            f"probe_x ({x.shape[0]}). Received: probe_y.shape={y.shape}"
        )
    return x, y


def _check_model(model):
    if not isinstance(model, keras.Model):
        raise TypeError(
            "Invalid type received for argument `model`. Expected a Keras model. "
            f"Received: model of type {type(model).__name__}"
        )
    if getattr(model, "_compile_loss", None) is None and not model.losses:
        raise ValueError(
            "Invalid value received for argument `model`. Expected a compiled model "
            "(call model.compile(optimizer, loss) first): the gradient is the gradient "
            "of the compiled loss."
        )


def _kernel_layers(model):
    """(name, kernel variable) for every layer with a trainable kernel, input side first."""
    out = []
    for layer in model.layers:
        kernel = getattr(layer, "kernel", None)
        if kernel is not None and getattr(kernel, "trainable", True) and layer.trainable:
            out.append((layer.name, kernel))
    if not out:
        raise ValueError(
            "Invalid value received for argument `model`. Expected at least one layer with "
            "a trainable kernel (e.g. Dense). Received a model with none."
        )
    return out


class _Probe:
    """Runs a measurement eagerly for the first few calls, then as a compiled tf.function.

    Tracing a forward and backward pass costs 0.1-0.5 s once, as much as 30-100 eager
    calls (3-6 ms each on a laptop CPU for the course's networks, with the direct
    forward pass below); a compiled call then costs 1-2 ms. So a callback measuring once
    per epoch over a short fit never pays for tracing, and one measuring often (every
    batch, many epochs) switches to the compiled function after `eager_calls` calls.
    """

    eager_calls = 64

    def __init__(self, fn):
        self.fn = fn
        self.calls = 0
        self.compiled = None

    def __call__(self, *args):
        self.calls += 1
        if self.calls <= self.eager_calls:
            return self.fn(*args)
        if self.compiled is None:
            # autograph off: the function has no tensor-dependent Python control flow
            self.compiled = tf.function(self.fn, reduce_retracing=True, autograph=False)
        return self.compiled(*args)


# Traced functions are kept on the model (per compiled loss), so that several callbacks on one
# model, or several fits of one model, pay for tracing only once. object.__setattr__ keeps the
# cache out of Keras' attribute tracking (and so out of saved models); it goes with the model.
_CACHE_ATTR = "_course_utils_probe_fns"


def _cached(model, kind, make):
    entry = model.__dict__.get(_CACHE_ATTR)
    if entry is None:
        entry = {}
        object.__setattr__(model, _CACHE_ATTR, entry)
    key = (kind, id(getattr(model, "_compile_loss", None)))
    if key not in entry:
        entry[key] = make(model)
    return entry[key]


# Layers whose `call` can be used directly on a float tensor. For a Sequential stack of these,
# the probe skips Keras's per-call bookkeeping (input conversion, name scopes, masks), which is
# about half the cost of an eager measurement on the course's small networks.
_DIRECT_LAYERS = (keras.layers.Dense, keras.layers.Activation, keras.layers.BatchNormalization,
                  keras.layers.Dropout, keras.layers.ReLU, keras.layers.LeakyReLU)


def _forward_fn(model, watched=()):
    """The training-mode forward pass the probes differentiate, and the state it may change.

    Returns `(forward, state)`: `forward(x) -> (prediction, [outputs of the layers in
    watched])`, and the variables a call may modify (random-seed states, batch-norm moving
    statistics), which the probe saves and restores so that measuring never changes
    training. A Sequential stack of `_DIRECT_LAYERS` runs layer by layer through
    `layer.call`, and batch normalization there uses the batch's moments without touching
    its moving statistics; any other model runs through `model(x, training=True)` (then
    `watched` must be empty).
    """
    import inspect

    layers = list(model.layers)
    direct = isinstance(model, keras.Sequential) and all(
        type(layer) in _DIRECT_LAYERS for layer in layers)
    if not direct:
        if watched:
            raise ValueError("watched layers need a Sequential stack of simple layers")
        return (lambda x: (model(x, training=True), [])), list(model.non_trainable_variables)
    takes_training = ["training" in inspect.signature(layer.call).parameters
                      for layer in layers]
    watched_ids = {id(layer) for layer in watched}
    norm_layers = [layer for layer in layers
                   if isinstance(layer, keras.layers.BatchNormalization) and layer.trainable]
    untouched = {id(v) for layer in norm_layers for v in (layer.moving_mean,
                                                          layer.moving_variance)}

    def batch_norm(layer, h):
        axis = layer.axis % len(h.shape)
        mean, variance = tf.nn.moments(h, axes=[i for i in range(len(h.shape)) if i != axis])
        return tf.nn.batch_normalization(h, mean, variance,
                                         layer.beta.value if layer.center else None,
                                         layer.gamma.value if layer.scale else None,
                                         layer.epsilon)

    def forward(x):
        h = tf.cast(x, model.compute_dtype)
        seen = []
        for layer, with_training in zip(layers, takes_training, strict=True):
            if layer in norm_layers:
                h = batch_norm(layer, h)
            elif with_training:
                h = layer.call(h, training=True)
            else:
                h = layer.call(h)
            if id(layer) in watched_ids:
                seen.append(h)
        return h, seen

    return forward, [v for v in model.non_trainable_variables if id(v) not in untouched]


def _norms(grads):
    """Per-gradient L2 norms; in eager mode NumPy does it in microseconds per tensor."""
    if tf.executing_eagerly():
        return tf.constant([0.0 if g is None else float(np.linalg.norm(g.numpy()))
                            for g in grads], shape=(len(grads),), dtype="float32")
    return tf.stack([tf.zeros(()) if g is None else tf.norm(tf.cast(g, "float32"))
                     for g in grads])


def _dead_fractions(outputs):
    """For each layer output, the fraction of units that are 0 for every example."""
    if tf.executing_eagerly():
        return tf.constant([float(np.mean(np.all(o.numpy().reshape(len(o), -1) == 0.0, axis=0)))
                            for o in outputs], shape=(len(outputs),), dtype="float32")
    fractions = [tf.reduce_mean(tf.cast(tf.reduce_all(
        tf.equal(tf.reshape(o, (tf.shape(o)[0], -1)), 0.0), axis=0), "float32"))
        for o in outputs]
    return tf.stack(fractions) if fractions else tf.zeros((0,))


def _make_gradient_fn(model):
    """probe -> (per-layer kernel gradient norms, loss) for `model`, cached on the model."""
    return _cached(model, "gradient", _trace_gradient_fn)


def _trace_gradient_fn(model):
    layers = _kernel_layers(model)
    names = [name for name, _ in layers]
    kernels = [kernel for _, kernel in layers]
    forward, keep = _forward_fn(model)

    def fn(x, y):
        saved = [tf.identity(v.value) for v in keep]
        with tf.GradientTape() as tape:
            y_pred, _ = forward(x)
            loss = model._compute_loss(x=x, y=y, y_pred=y_pred, training=True)
        grads = tape.gradient(loss, [k.value for k in kernels])
        norms = _norms(grads)
        with tf.control_dependencies([norms]):
            for v, s in zip(keep, saved, strict=True):
                v.assign(s)
        return norms, tf.cast(loss, "float32")

    return names, _Probe(fn)


def gradient_norms(model: keras.Model, x, y) -> dict[str, float]:
    """Measures the norm of the loss gradient for every layer's kernel, once.

    Args:
        model: A compiled Keras model.
        x: A batch of inputs.
        y: The matching targets.

    Returns:
        A dict `{layer name: gradient norm}`, input side first.

    Raises:
        TypeError: `model` is not a Keras model.
        ValueError: `model` is not compiled, has no kernel, or `x`/`y` are not
            matching non-empty arrays.

    Example:

    >>> norms = gradient_norms(model, x_train[:256], y_train[:256])
    >>> norms["hidden_1"] / norms["output"]   # tiny for a deep sigmoid net
    """
    _check_model(model)
    x, y = _check_probe(x, y)
    names, fn = _make_gradient_fn(model)
    norms, _ = fn(tf.constant(x), tf.constant(y))
    return dict(zip(names, (float(v) for v in norms.numpy()), strict=True))


def _is_relu_family(layer):
    if isinstance(layer, (keras.layers.ReLU, keras.layers.LeakyReLU)):
        return True
    if isinstance(layer, (keras.layers.Activation, keras.layers.Dense)):
        fn = getattr(layer, "activation", None)
        return getattr(fn, "__name__", None) in _RELU_FAMILY
    return False


def _relu_layers(model):
    layers = [layer for layer in model.layers if _is_relu_family(layer)]
    if not layers:
        raise ValueError(
            "Invalid value received for argument `model`. Expected at least one ReLU-family "
            "layer (an Activation or Dense layer with relu, relu6 or leaky_relu, or a ReLU / "
            "LeakyReLU layer). Received a model with none."
        )
    return layers


def _make_dead_fn(model):
    """probe -> fraction of units that are 0 for every probe example, per layer (cached)."""
    return _cached(model, "dead", _trace_dead_fn)


def _trace_dead_fn(model):
    layers = _relu_layers(model)
    try:
        inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
        probe_model = keras.Model(inputs, [layer.output for layer in layers])
    except (AttributeError, ValueError) as err:
        raise ValueError(
            "Invalid value received for argument `model`. Expected a Sequential or "
            f"functional model whose layer outputs can be read. ({err})"
        ) from None

    def fn(x):
        outs = probe_model(x, training=False)
        return _dead_fractions(outs if isinstance(outs, (list, tuple)) else [outs])

    return [layer.name for layer in layers], _Probe(fn)


def _make_diagnostic_fn(model):
    """probe -> (kernel gradient norms, dead fractions, weights finite), in one pass (cached)."""
    return _cached(model, "diagnostic", _trace_diagnostic_fn)


def _trace_diagnostic_fn(model):
    layers = _kernel_layers(model)
    names = [name for name, _ in layers]
    kernels = [kernel for _, kernel in layers]
    weights = list(model.trainable_variables)
    relu_layers = [layer for layer in model.layers if _is_relu_family(layer)]  # may be none
    try:  # one forward pass gives the ReLU outputs and the prediction
        forward, keep = _forward_fn(model, watched=relu_layers)
    except ValueError:
        keep = list(model.non_trainable_variables)
        try:
            inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
            if len(model.outputs) != 1:
                raise ValueError("several outputs") from None
            multi = keras.Model(inputs, [layer.output for layer in relu_layers]
                                + [model.outputs[0]])

            def forward(x):
                outs = multi(x, training=True)
                return outs[-1], list(outs[:-1])
        except (AttributeError, ValueError):  # no readable layer outputs: skip dead units
            relu_layers = []
            forward, keep = _forward_fn(model)

    def fn(x, y):
        saved = [tf.identity(v.value) for v in keep]
        with tf.GradientTape() as tape:
            y_pred, acts = forward(x)
            loss = model._compute_loss(x=x, y=y, y_pred=y_pred, training=True)
        grads = tape.gradient(loss, [k.value for k in kernels])
        norms = _norms(grads)
        dead = _dead_fractions(acts)
        if tf.executing_eagerly():  # NumPy: microseconds instead of one op per weight
            finite = tf.constant(all(np.isfinite(w.numpy()).all() for w in weights))
        else:
            finite = tf.reduce_all(tf.stack([tf.reduce_all(tf.math.is_finite(w.value))
                                             for w in weights]))
        with tf.control_dependencies([norms, dead]):
            for v, s in zip(keep, saved, strict=True):
                v.assign(s)
        return norms, dead, finite

    return names, [layer.name for layer in relu_layers], _Probe(fn)


class _ProbeCallback(keras.callbacks.Callback):
    """Shared plumbing: the TensorBoard writer."""

    log_dir: str | None = None
    _writer = None

    def _open_writer(self):
        self._writer = None
        if self.log_dir is not None:
            self._writer = tf.summary.create_file_writer(self.log_dir)

    def _write(self, prefix, names, values, step):
        if self._writer is None:
            return
        from tensorflow.core.framework import summary_pb2

        # tf.summary.write with the scalar plugin's metadata is what
        # tf.summary.scalar writes, without needing the tensorboard package.
        metadata = summary_pb2.SummaryMetadata(
            plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"),
            data_class=summary_pb2.DATA_CLASS_SCALAR,
        )
        with self._writer.as_default():
            for name, value in zip(names, values, strict=True):
                tf.summary.write(f"{prefix}/{name}", tf.constant(value, "float32"),
                                 step=step, metadata=metadata)

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.flush()


# --------------------------------------------------------------------------- callbacks
class GradientNormHistory(_ProbeCallback):
    """Records the norm of the loss gradient for every layer's kernel.

    At the start of training and then every `every` epochs (or batches), the
    gradient of the compiled loss on the probe batch is computed with respect
    to each trainable kernel (a `Dense` layer's weight matrix), and its
    Euclidean norm is appended to `history[layer_name]`. `history["step"]`
    holds the epoch (or batch) count at each measurement, 0 meaning before
    training. The first 64 measurements on a model run eagerly (3-10 ms each
    on a laptop CPU for the course's networks); later ones run as a compiled
    `tf.function` (1-2 ms each), so short fits never pay the 0.1-0.5 s that
    tracing costs.

    Args:
        probe_x: A fixed batch of inputs, shape (n, ...). A few hundred rows
            are plenty.
        probe_y: The matching targets.
        every: Measure every this many epochs (or batches). Defaults to 1.
        frequency: "epoch" or "batch". Defaults to "epoch".
        log_dir: A folder for TensorBoard summaries ("gradient_norm/<layer>"),
            or None for none. Defaults to None.

    Attributes:
        history: `{"step": [...], "<layer>": [...], ...}`, input side first.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> grads = GradientNormHistory(x_train[:256], y_train[:256])
    >>> model.fit(x_train, y_train, epochs=5, callbacks=[grads], verbose=0)
    >>> cu.plotting.plot_gradient_norms(grads.history)
    """

    def __init__(self, probe_x, probe_y, *, every: int = 1, frequency: str = "epoch",
                 log_dir: str | None = None):
        super().__init__()
        self.probe_x, self.probe_y = _check_probe(probe_x, probe_y)
        self.every = check_int("every", every, min_value=1)
        self.frequency = check_choice("frequency", frequency, ("epoch", "batch"))
        self.log_dir = _check_log_dir(log_dir)
        self.history: dict[str, list] = {"step": []}
        self._fn = None
        if self.frequency == "batch":
            # Only a batch-frequency callback hooks batches, so that an epoch-frequency
            # one leaves Keras free to dispatch batch callbacks asynchronously.
            self.on_train_batch_end = self._on_batch_end

    def on_train_begin(self, logs=None):
        _check_model(self.model)
        self._names, self._fn = _make_gradient_fn(self.model)
        self._x = tf.constant(self.probe_x)
        self._y = tf.constant(self.probe_y)
        self._batches = 0
        self.history = {"step": [], **{name: [] for name in self._names}}
        self._open_writer()
        self._measure(0)

    def _measure(self, step):
        norms, _ = self._fn(self._x, self._y)
        values = [float(v) for v in norms.numpy()]
        self.history["step"].append(step)
        for name, value in zip(self._names, values, strict=True):
            self.history[name].append(value)
        self._write("gradient_norm", self._names, values, step)

    def on_epoch_end(self, epoch, logs=None):
        if self.frequency == "epoch" and (epoch + 1) % self.every == 0:
            self._measure(epoch + 1)

    def _on_batch_end(self, batch, logs=None):
        self._batches += 1
        if self._batches % self.every == 0:
            self._measure(self._batches)


class DeadUnitMonitor(_ProbeCallback):
    """Records, per ReLU-family layer, the fraction of dead units over training.

    A unit is *dead* on the probe batch when it outputs exactly 0 for every
    probe example: its weighted sum is negative everywhere, so no gradient
    flows through it. The layers watched are `Activation` layers with relu,
    relu6 or leaky_relu, `Dense` layers with a relu activation, and `ReLU` /
    `LeakyReLU` layers. Leaky ReLU never outputs exactly 0, so its fraction is
    recorded and is 0: that is the point of leaky ReLU. Outputs are read in
    inference mode (no dropout).

    Args:
        probe_x: A fixed batch of inputs, shape (n, ...). Use a few hundred
            rows that cover the data: a unit dead on them is dead in practice.
        every: Measure every this many epochs. Defaults to 1.
        log_dir: A folder for TensorBoard summaries ("dead_fraction/<layer>"),
            or None for none. Defaults to None.

    Attributes:
        history: `{"step": [...], "<layer>": [...], ...}`: the epoch at each
            measurement (0 = before training) and each layer's dead fraction
            in [0, 1].

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> dead = DeadUnitMonitor(x_train[:512])
    >>> model.fit(x_train, y_train, epochs=5, callbacks=[dead], verbose=0)
    >>> dead.history["activation_1"][-1]   # fraction of dead units at the end
    """

    def __init__(self, probe_x, *, every: int = 1, log_dir: str | None = None):
        super().__init__()
        self.probe_x, _ = _check_probe(probe_x)
        self.every = check_int("every", every, min_value=1)
        self.log_dir = _check_log_dir(log_dir)
        self.history: dict[str, list] = {"step": []}
        self._fn = None

    def on_train_begin(self, logs=None):
        if not isinstance(self.model, keras.Model):
            raise TypeError("DeadUnitMonitor must be passed to a Keras model's fit().")
        self._names, self._fn = _make_dead_fn(self.model)
        self._x = tf.constant(self.probe_x)
        self.history = {"step": [], **{name: [] for name in self._names}}
        self._open_writer()
        self._measure(0)

    def _measure(self, step):
        values = [float(v) for v in self._fn(self._x).numpy()]
        self.history["step"].append(step)
        for name, value in zip(self._names, values, strict=True):
            self.history[name].append(value)
        self._write("dead_fraction", self._names, values, step)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0:
            self._measure(epoch + 1)


@dataclasses.dataclass(frozen=True)
class Finding:
    """One problem that `TrainingDiagnostics` saw.

    Attributes:
        kind: "vanishing", "exploding", "nan" or "dead_units".
        epoch: Epochs completed when it was seen (0 = before training).
        layer: The layer concerned, or None for the whole model.
        value: The measured number (gradient ratio, growth factor, dead
            fraction; NaN for a non-finite loss).
        message: One readable line, with the remedy.
    """

    kind: str
    epoch: int
    layer: str | None
    value: float
    message: str

    def __str__(self) -> str:
        return self.message


class TrainingDiagnostics(_ProbeCallback):
    """Names training failures as they happen, with the course's remedy.

    Before training and after every epoch it measures, on the probe batch:

    * **vanishing gradients**: the gradient norm of the lowest layer's kernel
      divided by that of the highest (output) layer is below
      `vanishing_ratio`. Remedy: ReLU with He initialization.
    * **exploding gradients**: the total gradient norm has grown more than
      `explode_factor` times its value before training. Remedy: a lower
      learning rate, batch normalization, gradient clipping.
    * **NaN / inf**: the loss, a weight or the gradient is not finite. With
      `stop_on_nan` training is stopped (`model.stop_training = True`).
    * **dead units**: the fraction of dead units of a ReLU-family layer is
      above `dead_threshold` (checked only when the model has such layers,
      in the same training-mode pass as the gradients). Remedy: a lower
      learning rate, leaky ReLU.

    Each problem is reported once per layer, the first time it is seen.

    Args:
        probe_x: A fixed batch of inputs, shape (n, ...).
        probe_y: The matching targets.
        vanishing_ratio: Lowest-to-highest gradient ratio below which the
            gradients count as vanishing, in (0, 1). Defaults to 1e-3.
        explode_factor: Growth of the total gradient norm above which it
            counts as exploding, > 1. Defaults to 1e3.
        dead_threshold: Dead fraction of a layer above which it is reported,
            in [0, 1). Defaults to 0.5.
        stop_on_nan: Stop training on a non-finite loss, weight or
            gradient. Defaults to True.
        verbose: Print each finding as it happens. Defaults to False.

    Attributes:
        findings: The `Finding`s, in the order seen.
        stopped_epoch: The epoch count at which training was stopped, or None.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> diag = TrainingDiagnostics(x_train[:256], y_train[:256])
    >>> model.fit(x_train, y_train, epochs=20, callbacks=[diag], verbose=0)
    >>> print(diag.report())
    """

    def __init__(self, probe_x, probe_y, *, vanishing_ratio: float = 1e-3,
                 explode_factor: float = 1e3, dead_threshold: float = 0.5,
                 stop_on_nan: bool = True, verbose: bool = False):
        super().__init__()
        self.probe_x, self.probe_y = _check_probe(probe_x, probe_y)
        self.vanishing_ratio = check_float("vanishing_ratio", vanishing_ratio, min_value=0.0,
                                           max_value=1.0, include_min=False, include_max=False)
        self.explode_factor = check_float("explode_factor", explode_factor, min_value=1.0,
                                          include_min=False)
        self.dead_threshold = check_float("dead_threshold", dead_threshold, min_value=0.0,
                                          max_value=1.0, include_max=False)
        self.stop_on_nan = check_bool("stop_on_nan", stop_on_nan)
        self.verbose = check_bool("verbose", verbose)
        self.findings: list[Finding] = []
        self.stopped_epoch: int | None = None

    # -- lifecycle
    def on_train_begin(self, logs=None):
        _check_model(self.model)
        self.findings = []
        self.stopped_epoch = None
        self._seen = set()
        self._names, self._dead_names, self._fn = _make_diagnostic_fn(self.model)
        self._x = tf.constant(self.probe_x)
        self._y = tf.constant(self.probe_y)
        self._initial_total = None
        self._check(0, loss=None)
        if self.model.stop_training:
            self.stopped_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        loss = None if not logs or "loss" not in logs else float(logs["loss"])
        self._check(epoch + 1, loss=loss)
        if self.model.stop_training and self.stopped_epoch is None:
            self.stopped_epoch = epoch + 1

    # -- checks
    def _add(self, kind, epoch, layer, value, message):
        if (kind, layer) in self._seen:
            return
        self._seen.add((kind, layer))
        where = "before training" if epoch == 0 else f"epoch {epoch}"
        text = f"[{where}] {kind.replace('_', ' ')}: {message} Remedy: {REMEDIES[kind]}."
        finding = Finding(kind, epoch, layer, float(value), text)
        self.findings.append(finding)
        if self.verbose:
            print(text)

    def _check(self, epoch, loss):
        if loss is not None and not math.isfinite(loss):
            self._nan(epoch, f"the training loss is {loss}.", loss)
            return
        norms, dead, finite = self._fn(self._x, self._y)
        if not bool(finite):
            self._nan(epoch, "some weights are NaN or infinite.", float("nan"))
            return
        norms = norms.numpy().astype("float64")
        if not np.all(np.isfinite(norms)):
            bad = self._names[int(np.argmin(np.isfinite(norms)))]
            self._nan(epoch, f"the gradient of layer '{bad}' is NaN or infinite.",
                      float("nan"))
            return
        total = float(np.sqrt(np.sum(norms**2)))
        if self._initial_total is None:
            self._initial_total = total
        elif self._initial_total > 0 and total > self.explode_factor * self._initial_total:
            growth = total / self._initial_total
            self._add("exploding", epoch, None, growth,
                      f"the gradient norm grew {growth:.3g}x since the start of training "
                      f"({self._initial_total:.3g} -> {total:.3g}).")
        if len(norms) >= 2 and norms[-1] > 0:
            ratio = float(norms[0] / norms[-1])
            if ratio < self.vanishing_ratio:
                self._add("vanishing", epoch, self._names[0], ratio,
                          f"the gradient of the lowest layer '{self._names[0]}' is {ratio:.2g} "
                          f"times that of the highest layer '{self._names[-1]}': the lower "
                          "layers barely learn.")
        for name, fraction in zip(self._dead_names, dead.numpy(), strict=True):
            if fraction > self.dead_threshold:
                self._add("dead_units", epoch, name, float(fraction),
                          f"{fraction:.0%} of the units of layer '{name}' output 0 for "
                          "every probe example: they no longer learn.")

    def _nan(self, epoch, what, value):
        stop = self.stop_on_nan
        if stop:
            self.model.stop_training = True
        self._add("nan", epoch, None, value,
                  f"{what} The gradients exploded or a value overflowed."
                  + (" Training stopped." if stop else ""))

    # -- output
    def report(self) -> str:
        """Returns the findings as readable lines (one per finding).

        Returns:
            The lines joined by newlines, or a sentence saying nothing was found.
        """
        if not self.findings:
            return "No problem found: gradients, loss and units look healthy."
        return "\n".join(f.message for f in self.findings)
