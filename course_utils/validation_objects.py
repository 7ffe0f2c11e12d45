"""Checks of paths, models and matplotlib/Keras objects; use them as `validation.check_*`.

Messages are built by `course_utils.validation`, in the Keras style it describes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import _type_error, _value_error, shape_error, value_error

__all__ = ["check_axes", "check_figure", "check_fits_model", "check_keras_object",
           "check_model", "check_path", "refuse_model"]


def check_path(name: str, value: Any, *, kind: str = "dir", allow_none: bool = False,
               must_exist: bool = False) -> str | None:
    """Checks a path to write to (`kind="dir"`: a folder; `"file"`: a file).

    Refused: "" (it would mean the working directory), a folder path that is
    an existing file (or the reverse), and a path below an existing file.

    Returns:
        The path as a str (or None when allowed).

    Raises:
        TypeError: not a str or os.PathLike.
        ValueError: one of the cases above, or missing when `must_exist`.
    """
    import os

    if value is None and allow_none:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise _type_error(name, "a path (str or pathlib.Path)" + (" or None" if allow_none
                                                                  else ""), value)
    path = os.fspath(value)
    if not isinstance(path, str):
        raise _type_error(name, "a path (str or pathlib.Path)", value)
    if path.strip() == "":
        raise _value_error(name, "a non-empty path", value)
    noun = "folder" if kind == "dir" else "file"
    if kind == "dir" and os.path.isfile(path):
        raise _value_error(name, f"a {noun}, not an existing file", value)
    if kind == "file" and os.path.isdir(path):
        raise _value_error(name, f"a {noun}, not an existing folder", value)
    parent = os.path.dirname(os.path.abspath(path))
    while parent and not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if parent and os.path.isfile(parent):
        raise _value_error(name, f"a path whose parent is a folder ({parent!r} is a file)",
                           value)
    if must_exist and not os.path.exists(path):
        raise _value_error(name, f"an existing {noun}", value)
    return path


def check_axes(name: str, value: Any, *, allow_none: bool = True):
    """Checks a matplotlib Axes (or None, meaning "make a new one")."""
    from matplotlib.axes import Axes

    if value is None and allow_none:
        return None
    if not isinstance(value, Axes):
        raise _type_error(name, "a matplotlib Axes" + (" or None" if allow_none else ""), value)
    return value


def check_figure(name: str, value: Any, *, allow_none: bool = True):
    """Checks a matplotlib Figure (or None)."""
    from matplotlib.figure import Figure, SubFigure

    if value is None and allow_none:
        return None
    if not isinstance(value, (Figure, SubFigure)):
        raise _type_error(name, "a matplotlib Figure" + (" or None" if allow_none else ""),
                          value)
    return value


_KERAS_KINDS = {"initializer": "initializers", "optimizer": "optimizers", "loss": "losses",
                "activation": "activations", "regularizer": "regularizers"}


def check_keras_object(name: str, value: Any, kind: str):
    """Checks a Keras initializer / optimizer / loss / activation / regularizer.

    Accepts what `keras.<kind>s.get` accepts (a name, an instance, a config or,
    except for optimizers, a callable) and returns the resolved object.

    Raises:
        TypeError: a type Keras does not accept for that kind.
        ValueError: an unknown name.
    """
    import keras

    module = getattr(keras, _KERAS_KINDS[kind])
    expected = f"a Keras {kind}: a name such as in keras.{_KERAS_KINDS[kind]}, or an instance"
    base = {"initializer": keras.initializers.Initializer, "optimizer": keras.optimizers.Optimizer,
            "loss": keras.losses.Loss, "regularizer": keras.regularizers.Regularizer,
            "activation": type(None)}[kind]
    if not (isinstance(value, (str, dict, base))
            or (kind != "optimizer" and callable(value) and not isinstance(value, type))):
        raise _type_error(name, expected, value)
    try:
        obj = module.get(value)
    except (TypeError, AttributeError):
        raise _type_error(name, expected, value) from None
    except ValueError:
        raise _value_error(name, expected, value) from None
    if obj is None and value is not None:
        raise _type_error(name, expected, value)
    return obj


def refuse_model(name: str, model: Any, expected: str):
    """Raises the ValueError for a model a helper cannot handle."""
    label = getattr(model, "name", type(model).__name__)
    raise value_error(name, expected, model,
                      received=f": {name}=<{type(model).__name__} '{label}'>")


def check_model(name: str, model: Any, *, compiled: bool = False, built: bool = True):
    """Checks a Keras model: its type, that it is built and (optionally) compiled.

    Raises:
        TypeError: not a `keras.Model`.
        ValueError: not built (no input shape yet), or not compiled with a
            loss when `compiled`.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise _type_error(name, "a Keras model", model)
    if built and not model.built:
        refuse_model(name, model, "a built model (give it a keras.Input, or call it on a "
                     "batch first)")
    if compiled and (not getattr(model, "compiled", False)
                     or (model.loss is None and not model.losses)):
        refuse_model(name, model, "a compiled model (call model.compile(optimizer, loss) "
                     "first)")
    return model


def check_fits_model(name: str, x: np.ndarray, model: Any, *, value: Any = None) -> np.ndarray:
    """Checks that the examples in `x` have the shape the model's input expects.

    `value`, when given, is what the caller passed as `name` (e.g. a `features`
    list from which `x` was computed); the message then shows it.
    """
    try:
        expected = tuple(model.inputs[0].shape[1:])
    except (AttributeError, ValueError, IndexError, TypeError):
        return x  # subclassed model: Keras will say
    got = tuple(np.shape(x)[1:])
    if len(got) != len(expected) or any(e is not None and e != g
                                        for e, g in zip(expected, got, strict=False)):
        if value is not None:
            raise value_error(name, f"inputs of shape {expected}, as the model takes; they "
                              f"give {got}", value)
        raise shape_error(name, f"examples of shape {expected} (the model's input)",
                          np.shape(x))
    return x
