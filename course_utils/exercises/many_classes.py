"""Self-checks for the candidate-sampling notebook."""

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
