"""Self-check exercises: feedback for a learner's answer, never a traceback.

Each checker takes what the learner wrote (a number, a model, a choice) and
returns a `Feedback`: right, or a hint that points toward the idea. A wrong
or malformed answer (None, a wrong shape, a model that cannot be called) is
turned into a hint too. Only a mistake in *how the checker is called* by the
notebook author raises.

The `exercise` decorator gives any checker that behaviour::

    @exercise(hint="Multiply the two kernels first.")
    def check_collapsed_kernel(answer, *, model):
        w, _ = collapse_linear_layers(model)
        return np.allclose(answer, w, atol=1e-5)

A checker returns True (right), False (wrong: the decorator's hint is shown)
or a `Feedback` of its own for a more specific hint.
"""

from __future__ import annotations

import functools
import html
import numbers
from collections.abc import Callable, Iterable

import numpy as np

__all__ = ["Feedback", "check_best_dropout_rate", "check_dropout_scale",
           "check_extrapolated_cost", "check_most_confident", "check_softmax",
           "check_choice", "check_clipped_step", "check_dead_unit_count",
           "check_gradient_ratio", "check_most_dead_layer", "check_sigmoid_gradient_bound",
           "check_trains_without_nan", "check_logits_memory", "check_number",
           "check_sampled_loss_is_exact", "check_multi_hot", "check_exact_match", "exercise",
           "PLAYGROUND_TASKS", "check_playground_task"]


class Feedback:
    """The result of a self-check: `ok` and a message for the learner.

    Shown in Jupyter as a green (right) or orange (try again) box; `bool(fb)`
    is `fb.ok`, so a notebook can also `assert` on it.
    """

    def __init__(self, ok: bool, message: str):
        self.ok = bool(ok)
        self.message = str(message)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("✓ Correct! " if self.ok else "↻ Not yet. ") + self.message

    def _repr_html_(self) -> str:
        color, title = ("#e6f4ea", "✓ Correct!") if self.ok else ("#fff4e5", "↻ Not yet.")
        return (f'<div style="background:{color};padding:8px 12px;border-radius:6px">'
                f"<b>{title}</b> {html.escape(self.message)}</div>")


def exercise(*, hint: str, success: str = "Well done.") -> Callable:
    """Turns a checker function into a learner-safe self-check.

    Args:
        hint: What to tell the learner when the answer is wrong.
        success: What to tell the learner when it is right.
            Defaults to "Well done.".

    Returns:
        A decorator. The wrapped checker returns a `Feedback`; an exception
        raised while looking at the learner's answer becomes a hint that names
        the problem.
    """

    def decorate(checker: Callable) -> Callable:
        @functools.wraps(checker)
        def wrapper(*args, **kwargs) -> Feedback:
            try:
                result = checker(*args, **kwargs)
            except NotImplementedError:
                return Feedback(False, "Replace the `...` placeholder with your answer, "
                                       "then run the cell again.")
            except Exception as err:  # the learner's answer could not be used
                return Feedback(False, f"Your answer could not be checked ({type(err).__name__}: "
                                       f"{err}). Hint: {hint}")
            if isinstance(result, Feedback):
                return result
            return Feedback(True, success) if result else Feedback(False, "Hint: " + hint)

        return wrapper

    return decorate


def _is_placeholder(value) -> bool:
    return value is Ellipsis or value is None


