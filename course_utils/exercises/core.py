"""The self-check machinery: `Feedback`, the `exercise` decorator with hints in
steps, and the generic checkers (`check_number`, `check_option`,
`check_prediction`).

A checker takes what the learner wrote (a number, a model, a choice) and returns
a `Feedback`: right, or a hint. A wrong or malformed answer (None, a wrong
shape, a model that cannot be called) becomes a hint too; only a mistake in how
the *notebook author* calls or defines a checker raises.

Hints come in steps. Each wrong answer to the same checker moves one step on:

1. the first hint, a nudge that names the idea;
2. the second hint, stronger, still not the answer;
3. a pointer to the worked solution (the collapsed cell tagged `solution`).

A right answer starts the count again. Example::

    @exercise(hints=("Follow the data: input, hidden layer, output.",
                     "Substitute h = x @ W1 + b1 into y = h @ W2 + b2."))
    def check_collapsed_kernel(answer, *, model):
        w, _ = collapse_linear_layers(model)
        return np.allclose(answer, w, atol=1e-5)

A checker returns True (right), False (wrong: the next hint is shown) or a
`Feedback` of its own for a more specific message (a wrong one still counts as
a step, and the step's hint is added to it).
"""

from __future__ import annotations

import functools
import html
import numbers
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from .. import validation

__all__ = ["Feedback", "exercise", "check_number", "check_option", "check_prediction",
           "SOLUTION_POINTER"]

SOLUTION_POINTER = ("Compare with the worked solution: the collapsed cell tagged `solution` "
                    "right after this exercise (click its '...' to expand it; a student copy "
                    "may have it removed: then ask your instructor).")


class Feedback:
    """The result of a self-check: `ok`, a message for the learner, and the hint step.

    Shown in Jupyter as a green (right) or orange (try again) box; `bool(fb)`
    is `fb.ok`, so a notebook can also `assert` on it.
    """

    def __init__(self, ok: bool, message: str, *, step: int = 0):
        self.ok = bool(ok)
        self.message = str(message)
        self.step = int(step)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("✓ Correct! " if self.ok else "↻ Not yet. ") + self.message

    def _repr_html_(self) -> str:
        color, title = ("#e6f4ea", "✓ Correct!") if self.ok else ("#fff4e5", "↻ Not yet.")
        return (f'<div style="background:{color};padding:8px 12px;border-radius:6px">'
                f"<b>{title}</b> {html.escape(self.message)}</div>")


def _check_hints(hints) -> tuple[str, ...]:
    if isinstance(hints, str) or not isinstance(hints, Sequence):
        raise validation.type_error("hints", "a sequence of at least 2 strings (a nudge, then "
                                    "a stronger hint)", hints)
    hints = tuple(hints)
    if len(hints) < 2 or not all(isinstance(h, str) and h.strip() for h in hints):
        raise validation.value_error("hints", "at least 2 non-empty strings", hints)
    return hints


def _hint_for(step: int, hints: tuple[str, ...]) -> str:
    """The text of hint `step` (1-based); past the last hint, the solution pointer."""
    if step <= len(hints):
        return f"Hint {step} of {len(hints)}: {hints[step - 1]}"
    return SOLUTION_POINTER


def exercise(*, hints: Sequence[str], success: str = "Well done.") -> Callable:
    """Turns a checker function into a learner-safe self-check with hints in steps.

    Args:
        hints: At least two hints, from a nudge to a stronger one. After the
            last, a further wrong answer points to the solution cell.
        success: What to tell the learner when the answer is right.
            Defaults to "Well done.".

    Returns:
        A decorator. The wrapped checker returns a `Feedback`; an exception
        raised while looking at the learner's answer becomes a hint that names
        the problem. A first argument that is still the placeholder (`...` or
        None) asks for an answer and does not count as a try. The wrapper's
        `attempts` attribute counts the wrong answers since the last right one;
        `reset()` sets it back to 0.

    Raises:
        TypeError, ValueError: `hints` is missing or malformed (at definition time).
    """
    hints = _check_hints(hints)
    if not isinstance(success, str):
        raise validation.type_error("success", "a string", success)

    def decorate(checker: Callable) -> Callable:
        @functools.wraps(checker)
        def wrapper(*args, **kwargs) -> Feedback:
            try:
                if args and _is_placeholder(args[0]):
                    raise NotImplementedError
                result = checker(*args, **kwargs)
            except NotImplementedError:
                return Feedback(False, "Replace the `...` placeholder with your answer, "
                                       "then run the cell again.")
            except Exception as err:  # the learner's answer could not be used
                result = Feedback(False, f"Your answer could not be checked "
                                         f"({type(err).__name__}: {err}).{_none_note(err)}")
            if result is True or (isinstance(result, Feedback) and result.ok) or (
                    not isinstance(result, Feedback) and bool(result)):
                wrapper.attempts = 0
                return result if isinstance(result, Feedback) else Feedback(True, success)
            wrapper.attempts += 1
            step_text = _hint_for(wrapper.attempts, hints)
            first = result.message + " " if isinstance(result, Feedback) else ""
            return Feedback(False, first + step_text, step=wrapper.attempts)

        wrapper.attempts = 0
        wrapper.hints = hints

        def reset() -> None:
            wrapper.attempts = 0

        wrapper.reset = reset
        return wrapper

    return decorate


