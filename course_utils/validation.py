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
    "MEMORY_LIMIT_BYTES",
    "check_array",
    "check_axes",
    "check_bool",
    "check_choice",
    "check_figure",
    "check_fits_model",
    "check_float",
    "check_int",
    "check_int_sequence",
    "check_keras_object",
    "check_labels",
    "check_model",
    "check_non_empty",
    "check_pair",
    "check_path",
    "check_values_in_range",
    "check_mapping",
    "check_memory",
    "check_names",
    "check_type",
    "check_unique",
    "refuse_model",
    "shape_error",
    "type_error",
    "value_error",
]

#: The most memory one argument may ask a helper to allocate. The course's experiments
#: need megabytes; a size that needs more than this is a typo (10**12 for 10**3), and
#: allocating it would stall or crash the kernel, so it is refused before allocating.
MEMORY_LIMIT_BYTES = 2**30


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


def type_error(name: str, expected: str, value: Any) -> TypeError:
    """The TypeError for argument `name`: what is allowed, what was received."""
    return _type_error(name, expected, value)


def value_error(name: str, expected: str, value: Any, *, received: str | None = None
                ) -> ValueError:
    """The ValueError for argument `name` (`received` replaces the repr of `value`).

    `received` reads after "Received": ": rows=3" gives "Received: rows=3", and
    "3 entries" gives "Received 3 entries".
    """
    if received is None:
        return _value_error(name, expected, value)
    received = received.strip()
    return ValueError(f"Invalid value received for argument `{name}`. Expected {expected}. "
                      f"Received{'' if received.startswith(':') else ' '}{received}")


def shape_error(name: str, expected: str, shape: Any) -> ValueError:
    """The ValueError for an array argument of the wrong shape."""
    return ValueError(f"Invalid shape received for argument `{name}`. Expected {expected}. "
                      f"Received: {name}.shape={tuple(shape)}")


def check_memory(name: str, value: Any, n_bytes: float) -> None:
    """Refuses, before allocating, a size whose arrays would need over MEMORY_LIMIT_BYTES."""
    if n_bytes > MEMORY_LIMIT_BYTES:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a size whose arrays fit "
            f"in memory (at most {_bytes(MEMORY_LIMIT_BYTES)}). {_received(name, value)}, "
            f"which would need {_bytes(n_bytes)}."
        )


def check_type(name: str, value: Any, types: type | tuple[type, ...], expected: str) -> Any:
    """Checks `isinstance(value, types)`; `expected` says it in words ("a string")."""
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise _type_error(name, expected, value)
    if not isinstance(value, types):
        raise _type_error(name, expected, value)
    return value


def check_mapping(name: str, value: Any, expected: str = "a dict") -> Any:
    """Checks a dict-like argument; a Keras History or a callback gives its `.history`."""
    from collections.abc import Mapping

    value = getattr(value, "history", value)
    if not isinstance(value, Mapping):
        raise _type_error(name, expected, value)
    return value


def check_names(name: str, value: Any, allowed: Sequence[str]) -> list[str]:
    """Checks a non-empty list of names (a str counts as one) that are all in `allowed`."""
    values = [value] if isinstance(value, str) else value
    expected = f"a non-empty list of names among {list(allowed)}"
    if not isinstance(values, Sequence) or not all(isinstance(v, str) for v in values):
        raise _type_error(name, expected, value)
    if not values or any(v not in allowed for v in values):
        raise _value_error(name, expected, value)
    return list(values)