def check_number(answer, expected: float, *, rel_tol: float = 0.05, abs_tol: float = 1e-8,
                 hint: str = "Recompute it step by step.") -> Feedback:
    """Checks a numeric answer against the expected value within a tolerance.

    Args:
        answer: The learner's number.
        expected: The right value (usually measured by the notebook).
        rel_tol: Allowed relative error. Defaults to 0.05.
        abs_tol: Allowed absolute error. Defaults to 1e-8.
        hint: Shown when the answer is wrong. Defaults to "Recompute it step by step.".

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        return Feedback(False, "Replace the `...` placeholder with a number, then run the cell.")
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, np.floating,
                                                           np.integer)):
        return Feedback(False, f"Expected a number, got {type(answer).__name__}. Hint: {hint}")
    if np.isclose(float(answer), float(expected), rtol=rel_tol, atol=abs_tol):
        return Feedback(True, f"{float(answer):.4g} matches the measured {float(expected):.4g}.")
    return Feedback(False, f"{float(answer):.4g} is not it. Hint: {hint}")


def check_choice(answer, expected, *, choices: Iterable | None = None,
                 hint: str = "Look at the plot again.") -> Feedback:
    """Checks a multiple-choice answer (a string, compared case-insensitively).

    Args:
        answer: The learner's choice.
        expected: The right choice, or a set of right choices.
        choices: All valid choices, to catch typos. Defaults to None.
        hint: Shown when the answer is wrong. Defaults to "Look at the plot again.".

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        return Feedback(False, "Replace the `...` placeholder with your choice, then run the cell.")
    norm = str(answer).strip().lower()
    valid = None if choices is None else {str(c).lower() for c in choices}
    if valid is not None and norm not in valid:
        return Feedback(False, f"{answer!r} is not one of the choices: "
                               f"{', '.join(sorted(valid))}.")
    right = {str(e).lower() for e in (expected if isinstance(expected, (set, list, tuple))
                                      else [expected])}
    if norm in right:
        return Feedback(True, "That's right.")
    return Feedback(False, f"Not {answer!r}. Hint: {hint}")


@exercise(hint="The single matrix is W1 @ W2 and the bias is b1 @ W2 + b2: substitute the hidden "
               "layer's output into the output layer.")
def check_collapsed_weights(weights, bias, *, model) -> bool | Feedback:
    """Checks a learner's collapse of a linear network into one weight matrix and bias.

    Args:
        weights: The learner's matrix, shape (input_dim, output_units).
        bias: The learner's bias, shape (output_units,).
        model: The linear Keras model being collapsed.

    Returns:
        A `Feedback`.
    """
    from .models import collapse_linear_layers

    if _is_placeholder(weights) or _is_placeholder(bias):
        raise NotImplementedError
    true_w, true_b = collapse_linear_layers(model)
    weights = np.asarray(weights, dtype="float32").reshape(true_w.shape)
    bias = np.asarray(bias, dtype="float32").reshape(true_b.shape)
    if not np.allclose(weights, true_w, atol=1e-4):
        return Feedback(False, "The weight matrix is not right yet. Hint: multiply the kernels in "
                               "the order the data flows through them, W1 @ W2.")
    if not np.allclose(bias, true_b, atol=1e-4):
        return Feedback(False, "The weights are right, the bias is not. Hint: the hidden bias also "
                               "passes through the output kernel: b1 @ W2 + b2.")
    return True


@exercise(hint="Train a model with hidden layers *and* a nonlinear activation (for example ReLU), "
               "then evaluate it on the test set.")
def check_accuracy(model, x, y, *, target: float) -> Feedback:
    """Checks that a learner's trained binary or multi-class model reaches a target accuracy.

    Args:
        model: The learner's trained Keras model.
        x: Test inputs.
        y: Test labels (0/1 for one sigmoid output, class indices for softmax).
        target: The accuracy to reach, in (0, 1].

    Returns:
        A `Feedback` naming the accuracy measured.
    """
    if _is_placeholder(model):
        raise NotImplementedError
    if not hasattr(model, "predict"):
        return Feedback(False, f"Expected a Keras model, got {type(model).__name__}.")
    prob = np.asarray(model.predict(np.asarray(x), verbose=0))
    y = np.asarray(y).reshape(-1)
    pred = (prob.reshape(-1) > 0.5).astype(int) if prob.shape[-1] == 1 else prob.argmax(axis=-1)
    acc = float(np.mean(pred == y))
    if acc >= target:
        return Feedback(True, f"Test accuracy {acc:.1%} reaches the target of {target:.0%}.")
    return Feedback(False, f"Test accuracy {acc:.1%} is below the target of {target:.0%}. "
                           "Hint: a linear model cannot do it; add hidden layers with a nonlinear "
                           "activation, and train long enough (watch the loss fall).")


