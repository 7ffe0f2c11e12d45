"""Self-checks for the one-vs-all and softmax notebooks."""

from __future__ import annotations

import numpy as np

from .core import REDO_STEP, Feedback, _is_placeholder, exercise


@exercise(hints=("The most confident classifier is the column with the largest probability in "
               "each row: `probs.argmax(axis=1)`.", REDO_STEP))
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


@exercise(hints=("The cost grows on a straight line: time = slope * N + intercept. Put N into the "
               "fitted line.", REDO_STEP))
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


@exercise(hints=("Exponentiate every logit, then divide by the sum of the exponentials: "
               "np.exp(z) / np.exp(z).sum(). Subtracting z.max() first avoids overflow.",
                 REDO_STEP))
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
