"""Self-check exercises: feedback for a learner's answer, never a traceback.

Each checker takes what the learner wrote (a number, a model, a choice) and
returns a `Feedback`: right, or a hint that points toward the idea. A wrong
or malformed answer (None, a wrong shape, a model that cannot be called) is
turned into a hint too. Only a mistake in *how the checker is called* by the
notebook author raises.

The `exercise` decorator gives any checker that behaviour::

    @exercise(hint="Multiply the two kernels first.")
    def check_collapsed_kernel(answer, *, model):
        w, _ = collapse_linear_layers(model)
        return np.allclose(answer, w, atol=1e-5)

A checker returns True (right), False (wrong: the decorator's hint is shown)
or a `Feedback` of its own for a more specific hint.
"""

from __future__ import annotations

import functools
import html
import numbers
from collections.abc import Callable, Iterable

import numpy as np

__all__ = ["Feedback", "check_choice", "check_number", "exercise"]


class Feedback:
    """The result of a self-check: `ok` and a message for the learner.

    Shown in Jupyter as a green (right) or orange (try again) box; `bool(fb)`
    is `fb.ok`, so a notebook can also `assert` on it.
    """

    def __init__(self, ok: bool, message: str):
        self.ok = bool(ok)
        self.message = str(message)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("✅ Correct! " if self.ok else "🔶 Not yet. ") + self.message

    def _repr_html_(self) -> str:
        color, title = ("#e6f4ea", "✅ Correct!") if self.ok else ("#fff4e5", "🔶 Not yet.")
        return (f'<div style="background:{color};padding:8px 12px;border-radius:6px">'
                f"<b>{title}</b> {html.escape(self.message)}</div>")


def exercise(*, hint: str, success: str = "Well done.") -> Callable:
    """Turns a checker function into a learner-safe self-check.

    Args:
        hint: What to tell the learner when the answer is wrong.
        success: What to tell the learner when it is right.
            Defaults to "Well done.".

    Returns:
        A decorator. The wrapped checker returns a `Feedback`; an exception
        raised while looking at the learner's answer becomes a hint that names
        the problem.
    """

    def decorate(checker: Callable) -> Callable:
        @functools.wraps(checker)
        def wrapper(*args, **kwargs) -> Feedback:
            try:
                result = checker(*args, **kwargs)
            except NotImplementedError:
                return Feedback(False, "Replace the `...` placeholder with your answer, "
                                       "then run the cell again.")
            except Exception as err:  # the learner's answer could not be used
                return Feedback(False, f"Your answer could not be checked ({type(err).__name__}: "
                                       f"{err}). Hint: {hint}")
            if isinstance(result, Feedback):
                return result
            return Feedback(True, success) if result else Feedback(False, "Hint: " + hint)

        return wrapper

    return decorate


def _is_placeholder(value) -> bool:
    return value is Ellipsis or value is None


def check_number(answer, expected: float, *, rel_tol: float = 0.05, abs_tol: float = 1e-8,
                 hint: str = "Recompute it step by step.") -> Feedback:
    """Checks a numeric answer against the expected value within a tolerance.

    Args:
        answer: The learner's number.
        expected: The right value (usually measured by the notebook).
        rel_tol: Allowed relative error. Defaults to 0.05.
        abs_tol: Allowed absolute error. Defaults to 1e-8.
        hint: Shown when the answer is wrong. Defaults to "Recompute it step by step.".

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        return Feedback(False, "Replace the `...` placeholder with a number, then run the cell.")
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, np.floating,
                                                           np.integer)):
        return Feedback(False, f"Expected a number, got {type(answer).__name__}. Hint: {hint}")
    if np.isclose(float(answer), float(expected), rtol=rel_tol, atol=abs_tol):
        return Feedback(True, f"{float(answer):.4g} matches the measured {float(expected):.4g}.")
    return Feedback(False, f"{float(answer):.4g} is not it. Hint: {hint}")


def check_choice(answer, expected, *, choices: Iterable | None = None,
                 hint: str = "Look at the plot again.") -> Feedback:
    """Checks a multiple-choice answer (a string, compared case-insensitively).

    Args:
        answer: The learner's choice.
        expected: The right choice, or a set of right choices.
        choices: All valid choices, to catch typos. Defaults to None.
        hint: Shown when the answer is wrong. Defaults to "Look at the plot again.".

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        return Feedback(False, "Replace the `...` placeholder with your choice, then run the cell.")
    norm = str(answer).strip().lower()
    valid = None if choices is None else {str(c).lower() for c in choices}
    if valid is not None and norm not in valid:
        return Feedback(False, f"{answer!r} is not one of the choices: "
                               f"{', '.join(sorted(valid))}.")
    right = {str(e).lower() for e in (expected if isinstance(expected, (set, list, tuple))
                                      else [expected])}
    if norm in right:
        return Feedback(True, "That's right.")
    return Feedback(False, f"Not {answer!r}. Hint: {hint}")
