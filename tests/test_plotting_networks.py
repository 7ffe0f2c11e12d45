"""Tests of the backpropagation annotations of `plot_network`."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

import course_utils as cu
from course_utils import plotting


def _tiny():
    return keras.Sequential([keras.Input(shape=(2,)),
                             keras.layers.Dense(2, activation="sigmoid"),
                             keras.layers.Dense(1, activation="sigmoid")])


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_values_go_on_nodes_and_gradients_on_edges():
    model = _tiny()
    grad_w1 = np.array([[0.11, 0.22], [0.33, 0.44]])
    ax = plotting.plot_network(model, node_values=[[1, 2], [3, 4], [5, 6], [7]],
                               edge_values=[grad_w1, [0.55, 0.66], [[0.77], [0.88]]],
                               value_format=".2f")
    texts = _texts(ax)
    for value in ["1.00", "2.00", "3.00", "6.00", "7.00", "0.11", "0.44", "0.55", "0.88"]:
        assert value in texts, value
    # The gradient of the weight from input 1 to unit 2 sits on that edge: nearer to input 1
    # (x < 0) than to input 2, between the input row and the next.
    label = next(t for t in ax.texts if t.get_text() == "0.22")
    x, y = label.get_position()
    assert x < 0 and 0 < y < 1.7
    assert len(ax.patches) == 2 + 2 + 2 + 1
    plt.close(ax.figure)


def test_none_leaves_a_row_bare_and_default_draws_no_numbers():
    model = _tiny()
    bare = plotting.plot_network(model)
    part = plotting.plot_network(model, node_values=[None, None, None, [0.5]])
    numbers = [t for t in _texts(part) if t not in _texts(bare)]
    assert numbers == ["0.5"]
    plt.close("all")


def test_draws_on_given_axes():
    _, ax = plt.subplots()
    assert plotting.plot_network(_tiny(), ax=ax, node_values=[[1, 2], None, None, None]) is ax
    plt.close("all")


@pytest.mark.parametrize("kwargs, error, match", [
    ({"node_values": "x"}, TypeError, "node_values"),
    ({"node_values": [[1, 2]]}, ValueError, "node_values"),
    ({"node_values": [[1, 2, 3], None, None, None]}, ValueError, r"node_values\[0\]"),
    ({"node_values": [["a", "b"], None, None, None]}, TypeError, r"node_values\[0\]"),
    ({"node_values": [[1, np.nan], None, None, None]}, ValueError, r"node_values\[0\]"),
    ({"edge_values": 3}, TypeError, "edge_values"),
    ({"edge_values": [None, None]}, ValueError, "edge_values"),
    ({"edge_values": [np.zeros((2, 3)), None, None]}, ValueError, r"edge_values\[0\]"),
    ({"edge_values": [None, np.zeros(3), None]}, ValueError, r"edge_values\[1\]"),
    ({"value_format": 3}, TypeError, "value_format"),
    ({"value_format": "d"}, ValueError, "value_format"),
])
def test_bad_annotations(kwargs, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_network(_tiny(), **kwargs)
    plt.close("all")


def test_refuses_values_for_rows_too_wide_to_show():
    model = cu.models.build_mlp(2, [10], activation=None)
    with pytest.raises(ValueError, match="max_nodes"):
        plotting.plot_network(model, max_nodes=6, node_values=[None, None, None])