@exercise(hint="Which function of x1 and x2 is constant along a circle? Squares of the inputs.")
def check_feature_cross(features, x_train, y_train, x_test, y_test, *, target: float,
                        epochs: int = 40) -> Feedback:
    """Trains a linear model on the learner's feature list and checks its test accuracy.

    Args:
        features: Feature names from `datasets.PLAYGROUND_FEATURES`.
        x_train, y_train, x_test, y_test: 2-D points and 0/1 labels.
        target: Test accuracy to reach.
        epochs: Training epochs. Defaults to 40.

    Returns:
        A `Feedback` naming the accuracy measured.
    """
    import keras

    from .datasets import PLAYGROUND_FEATURES, make_features
    from .models import build_mlp

    if _is_placeholder(features):
        raise NotImplementedError
    if isinstance(features, str):
        features = [features]
    unknown = [f for f in features if f not in PLAYGROUND_FEATURES]
    if unknown:
        return Feedback(False, f"Unknown feature(s) {unknown}. Choose among "
                               f"{', '.join(PLAYGROUND_FEATURES)}.")
    model = build_mlp(len(features), [])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(make_features(x_train, features), y_train, epochs=epochs, batch_size=32, verbose=0)
    acc = float(model.evaluate(make_features(x_test, features), y_test, verbose=0)[1])
    if acc >= target:
        return Feedback(True, f"A linear model on {list(features)} reaches {acc:.1%} "
                              "test accuracy.")
    return Feedback(False, f"A linear model on {list(features)} reaches only {acc:.1%} "
                           f"(target {target:.0%}). Hint: which function of x1 and x2 is constant "
                           "along a circle?")


@exercise(hint="The logits form a matrix with one row per example and one column per class; "
               "multiply its two sizes by 4 bytes and divide by 2**20.")
