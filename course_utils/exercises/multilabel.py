"""Self-checks for the multi-label notebook."""

from __future__ import annotations

import numpy as np

from .core import Feedback, _is_placeholder, exercise


def _random_bowls(rng, label_names, n=12):
    """Random bowls: lists of 1 to 3 different names (at least one bowl of each size)."""
    names = list(label_names)
    sizes = [1, 2, min(3, len(names))] + rng.integers(1, min(3, len(names)) + 1, n - 3).tolist()
    return [[str(x) for x in rng.choice(names, size=k, replace=False)] for k in sizes]


@exercise(hints=("One row per bowl and one column per label, in the order of `label_names`: "
               "a 1 where that fruit is in the bowl, 0 elsewhere. A row is not a probability "
               "distribution.",
               "Start from np.zeros((len(bowls), len(label_names))) and, for each bowl i and "
               "each fruit in it, set row i, column label_names.index(fruit) to 1."))
def check_multi_hot(multi_hot, *, label_names) -> Feedback:
    """Checks a learner's multi-hot encoder on fresh random bowls.

    The learner's function takes `(bowls, label_names)`: a list of bowls,
    each a list of the names of the fruits in it, and all label names in
    order. It returns an array of shape (len(bowls), len(label_names)) with
    a 1 for every fruit present and 0 elsewhere.

    Args:
        multi_hot: The learner's function.
        label_names: All label names, in order.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(multi_hot):
        raise NotImplementedError
    if not callable(multi_hot):
        return Feedback(False, f"Expected a function, got {type(multi_hot).__name__}.")
    label_names = [str(name) for name in label_names]
    rng = np.random.default_rng()
    bowls = _random_bowls(rng, label_names)
    expected = np.array([[1.0 if name in bowl else 0.0 for name in label_names]
                         for bowl in bowls])
    answer = multi_hot([list(b) for b in bowls], list(label_names))
    if _is_placeholder(answer):  # the body is still `...`: no try counted
        raise NotImplementedError
    answer = np.asarray(answer, dtype="float64")
    if answer.shape != expected.shape:
        return Feedback(False, f"For {len(bowls)} bowls and {len(label_names)} labels expected "
                               f"shape {expected.shape}; got {answer.shape}.")
    if np.array_equal(answer, expected):
        return Feedback(True, f"Right on {len(bowls)} fresh random bowls. Each row sums to the "
                              "number of fruits in its bowl, not to 1 as a softmax target would.")
    if np.allclose(answer, expected / expected.sum(axis=1, keepdims=True)):
        return Feedback(False, "Those are softmax-style targets (shares that sum to 1). A "
                               "multi-hot label has a 1 for every fruit present.")
    if np.array_equal(answer.sum(axis=1), expected.sum(axis=1)):
        return Feedback(False, "Each row has the right number of 1s, but in the wrong columns: "
                               "column j stands for label_names[j].")
    return False


def _random_multilabel(rng):
    n, n_labels = int(rng.integers(20, 40)), int(rng.integers(3, 7))
    y_true = (rng.random((n, n_labels)) < 0.4).astype("float32")
    y_pred = y_true.copy()
    flip = rng.random((n, n_labels)) < 0.15
    y_pred[flip] = 1 - y_pred[flip]
    return y_true, y_pred


@exercise(hints=("A bowl counts as right only when *every* one of its decisions equals its "
               "label; the ratio is the share of such bowls.",
               "Compare the two arrays element by element, ask whether a whole row is equal "
               "(np.all along axis 1), then take the mean over the rows."))
def check_exact_match(exact_match) -> Feedback:
    """Checks a learner's exact-match ratio function on fresh random labels.

    The learner's function takes `(y_true, y_pred)`, two 0/1 arrays of shape
    (n, n_labels), and returns the share of rows where all labels agree.

    Args:
        exact_match: The learner's function.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(exact_match):
        raise NotImplementedError
    if not callable(exact_match):
        return Feedback(False, f"Expected a function, got {type(exact_match).__name__}.")
    rng = np.random.default_rng()
    for _ in range(3):
        y_true, y_pred = _random_multilabel(rng)
        expected = float(np.mean(np.all(y_true == y_pred, axis=1)))
        answer = exact_match(y_true.copy(), y_pred.copy())
        if _is_placeholder(answer):  # the body is still `...`: no try counted
            raise NotImplementedError
        answer = np.asarray(answer, dtype="float64")
        if answer.size != 1:
            return Feedback(False, f"Expected one number (a ratio), got an array of shape "
                                   f"{answer.shape}.")
        answer = float(answer.reshape(()))
        if np.isclose(answer, expected, atol=1e-9):
            continue
        if np.isclose(answer, np.mean(y_true == y_pred), atol=1e-9):
            return Feedback(False, "That is the share of correct *decisions* (per label). Exact "
                                   "match counts a bowl only when all its labels are right.")
        if np.isclose(answer, np.mean(np.any(y_true == y_pred, axis=1)), atol=1e-9):
            return Feedback(False, "That counts a bowl as right when *any* label is right; "
                                   "exact match needs *all* of them.")
        if np.isclose(answer, expected * len(y_true), atol=1e-9):
            return Feedback(False, "That is the number of exactly right rows; divide by the "
                                   "number of rows to get a ratio.")
        return False
    return Feedback(True, "Right on three fresh random label sets.")
