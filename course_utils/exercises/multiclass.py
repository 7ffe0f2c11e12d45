"""Self-checks for the one-vs-all and softmax notebooks."""

from __future__ import annotations

import math

import numpy as np

from .core import Feedback, _is_placeholder, exercise


@exercise(hints=("Each row holds one example's N probabilities, one per class; the answer for "
                 "that row is the *position* (the class number) of its largest probability.",
                 "NumPy has a function that returns the position of the largest value along "
                 "an axis; rows are axis 1."))
def check_most_confident(answer, *, probs=None, seed: int = 0) -> Feedback:
    """Checks a learner's combination of one-vs-all probabilities into class predictions.

    The answer is either a function `answer(probs)` that returns the class of
    each row of an (n, N) probability matrix (tested on fresh random matrices
    with N = 2, 3 and 10), or the array of classes for the given `probs`.

    Args:
        answer: The learner's function, or predicted class per example, shape (n,).
        probs: The (n, N) matrix of each binary classifier's probability, for
            an array answer. Defaults to None (a function answer).
        seed: Seed of the fresh matrices a function is tested on. Defaults to 0.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    if callable(answer):
        rng = np.random.default_rng(seed)
        for n_classes in (3, 10, 2):
            fresh = rng.random((50, n_classes))
            feedback = check_most_confident.__wrapped__(np.asarray(answer(fresh.copy())),
                                                        probs=fresh)
            if feedback is not True and not (isinstance(feedback, Feedback) and feedback.ok):
                prefix = f"On a fresh ({len(fresh)}, {n_classes}) matrix: "
                return Feedback(False, prefix + (feedback.message if isinstance(
                    feedback, Feedback) else "some rows got the wrong class."))
        return Feedback(True, "Your function picks, in every row, the class whose classifier is "
                              "most sure.")
    if probs is None:
        return Feedback(False, "Expected a function `most_confident(probs)` that returns one "
                               f"class per row, got {type(answer).__name__}.")
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


@exercise(hints=("The cost grows on a straight line: time = slope * N + intercept. Put N into the "
                 "fitted line.",
                 "Multiply the slope by the number of classes, then add the intercept."))
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


@exercise(hints=("Exponentiate every logit, then divide by the sum of the exponentials.",
                 "np.exp(z) / np.exp(z).sum(); subtracting z.max() first avoids overflow."))
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


@exercise(hints=("Keras takes ceil(examples / batch_size) gradient steps per epoch (the last batch "
                 "may be smaller). How many examples does *each* binary model train on when "
                 "there are N classes of `examples_per_class` examples each?",
                 "Every binary model sees every example (the class's own as 1, all others as "
                 "0): N * examples_per_class of them. One-vs-all trains N such models; one "
                 "network with N outputs trains once on the same examples."),
          success="The data per model grows with N, and so does the number of models: "
                  "one-vs-all's steps grow like N squared, one network's like N.")
def check_ova_steps(answer, *, seed: int = 0) -> Feedback:
    """Checks a learner's `answer(n_classes, examples_per_class, epochs, batch_size)`.

    The function must return the total number of gradient steps one-vs-all
    takes: N binary models, each trained for `epochs` epochs on all
    `N * examples_per_class` examples in batches of `batch_size` (Keras takes
    ceil(examples / batch_size) steps per epoch). It is tested on fresh random
    arguments, including N = 1000.

    Args:
        answer: The learner's function.
        seed: Seed of the fresh arguments. Defaults to 0.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    if not callable(answer):
        return Feedback(False, "Expected a function `ova_steps(n_classes, examples_per_class, "
                               f"epochs, batch_size)`, got {type(answer).__name__}.")
    rng = np.random.default_rng(seed)
    cases = [(1000, 126, 5, 64)] + [(int(rng.integers(2, 60)), int(rng.integers(10, 300)),
                                     int(rng.integers(1, 10)), int(rng.choice([16, 32, 64, 100])))
                                    for _ in range(6)]
    for n, per_class, epochs, batch in cases:
        got = answer(n, per_class, epochs, batch)
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, float, np.integer,
                                                                     np.floating)):
            return Feedback(False, f"Expected a number of steps, got {type(got).__name__}.")
        expected = n * epochs * math.ceil(n * per_class / batch)
        if np.isclose(float(got), expected, rtol=1e-9):
            continue
        args = f"ova_steps({n}, {per_class}, {epochs}, {batch})"
        if np.isclose(float(got), n * epochs * math.ceil(per_class / batch)):
            return Feedback(False, f"{args} gave {got}: each model trained on "
                                   f"{per_class} examples only. Every binary model trains on "
                                   "*all* the examples, of every class.")
        if np.isclose(float(got), epochs * math.ceil(n * per_class / batch)):
            return Feedback(False, f"{args} gave {got}: that is one model's steps (or one "
                                   "network's). One-vs-all trains N models.")
        if np.isclose(float(got), n * epochs * n * per_class / batch):
            return Feedback(False, f"{args} gave {got}, not a whole number: the last, smaller "
                                   "batch of each epoch is a step too (round up).")
        return Feedback(False, f"{args} gave {got}; expected {expected}.")
    return True


def _reference_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@exercise(hints=("Exponentiate, then divide each row by its sum. For huge logits np.exp "
                 "overflows to inf (and inf / inf is nan): softmax does not change when the "
                 "same number is subtracted from every logit of a row. Which number makes "
                 "every exponent <= 0?",
                 "Subtract each row's maximum (`z.max(axis=-1, keepdims=True)`) before np.exp, "
                 "and sum along the last axis with keepdims=True so the division broadcasts "
                 "row by row."),
          success="Your softmax matches the reference on fresh random logits, huge ones "
                  "included, row by row.")
def check_softmax_function(answer, *, seed: int = 0) -> Feedback:
    """Checks a learner's NumPy softmax `answer(z)` on fresh random logits.

    The function gets a (batch, classes) float array of logits and must return
    the softmax of each row. It is tested on ordinary logits, on huge ones
    (around 1000, where a naive `np.exp` overflows) and on very negative ones.

    Args:
        answer: The learner's function.
        seed: Seed of the fresh logits. Defaults to 0.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    if not callable(answer):
        return Feedback(False, f"Expected a function `my_softmax(z)`, got "
                               f"{type(answer).__name__}.")
    rng = np.random.default_rng(seed)
    cases = [("ordinary", rng.normal(0.0, 3.0, size=(8, 5))),
             ("huge (around 1000)", rng.normal(1000.0, 5.0, size=(8, 5))),
             ("very negative (around -1000)", rng.normal(-1000.0, 5.0, size=(8, 5)))]
    for label, z in cases:
        with np.errstate(all="ignore"):
            got = np.asarray(answer(z.copy()), dtype="float64")
        expected = _reference_softmax(z)
        if got.shape != z.shape:
            return Feedback(False, f"For {label} logits of shape {z.shape} your function returned "
                                   f"shape {got.shape}: one probability per logit.")
        if np.allclose(got, expected, atol=1e-7):
            continue
        if not np.all(np.isfinite(got)):
            return Feedback(False, f"For {label} logits your function returns nan or inf: "
                                   "np.exp overflows (or every term underflows to 0).")
        with np.errstate(all="ignore"):
            whole = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        if np.allclose(got, whole, atol=1e-7):
            return Feedback(False, f"For {label} logits your probabilities sum to 1 over the "
                                   "whole batch, not per row: sum along the last axis "
                                   "(keepdims=True).")
        return Feedback(False, f"For {label} logits your function differs from softmax (largest "
                               f"difference {np.nanmax(np.abs(got - expected)):.3g}).")
    return True