def check_logits_memory(answer, *, batch_size: int, n_classes: int) -> Feedback:
    """Checks the learner's size, in MiB, of one batch of float32 logits.

    Args:
        answer: The learner's number of MiB.
        batch_size: Examples per batch.
        n_classes: Number of classes (columns of the logits).

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    expected = batch_size * n_classes * 4 / 2**20
    answer = float(answer)
    if np.isclose(answer, expected, rtol=0.01):
        return Feedback(True, f"{answer:.0f} MiB for the logits alone, and the softmax and its "
                              "gradient need as much again each.")
    if np.isclose(answer, expected / 4, rtol=0.01):
        return Feedback(False, "That is the number of values; each float32 takes 4 bytes.")
    if np.isclose(answer, expected * 2**20 / 10**6, rtol=0.01):
        return Feedback(False, "Close: that is in megabytes (10**6 bytes); a MiB is 2**20 bytes.")
    return False


@exercise(hint="The sampled loss equals the full one only when every class is among the "
               "candidates (num_sampled = n_classes) and the true class is not counted twice "
               "(remove_accidental_hits=True).")
def check_sampled_loss_is_exact(model, *, n_classes: int = 50, input_dim: int = 16) -> Feedback:
    """Checks that a learner's `SampledSoftmaxModel` computes exactly the full softmax loss.

    Args:
        model: The learner's `SampledSoftmaxModel`.
        n_classes: Number of classes the model must have. Defaults to 50.
        input_dim: Its input dimension. Defaults to 16.

    Returns:
        A `Feedback`.
    """
    import keras

    from .models import SampledSoftmaxModel

    if _is_placeholder(model):
        raise NotImplementedError
    if not isinstance(model, SampledSoftmaxModel):
        return Feedback(False, "Expected a model built with "
                               "cu.models.build_sampled_softmax_model.")
    if model.n_classes != n_classes or model.input_dim != input_dim:
        return Feedback(False, f"Build it for input_dim={input_dim} and n_classes={n_classes}.")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, input_dim)).astype("float32")
    y = rng.integers(0, n_classes, 64)
    full = float(np.mean(keras.losses.sparse_categorical_crossentropy(
        y, model.logits(x), from_logits=True)))
    sampled = [float(model.sampled_loss(x, y)) for _ in range(3)]
    if all(np.isclose(s, full, rtol=1e-4) for s in sampled):
        return Feedback(True, f"Sampled loss {sampled[0]:.4f} = full loss {full:.4f}.")
    if model.num_sampled < n_classes:
        return Feedback(False, f"With {model.num_sampled} of {n_classes} classes sampled the "
                               f"loss is random ({sampled[0]:.3f}, {sampled[1]:.3f}, ...) and "
                               f"differs from the full loss {full:.3f}. Sample more classes.")
    return Feedback(False, f"All classes are sampled, but the loss {sampled[0]:.4f} is still "
                           f"above the full loss {full:.4f}: the true class appears twice, once "
                           "as the label and once as a sampled 'negative'. Look at "
                           "remove_accidental_hits.")


# --------------------------------------------------------------------------- training failure cases
@exercise(hint="The sigmoid's derivative is largest at 0, where it equals 0.25. The chain rule "
               "multiplies one such factor per layer.")
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


@exercise(hint="Keep at least 8 hidden layers, but use activation='relu' with "
               "kernel_initializer='he_normal'.")
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
    from .callbacks import gradient_norms

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
                           "gradient still vanishes. Hint: use activation='relu' with "
                           "kernel_initializer='he_normal'.")


@exercise(hint="Keep the same network and initializer; change the optimizer (a lower learning "
               "rate or clipnorm=1.0), or build it with batch_norm=True.")
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
        return Feedback(False, f"The loss stays finite but does not fall ({shown}). Hint: the "
                               "learning rate may now be too low to learn anything.")
    return Feedback(True, f"Losses {shown}: finite and falling.")


@exercise(hint="Clipping rescales the gradient so its norm is at most clipnorm; SGD then moves "
               "the weights by learning_rate times that gradient.")
def check_clipped_step(answer, *, learning_rate: float, clipnorm: float) -> Feedback:
    """Checks the largest length of one SGD step with gradient clipping.

    Args:
        answer: The learner's number.
        learning_rate: The SGD learning rate.
        clipnorm: The optimizer's clipnorm.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    return check_number(answer, learning_rate * clipnorm, rel_tol=0.01,
                        hint="Multiply the learning rate by the largest gradient norm allowed.")


@exercise(hint="Look at the last value of each layer's list in the history (or at the right end "
               "of the plot).")
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
    return check_choice(answer, best, choices=list(final),
                        hint="Compare the last value of each layer's list.")


@exercise(hint="A fraction of dead units times the number of units is the number of dead units.")
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


# ---- 03_playground -------------------------------------------------------

PLAYGROUND_TASKS = {
    "xor_linear": "Solve xor with a linear model (no hidden layer) by choosing the input "
                  "features. Target: test accuracy of at least 90%.",
    "circle_linear": "Solve circle with a linear model (no hidden layer) by choosing the input "
                     "features. Target: test accuracy of at least 90%.",
    "circle_small": "Solve circle with only x1 and x2 as inputs and one hidden layer of at "
                    "most 3 units. Target: test accuracy of at least 90%.",
    "spiral_raw": "Solve spiral (noise 0) with only x1 and x2 as inputs. Target: test "
                  "accuracy of at least 90%.",
}

_TASK_HINTS = {
    "xor_linear": "a linear model draws a straight line in feature space. Which feature is "
                  "positive in two opposite quadrants and negative in the other two?",
    "circle_linear": "the classes differ in their distance from the centre, "
                     "x1^2 + x2^2. Which features let a weighted sum compute that?",
    "circle_small": "three ReLU units sometimes get stuck (a unit that outputs 0 for every "
                    "point stops learning). Try another seed, more epochs, or tanh.",
    "spiral_raw": "the network has to build the whole spiral from x1 and x2: give it more "
                  "units per layer (say 32), a second layer, more epochs, and a lower learning "
                  "rate so that training settles.",
}


