"""Tests of the core plot helpers: they draw what they are given and return the Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import course_utils as cu
from course_utils import plotting


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_activation_draws_function_and_derivative():
    ax = plotting.plot_activation("sigmoid", x_range=(-2, 2))
    y, dy = [line.get_ydata() for line in ax.get_lines()[:2]]
    assert np.isclose(y.max(), 1 / (1 + np.exp(-2)), atol=1e-5)
    assert np.isclose(dy.max(), 0.25, atol=1e-4)


def test_plot_activation_uses_given_axes_and_can_skip_derivative():
    fig, ax = plt.subplots()
    out = plotting.plot_activation("relu", ax=ax, derivative=False)
    assert out is ax and len(ax.get_lines()) == 1 + 2  # curve + two zero lines
    assert len(fig.axes) == 1


def _boundary_vertices(ax):
    from matplotlib.contour import ContourSet

    lines = [c for c in ax.collections if isinstance(c, ContourSet) and list(c.levels) == [0.5]]
    assert len(lines) == 1
    return np.concatenate([path.vertices for path in lines[0].get_paths()])


def test_plot_decision_boundary_shades_by_model_output():
    # sigmoid(x1 + x2): the 0.5 line is x1 + x2 = 0, the shading grows towards +x1+x2.
    model = cu.models.build_mlp(2, [], kernel_initializer="ones")
    x, y = cu.datasets.make_gauss(60, seed=0)
    ax = plotting.plot_decision_boundary(model, x, y, resolution=40, title="t")
    assert ax.get_title() == "t"
    vertices = _boundary_vertices(ax)
    step = (ax.get_xlim()[1] - ax.get_xlim()[0]) / 39
    assert np.abs(vertices.sum(axis=1)).max() < step
    filled = [c for c in ax.collections if getattr(c, "filled", False)][0]
    assert filled.levels.min() == 0 and filled.levels.max() == 1
    points = [c for c in ax.collections if c.get_label() == "class 1"][0].get_offsets()
    np.testing.assert_allclose(points, x[y.reshape(-1) == 1])


def test_plot_decision_boundary_with_features():
    # sigmoid(x1 * x2) through the features: the boundary follows the two axes, x1 = 0 or
    # x2 = 0 (a straight line x1 + x2 = c could not), so the features reached the model.
    model = cu.models.build_mlp(3, [], kernel_initializer="zeros")
    model.get_layer("output").kernel.assign(np.array([[0.0], [0.0], [1.0]], "float32"))
    x, y = cu.datasets.make_xor(40, seed=0)
    ax = plotting.plot_decision_boundary(model, x, y, features=["x1", "x2", "x1*x2"],
                                         resolution=41)
    vertices = _boundary_vertices(ax)
    step = (ax.get_xlim()[1] - ax.get_xlim()[0]) / 40
    assert np.abs(vertices).min(axis=1).max() < step
    assert np.ptp(vertices[:, 0]) > 1 and np.ptp(vertices[:, 1]) > 1


def test_plot_history_draws_train_and_validation():
    hist = {"loss": [1.0, 0.5, 0.2], "val_loss": [1.1, 0.7, 0.6]}
    ax = plotting.plot_history(hist, label="run")
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[1].get_ydata(), hist["val_loss"])
    assert lines[1].get_linestyle() == "--"


def test_plot_network_colours_follow_the_material():
    model = cu.models.build_mlp(3, [4], activation="relu", output_activation="linear")
    ax = plotting.plot_network(model)
    colours = [tuple(np.round(p.get_facecolor()[:3], 3)) for p in ax.patches]
    from matplotlib.colors import to_rgb

    expected = {k: tuple(np.round(to_rgb(c), 3)) for k, c in plotting.NODE_COLORS.items()}
    assert colours.count(expected["input"]) == 3
    assert colours.count(expected["hidden"]) == 4
    assert colours.count(expected["activation"]) == 4
    assert colours.count(expected["output"]) == 1


def test_plot_network_truncates_wide_rows():
    model = cu.models.build_mlp(2, [50], activation=None)
    ax = plotting.plot_network(model, max_nodes=6)
    assert len(ax.patches) == 2 + 5 + 1  # one of the six slots is the ellipsis
    assert any("[50]" in t.get_text() for t in ax.texts)


@pytest.mark.parametrize("call, error, match", [
    (lambda: plotting.plot_activation("nope"), ValueError, "activation"),
    (lambda: plotting.plot_activation("relu", x_range=(2, 1)), ValueError, "x_range"),
    (lambda: plotting.plot_activation("relu", x_range=3), TypeError, "x_range"),
    (lambda: plotting.plot_decision_boundary("model", np.zeros((3, 2))), TypeError, "model"),
    (lambda: plotting.plot_decision_boundary(cu.models.build_mlp(2, []), np.zeros((3, 3))),
     ValueError, "x"),
    (lambda: plotting.plot_decision_boundary(cu.models.build_mlp(2, []), np.zeros((3, 2)),
                                             [0, 1]), ValueError, "y"),
    (lambda: plotting.plot_decision_boundary(
        cu.models.build_mlp(2, [], output_units=2, output_activation="softmax"),
        np.zeros((3, 2))), ValueError, "one output"),
    (lambda: plotting.plot_history({"loss": [1]}, metrics=["accuracy"]), ValueError, "metrics"),
    (lambda: plotting.plot_history([1, 2]), TypeError, "history"),
    (lambda: plotting.plot_network("model"), TypeError, "model"),
    (lambda: plotting.plot_network(cu.models.build_mlp(2, []), max_nodes=1), ValueError,
     "max_nodes"),
])
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
