"""Self-checks for the multi-label notebook."""

from __future__ import annotations

import numpy as np

from .core import REDO_STEP, Feedback, _is_placeholder, exercise


@exercise(hints=("One entry per label, in the order of the label names: 1 where the fruit is in "
               "the bowl, 0 elsewhere.", REDO_STEP))
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


@exercise(hints=("Threshold the probabilities (prob > threshold), then count a bowl as right only "
               "if all its decisions equal the labels: np.all(pred == y_true, axis=1), and "
               "average.", REDO_STEP))
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
