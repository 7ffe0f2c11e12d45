"""Self-checks for the training notebooks: gradients, initialization, clipping, dead units.

The write-code checkers (`check_kernel_gradient_norms`, `check_clip_by_global_norm`,
`check_dead_fraction`) call the learner's function on fresh random inputs and
compare it with a reference: any correct implementation passes, and a known
half-right one (clipping each array separately, counting a unit dead when it is
0 for *some* example, including the biases) gets a message that names it.
"""

from __future__ import annotations

import numpy as np

from .core import Feedback, _is_placeholder, check_number, check_option, exercise

__all__ = ["check_clip_by_global_norm", "check_clipped_step", "check_dead_fraction",
           "check_dead_unit_count", "check_gradient_ratio", "check_kernel_gradient_norms",
           "check_most_dead_layer", "check_sigmoid_gradient_bound", "check_trains_without_nan"]


def _as_float_list(values, name="your function's result"):
    """A list of floats from a list, tuple, 1-D array or dict (values in order), or a Feedback."""
    if isinstance(values, dict):
        values = list(values.values())
    try:
        out = [float(np.asarray(v)) for v in values]
    except (TypeError, ValueError):
        return Feedback(False, f"Expected {name} to be a list of numbers, one per layer; got "
                               f"{type(values).__name__}.")
    return out


def _callable_or_feedback(fn, what):
    if not callable(fn):
        return Feedback(False, f"Expected a function ({what}); got {type(fn).__name__}. Define it "
                               "with `def ...` and pass its name, without calling it.")
    return None


# ---- vanishing gradients ------------------------------------------------------------------------

@exercise(hints=("The sigmoid's derivative is largest at 0, where it equals 0.25. The chain rule "
                 "multiplies one such factor per layer.",
                 "The factors multiply: one factor of 0.25 per sigmoid layer, so raise 0.25 to "
                 "the number of layers."))
