"""`TrainingDiagnostics`: names training failures as they happen, with the course's remedy."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .. import validation
from .monitors import ProbeCallback
from .probes import check_probe

__all__ = ["REMEDIES", "Finding", "TrainingDiagnostics"]

#: The remedy the course gives for each kind of failure.
REMEDIES = {
    "vanishing": "use ReLU activations with He initialization",
    "exploding": "lower the learning rate, add batch normalization, or clip gradients "
                 "(e.g. optimizer clipnorm=1.0)",
    "nan": "lower the learning rate, add batch normalization, or clip gradients "
           "(e.g. optimizer clipnorm=1.0)",
    "dead_units": "lower the learning rate, or use leaky ReLU",
}


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


class TrainingDiagnostics(ProbeCallback):
    """Names training failures as they happen, with the course's remedy.

    Before training and after every epoch it measures, on the probe batch:

    * **vanishing gradients**: the gradient norm of the lowest layer's kernel
      divided by that of the highest (output) layer is below
      `vanishing_ratio`. Remedy: ReLU with He initialization.
    * **exploding gradients**: the total gradient norm has grown more than
      `explode_factor` times its value before training. Remedy: a lower
      learning rate, batch normalization, gradient clipping.
    * **NaN / inf**: the training loss of a batch (checked after every
      batch, as `keras.callbacks.TerminateOnNaN` does), a weight or the
      gradient is not finite. With `stop_on_nan` training stops after that
      batch (`model.stop_training = True`).
    * **dead units**: the fraction of dead units of a ReLU-family layer is
      above `dead_threshold` (checked only when the model has such layers,
      in the same pass as the gradients). Remedy: a lower learning rate,
      leaky ReLU.

    The pass is a training-mode pass, the mode of every monitor of the
    course (see `course_utils.callbacks.probes`): `DeadUnitMonitor` and this
    callback read the same dead fractions.

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
        history: What was measured: `{"step": [...], "gradient_norm/<layer>":
            [...], "dead_fraction/<layer>": [...]}`, one entry per
            measurement (steps are epochs completed).

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
        self.probe_x, self.probe_y = check_probe(probe_x, probe_y)
        check_float = validation.check_float
        self.vanishing_ratio = check_float("vanishing_ratio", vanishing_ratio, min_value=0.0,
                                           max_value=1.0, include_min=False, include_max=False)
        self.explode_factor = check_float("explode_factor", explode_factor, min_value=1.0,
                                          include_min=False)
        self.dead_threshold = check_float("dead_threshold", dead_threshold, min_value=0.0,
                                          max_value=1.0, include_max=False)
        self.stop_on_nan = validation.check_bool("stop_on_nan", stop_on_nan)
        self.verbose = validation.check_bool("verbose", verbose)
        self.findings: list[Finding] = []
        self.stopped_epoch: int | None = None
        self.history: dict[str, list] = {"step": []}

    watch_relu = True

    # -- lifecycle
    def on_train_begin(self, logs=None):
        self._start()
        self.findings = []
        self.stopped_epoch = None
        self._seen = set()
        self._names = [layer.name for layer in self._probe.kernel_layers]
        self._dead_names = [layer.name for layer in self._probe.relu_layers]
        self.history = {"step": [], **{f"gradient_norm/{n}": [] for n in self._names},
                        **{f"dead_fraction/{n}": [] for n in self._dead_names}}
        self._initial_total = None
        self._epoch = 0
        self._check(0, loss=None)
        if self.model.stop_training:
            self.stopped_epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        """Stops on the batch whose loss is NaN/inf, as keras.callbacks.TerminateOnNaN."""
        loss = None if not logs or "loss" not in logs else float(logs["loss"])
        if loss is not None and not math.isfinite(loss):
            self._nan(self._epoch, f"the training loss is {loss} at batch {batch + 1} of "
                      f"epoch {self._epoch + 1}.", loss)
            if self.stop_on_nan:
                self.stopped_epoch = self._epoch

    def on_epoch_end(self, epoch, logs=None):
        loss = None if not logs or "loss" not in logs else float(logs["loss"])
        if ("nan", None) not in self._seen:
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
        result = self._measure()
        norms, dead = result["gradient_norms"].numpy(), result["dead_fractions"].numpy()
        self.history["step"].append(epoch)
        for name, value in zip(self._names, norms, strict=True):
            self.history[f"gradient_norm/{name}"].append(float(value))
        for name, value in zip(self._dead_names, dead, strict=True):
            self.history[f"dead_fraction/{name}"].append(float(value))
        if not bool(result["finite"]):
            self._nan(epoch, "some weights are NaN or infinite.", float("nan"))
            return
        norms = norms.astype("float64")
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
        for name, fraction in zip(self._dead_names, dead, strict=True):
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
