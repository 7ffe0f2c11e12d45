"""Tests of course_utils.models: the MLP builder, the linear collapse, activations."""

import keras
import numpy as np
import pytest

import course_utils as cu
from course_utils.models import (
    activation_names,
    activation_with_derivative,
    build_mlp,
    collapse_linear_layers,
    resolve_activation,
)


def test_linear_model_is_one_dense_layer():
    model = build_mlp(3, [], output_activation="linear")
    assert [layer.name for layer in model.layers] == ["output"]
    assert model.count_params() == 4


def test_layer_order_with_every_option():
    model = build_mlp(2, [4, 3], activation="tanh", dropout=0.5, batch_norm=True)
    assert [layer.name for layer in model.layers] == [
        "hidden_1", "batch_norm_1", "activation_1", "dropout_1",
        "hidden_2", "batch_norm_2", "activation_2", "dropout_2", "output"]
    assert model.get_layer("hidden_1").activation is keras.activations.linear
    assert model.get_layer("output").activation is keras.activations.sigmoid


def test_no_activation_means_no_activation_layers():
    for act in (None, "linear"):
        model = build_mlp(2, [4], activation=act)
        assert not any(isinstance(layer, keras.layers.Activation) for layer in model.layers)


def test_custom_callable_activation_is_used():
    def double(x):
        return 2.0 * x

    model = build_mlp(1, [1], activation=double, output_activation="linear",
                      kernel_initializer="ones", bias_initializer="zeros")
    assert float(model(np.array([[3.0]], "float32"))[0, 0]) == pytest.approx(6.0)


def test_softmax_head_sums_to_one():
    model = build_mlp(4, [5], output_units=3, output_activation="softmax")
    out = model(np.random.default_rng(0).normal(size=(6, 4)).astype("float32")).numpy()
    np.testing.assert_allclose(out.sum(axis=1), 1.0, atol=1e-6)


def test_l2_adds_a_loss_per_kernel():
    model = build_mlp(2, [3, 3], l2=0.01)
    assert len(model.losses) == 3


def test_seeded_initializer_gives_layers_different_weights():
    cu.set_seed(0)
    model = build_mlp(4, [4, 4], kernel_initializer=keras.initializers.GlorotUniform(seed=1))
    k1 = model.get_layer("hidden_1").kernel.numpy()
    k2 = model.get_layer("hidden_2").kernel.numpy()
    assert not np.allclose(k1, k2)


def test_collapse_reproduces_predictions_of_deep_linear_net():
    cu.set_seed(3)
    model = build_mlp(3, [5, 4, 2], activation=None, output_units=2, output_activation="linear",
                      bias_initializer="random_normal")
    x = np.random.default_rng(1).normal(size=(10, 3)).astype("float32")
    w, b = collapse_linear_layers(model)
    assert w.shape == (3, 2) and b.shape == (2,)
    np.testing.assert_allclose(x @ w + b, model.predict(x, verbose=0), atol=1e-4)


def test_collapse_gives_logits_of_sigmoid_head():
    model = build_mlp(2, [3], activation=None, output_activation="sigmoid")
    x = np.random.default_rng(2).normal(size=(5, 2)).astype("float32")
    w, b = collapse_linear_layers(model)
    np.testing.assert_allclose(1 / (1 + np.exp(-(x @ w + b))), model.predict(x, verbose=0),
                               atol=1e-5)


def test_collapse_skips_dropout():
    model = build_mlp(2, [3], activation=None, dropout=0.5, output_activation="linear")
    x = np.ones((2, 2), "float32")
    w, b = collapse_linear_layers(model)
    np.testing.assert_allclose(x @ w + b, model.predict(x, verbose=0), atol=1e-5)


@pytest.mark.parametrize("model_kwargs, match", [
    ({"hidden_units": [3], "activation": "relu"}, "relu"),
    ({"hidden_units": [3], "activation": None, "batch_norm": True}, "BatchNormalization"),
])
def test_collapse_refuses_nonlinear_models(model_kwargs, match):
    model = build_mlp(2, **model_kwargs)
    with pytest.raises(ValueError, match=match):
        collapse_linear_layers(model)


def test_collapse_refuses_non_models():
    with pytest.raises(TypeError, match="model"):
        collapse_linear_layers("not a model")


def test_activation_names_include_the_classics():
    names = activation_names()
    assert {"relu", "sigmoid", "tanh", "gelu", "leaky_relu"} <= set(names)
    assert "get" not in names and "serialize" not in names


def test_resolve_activation():
    assert resolve_activation(None) is None
    assert resolve_activation("linear") is None
    assert resolve_activation("relu") is keras.activations.relu
    assert resolve_activation(abs) is abs


def test_activation_with_derivative_matches_closed_forms():
    x = np.linspace(-5, 5, 11, dtype="float32")
    y, dy = activation_with_derivative("sigmoid", x)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(y, s, atol=1e-6)
    np.testing.assert_allclose(dy, s * (1 - s), atol=1e-6)
    _, drelu = activation_with_derivative("relu", np.array([-1.0, 2.0]))
    np.testing.assert_array_equal(drelu, [0.0, 1.0])


def test_activation_with_derivative_of_constant_function_is_zero():
    import tensorflow as tf

    _, dy = activation_with_derivative(lambda t: tf.ones_like(t), [1.0, 2.0])
    np.testing.assert_array_equal(dy, [0.0, 0.0])


@pytest.mark.parametrize("kwargs, error, match", [
    ({"input_dim": 0}, ValueError, "input_dim"),
    ({"input_dim": 2.5}, TypeError, "input_dim"),
    ({"hidden_units": [4, 0]}, ValueError, "hidden_units"),
    ({"hidden_units": "8"}, TypeError, "hidden_units"),
    ({"hidden_units": [4.0]}, TypeError, "hidden_units"),
    ({"activation": "rleu"}, ValueError, "'relu'"),
    ({"activation": 3}, TypeError, "activation"),
    ({"output_activation": "tanh"}, ValueError, "output_activation"),
    ({"output_activation": "softmax", "output_units": 1}, ValueError, "output_units"),
    ({"dropout": 1.5}, ValueError, "dropout"),
    ({"dropout": "0.5"}, TypeError, "dropout"),
    ({"batch_norm": 1}, TypeError, "batch_norm"),
    ({"l2": -0.1}, ValueError, "l2"),
])
def test_build_mlp_rejects_bad_arguments(kwargs, error, match):
    args = {"input_dim": 2, "hidden_units": [4]}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        build_mlp(args.pop("input_dim"), args.pop("hidden_units"), **args)


def test_unknown_activation_lists_the_valid_names():
    with pytest.raises(ValueError) as info:
        build_mlp(2, [3], activation="rleu")
    message = str(info.value)
    assert "Received: activation='rleu'" in message
    assert "'sigmoid'" in message and "'tanh'" in message