def check_sigmoid_gradient_bound(answer, *, n_layers: int) -> Feedback:
    """Checks the bound 0.25**n_layers on a product of sigmoid derivatives.

    Args:
        answer: The learner's number.
        n_layers: How many sigmoid layers the gradient passes through.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    return check_number(answer, 0.25**n_layers, rel_tol=0.01,
                        hint=f"Multiply the largest value of sigmoid' by itself {n_layers} times.")


def _reference_kernel_norms(model, x, y):
    import keras
    import tensorflow as tf

    kernels = [layer.kernel for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.binary_crossentropy(y[:, None], model(x)))
    return [float(tf.norm(g)) for g in tape.gradient(loss, kernels)]


@exercise(hints=("Inside `with tf.GradientTape() as tape:` run the model on x and compute the "
                 "mean binary cross-entropy; then `tape.gradient(loss, kernels)`.",
                 "`kernels` are `layer.kernel` for every `keras.layers.Dense` layer of "
                 "`model.layers`, in order; the answer is `tf.norm` of each gradient, one number "
                 "per Dense layer (no biases)."))
def check_kernel_gradient_norms(fn, *, seed: int = 0) -> Feedback:
    """Checks a learner's `fn(model, x, y)` that returns each Dense kernel's gradient norm.

    The function is called on fresh random networks (sigmoid and ReLU, 2 to 4
    hidden layers) and data, and compared with a `tf.GradientTape` reference
    that uses the mean binary cross-entropy of the model's output.

    Args:
        fn: The learner's function `(model, x, y) -> norms` (a list, array or
            dict of one number per Dense layer, input side first).
        seed: Seed of the random networks and data. Defaults to 0.

    Returns:
        A `Feedback` that names what differs (count, order, values).
    """
    import keras

    from ..models import build_mlp

    if _is_placeholder(fn):
        raise NotImplementedError
    bad = _callable_or_feedback(fn, "model, x, y -> one gradient norm per Dense layer")
    if bad is not None:
        return bad
    rng = np.random.default_rng(seed)
    for trial, activation in enumerate(("sigmoid", "relu")):
        depth = int(rng.integers(2, 5))
        keras.utils.set_random_seed(seed * 10 + trial)
        model = build_mlp(3, [int(rng.integers(4, 9))] * depth, activation=activation)
        model.compile(optimizer="sgd", loss="binary_crossentropy")
        x = rng.normal(size=(64, 3)).astype("float32")
        y = (rng.random(64) < 0.5).astype("float32")
        expected = _reference_kernel_norms(model, x, y)
        got = _as_float_list(fn(model, x, y))
        if isinstance(got, Feedback):
            return got
        if len(got) == 2 * len(expected):
            return Feedback(False, f"You returned {len(got)} numbers for {len(expected)} Dense "
                                   "layers: the biases are in. Keep only each layer's kernel.")
        if len(got) != len(expected):
            return Feedback(False, f"You returned {len(got)} numbers; a network with {depth} "
                                   f"hidden layers has {len(expected)} Dense layers (the output "
                                   "layer counts too).")
        if np.allclose(got[::-1], expected, rtol=1e-3, atol=1e-9) and not np.allclose(
                got, expected, rtol=1e-3, atol=1e-9):
            return Feedback(False, "Right numbers, reversed order: list the input side first.")
        if not np.allclose(got, expected, rtol=1e-3, atol=1e-9):
            return Feedback(False, f"On a fresh {activation} network with {depth} hidden layers "
                                   "your norms differ from GradientTape's: "
                                   f"yours {np.round(got, 6).tolist()}, expected "
                                   f"{np.round(expected, 6).tolist()}.")
    return Feedback(True, "Your norms match GradientTape's on fresh sigmoid and ReLU networks.")


@exercise(hints=("Which activation's derivative is 1 for positive inputs, and which "
                 "initializer is scaled for it?",
                 "Look at the initialization study: the ReLU rows keep the gradient of the first "
                 "layer within a factor of 100 of the output layer's."))
def check_gradient_ratio(model, x, y, *, min_ratio: float = 1e-2,
                         min_hidden_layers: int = 8) -> Feedback:
    """Checks that a deep compiled model's lowest layer gets a healthy share of the gradient.

    Args:
        model: The learner's compiled Keras model.
        x: A probe batch of inputs.
        y: The matching targets.
        min_ratio: Smallest allowed ratio of the first to the last layer's
            kernel gradient norm. Defaults to 1e-2.
        min_hidden_layers: Fewest hidden layers the model must have. Defaults to 8.

    Returns:
        A `Feedback` naming the ratio measured.
    """
    from ..callbacks import gradient_norms

    if _is_placeholder(model):
        raise NotImplementedError
    norms = list(gradient_norms(model, x, y).values())
    if len(norms) - 1 < min_hidden_layers:
        return Feedback(False, f"The model has {len(norms) - 1} hidden layers; the exercise asks "
                               f"for at least {min_hidden_layers}, deep enough to show the "
                               "problem.")
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else 0.0
    if ratio >= min_ratio:
        return Feedback(True, f"First/last gradient ratio {ratio:.2g} (target: at least "
                              f"{min_ratio:g}). The gradient reaches the lowest layer.")
    return Feedback(False, f"First/last gradient ratio {ratio:.2g} is below {min_ratio:g}: the "
                           "gradient still vanishes.")


# ---- exploding gradients ------------------------------------------------------------------------

@exercise(hints=("Keep the same network and initializer; change one thing: the optimizer's "
                 "learning rate, gradient clipping, or batch normalization in the network.",
                 "Any one of the three remedies shown above works: "
                 "SGD(learning_rate=1e-4), SGD(learning_rate=0.01, global_clipnorm=1.0), or "
                 "build(batch_norm=True)."))
def check_trains_without_nan(model, x, y, *, epochs: int = 2, batch_size: int = 64) -> Feedback:
    """Trains the learner's compiled model briefly and checks the loss stays finite and falls.

    Args:
        model: The learner's compiled Keras model.
        x: Training inputs.
        y: Training targets.
        epochs: Epochs to train. Defaults to 2.
        batch_size: Batch size. Defaults to 64.

    Returns:
        A `Feedback` with the losses measured.
    """
    if _is_placeholder(model):
        raise NotImplementedError
    if not hasattr(model, "fit") or getattr(model, "optimizer", None) is None:
        return Feedback(False, "Expected a compiled Keras model: call model.compile(...) first.")
    losses = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0).history["loss"]
    shown = ", ".join(f"{v:.3g}" for v in losses)
    if not np.all(np.isfinite(losses)):
        return Feedback(False, f"The loss became NaN or infinite ({shown}): it still explodes.")
    if losses[-1] >= losses[0]:
        return Feedback(False, f"The loss stays finite but does not fall ({shown}): the "
                               "learning rate may now be too low to learn anything.")
    return Feedback(True, f"Losses {shown}: finite and falling.")


@exercise(hints=("Clipping rescales the gradient so its norm is at most the clipping threshold; "
                 "SGD then moves the weights by learning_rate times that gradient.",
                 "With global_clipnorm the norm is taken over all the gradients together; with "
                 "clipnorm each variable (kernel, bias) is capped on its own."))
def check_clipped_step(answer, *, learning_rate: float, clipnorm: float,
                       n_variables: int = 1) -> Feedback:
    """Checks the largest length of one SGD step with gradient clipping.

    Args:
        answer: The learner's number.
        learning_rate: The SGD learning rate.
        clipnorm: The clipping threshold.
        n_variables: How many variables are clipped separately (1 for
            `global_clipnorm`, the number of variables for Keras's per-variable
            `clipnorm`). Defaults to 1.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    return check_number(answer, learning_rate * clipnorm * np.sqrt(n_variables), rel_tol=0.01,
                        hint="Multiply the learning rate by the largest gradient norm allowed.")