def _playground_rules(name, c):
    """Feedback when config `c` breaks the rules of task `name`, else None."""
    dataset = name.split("_")[0]
    if c.dataset != dataset:
        return Feedback(False, f"This task is about the {dataset!r} data set; your model was "
                               f"trained on {c.dataset!r}. Set dataset={dataset!r}.")
    if name.endswith("_linear") and not c.is_linear:
        return Feedback(False, "This task asks for a linear model: set hidden_units=() and "
                               "let the input features do the work.")
    if name in ("circle_small", "spiral_raw") and not set(c.features) <= {"x1", "x2"}:
        return Feedback(False, "Use only x1 and x2 as inputs here (features=('x1', 'x2')): "
                               "the hidden layers have to learn the shape themselves.")
    if name == "circle_small":
        if len(c.hidden_units) != 1 or c.hidden_units[0] > 3:
            return Feedback(False, "Use exactly one hidden layer of at most 3 units, e.g. "
                                   f"hidden_units=(3,). Yours: {c.hidden_units}.")
        if c.activation == "linear":
            return Feedback(False, "A linear activation keeps the model linear, and no "
                                   "straight line separates a disc from a ring. Pick a "
                                   "nonlinear activation.")
    if name == "spiral_raw" and c.noise > 0:
        return Feedback(False, "Set noise=0.0 for this task.")
    return None


@exercise(hint="Check the task's rules, then train again.")
def _check_playground_task(name, answer, *, seed):
    from .playground import PlaygroundConfig, PlaygroundResult, train_playground

    if _is_placeholder(answer):
        raise NotImplementedError
    if isinstance(answer, dict):
        answer = PlaygroundConfig(**answer)
    if not isinstance(answer, (PlaygroundConfig, PlaygroundResult)):
        return Feedback(False, "Expected a PlaygroundConfig or the PlaygroundResult that "
                               f"train_playground returns; got {type(answer).__name__}.")
    config = answer if isinstance(answer, PlaygroundConfig) else answer.config
    broken = _playground_rules(name, config)
    if broken is not None:
        return broken
    if isinstance(answer, PlaygroundConfig):
        answer = train_playground(answer, seed=seed)
    accuracy = answer.test_accuracy
    if accuracy >= 0.9:
        return Feedback(True, f"Test accuracy {accuracy:.1%} (target 90%): solved.")
    return Feedback(False, f"Test accuracy {accuracy:.1%}, the target is 90%. Hint: "
                           + _TASK_HINTS[name])


def check_playground_task(name: str, answer, *, seed: int = 0) -> Feedback:
    """Checks a guided Playground task (notebook 03) on the learner's configuration.

    Args:
        name: The task: "xor_linear", "circle_linear", "circle_small" or
            "spiral_raw" (see `PLAYGROUND_TASKS` for each one's rules).
        answer: A `course_utils.playground.PlaygroundConfig` (it is trained
            here with `seed`) or the `PlaygroundResult` of `train_playground`.
        seed: Seed used when `answer` is a config. Defaults to 0.

    Returns:
        A `Feedback`: solved (test accuracy at least 90% within the task's
        rules), or a hint.

    Raises:
        ValueError: `name` is not a task (a mistake in the notebook, not the answer).

    Example:

    >>> from course_utils.playground import PlaygroundConfig
    >>> check_playground_task("xor_linear", PlaygroundConfig(
    ...     dataset="xor", features=("x1*x2",), hidden_units=(), epochs=30)).ok
    True
    """
    from .validation import check_choice as _check_name
    from .validation import check_int

    name = _check_name("name", name, PLAYGROUND_TASKS)
    seed = check_int("seed", seed, min_value=0)
    return _check_playground_task(name, answer, seed=seed)


@exercise(hint="One entry per label, in the order of the label names: 1 where the fruit is in "
               "the bowl, 0 elsewhere.")
