"""Self-checks for the regularization notebook: dropout and L2."""

from __future__ import annotations

import numpy as np

from .core import REDO_STEP, Feedback, _is_placeholder, exercise


@exercise(hints=("Find the rate whose *validation* loss is lowest in the sweep's summary plot "
               "(the dashed curve), not the one with the lowest training loss.", REDO_STEP))
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


@exercise(hints=("Dropout keeps a unit with probability 1 - rate and divides what it keeps by "
               "1 - rate, so the *expected* output stays the same as without dropout.", REDO_STEP))
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
