"""Every bad input gets a named error: one parametrized test per kind of bad input.

Kinds (issue 13): sizes too large for memory, integers too large for a float,
complex arrays, wrong types for ax / initializers, data that does not fit the
model, non-finite data, paths, values out of range, empty lists, models a
helper cannot handle. Each case names the argument the message must name.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

import course_utils as cu
from course_utils import callbacks as cb
from course_utils import datasets as ds
from course_utils import models as md
from course_utils import plotting as pl

X = np.random.default_rng(0).normal(size=(16, 3)).astype("float32")
Y = (X[:, :1] > 0).astype("float32")
HUGE = 10**12
TOO_BIG_FOR_FLOAT = 10**400


def _compiled(hidden=(4,), activation="relu"):
    model = md.build_mlp(3, list(hidden), activation=activation)
    model.compile("sgd", "binary_crossentropy")
    return model


def _fit_with(callback, x=X, y=Y, model=None):
    model = model or _compiled()
    model.fit(x, y, epochs=1, verbose=0, callbacks=[callback])


def _raises(error, match, call):
    with pytest.raises(error, match=match) as info:
        call()
    assert "Invalid" in str(info.value)
    return info


# --------------------------------------------------------------------------- memory
@pytest.mark.parametrize(("call", "name"), [
    (lambda: ds.make_circle(HUGE), "n_samples"),
    (lambda: ds.make_xor(HUGE), "n_samples"),
    (lambda: ds.make_gauss(HUGE), "n_samples"),
    (lambda: ds.make_spiral(HUGE), "n_samples"),
    (lambda: ds.make_playground("xor", HUGE), "n_samples"),
    (lambda: ds.make_linear_regression(HUGE), "n_samples"),
    (lambda: ds.make_many_class(HUGE, 10), "n_classes"),
    (lambda: ds.make_many_class(10, HUGE), "n_samples"),
    (lambda: ds.make_many_class(10, 10, dim=HUGE), "dim"),
    (lambda: ds.make_fruit_images(HUGE), "n_samples"),
    (lambda: ds.make_fruit_bowls(HUGE), "n_samples"),
    (lambda: md.build_mlp(HUGE), "input_dim"),
    (lambda: md.build_mlp(3, [HUGE]), "hidden_units"),
    (lambda: md.build_mlp(3, [4], output_units=HUGE), "output_units"),
])
def test_sizes_too_large_for_memory_are_refused_before_allocating(call, name):
    info = _raises(ValueError, f"`{name}`", call)
    assert "would need" in str(info.value) and "iB" in str(info.value)


# --------------------------------------------------------------------------- int too large
@pytest.mark.parametrize(("call", "name"), [
    (lambda: ds.make_circle(10, noise=TOO_BIG_FOR_FLOAT), "noise"),
    (lambda: ds.make_linear_regression(10, bias=TOO_BIG_FOR_FLOAT), "bias"),
    (lambda: ds.make_linear_regression(10, weights=[TOO_BIG_FOR_FLOAT]), "weights"),
    (lambda: ds.make_many_class(3, 10, noise=TOO_BIG_FOR_FLOAT), "noise"),
    (lambda: ds.train_test_split(X, Y, test_fraction=TOO_BIG_FOR_FLOAT), "test_fraction"),
    (lambda: md.build_mlp(3, [4], dropout=TOO_BIG_FOR_FLOAT), "dropout"),
    (lambda: md.build_mlp(3, [4], l2=TOO_BIG_FOR_FLOAT), "l2"),
    (lambda: cb.TrainingDiagnostics(X, Y, explode_factor=TOO_BIG_FOR_FLOAT), "explode_factor"),
    (lambda: cb.GradientNormHistory(np.array([[TOO_BIG_FOR_FLOAT] * 3], dtype=object), Y[:1]),
     "probe_x"),
    (lambda: cb.gradient_norms(_compiled(), X, np.array([[TOO_BIG_FOR_FLOAT]] * 16,
                                                        dtype=object)), "`y`"),
])
def test_integers_too_large_for_a_float_are_refused(call, name):
    _raises(ValueError, name, call)


# --------------------------------------------------------------------------- complex
@pytest.mark.parametrize(("call", "name"), [
    (lambda: ds.make_features(np.ones((3, 2)) * 1j), "x"),
    (lambda: ds.make_linear_regression(10, weights=[1 + 1j]), "weights"),
    (lambda: ds.train_test_split(X * 1j, Y), "x"),
    (lambda: cb.GradientNormHistory(X * 1j, Y), "probe_x"),
    (lambda: cb.GradientNormHistory(X, Y * 1j), "probe_y"),
    (lambda: cb.DeadUnitMonitor(X * 1j), "probe_x"),
    (lambda: cb.TrainingDiagnostics(X * 1j, Y), "probe_x"),
    (lambda: cb.gradient_norms(_compiled(), X * 1j, Y), "`x`"),
])
def test_complex_arrays_are_refused(call, name):
    _raises(TypeError, name, call)


# --------------------------------------------------------------------------- wrong types
def _plot_calls(ax):
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}
    norms = {"step": [0, 1], "hidden_1": [0.1, 0.2]}
    return [
        lambda: pl.plot_activation("relu", ax=ax),
        lambda: pl.plot_history(history, ax=ax),
        lambda: pl.plot_gradient_norms(norms, ax=ax),
        lambda: pl.plot_dead_fraction(norms, ax=ax),
        lambda: pl.plot_layer_gradient_norms({"hidden_1": 0.1, "output": 1.0}, ax=ax),
        lambda: pl.plot_dropout_gap([0.0, 0.5], [1.0, 0.9], [1.2, 1.0], ax=ax),
        lambda: pl.plot_network(md.build_mlp(2, [3]), ax=ax),
        lambda: pl.plot_class_probabilities([0.2, 0.8], ax=ax),
        lambda: pl.plot_confusion_matrix([0, 1, 1], [0, 1, 0], ax=ax),
        lambda: pl.plot_per_label_metrics(np.eye(2), np.eye(2), ax=ax),
    ]


@pytest.mark.parametrize("index", range(10))
@pytest.mark.parametrize("ax", ["axes", 3, plt.figure])
def test_ax_of_the_wrong_type_is_named(index, ax):
    _raises(TypeError, "`ax`", _plot_calls(ax)[index])
    plt.close("all")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"kernel_initializer": 3}, TypeError),
    ({"kernel_initializer": "no_such_initializer"}, ValueError),
    ({"kernel_initializer": keras.optimizers.SGD()}, TypeError),
    ({"bias_initializer": [1, 2]}, TypeError),
    ({"bias_initializer": "nope"}, ValueError),
])
def test_initializers_of_the_wrong_kind_are_named(kwargs, error):
    _raises(error, f"`{next(iter(kwargs))}`", lambda: md.build_mlp(3, [4], **kwargs))


# --------------------------------------------------------------------------- data vs model
@pytest.mark.parametrize(("call", "name"), [
    (lambda: cb.gradient_norms(_compiled(), X[:, :2], Y), "`x`"),
    (lambda: cb.gradient_norms(_compiled(), X, Y[:5]), "`y`"),
    (lambda: _fit_with(cb.GradientNormHistory(X[:, :2], Y)), "probe_x"),
    (lambda: _fit_with(cb.DeadUnitMonitor(np.ones((4, 5), "float32"))), "probe_x"),
    (lambda: _fit_with(cb.TrainingDiagnostics(X[:, :2], Y)), "probe_x"),
    (lambda: cb.GradientNormHistory(X, Y[:5]), "probe_y"),
    (lambda: cb.TrainingDiagnostics(X, Y[:5]), "probe_y"),
    (lambda: ds.train_test_split(X, Y[:5]), "`y`"),
])
def test_data_that_does_not_fit_the_model_is_named(call, name):
    _raises(ValueError, name, call)


# --------------------------------------------------------------------------- non-finite
@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize(("make", "name"), [
    (lambda x, y: cb.GradientNormHistory(x, Y), "probe_x"),
    (lambda x, y: cb.GradientNormHistory(X, y), "probe_y"),
    (lambda x, y: cb.TrainingDiagnostics(x, Y), "probe_x"),
    (lambda x, y: cb.DeadUnitMonitor(x), "probe_x"),
    (lambda x, y: cb.gradient_norms(_compiled(), x, Y), "`x`"),
    (lambda x, y: cb.gradient_norms(_compiled(), X, y), "`y`"),
    (lambda x, y: ds.make_features(x[:, :2]), "`x`"),
    (lambda x, y: ds.make_linear_regression(10, weights=y[:2, 0]), "weights"),
])
def test_non_finite_inputs_are_named(bad, make, name):
    x, y = X.copy(), Y.copy()
    x[1, 1] = bad
    y[1, 0] = bad
    _raises(ValueError, name, lambda: make(x, y))


# --------------------------------------------------------------------------- paths
@pytest.mark.parametrize("kind", ["empty", "blank", "existing_file", "under_a_file", "type"])
@pytest.mark.parametrize("make", [
    lambda d: cb.GradientNormHistory(X, Y, log_dir=d),
    lambda d: cb.DeadUnitMonitor(X, log_dir=d),
])
def test_bad_paths_are_named(tmp_path, kind, make):
    file = tmp_path / "file.txt"
    file.write_text("x")
    value = {"empty": "", "blank": "  ", "existing_file": str(file),
             "under_a_file": file / "a" / "b", "type": b"logs"}[kind]
    _raises(TypeError if kind == "type" else ValueError, "`log_dir`", lambda: make(value))


# --------------------------------------------------------------------------- out of range
@pytest.mark.parametrize(("call", "name"), [
    (lambda: md.build_mlp(3, [4], dropout=1.5), "dropout"),
    (lambda: md.build_mlp(3, [4], dropout=-0.1), "dropout"),
    (lambda: md.build_mlp(3, [4], l2=-1.0), "l2"),
    (lambda: md.build_mlp(3, [0]), "hidden_units"),
    (lambda: md.build_mlp(3, [4], output_units=1, output_activation="softmax"), "output_units"),
    (lambda: ds.make_circle(10, noise=1.5), "noise"),
    (lambda: ds.train_test_split(X, Y, test_fraction=1.0), "test_fraction"),
    (lambda: cb.TrainingDiagnostics(X, Y, dead_threshold=1.5), "dead_threshold"),
    (lambda: cb.TrainingDiagnostics(X, Y, vanishing_ratio=0.0), "vanishing_ratio"),
    (lambda: cb.GradientNormHistory(X, Y, every=0), "every"),
    (lambda: pl.plot_activation("relu", x_range=(1.0, -1.0)), "x_range"),
    (lambda: pl.plot_layer_gradient_norms({"hidden_1": -0.1, "output": 1.0}), "norms"),
])
def test_values_out_of_range_are_named(call, name):
    _raises(ValueError, name, call)
    plt.close("all")


# --------------------------------------------------------------------------- empty
@pytest.mark.parametrize(("call", "name"), [
    (lambda: ds.make_features(np.zeros((3, 2)), []), "features"),
    (lambda: cb.GradientNormHistory(X[:0], Y[:0]), "probe_x"),
    (lambda: cb.DeadUnitMonitor(np.zeros((0, 3))), "probe_x"),
    (lambda: cb.gradient_norms(_compiled(), X[:0], Y[:0]), "`x`"),
    (lambda: ds.train_test_split([], []), "`x`"),
    (lambda: pl.plot_layer_gradient_norms({}), "norms"),
])
def test_empty_lists_are_named(call, name):
    _raises(ValueError, name, call)
    plt.close("all")


# --------------------------------------------------------------------------- models
def _two_branch():
    inputs = keras.Input((3,))
    a = keras.layers.Dense(2, name="a")(inputs)
    b = keras.layers.Dense(2, name="b")(inputs)
    return keras.Model(inputs, keras.layers.Dense(1, name="out")(keras.layers.Add()([a, b])))


def _skip_connection():
    inputs = keras.Input((3,))
    hidden = keras.layers.Dense(3, name="hidden")(inputs)
    return keras.Model(inputs, keras.layers.Dense(1, name="out")(hidden + inputs))


class _Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)

    def call(self, x):
        return self.dense(x) ** 2


def _built_subclassed():
    model = _Subclassed()
    model(X)
    return model


@pytest.mark.parametrize(("make", "match"), [
    (lambda: keras.Sequential([keras.layers.Dense(1)]), "built"),
    (_two_branch, "chain"),
    (_skip_connection, "chain"),
    (_built_subclassed, "chain"),
    (lambda: md.build_sampled_softmax_model(3, 50, hidden_units=[8], num_sampled=8),
     "chain|linear|Dense"),
    (lambda: md.build_mlp(3, [4], activation="relu"), "linear"),
    (lambda: md.build_mlp(3, [4], activation=None, batch_norm=True), "Dense"),
])
def test_collapse_linear_layers_refuses_models_it_cannot_collapse(make, match):
    _raises(ValueError, f"`model`.*({match})", lambda: md.collapse_linear_layers(make()))


@pytest.mark.parametrize("model", ["model", None, keras.layers.Dense(1)])
def test_collapse_linear_layers_names_a_non_model(model):
    _raises(TypeError, "`model`", lambda: md.collapse_linear_layers(model))


@pytest.mark.parametrize(("make", "match"), [
    (lambda: keras.Sequential([keras.layers.Dense(1)]), "built"),
    (lambda: md.build_mlp(3, [4]), "compiled"),
])
def test_gradient_norms_refuses_models_it_cannot_measure(make, match):
    _raises(ValueError, match, lambda: cb.gradient_norms(make(), X, Y))


def test_dead_unit_monitor_refuses_a_subclassed_model():
    model = _built_subclassed()
    model.compile("sgd", "mse")
    monitor = cb.DeadUnitMonitor(X)
    monitor.set_model(model)
    _raises(ValueError, "`model`", monitor.on_train_begin)


def test_helpers_refuse_an_unknown_activation_by_name():
    _raises(ValueError, "`activation`", lambda: md.build_mlp(3, [4], activation="relux"))
    _raises(TypeError, "`activation`", lambda: md.resolve_activation(3))
    cu.set_seed(0)