def check_multi_hot(answer, *, present, label_names) -> Feedback:
    """Checks a learner's multi-hot label vector.

    Args:
        answer: The learner's list of 0s and 1s.
        present: Names of the labels that are present.
        label_names: All label names, in order.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    label_names = list(label_names)
    expected = np.array([1.0 if name in present else 0.0 for name in label_names])
    answer = np.asarray(answer, dtype="float64").reshape(-1)
    if answer.shape != expected.shape:
        return Feedback(False, f"Expected {len(label_names)} entries, one per label "
                               f"({', '.join(label_names)}); got {answer.size}.")
    if np.array_equal(answer, expected):
        return Feedback(True, f"{expected.astype(int).tolist()}: it sums to {int(expected.sum())}, "
                              "the number of fruits, not to 1 as a softmax target would.")
    if np.isclose(answer.sum(), 1.0) and np.array_equal(answer > 0, expected > 0):
        return Feedback(False, "That is the softmax-style target (shares that sum to 1). A "
                               "multi-hot label has a 1 for every fruit present.")
    return False


@exercise(hint="Threshold the probabilities (prob > threshold), then count a bowl as right only "
               "if all its decisions equal the labels: np.all(pred == y_true, axis=1), and "
               "average.")
def check_exact_match(answer, y_true, y_prob, *, threshold: float) -> Feedback:
    """Checks a learner's exact-match ratio of thresholded multi-label predictions.

    Args:
        answer: The learner's ratio, a number in [0, 1].
        y_true: 0/1 array of shape (n, n_labels).
        y_prob: Predicted probabilities of the same shape.
        threshold: The decision threshold to apply.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    y_true = np.asarray(y_true)
    y_prob = np.asarray(y_prob)
    pred = (y_prob > threshold).astype(y_true.dtype)
    expected = float(np.mean(np.all(pred == y_true, axis=1)))
    answer = float(answer)
    if np.isclose(answer, expected, atol=1e-6):
        return Feedback(True, f"Exact-match ratio {expected:.3f} at threshold {threshold}.")
    per_label = float(np.mean(pred == y_true))
    if np.isclose(answer, per_label, atol=1e-6):
        return Feedback(False, "That is the share of correct *decisions* (per label). Exact match "
                               "counts a bowl only when all its labels are right.")
    return False


@exercise(hint="Find the rate whose *validation* loss is lowest in the sweep's summary plot "
               "(the dashed curve), not the one with the lowest training loss.")
def check_best_dropout_rate(answer, *, rates, val_losses, tolerance: float = 0.02) -> Feedback:
    """Checks a learner's pick of the dropout rate with the lowest validation loss.

    A rate whose validation loss is within `tolerance` of the lowest counts
    as right: such near-ties are noise.

    Args:
        answer: The learner's rate, e.g. 0.5.
        rates: The rates of the sweep.
        val_losses: The validation loss measured at each rate.
        tolerance: Allowed excess over the lowest loss. Defaults to 0.02.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    rates = np.asarray(rates, dtype="float64")
    val_losses = np.asarray(val_losses, dtype="float64")
    answer = float(answer)
    match = np.flatnonzero(np.isclose(rates, answer, atol=1e-6))
    if match.size == 0:
        return Feedback(False, f"{answer} is not one of the rates of the sweep: "
                               f"{', '.join(f'{r:.1f}' for r in rates)}.")
    best = int(np.argmin(val_losses))
    if val_losses[match[0]] <= val_losses[best] + tolerance:
        return Feedback(True, f"Rate {answer:.1f} has validation loss {val_losses[match[0]]:.3f}; "
                              f"the lowest measured is {val_losses[best]:.3f} at rate "
                              f"{rates[best]:.1f}.")
    if answer == 0.0:
        return Feedback(False, "Rate 0.0 has the lowest *training* loss, but it overfits: look at "
                               "the validation curve.")
    return False


@exercise(hint="Dropout keeps a unit with probability 1 - rate and divides what it keeps by "
               "1 - rate, so the *expected* output stays the same as without dropout.")
def check_dropout_scale(answer, *, rate: float) -> Feedback:
    """Checks the value a kept unit has after `Dropout(rate)` in training, for an input of 1.

    Args:
        answer: The learner's number.
        rate: The dropout rate, in [0, 1).

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    expected = 1.0 / (1.0 - rate)
    if np.isclose(float(answer), expected, rtol=1e-3):
        return Feedback(True, f"Kept units are scaled by 1 / (1 - {rate}) = {expected:.4g}, so "
                              "the average output stays 1, as at inference.")
    if np.isclose(float(answer), 1.0 - rate):
        return Feedback(False, f"{1.0 - rate:.4g} is the share of units *kept*. Hint: what do "
                               "the kept ones get multiplied by?")
    return False


