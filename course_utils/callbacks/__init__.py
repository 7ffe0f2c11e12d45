"""Keras callbacks that measure the health of training on a fixed probe batch.

* `GradientNormHistory`: the norm of the loss gradient with respect to every
  layer's kernel, per layer, over training. Vanishing gradients show up as
  lower layers' norms orders of magnitude below the upper layers'; exploding
  gradients as norms that grow by orders of magnitude.
* `DeadUnitMonitor`: for every ReLU-family layer, the fraction of units that
  output exactly 0 for *every* probe example ("dead" units), over training.
* `TrainingDiagnostics`: watches for vanishing gradients, exploding
  gradients, non-finite loss or weights, and dead units, and names what it
  sees together with the course's remedy. It stops training on the batch
  whose loss is NaN/inf.

Each callback measures on the same small batch `(probe_x, probe_y)` that you
give it, so that numbers from different moments can be compared. They record
into plain dicts of lists (`.history`) or lists of findings (`.findings`);
drawing is left to `course_utils.plotting` (`plot_gradient_norms`,
`plot_dead_fraction`). With `log_dir=...` they also write TensorBoard
summaries.

Every measurement is one training-mode pass, `model(x, training=True)` and
`model.compute_loss`, as `fit` makes on a batch, with the same dropout masks
every time, and it changes nothing in the model (`probes.py` explains why).

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

from .diagnostics import REMEDIES, Finding, TrainingDiagnostics
from .monitors import DeadUnitMonitor, GradientNormHistory
from .probes import gradient_norms, is_relu_family

__all__ = [
    "DeadUnitMonitor",
    "Finding",
    "GradientNormHistory",
    "REMEDIES",
    "TrainingDiagnostics",
    "gradient_norms",
    "is_relu_family",
]