def _reference_global_clip(grads, max_norm):
    """Keras's own global clipping: one SGD step with learning rate 1 from zero weights."""
    import keras

    variables = [keras.Variable(np.zeros_like(g)) for g in grads]
    optimizer = keras.optimizers.SGD(learning_rate=1.0, global_clipnorm=max_norm)
    optimizer.apply_gradients(zip([np.asarray(g) for g in grads], variables, strict=True))
    return [-np.asarray(v.numpy()) for v in variables]


def _random_gradients(rng, scale):
    shapes = [(int(rng.integers(2, 6)), int(rng.integers(2, 6))), (int(rng.integers(2, 6)),),
              (int(rng.integers(2, 6)), 1)]
    grads = [rng.normal(size=s).astype("float32") for s in shapes]
    total = np.sqrt(sum(float(np.sum(g**2)) for g in grads))
    return [g * np.float32(scale / total) for g in grads]


@exercise(hints=("Compute one norm over *all* the arrays together: the square root of the sum of "
                 "every squared entry of every array.",
                 "If that global norm is above max_norm, multiply every array by "
                 "max_norm / global_norm; otherwise return the arrays unchanged."))
def check_clip_by_global_norm(fn, *, seed: int = 0) -> Feedback:
    """Checks a learner's NumPy `fn(grads, max_norm)` against Keras's `global_clipnorm`.

    The function gets fresh random lists of gradient arrays, some with a global
    norm above `max_norm` and some below, and must return the same arrays as
    one step of `keras.optimizers.SGD(global_clipnorm=max_norm)` applies.

    Args:
        fn: The learner's function `(list of arrays, max_norm) -> list of arrays`.
        seed: Seed of the random gradients. Defaults to 0.

    Returns:
        A `Feedback`; per-variable clipping (Keras's `clipnorm`) and clipping
        that also scales small gradients are named.
    """
    if _is_placeholder(fn):
        raise NotImplementedError
    bad = _callable_or_feedback(fn, "grads, max_norm -> clipped grads")
    if bad is not None:
        return bad
    rng = np.random.default_rng(seed)
    for scale, max_norm in ((8.0, 1.0), (30.0, 2.5), (0.4, 1.0)):
        grads = _random_gradients(rng, scale)
        expected = _reference_global_clip(grads, max_norm)
        got = fn([g.copy() for g in grads], max_norm)
        if isinstance(got, np.ndarray) and got.dtype != object:
            got = [got]
        try:
            got = [np.asarray(g, dtype="float64") for g in got]
        except (TypeError, ValueError):
            return Feedback(False, "Expected your function to return a list of arrays, one per "
                                   f"gradient; got {type(got).__name__}.")
        if len(got) != len(grads) or any(g.shape != e.shape for g, e in zip(got, expected)):
            return Feedback(False, f"Expected {len(grads)} arrays with the shapes of the "
                                   "gradients you were given; got "
                                   f"{[g.shape for g in got]}.")
        if all(np.allclose(g, e, rtol=1e-4, atol=1e-6) for g, e in zip(got, expected)):
            continue
        per_variable = [g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-12)) for g in grads]
        if all(np.allclose(g, p, rtol=1e-4, atol=1e-6) for g, p in zip(got, per_variable)):
            return Feedback(False, "You clipped each array on its own: that is Keras's "
                                   "`clipnorm`, not `global_clipnorm`.")
        total = np.sqrt(sum(float(np.sum(g**2)) for g in grads))
        if total <= max_norm:
            return Feedback(False, f"Gradients with a global norm of {total:.2g}, below "
                                   f"max_norm={max_norm}, must come back unchanged.")
        return Feedback(False, f"For gradients with a global norm of {total:.3g} and "
                               f"max_norm={max_norm}, your arrays differ from Keras's "
                               "global_clipnorm.")
    return Feedback(True, "Your clipping matches keras.optimizers.SGD(global_clipnorm=...) on "
                          "fresh random gradients, above and below the threshold.")


