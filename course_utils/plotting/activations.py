"""Activation curves with their derivatives."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..validation import check_bool
from .style import (
    _check_range,
    _new_axes,
)


def plot_activation(
    activation: str | Callable,
    *,
    ax=None,
    x_range: tuple[float, float] = (-6.0, 6.0),
    derivative: bool = True,
    label: str | None = None,
):
    """Plots an activation function and, dashed, its derivative.

    Args:
        activation: A Keras activation name or a callable on tensors.
        ax: Matplotlib Axes to draw on, or None for a new figure.
            Defaults to None.
        x_range: `(low, high)` of the inputs shown. Defaults to (-6.0, 6.0).
        derivative: Also draw the derivative. Defaults to True.
        label: Name shown in the legend and title. Defaults to the function's name.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_activation("sigmoid")
    """
    from ..models import activation_with_derivative

    derivative = check_bool("derivative", derivative)
    low, high = _check_range("x_range", x_range)
    x = np.linspace(low, high, 401, dtype="float32")
    y, dy = activation_with_derivative(activation, x)
    name = label or (activation if isinstance(activation, str)
                     else getattr(activation, "__name__", "activation"))
    ax = _new_axes(ax)
    ax.plot(x, y, color="#c2185b", lw=2, label=f"{name}(x)")
    if derivative:
        ax.plot(x, dy, color="#555555", lw=1.5, ls="--", label=f"{name}'(x)")
    ax.axhline(0, color="#999999", lw=0.5)
    ax.axvline(0, color="#999999", lw=0.5)
    ax.set_xlabel("x (weighted sum)")
    ax.set_title(name)
    ax.legend(loc="best", fontsize="small")
    return ax
