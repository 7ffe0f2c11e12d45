"""Self-checks for the regularization notebook: dropout and L2."""

from __future__ import annotations

import numpy as np

from .core import Feedback, _is_placeholder, exercise


@exercise(hints=("Find the rate whose *validation* loss is lowest in the sweep's summary plot "
                 "(the dashed curve), not the one with the lowest training loss.",
                 "The training loss always falls as the rate falls; the validation loss falls, "
                 "then rises again. Take the rate at the bottom of that dip."))
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
                 "1 - rate, so the *expected* output stays the same as without dropout.",
                 "An input of 1, kept, becomes 1 / (1 - rate): for rate 0.5 that is 2."))
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


_DROPOUT_RATES = (0.25, 0.5, 0.8)


@exercise(hints=("Draw one uniform random number per value with `rng.random(x.shape)`; keep a "
                 "value where that number is at least `rate` (a boolean mask), zero it elsewhere.",
                 "Then divide what you keep by `1 - rate`, so that the average output equals "
                 "the average input: `x * mask / (1 - rate)`. With rate 0 nothing changes."),
          success="Your dropout zeroes about `rate` of the values and scales the rest by "
                  "1 / (1 - rate), as `keras.layers.Dropout` does in training.")
def check_dropout_function(answer, *, seed: int = 0) -> Feedback:
    """Checks a learner's NumPy dropout function `answer(x, rate, rng)` on fresh random inputs.

    The function must return an array of the shape of `x` in which every value
    is either 0 or the input divided by `1 - rate`, with about `rate` of them
    zeroed (within 3 percentage points on 20,000 values), for rates 0.25, 0.5
    and 0.8; with rate 0 it must return `x` unchanged.

    Args:
        answer: The learner's function, called as `answer(x, rate, rng)` with a
            float array `x`, a float `rate` in [0, 1) and a
            `numpy.random.Generator` `rng`.
        seed: Seed of the fresh inputs. Defaults to 0.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        raise NotImplementedError
    if not callable(answer):
        return Feedback(False, f"Expected a function `my_dropout(x, rate, rng)`, got "
                               f"{type(answer).__name__}.")
    data_rng = np.random.default_rng(seed)
    x = data_rng.uniform(0.5, 2.0, size=(400, 50))  # positive, so no value is 0 by chance
    for rate in _DROPOUT_RATES:
        out = np.asarray(answer(x.copy(), rate, np.random.default_rng(seed + 1)), dtype="float64")
        if out.shape != x.shape:
            return Feedback(False, f"For an input of shape {x.shape} your function returned "
                                   f"shape {out.shape}; dropout keeps the shape.")
        zeroed = np.isclose(out, 0.0)
        share = float(zeroed.mean())
        kept = ~zeroed
        if np.allclose(out[kept], x[kept] * (1 - rate)):
            return Feedback(False, f"At rate {rate} you multiply the kept values by 1 - rate; "
                                   "dropout *divides* them by 1 - rate, so their average grows "
                                   "back to that of the input.")
        if np.allclose(out[kept], x[kept]) and 0 < share < 1:
            return Feedback(False, f"At rate {rate} the kept values are unchanged: the average "
                                   "output is then smaller than the input's. Scale the kept "
                                   "values.")
        if not np.allclose(out[kept], x[kept] / (1 - rate)):
            return Feedback(False, f"At rate {rate} some kept values are neither 0 nor "
                                   "x / (1 - rate).")
        if abs(share - (1 - rate)) < 0.03 and abs(rate - 0.5) > 0.1:
            return Feedback(False, f"At rate {rate} you zeroed {share:.0%} of the values: that "
                                   "is the share dropout *keeps*. The rate is the share dropped.")
        if abs(share - rate) > 0.03:
            return Feedback(False, f"At rate {rate} you zeroed {share:.0%} of the values; "
                                   f"dropout zeroes about {rate:.0%}.")
    fresh = np.asarray(answer(x.copy(), 0.2, np.random.default_rng(seed + 2)))
    again = np.asarray(answer(x.copy(), 0.2, np.random.default_rng(seed + 3)))
    if np.array_equal(np.isclose(fresh, 0.0), np.isclose(again, 0.0)):
        return Feedback(False, "Two different random generators gave the same mask: draw the "
                               "mask from `rng`, so every training step drops different units.")
    out = np.asarray(answer(x.copy(), 0.0, np.random.default_rng(seed)), dtype="float64")
    if out.shape != x.shape or not np.allclose(out, x):
        return Feedback(False, "With rate 0 dropout drops nothing: the output must equal the "
                               "input.")
    return True