@exercise(hint="The most confident classifier is the column with the largest probability in "
               "each row: `probs.argmax(axis=1)`.")
def check_most_confident(answer, *, probs) -> Feedback:
    """Checks a learner's combination of one-vs-all probabilities into class predictions.

    Args:
        answer: The learner's predicted class per example, shape (n,).
        probs: The (n, N) matrix of each binary classifier's probability.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    probs = np.asarray(probs)
    expected = probs.argmax(axis=1)
    answer = np.asarray(answer).reshape(-1)
    if answer.shape != expected.shape:
        return Feedback(False, f"Expected one class per example ({len(expected)}), got "
                               f"{answer.size}. Hint: take the argmax along axis=1 (each row).")
    if np.array_equal(answer, probs.max(axis=1)):
        return Feedback(False, "Those are the largest probabilities; the answer is *which* "
                               "class has it. Hint: argmax instead of max.")
    if np.array_equal(answer.astype("int64"), expected):
        return Feedback(True, "Each example goes to the class whose classifier is most sure.")
    return False


@exercise(hint="The cost grows on a straight line: time = slope * N + intercept. Put N into the "
               "fitted line.")
def check_extrapolated_cost(answer, *, slope: float, intercept: float, n_classes: int,
                            rel_tol: float = 0.1) -> Feedback:
    """Checks a learner's extrapolation of the one-vs-all training time to many classes.

    Args:
        answer: The learner's estimate, in seconds.
        slope: The fitted seconds per additional class.
        intercept: The fitted intercept, in seconds.
        n_classes: The number of classes to extrapolate to.
        rel_tol: Allowed relative error. Defaults to 0.1.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    expected = slope * n_classes + intercept
    if np.isclose(float(answer), expected, rtol=rel_tol):
        return Feedback(True, f"About {expected:.0f} s, i.e. {expected / 60:.1f} minutes: "
                              "one-vs-all gets expensive as classes are added.")
    return False


@exercise(hint="Exponentiate every logit, then divide by the sum of the exponentials: "
               "np.exp(z) / np.exp(z).sum(). Subtracting z.max() first avoids overflow.")
def check_softmax(answer, *, logits) -> Feedback:
    """Checks a learner's softmax of a vector of logits.

    Args:
        answer: The learner's probabilities, shape (n_classes,).
        logits: The logits the softmax was asked for.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    z = np.asarray(logits, dtype="float64").reshape(-1)
    expected = np.exp(z - z.max())
    expected /= expected.sum()
    answer = np.asarray(answer, dtype="float64").reshape(-1)
    if answer.shape != expected.shape:
        return Feedback(False, f"Expected {len(expected)} probabilities, got {answer.size}.")
    if np.allclose(answer, expected, atol=1e-6):
        return Feedback(True, f"The probabilities sum to {answer.sum():.6f}.")
    if np.allclose(answer, np.exp(z), rtol=1e-6):
        return Feedback(False, "Those are the exponentials. Hint: divide them by their sum so "
                               "they add up to 1.")
    if np.allclose(answer, z / z.sum(), atol=1e-6):
        return Feedback(False, "Dividing the logits by their sum does not give probabilities "
                               "(logits can be negative). Hint: exponentiate first.")
    return False