def _is_placeholder(value) -> bool:
    return value is Ellipsis or value is None


def _none_note(err: Exception) -> str:
    """A word on the usual cause when the error is about None: a function with no `return`."""
    if "NoneType" not in str(err):
        return ""
    return (" A value was None where a number or array was expected: does your function end "
            "with `return` and its answer (a body that is still `...` returns None)?")


def _is_number(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (numbers.Real, np.floating,
                                                              np.integer))


def check_number(answer, expected: float, *, rel_tol: float = 0.05, abs_tol: float = 1e-8,
                 hint: str = "Recompute it step by step.") -> Feedback:
    """Checks a numeric answer against the expected value within a tolerance.

    Args:
        answer: The learner's number.
        expected: The right value (usually computed by the notebook).
        rel_tol: Allowed relative error. Defaults to 0.05.
        abs_tol: Allowed absolute error. Defaults to 1e-8.
        hint: Shown when the answer is wrong. Defaults to "Recompute it step by step.".

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(answer):
        return Feedback(False, "Replace the `...` placeholder with a number, then run the cell.")
    if not _is_number(answer):
        return Feedback(False, f"Expected a number, got {type(answer).__name__}. Hint: {hint}")
    if not np.isfinite(float(answer)):
        return Feedback(False, f"Expected a finite number, got {answer!r}. Hint: {hint}")
    if np.isclose(float(answer), float(expected), rtol=rel_tol, atol=abs_tol):
        return Feedback(True, f"{float(answer):.4g} matches the expected {float(expected):.4g}.")
    return Feedback(False, f"{float(answer):.4g} is not it. Hint: {hint}")


def check_option(answer, expected, *, choices: Iterable | None = None,
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
    if not isinstance(answer, (str, numbers.Number)):
        return Feedback(False, f"Expected one of the choices as a string, got "
                               f"{type(answer).__name__}.")
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


def check_prediction(prediction, measured, *, explanation: str,
                     choices: Iterable | None = None, rel_tol: float | None = None) -> Feedback:
    """Compares a prediction the learner recorded *before* an experiment with what it measured.

    Unlike a quiz, the point is the comparison: the feedback always shows the
    measurement and the explanation, right or wrong.

    Args:
        prediction: What the learner predicted: one of `choices`, or a number.
        measured: What the experiment gave (a choice, or a number).
        explanation: One or two sentences saying why the experiment came out so.
        choices: The allowed choices, for a multiple-choice prediction.
            Defaults to None (a numeric prediction).
        rel_tol: For a numeric prediction, how close counts as right (for example
            0.5 for "within 50%"). Defaults to None, which means 0.25.

    Returns:
        A `Feedback` that is ok when the prediction matched.
    """
    if _is_placeholder(prediction):
        return Feedback(False, "Record your prediction first (replace the `...`), then run the "
                               "experiment, then this cell.")
    if choices is not None:
        valid = {str(c).strip().lower(): c for c in choices}
        norm = str(prediction).strip().lower()
        if norm not in valid:
            return Feedback(False, f"{prediction!r} is not one of the choices: "
                                   f"{', '.join(map(repr, valid.values()))}.")
        ok = norm == str(measured).strip().lower()
        said = f"You predicted {valid[norm]!r}; the experiment says {measured!r}."
    else:
        if not _is_number(prediction) or not np.isfinite(float(prediction)):
            return Feedback(False, f"Expected a number as your prediction, got {prediction!r}.")
        tol = 0.25 if rel_tol is None else rel_tol
        ok = bool(np.isclose(float(prediction), float(measured), rtol=tol, atol=0.0))
        said = (f"You predicted {float(prediction):.3g}; "
                f"the experiment measured {float(measured):.3g}.")
    lead = "Your prediction holds. " if ok else "Surprised? "
    return Feedback(ok, f"{said} {lead}{explanation}")
