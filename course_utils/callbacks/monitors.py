"""`GradientNormHistory` and `DeadUnitMonitor`: record a probe measurement over training."""

from __future__ import annotations

import keras
import tensorflow as tf

from .. import validation
from .probes import Probe, check_probe, to_floats

__all__ = ["DeadUnitMonitor", "GradientNormHistory", "ProbeCallback"]


class ProbeCallback(keras.callbacks.Callback):
    """What the course's callbacks share: the probe and the TensorBoard writer.

    The probe's `tf.function` is built once per callback and model, and built
    again only when the callback is given another model or the model is
    compiled again (a new optimizer or loss): the callback holds one, never
    a growing cache. A TensorBoard writer, when `log_dir` is set, is opened in
    `on_train_begin` and closed in `on_train_end`.
    """

    log_dir: str | None = None
    probe_y = None
    watch_relu = False
    relu_required = False

    def __init__(self):
        super().__init__()
        self._probe = None
        self._probe_key = None
        self._writer = None

    def _start(self):
        """Builds the probe if needed and opens the writer; called in on_train_begin."""
        validation.check_model("model", self.model, compiled=self.probe_y is not None)
        validation.check_fits_model("probe_x", self.probe_x, self.model)
        model = self.model
        key = (model, getattr(model, "optimizer", None), getattr(model, "loss", None))
        if self._probe is None or any(a is not b for a, b in zip(key, self._probe_key,
                                                                  strict=True)):
            self._probe = Probe(self.model, self.probe_x, self.probe_y,
                                watch_relu=self.watch_relu, relu_required=self.relu_required)
            self._probe_key = key
        if self.log_dir is not None:
            self._writer = tf.summary.create_file_writer(self.log_dir)

    def _measure(self):
        return self._probe.compiled()

    def _write(self, prefix, names, values, step):
        if self._writer is None:
            return
        with self._writer.as_default(step=step):
            for name, value in zip(names, values, strict=True):
                # what tf.summary.scalar writes, without needing the tensorboard package
                tf.summary.write(f"{prefix}/{name}", tf.constant(value, "float32"),
                                 metadata=_SCALAR_METADATA)

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _scalar_metadata():
    from tensorflow.core.framework import summary_pb2

    return summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"),
        data_class=summary_pb2.DATA_CLASS_SCALAR,
    ).SerializeToString()


_SCALAR_METADATA = _scalar_metadata()


class GradientNormHistory(ProbeCallback):
    """Records the norm of the loss gradient for every layer's kernel.

    At the start of training and then every `every` epochs (or batches), the
    gradient of the compiled loss on the probe batch is computed with respect
    to each trainable kernel (a `Dense` or `Conv2D` layer's weights), and its
    Euclidean norm is appended to `history[layer_name]`. `history["step"]`
    holds the epoch (or batch) count at each measurement, 0 meaning before
    training. The pass is a training-mode pass with the same dropout masks
    every time, and changes nothing (see `course_utils.callbacks.probes`).
    It runs as a `tf.function` traced once per callback and model (about a
    second on a laptop CPU, paid at the first measurement); each measurement
    then costs a few milliseconds. Reuse one callback for several fits of the
    same model to trace only once.

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
        self.probe_x, self.probe_y = check_probe(probe_x, probe_y)
        self.every = validation.check_int("every", every, min_value=1)
        self.frequency = validation.check_choice("frequency", frequency, ("epoch", "batch"))
        self.log_dir = validation.check_path("log_dir", log_dir, kind="dir", allow_none=True)
        self.history: dict[str, list] = {"step": []}
        if self.frequency == "batch":
            # Only a batch-frequency callback hooks batches, so that an epoch-frequency
            # one leaves Keras free to dispatch batch callbacks asynchronously.
            self.on_train_batch_end = self._on_batch_end

    def on_train_begin(self, logs=None):
        self._start()
        self._names = [layer.name for layer in self._probe.kernel_layers]
        self._batches = 0
        self.history = {"step": [], **{name: [] for name in self._names}}
        self._record(0)

    def _record(self, step):
        values = to_floats(self._measure()["gradient_norms"])
        self.history["step"].append(step)
        for name, value in zip(self._names, values, strict=True):
            self.history[name].append(value)
        self._write("gradient_norm", self._names, values, step)

    def on_epoch_end(self, epoch, logs=None):
        if self.frequency == "epoch" and (epoch + 1) % self.every == 0:
            self._record(epoch + 1)

    def _on_batch_end(self, batch, logs=None):
        self._batches += 1
        if self._batches % self.every == 0:
            self._record(self._batches)


class DeadUnitMonitor(ProbeCallback):
    """Records, per ReLU-family layer, the fraction of dead units over training.

    A unit is *dead* on the probe batch when it outputs exactly 0 for every
    probe example: its weighted sum is negative everywhere, so no gradient
    flows through it. A unit is a neuron of a Dense layer or a channel of a
    convolution (dead when its whole map is 0). The layers watched are the
    `ReLU` / `LeakyReLU` layers and every layer (`Activation`, `Dense`,
    `Conv2D`, ...) whose activation is relu, relu6 or leaky_relu. Leaky ReLU
    never outputs exactly 0, so its fraction is recorded and is 0: that is the
    point of leaky ReLU. Outputs are read in training mode, as the optimizer
    sees them (batch normalization with the batch's statistics, dropout with
    the same masks every time), the mode `TrainingDiagnostics` uses too.

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
        TypeError, ValueError: an argument has the wrong type or value, or
            the model has no ReLU-family layer whose output can be read (a
            subclassed model, or ReLU layers inside a nested model).

    Example:

    >>> dead = DeadUnitMonitor(x_train[:512])
    >>> model.fit(x_train, y_train, epochs=5, callbacks=[dead], verbose=0)
    >>> dead.history["activation_1"][-1]   # fraction of dead units at the end
    """

    watch_relu = True
    relu_required = True

    def __init__(self, probe_x, *, every: int = 1, log_dir: str | None = None):
        super().__init__()
        self.probe_x, _ = check_probe(probe_x)
        self.every = validation.check_int("every", every, min_value=1)
        self.log_dir = validation.check_path("log_dir", log_dir, kind="dir", allow_none=True)
        self.history: dict[str, list] = {"step": []}

    def on_train_begin(self, logs=None):
        self._start()
        self._names = [layer.name for layer in self._probe.relu_layers]
        self.history = {"step": [], **{name: [] for name in self._names}}
        self._record(0)

    def _record(self, step):
        values = to_floats(self._measure()["dead_fractions"])
        self.history["step"].append(step)
        for name, value in zip(self._names, values, strict=True):
            self.history[name].append(value)
        self._write("dead_fraction", self._names, values, step)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0:
            self._record(epoch + 1)
