"""Tests of course_utils.plotting.units: neuron maps of every unit over the input plane."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.datasets import make_features
from course_utils.models import build_mlp
from course_utils.plotting import UnitMaps, plot_unit_maps, unit_outputs


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _model(hidden=(4,), activation="relu", inputs=2, **kwargs):
    keras.utils.set_random_seed(0)
    return build_mlp(inputs, hidden, activation=activation, **kwargs)


def _kill_unit(model, unit):
    """Makes a hidden ReLU unit of the first layer output 0 everywhere."""
    dense = model.layers[0]
    kernel, bias = dense.kernel.numpy(), dense.bias.numpy()
    kernel[:, unit] = 0.0
    bias[unit] = -1.0
    dense.kernel.assign(kernel)
    dense.bias.assign(bias)


def test_unit_outputs_match_the_model_and_the_features():
    model = _model((3, 2), activation="tanh")
    maps = unit_outputs(model, features=("x1", "x2"), resolution=12, extent=(-3.0, 3.0))
    assert maps["inputs"].shape == (2, 12, 12)
    assert [h.shape for h in maps["hidden"]] == [(3, 12, 12), (2, 12, 12)]
    assert maps["output"].shape == (1, 12, 12)
    grid = maps["grid"]
    # Row 0 is the top of the plane (largest x2), column 0 the smallest x1.
    assert maps["inputs"][0, 0, 0] == pytest.approx(grid[0])
    assert maps["inputs"][1, 0, 0] == pytest.approx(grid[-1])
    point = np.array([[grid[4], grid[-1 - 7]]], dtype="float32")  # row 7, column 4
    expected = float(np.asarray(model(point))[0, 0])
    assert maps["output"][0, 7, 4] == pytest.approx(expected, rel=1e-4, abs=1e-6)
    first = np.tanh(point @ maps["weights"][0] + model.layers[0].bias.numpy())
    np.testing.assert_allclose(maps["hidden"][0][:, 7, 4], first[0], rtol=1e-4, atol=1e-6)


def test_unit_outputs_use_the_named_features():
    model = _model((2,), inputs=3)
    maps = unit_outputs(model, features=("x1", "x1*x2", "sin(x2)"), resolution=8)
    points = np.stack(np.meshgrid(maps["grid"], maps["grid"][::-1]), axis=-1).reshape(-1, 2)
    expected = make_features(points, ("x1", "x1*x2", "sin(x2)"))
    np.testing.assert_allclose(maps["inputs"].reshape(3, -1).T, expected, rtol=1e-5, atol=1e-5)


def test_a_dead_relu_unit_has_a_flat_map_and_live_units_do_not():
    model = _model((4,))
    _kill_unit(model, 1)
    maps = unit_outputs(model, resolution=20)
    spread = np.ptp(maps["hidden"][0], axis=(1, 2))
    assert spread[1] == 0.0
    assert np.all(np.delete(spread, 1) > 0.1)
    drawing = UnitMaps(model, resolution=30)
    x, y, s, _ = drawing._tiles[2 + 1]  # tile of hidden unit 1 (after 2 inputs)
    h = drawing._canvas.shape[0]
    px = drawing._px
    tile = drawing._canvas[h - int(round((y + s) * px)):h - int(round(y * px)),
                           int(round(x * px)):int(round((x + s) * px))]
    assert len(np.unique(tile.reshape(-1, 4), axis=0)) == 1  # one colour: flat
    x, y, s, _ = drawing._tiles[2]
    live = drawing._canvas[h - int(round((y + s) * px)):h - int(round(y * px)),
                           int(round(x * px)):int(round((x + s) * px))]
    assert len(np.unique(live.reshape(-1, 4), axis=0)) > 3


def test_edges_have_width_by_magnitude_and_colour_by_sign():
    model = _model((3,))
    drawing = UnitMaps(model)
    kernel = model.layers[0].kernel.numpy()
    widths = np.asarray(drawing.edges.get_linewidths())
    colors = drawing.edges.get_colors()
    first = [i for i, (layer, _, _) in enumerate(drawing._edge_index) if layer == 0]
    values = np.array([kernel[a, b] for layer, a, b in drawing._edge_index if layer == 0])
    order = np.argsort(np.abs(values))
    assert np.all(np.diff(widths[first][order]) >= -1e-6)  # wider for larger |weight|
    blue = np.array([0x08, 0x77, 0xbd]) / 255
    for i, v in zip(first, values, strict=True):
        assert np.allclose(colors[i][:3], blue, atol=0.01) == (v >= 0)


def test_update_changes_the_drawing_in_place():
    model = _model((4,))
    drawing = UnitMaps(model)
    image, edges = drawing.image, drawing.edges
    before = np.array(drawing.image.get_array())
    n_artists = len(drawing.ax.get_children())
    model.layers[0].kernel.assign(-model.layers[0].kernel.numpy())
    drawing.update()
    assert drawing.image is image and drawing.edges is edges
    assert len(drawing.ax.get_children()) == n_artists
    assert not np.array_equal(before, np.asarray(drawing.image.get_array()))


def test_plot_unit_maps_draws_softmax_and_regression_outputs():
    softmax = _model((5, 3), activation="tanh", output_units=3, output_activation="softmax")
    ax = plot_unit_maps(softmax, x=np.zeros((4, 2)), y=[0, 1, 2, 1], title="classes")
    assert ax.get_title() == "classes"
    regression = _model((3,), output_activation="linear")
    ax = plot_unit_maps(regression, x=np.ones((3, 2)), y=[-0.5, 0.2, 0.9], discretize=True)
    assert len(ax.images) == 1


def test_wide_layers_are_truncated_with_a_note():
    ax = plot_unit_maps(_model((12,)), max_units=5)
    assert any("+7 more" in t.get_text() for t in ax.texts)


def test_plot_unit_maps_works_on_a_plain_keras_model_and_a_given_axes():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    fig, ax = plt.subplots()
    assert plot_unit_maps(model, ax=ax) is ax


@pytest.mark.parametrize("kwargs, error, argname", [
    ({"features": ("x1",)}, ValueError, "features"),
    ({"features": ("x1", "x9")}, ValueError, "features"),
    ({"resolution": 2}, ValueError, "resolution"),
    ({"extent": (1.0, -1.0)}, ValueError, "extent"),
    ({"extent": "wide"}, TypeError, "extent"),
    ({"scale": "global"}, ValueError, "scale"),
    ({"ax": "axes"}, TypeError, "ax"),
    ({"max_units": 0}, ValueError, "max_units"),
    ({"x": np.zeros((3, 3))}, ValueError, "x"),
    ({"x": np.zeros((3, 2)), "y": [0, 1]}, ValueError, "y"),
    ({"discretize": "yes"}, TypeError, "discretize"),
])
def test_bad_arguments_are_named(kwargs, error, argname):
    with pytest.raises(error, match=argname):
        plot_unit_maps(_model((2,)), **kwargs)


def test_models_that_cannot_be_drawn_are_refused():
    with pytest.raises(TypeError, match="model"):
        unit_outputs("model")
    with pytest.raises(ValueError, match="model"):
        unit_outputs(keras.Sequential([keras.layers.Dense(2)]))  # unbuilt
    conv = keras.Sequential([keras.Input((2,)), keras.layers.Reshape((2, 1)),
                             keras.layers.Conv1D(2, 1), keras.layers.Flatten(),
                             keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="model"):
        unit_outputs(conv)
