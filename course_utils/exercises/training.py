"""Self-checks for the training notebooks: gradients, clipping, dead units, dropout."""

from __future__ import annotations

import numpy as np

from .core import REDO_STEP, Feedback, _is_placeholder, check_number, check_option, exercise


@exercise(hints=("The sigmoid's derivative is largest at 0, where it equals 0.25. The chain rule "
               "multiplies one such factor per layer.", REDO_STEP))
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


@exercise(hints=("Keep at least 8 hidden layers, but use activation='relu' with "
               "kernel_initializer='he_normal'.", REDO_STEP))
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
                           "gradient still vanishes. Hint: use activation='relu' with "
                           "kernel_initializer='he_normal'.")


@exercise(hints=("Keep the same network and initializer; change the optimizer (a lower learning "
               "rate or clipnorm=1.0), or build it with batch_norm=True.", REDO_STEP))
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


@exercise(hints=("Clipping rescales the gradient so its norm is at most clipnorm; SGD then moves "
               "the weights by learning_rate times that gradient.", REDO_STEP))
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


@exercise(hints=("Look at the last value of each layer's list in the history (or at the right end "
               "of the plot).", REDO_STEP))
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
                 "units.", REDO_STEP))
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
