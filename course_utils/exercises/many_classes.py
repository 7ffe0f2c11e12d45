"""Self-checks for the candidate-sampling notebook."""

from __future__ import annotations

import numpy as np

from .core import Feedback, _is_placeholder, exercise


@exercise(hints=("The logits form a matrix with one row per example and one column per class; "
               "count its numbers, then turn the count into bytes and the bytes into MiB.",
               "Numbers: BATCH * 10**6. Bytes: times 4 (float32). MiB: divide by 2**20 "
               "(not by 10**6)."))
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


@exercise(hints=("The sampled loss equals the full one only when every class is a candidate in "
               "every draw, and when nothing shifts one candidate's logit more than another's.",
               "Sample all 50 classes, keep the uniform sampler (its correction shifts every "
               "logit by the same amount), and make sure the true class is not counted a second "
               "time as a sampled 'negative' (remove_accidental_hits)."))
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
    if model.sampler != "uniform" and model.correct_sampling:
        return Feedback(False, f"All classes are sampled, but the loss {sampled[0]:.4f} differs "
                               f"from the full loss {full:.4f}: the {model.sampler!r} sampler's "
                               "correction subtracts a different log expected count from each "
                               "class's logit.")
    return Feedback(False, f"All classes are sampled, but the loss {sampled[0]:.4f} is still "
                           f"above the full loss {full:.4f}: the true class appears twice, once "
                           "as the label and once as a sampled 'negative'. Look at "
                           "remove_accidental_hits.")


def _numpy_sampled_losses(h, weights, biases, labels, sampled, true_expected, sampled_expected,
                          *, sign=1.0):
    """Sampled softmax cross-entropy per example, corrected by `sign` * log(expected count)."""
    true_logits = np.sum(h * weights[labels], axis=1) + biases[labels]
    true_logits = true_logits - sign * np.log(true_expected)
    sampled_logits = h @ weights[sampled].T + biases[sampled] - sign * np.log(sampled_expected)
    logits = np.concatenate([true_logits[:, None], sampled_logits], axis=1)
    top = logits.max(axis=1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return log_norm - logits[:, 0]


def _sampled_loss_case(rng):
    """Fresh random inputs for `check_sampled_loss`, and TensorFlow's losses for them."""
    import tensorflow as tf

    n_classes, dim, batch, num_sampled = int(rng.integers(30, 60)), 5, 8, 6
    weights = rng.normal(size=(n_classes, dim))
    biases = rng.normal(size=n_classes)
    h = rng.normal(size=(batch, dim))
    labels = rng.integers(0, n_classes, batch)
    # Negatives that are never a label of the batch: no accidental hits to remove.
    others = np.setdiff1d(np.arange(n_classes), labels)
    sampled = rng.choice(others, size=num_sampled, replace=False)
    true_expected = rng.uniform(0.05, 3.0, batch)
    sampled_expected = rng.uniform(0.05, 3.0, num_sampled)
    args = (h, weights, biases, labels, sampled, true_expected, sampled_expected)
    reference = tf.nn.sampled_softmax_loss(
        weights=tf.constant(weights), biases=tf.constant(biases),
        labels=tf.constant(labels.reshape(-1, 1), tf.int64), inputs=tf.constant(h),
        num_sampled=num_sampled, num_classes=n_classes,
        sampled_values=(tf.constant(sampled, tf.int64), tf.constant(true_expected.reshape(-1, 1)),
                        tf.constant(sampled_expected)))
    return args, np.asarray(reference)


@exercise(hints=("Build a short list of logits per example: its true class first, then the "
               "sampled classes; subtract from each the log of its expected count; the loss is "
               "the softmax cross-entropy of that list with the true class at position 0.",
               "true = sum(h * weights[labels], axis=1) + biases[labels] - log(true_expected); "
               "neg = h @ weights[sampled].T + biases[sampled] - log(sampled_expected); "
               "loss = logsumexp([true, neg], axis=1) - true."))
def check_sampled_loss(sampled_loss) -> Feedback:
    """Checks a learner's NumPy sampled softmax loss against `tf.nn.sampled_softmax_loss`.

    The learner's function takes `(h, weights, biases, labels, sampled,
    true_expected, sampled_expected)`: inputs (batch, d), class weight rows
    (n_classes, d), biases (n_classes,), integer labels (batch,), sampled
    class ids (num_sampled,) (none equals a label of the batch) and the
    expected counts of the true (batch,) and sampled (num_sampled,) classes.
    It returns one loss per example. The checker calls it on fresh random
    inputs.

    Args:
        sampled_loss: The learner's function.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(sampled_loss):
        raise NotImplementedError
    if not callable(sampled_loss):
        return Feedback(False, f"Expected a function, got {type(sampled_loss).__name__}.")
    rng = np.random.default_rng()
    for _ in range(3):
        args, reference = _sampled_loss_case(rng)
        answer = sampled_loss(*[a.copy() for a in args])
        if _is_placeholder(answer):  # the body is still `...`: no try counted
            raise NotImplementedError
        answer = np.asarray(answer, dtype="float64")
        if answer.shape == () and np.isclose(answer, reference.mean(), rtol=1e-5):
            return Feedback(False, "That is the batch's mean loss; return one loss per example "
                                   "(leave the mean to the training step).")
        if answer.shape != reference.shape:
            return Feedback(False, f"Expected one loss per example, shape {reference.shape}; "
                                   f"got shape {answer.shape}.")
        if not np.allclose(answer, reference, rtol=1e-5, atol=1e-6):
            for sign, what in [(0.0, "without the correction: subtract the log of each "
                                     "candidate's expected count from its logit"),
                               (-1.0, "with the correction's sign flipped: *subtract* the log "
                                      "expected count")]:
                if np.allclose(answer, _numpy_sampled_losses(*args, sign=sign), rtol=1e-5,
                               atol=1e-6):
                    return Feedback(False, f"Your losses are those {what}.")
            return False
    return Feedback(True, "Your NumPy loss equals tf.nn.sampled_softmax_loss on three fresh "
                          "random batches.")
