"""Argument checking for every public function of `course_utils`, in one place.

Messages follow Keras: they name the argument, say what is allowed and show
what was received, e.g.::

    Invalid value received for argument `rate`. Expected a float between 0
    and 1. Received: rate=1.5

A wrong *type* raises `TypeError`; a wrong *value* raises `ValueError`.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "check_bool",
    "check_choice",
    "check_float",
    "check_int",
    "check_int_sequence",
    "check_array",
]


def _received(name: str, value: Any) -> str:
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"Received: {name}={text}"


def _type_error(name: str, expected: str, value: Any) -> TypeError:
    return TypeError(
        f"Invalid type received for argument `{name}`. Expected {expected}. "
        f"{_received(name, value)} (of type {type(value).__name__})"
    )


def _value_error(name: str, expected: str, value: Any) -> ValueError:
    return ValueError(
        f"Invalid value received for argument `{name}`. Expected {expected}. "
        f"{_received(name, value)}"
    )


def _bounds_text(kind: str, min_value, max_value, include_min, include_max) -> str:
    if min_value is not None and max_value is not None:
        low = "from" if include_min else "greater than"
        high = "to" if include_max else "and less than"
        if include_min and include_max:
            return f"{kind} between {min_value} and {max_value} (inclusive)"
        return f"{kind} {low} {min_value} {high} {max_value}"
    if min_value is not None:
        return f"{kind} {'>=' if include_min else '>'} {min_value}"
    if max_value is not None:
        return f"{kind} {'<=' if include_max else '<'} {max_value}"
    return kind


def check_bool(name: str, value: Any) -> bool:
    """Checks that `value` is a bool and returns it."""
    if not isinstance(value, (bool, np.bool_)):
        raise _type_error(name, "a bool (True or False)", value)
    return bool(value)


def check_int(
    name: str,
    value: Any,
    *,
    min_value: int | None = None,
    max_value: int | None = None,
) -> int:
    """Checks that `value` is an integer within [min_value, max_value].

    Args:
        name: The argument's name, used in the message.
        value: What the caller passed.
        min_value: Smallest allowed value, or None. Defaults to None.
        max_value: Largest allowed value, or None. Defaults to None.

    Returns:
        `value` as a Python int.

    Raises:
        TypeError: `value` is not an integer (bools are refused too).
        ValueError: `value` is out of range.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise _type_error(name, _bounds_text("an integer", min_value, max_value, True, True), value)
    value = int(value)
    if (min_value is not None and value < min_value) or (
        max_value is not None and value > max_value
    ):
        expected = _bounds_text("an integer", min_value, max_value, True, True)
        raise _value_error(name, expected, value)
    return value


def check_float(
    name: str,
    value: Any,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    include_min: bool = True,
    include_max: bool = True,
) -> float:
    """Checks that `value` is a finite real number within the given bounds.

    Args:
        name: The argument's name, used in the message.
        value: What the caller passed.
        min_value: Lower bound, or None. Defaults to None.
        max_value: Upper bound, or None. Defaults to None.
        include_min: Whether `min_value` itself is allowed. Defaults to True.
        include_max: Whether `max_value` itself is allowed. Defaults to True.

    Returns:
        `value` as a Python float.

    Raises:
        TypeError: `value` is not a real number.
        ValueError: `value` is NaN, infinite or out of bounds.
    """
    expected = _bounds_text("a float", min_value, max_value, include_min, include_max)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise _type_error(name, expected, value)
    value = float(value)
    if not np.isfinite(value):
        raise _value_error(name, "a finite " + expected[2:], value)
    too_low = min_value is not None and (
        value < min_value if include_min else value <= min_value
    )
    too_high = max_value is not None and (
        value > max_value if include_max else value >= max_value
    )
    if too_low or too_high:
        raise _value_error(name, expected, value)
    return value


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Checks that `value` is one of the strings in `choices`.

    Raises:
        TypeError: `value` is not a string.
        ValueError: `value` is not one of `choices`; the message lists them.
    """
    choices = list(choices)
    expected = "one of " + ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise _type_error(name, expected, value)
    if value not in choices:
        raise _value_error(name, expected, value)
    return value


def check_int_sequence(
    name: str,
    value: Any,
    *,
    min_value: int = 1,
    allow_empty: bool = True,
) -> tuple[int, ...]:
    """Checks a list or tuple of integers (e.g. hidden layer sizes).

    Returns:
        The values as a tuple of ints.

    Raises:
        TypeError: `value` is not a list/tuple of integers.
        ValueError: an entry is below `min_value`, or the sequence is empty
            when `allow_empty` is False.
    """
    expected = f"a list or tuple of integers >= {min_value}"
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise _type_error(name, expected, value)
    out = []
    for item in value:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Integral):
            raise _type_error(name, expected, value)
        if item < min_value:
            raise _value_error(name, expected, value)
        out.append(int(item))
    if not out and not allow_empty:
        raise _value_error(name, "a non-empty " + expected[2:], value)
    return tuple(out)


def check_array(
    name: str,
    value: Any,
    *,
    ndim: int | None = None,
    shape1: int | None = None,
    min_rows: int = 1,
    dtype: str = "float32",
) -> np.ndarray:
    """Converts `value` to a NumPy array and checks its rank and width.

    Args:
        name: The argument's name, used in the message.
        value: Array-like.
        ndim: Required number of dimensions, or None. Defaults to None.
        shape1: Required size of the second axis, or None. Defaults to None.
        min_rows: Required minimum number of rows. Defaults to 1.
        dtype: dtype to convert to. Defaults to "float32".

    Returns:
        The array.

    Raises:
        TypeError: `value` cannot be converted to a numeric array.
        ValueError: wrong rank, width or too few rows, or non-finite values.
    """
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise _type_error(name, "an array of numbers", value) from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected an array with "
            f"{ndim} dimension(s). Received: {name}.shape={arr.shape}"
        )
    if shape1 is not None and (arr.ndim < 2 or arr.shape[1] != shape1):
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected shape "
            f"(n, {shape1}). Received: {name}.shape={arr.shape}"
        )
    if arr.ndim >= 1 and arr.shape[0] < min_rows:
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected at least "
            f"{min_rows} row(s). Received: {name}.shape={arr.shape}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected finite numbers. "
            f"Received an array with NaN or infinite entries."
        )
    return arr