def check_unique(name: str, value: Sequence) -> Sequence:
    """Checks that no entry of a list repeats."""
    if len(set(value)) != len(value):
        raise _value_error(name, "each entry at most once", value)
    return value


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
    bytes_each: int | None = None,
) -> int:
    """Checks that `value` is an integer within [min_value, max_value].

    Args:
        name: The argument's name, used in the message.
        value: What the caller passed.
        min_value: Smallest allowed value, or None. Defaults to None.
        max_value: Largest allowed value, or None. Defaults to None.
        bytes_each: For a size (samples, units, classes): the memory each
            one costs. A size that would need more than `MEMORY_LIMIT_BYTES`
            is refused before anything is allocated. Defaults to None.

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
    if bytes_each is not None:
        check_memory(name, value, value * bytes_each)
    return value


def _bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.3g} {unit}"
        n /= 1024
    return f"{n:.3g} PiB"


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
    try:
        value = float(value)
    except OverflowError:  # an integer too large for a float
        raise _value_error(name, "a finite " + expected[2:], value) from None
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
    min_ndim: int | None = None,
    shape1: int | None = None,
    min_rows: int = 1,
    rows: int | None = None,
    rows_of: str | None = None,
    dtype: str = "float32",
) -> np.ndarray:
    """Converts `value` to a NumPy array and checks its rank and width.

    Args:
        name: The argument's name, used in the message.
        value: Array-like of real numbers.
        ndim: Required number of dimensions, or None. Defaults to None.
        min_ndim: Smallest allowed number of dimensions, or None. Defaults
            to None.
        shape1: Required size of the second axis, or None. Defaults to None.
        min_rows: Required minimum number of rows. Defaults to 1.
        rows: Required number of rows (e.g. as many labels as examples), or
            None. Defaults to None.
        rows_of: The argument whose row count `rows` is, for the message.
        dtype: dtype to convert to. Defaults to "float32".

    Returns:
        The array.

    Raises:
        TypeError: `value` cannot be converted to an array of real numbers
            (strings, complex numbers, objects).
        ValueError: wrong rank, width or number of rows, numbers too large
            for `dtype`, or non-finite values.
    """
    if np.iscomplexobj(value):
        raise _type_error(name, "an array of real numbers (not complex)", value)
    try:
        with np.errstate(over="raise", invalid="raise"):
            arr = np.asarray(value, dtype=dtype)
    except (OverflowError, FloatingPointError):
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected numbers that fit in "
            f"{dtype}. Received an array with numbers too large for it."
        ) from None
    except (TypeError, ValueError):
        raise _type_error(name, "an array of numbers", value) from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected an array with "
            f"{ndim} dimension(s). Received: {name}.shape={arr.shape}"
        )
    if min_ndim is not None and arr.ndim < min_ndim:
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected an array with at least "
            f"{min_ndim} dimensions, e.g. a batch of examples with shape (n, ...). "
            f"Received: {name}.shape={arr.shape}"
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
    if rows is not None and (arr.ndim < 1 or arr.shape[0] != rows):
        of = f" as `{rows_of}`" if rows_of else ""
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected as many rows{of} "
            f"({rows}). Received: {name}.shape={arr.shape}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected finite numbers. "
            f"Received an array with NaN or infinite entries."
        )
    return arr


def check_labels(name: str, value: Any, n_classes: int | None = None, *,
                 rows: int | None = None, rows_of: str | None = None,
                 allow_column: bool = False) -> np.ndarray:
    """Checks integer class labels: a 1-D array of ints in [0, n_classes).

    With `n_classes=None` any label >= 0 is allowed; with `allow_column` an
    (n, 1) column is accepted too (and flattened).

    Raises:
        TypeError: not an array of numbers.
        ValueError: wrong shape or row count, a non-integer, or a label
            outside [0, n_classes).
    """
    arr = check_array(name, value, dtype="float64", rows=rows, rows_of=rows_of)
    if allow_column and arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(
            f"Invalid shape received for argument `{name}`. Expected class indices with "
            f"shape (n,). Received: {name}.shape={arr.shape}"
        )
    top = np.inf if n_classes is None else n_classes
    bad = (arr != np.round(arr)) | (arr < 0) | (arr >= top)
    if np.any(bad):
        expected = ("class labels, integers >= 0" if n_classes is None
                    else f"class indices, integers from 0 to {n_classes - 1}")
        raise _value_error(name, expected, arr[bad][:5].tolist())
    return arr.astype("int64")


def check_pair(name: str, value: Any) -> tuple[float, float]:
    """Checks a (low, high) pair of finite floats with low < high (e.g. an axis range)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise _type_error(name, "a pair (low, high)", value)
    low, high = check_float(name, value[0]), check_float(name, value[1])
    if not low < high:
        raise _value_error(name, "low < high", tuple(value))
    return low, high


def check_values_in_range(name: str, value: Any, *, min_value: float | None = None,
                          max_value: float | None = None, what: str = "values") -> np.ndarray:
    """Checks that every entry of an array (e.g. norms, fractions) is within bounds."""
    arr = check_array(name, value, dtype="float64", min_rows=0)
    too_low = min_value is not None and np.any(arr < min_value)
    too_high = max_value is not None and np.any(arr > max_value)
    if too_low or too_high:
        expected = _bounds_text(what, min_value, max_value, True, True)
        raise _value_error(name, expected, value)
    return arr


def check_non_empty(name: str, value: Any, what: str = "a non-empty list") -> Any:
    """Checks that a list/tuple/dict is not empty (e.g. layers or metrics to plot)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise _type_error(name, what, value)
    if len(value) == 0:
        raise _value_error(name, what, value)
    return value


# Checks of paths, matplotlib and Keras objects live next door (this file stays short);
# they build their messages with the functions above and are part of this module's API.
from .validation_objects import (  # noqa: E402
    check_axes,
    check_figure,
    check_fits_model,
    check_keras_object,
    check_model,
    check_path,
    refuse_model,
)
