"""Self-checks for the multi-class notebooks: one-vs-all, softmax, candidate
sampling, multi-label."""

from __future__ import annotations

import numpy as np

from .core import REDO_STEP, Feedback, _is_placeholder, exercise


@exercise(hints=("The logits form a matrix with one row per example and one column per class; "
               "multiply its two sizes by 4 bytes and divide by 2**20.", REDO_STEP))
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


@exercise(hints=("The sampled loss equals the full one only when every class is among the "
               "candidates (num_sampled = n_classes) and the true class is not counted twice "
               "(remove_accidental_hits=True).", REDO_STEP))
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

    from ..models import SampledSoftmaxModel

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