# ---- dead ReLU units ----------------------------------------------------------------------------

def _reference_dead_fraction(outputs):
    return float(np.mean(np.all(outputs == 0.0, axis=0)))


@exercise(hints=("A unit is a column of the array (rows are examples). It is dead when the whole "
                 "column is 0, not when some entries are.",
                 "Make one True/False per unit by reducing over the examples (axis 0), then "
                 "average those booleans."))
def check_dead_fraction(fn, *, seed: int = 0) -> Feedback:
    """Checks a learner's NumPy `fn(outputs)`: the fraction of units that are 0 for every example.

    `outputs` has one row per example and one column per unit. The function is
    called on fresh random arrays with a known number of dead columns, columns
    that are 0 for only some examples, and tiny negative values (as leaky ReLU
    gives), and compared with the reference.

    Args:
        fn: The learner's function `(array of shape (examples, units)) -> float`.
        seed: Seed of the random arrays. Defaults to 0.

    Returns:
        A `Feedback` that names a count instead of a fraction, a per-example
        result, or "some zeros" counted as dead.
    """
    if _is_placeholder(fn):
        raise NotImplementedError
    bad = _callable_or_feedback(fn, "outputs -> fraction of dead units")
    if bad is not None:
        return bad
    rng = np.random.default_rng(seed)
    for n_examples, n_units, n_dead in ((50, 10, 3), (20, 16, 0), (30, 8, 5)):
        outputs = np.maximum(rng.normal(size=(n_examples, n_units)), 0.0).astype("float32")
        outputs[:, :n_dead] = 0.0
        outputs[rng.integers(n_examples), n_dead:] = 0.0  # alive units with a zero somewhere
        outputs[:, -1] = -1e-3 * rng.random(n_examples)  # leaky: small, never exactly 0
        outputs = outputs[:, rng.permutation(n_units)]
        expected = _reference_dead_fraction(outputs)
        got = fn(outputs.copy())
        if np.ndim(got) != 0:
            return Feedback(False, f"Expected one number for the whole array; got shape "
                                   f"{np.shape(got)}. Reduce over the examples first, then over "
                                   "the units.")
        got = float(got)
        if np.isclose(got, expected, atol=1e-6):
            continue
        if np.isclose(got, expected * n_units, atol=1e-6) and n_dead:
            return Feedback(False, f"{got:g} is the number of dead units; the exercise asks for "
                                   "the fraction (divide by the number of units).")
        some_zero = float(np.mean(np.any(outputs == 0.0, axis=0)))
        if np.isclose(got, some_zero, atol=1e-6):
            return Feedback(False, "You counted units that are 0 for *some* example; a dead "
                                   "unit is 0 for *every* example.")
        return Feedback(False, f"On a fresh array with {n_dead} dead units of {n_units} your "
                               f"function gave {got:.3g}; expected {expected:.3g}.")
    return Feedback(True, "Your dead fraction matches the reference on fresh arrays, with and "
                          "without dead units, and leaky outputs count as alive.")


@exercise(hints=("Look at the last value of each layer's list in the history (or at the right end "
                 "of the plot).",
                 "`history[name][-1]` is the final fraction of a layer; take the name with the "
                 "largest one."))
def check_most_dead_layer(answer, *, history) -> Feedback:
    """Checks the name of the layer with the largest final fraction of dead units.

    Args:
        answer: The learner's layer name.
        history: `DeadUnitMonitor.history`.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    final = {name: values[-1] for name, values in history.items() if name != "step"}
    top = max(final.values())
    best = {name for name, value in final.items() if value == top}
    return check_option(answer, best, choices=list(final),
                        hint="Compare the last value of each layer's list.")


@exercise(hints=("A fraction of dead units times the number of units is the number of dead "
                 "units.",
                 "Round fraction * units to the nearest whole number."))
def check_dead_unit_count(answer, *, fraction: float, units: int) -> Feedback:
    """Checks a count of dead units from a measured fraction.

    Args:
        answer: The learner's integer.
        fraction: The measured fraction of dead units.
        units: The number of units in the layer.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    return check_number(answer, round(fraction * units), rel_tol=0.0, abs_tol=0.5,
                        hint="Multiply the fraction by the layer's number of units.")
