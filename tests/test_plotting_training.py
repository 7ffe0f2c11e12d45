"""Tests of the training-health plots in course_utils.plotting."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.plotting import (
    plot_dead_fraction,
    plot_gradient_norms,
    plot_layer_gradient_norms,
)

GRADS = {"step": [0, 1, 2], "hidden_1": [1e-6, 2e-6, 0.0], "hidden_2": [1e-3, 1e-3, 2e-3],
         "output": [0.1, 0.2, float("nan")]}
DEAD = {"step": [0, 1, 2], "activation_1": [0.0, 0.25, 0.5], "activation_2": [0.0, 1.0, 1.0]}


class _Callback:  # anything with a `.history` dict, like the course's callbacks
    history = GRADS


def test_plot_gradient_norms_draws_one_log_line_per_layer():
    ax = plot_gradient_norms(GRADS)
    assert ax.get_yscale() == "log"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["hidden_1", "hidden_2", "output"]
    np.testing.assert_array_equal(lines[1].get_xdata(), [0, 1, 2])
    np.testing.assert_allclose(lines[1].get_ydata(), [1e-3, 1e-3, 2e-3])
    # zero and NaN cannot sit on a log axis: they are left out (NaN), not drawn at 0
    assert np.isnan(lines[0].get_ydata()[2]) and np.isnan(lines[2].get_ydata()[2])
    plt.close("all")


def test_plot_gradient_norms_uses_given_axes_and_layers():
    fig, ax = plt.subplots()
    n_figs = len(plt.get_fignums())
    out = plot_gradient_norms(_Callback(), ax=ax, layers=["output"], log_scale=False,
                              xlabel="batch", title="T")
    assert out is ax and len(plt.get_fignums()) == n_figs
    assert [line.get_label() for line in ax.get_lines()] == ["output"]
    assert ax.get_yscale() == "linear" and ax.get_xlabel() == "batch" and ax.get_title() == "T"
    plt.close("all")


def test_plot_dead_fraction_values_and_range():
    ax = plot_dead_fraction(DEAD)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["activation_1", "activation_2"]
    np.testing.assert_allclose(lines[0].get_ydata(), [0.0, 0.25, 0.5])
    low, high = ax.get_ylim()
    assert low < 0 and high > 1
    plt.close("all")


def test_plot_layer_gradient_norms_overlays_and_keeps_title():
    ax = plot_layer_gradient_norms({"hidden_1": 1e-6, "output": 0.5}, label="sigmoid",
                                   title="At init")
    plot_layer_gradient_norms({"hidden_1": 0.2, "output": 0.4}, label="relu", ax=ax)
    assert ax.get_title() == "At init"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["hidden_1", "output"]
    assert [line.get_label() for line in ax.get_lines()] == ["sigmoid", "relu"]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [1e-6, 0.5])
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: plot_gradient_norms([1, 2]), TypeError, "history"),
        (lambda: plot_gradient_norms({"hidden_1": [1.0]}), ValueError, "history"),
        (lambda: plot_gradient_norms(GRADS, layers=["hidden_9"]), ValueError, "layers"),
        (lambda: plot_gradient_norms(GRADS, log_scale="yes"), TypeError, "log_scale"),
        (lambda: plot_dead_fraction(DEAD, layers="activation_7"), ValueError, "layers"),
        (lambda: plot_dead_fraction(None), TypeError, "history"),
        (lambda: plot_layer_gradient_norms([0.1, 0.2]), TypeError, "norms"),
        (lambda: plot_layer_gradient_norms({}), ValueError, "norms"),
        (lambda: plot_layer_gradient_norms({"a": -1.0}), ValueError, "norms"),
        (lambda: plot_layer_gradient_norms({"a": float("nan")}), ValueError, "norms"),
    ],
)
def test_bad_arguments_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()
    plt.close("all")
