"""Tests of course_utils.callbacks: numbers checked against direct computations."""

import glob

import keras
import numpy as np
import pytest
import tensorflow as tf

import course_utils as cu
from course_utils.callbacks import (
    DeadUnitMonitor,
    GradientNormHistory,
    TrainingDiagnostics,
    gradient_norms,
)


def _data(n=64, dim=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dim)).astype("float32")
    y = (x[:, :1] + 0.5 * x[:, 1:2] > 0).astype("float32")
    return x, y


def _model(hidden=(4, 4), activation="sigmoid", lr=0.1, **kwargs):
    cu.set_seed(0)
    model = cu.models.build_mlp(3, list(hidden), activation=activation, **kwargs)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="binary_crossentropy")
    return model


def _tape_norms(model, x, y):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.binary_crossentropy(y, model(x)))
    grads = tape.gradient(loss, [layer.kernel for layer in dense])
    return {layer.name: float(tf.norm(g)) for layer, g in zip(dense, grads, strict=True)}


def test_gradient_norms_equal_a_direct_gradient_tape():
    x, y = _data()
    model = _model()
    expected = _tape_norms(model, x, y)
    measured = gradient_norms(model, x, y)
    assert list(measured) == ["hidden_1", "hidden_2", "output"]
    for name, value in expected.items():
        assert measured[name] == pytest.approx(value, rel=1e-4)


def test_history_matches_tape_before_and_after_training():
    x, y = _data()
    model = _model()
    before = _tape_norms(model, x, y)
    callback = GradientNormHistory(x, y)
    model.fit(x, y, epochs=3, batch_size=16, verbose=0, callbacks=[callback])
    after = _tape_norms(model, x, y)
    assert callback.history["step"] == [0, 1, 2, 3]
    for name in before:
        assert len(callback.history[name]) == 4
        assert callback.history[name][0] == pytest.approx(before[name], rel=1e-4)
        assert callback.history[name][-1] == pytest.approx(after[name], rel=1e-4)
    assert callback.history["output"][0] != callback.history["output"][-1]


def test_batch_frequency_and_every():
    x, y = _data()
    model = _model()
    callback = GradientNormHistory(x, y, frequency="batch", every=2)
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[callback])  # 4 batches/epoch
    assert callback.history["step"] == [0, 2, 4, 6, 8]


def test_compiled_measurements_match_a_direct_gradient_tape():
    x, y = _data()
    model = _model()
    callback = GradientNormHistory(x, y, frequency="batch")
    model.fit(x, y, epochs=3, batch_size=16, verbose=0, callbacks=[callback])
    assert len(callback.history["step"]) == 13
    after = _tape_norms(model, x, y)
    for name, value in after.items():
        assert callback.history[name][-1] == pytest.approx(value, rel=1e-4)


def test_history_is_reset_when_reused():
    x, y = _data()
    model = _model()
    callback = GradientNormHistory(x, y)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[callback])
    model.fit(x, y, epochs=1, verbose=0, callbacks=[callback])
    assert callback.history["step"] == [0, 1]


def test_measuring_does_not_change_training():
    x, y = _data()
    weights = []
    for callbacks in ([], [GradientNormHistory(x, y), TrainingDiagnostics(x, y)]):
        model = _model(activation="relu", batch_norm=True, dropout=0.3)
        model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=callbacks)
        weights.append(model.get_weights())
    for a, b in zip(*weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_large_negative_bias_means_all_units_dead():
    x, _ = _data()
    model = _model(activation="relu", bias_initializer=keras.initializers.Constant(-100.0))
    callback = DeadUnitMonitor(x)
    model.fit(x, (x[:, :1] > 0).astype("float32"), epochs=1, verbose=0, callbacks=[callback])
    assert callback.history == {"step": [0, 1], "activation_1": [1.0, 1.0],
                                "activation_2": [1.0, 1.0]}


def test_dead_fraction_counts_units_dead_for_every_example():
    x = np.abs(_data()[0])  # all inputs positive
    inputs = keras.Input(shape=(3,))
    hidden = keras.layers.Dense(4, activation="relu", name="dense_relu",
                                kernel_initializer="zeros",
                                bias_initializer=keras.initializers.Constant([1, -1, 1, -1]))
    leaky = keras.layers.Activation("leaky_relu", name="leaky")
    mixed = keras.layers.Dense(2, activation="relu", name="mixed",
                               kernel_initializer=keras.initializers.Constant([[1, -1]] * 4),
                               bias_initializer="zeros")
    linear = keras.layers.Dense(4, name="linear", kernel_initializer="zeros",
                                bias_initializer=keras.initializers.Constant([1, -1, 1, -1]))
    model = keras.Model(inputs, [mixed(hidden(inputs)), leaky(linear(inputs))])
    model.compile("sgd", loss=["mse", "mse"])
    callback = DeadUnitMonitor(x)
    callback.set_model(model)
    callback.on_train_begin()
    # dense_relu: units 1 and 3 output relu(-1) = 0 for every example; mixed: unit 1 sees -2.
    assert callback.history["dense_relu"] == [0.5]
    assert callback.history["mixed"] == [0.5]
    assert callback.history["leaky"] == [0.0]  # leaky ReLU never outputs exactly 0


def test_nan_weights_are_diagnosed_and_training_stops():
    x, y = _data()
    model = _model()
    kernel = model.get_layer("hidden_1").kernel
    kernel.assign(np.full(kernel.shape, np.nan, dtype="float32"))
    diagnostics = TrainingDiagnostics(x, y)
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0, callbacks=[diagnostics])
    assert len(history.history["loss"]) == 1
    assert [f.kind for f in diagnostics.findings] == ["nan"]
    assert diagnostics.stopped_epoch == 0
    assert "Training stopped" in diagnostics.report()
    assert "clip" in diagnostics.findings[0].message


def test_nan_without_stopping():
    x, y = _data()
    model = _model()
    kernel = model.get_layer("output").kernel
    kernel.assign(np.full(kernel.shape, np.inf, dtype="float32"))
    diagnostics = TrainingDiagnostics(x, y, stop_on_nan=False)
    history = model.fit(x, y, epochs=2, verbose=0, callbacks=[diagnostics])
    assert len(history.history["loss"]) == 2
    assert [f.kind for f in diagnostics.findings] == ["nan"]
    assert diagnostics.stopped_epoch is None


def test_vanishing_gradients_are_named_for_a_deep_sigmoid_net_only(capsys):
    x, y = _data()
    sigmoid = _model(hidden=[16] * 8, activation="sigmoid")
    diagnostics = TrainingDiagnostics(x, y, verbose=True)
    sigmoid.fit(x, y, epochs=1, verbose=0, callbacks=[diagnostics])
    findings = diagnostics.findings
    assert [(f.kind, f.layer, f.epoch) for f in findings] == [("vanishing", "hidden_1", 0)]
    norms = gradient_norms(sigmoid, x, y)
    assert findings[0].value < 1e-3
    assert "ReLU" in findings[0].message and "ReLU" in capsys.readouterr().out
    assert norms["hidden_1"] < norms["output"]

    relu = _model(hidden=[16] * 8, activation="relu", kernel_initializer="he_normal")
    diagnostics = TrainingDiagnostics(x, y)
    relu.fit(x, y, epochs=1, verbose=0, callbacks=[diagnostics])
    assert diagnostics.findings == []
    assert diagnostics.report().startswith("No problem found")


def test_dead_units_are_named_with_the_remedy():
    x, y = _data()
    model = _model(activation="relu", bias_initializer=keras.initializers.Constant(-100.0))
    diagnostics = TrainingDiagnostics(x, y, dead_threshold=0.9)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[diagnostics])
    dead = [f for f in diagnostics.findings if f.kind == "dead_units"]
    assert [f.layer for f in dead] == ["activation_1", "activation_2"]  # reported once each
    assert all(f.value == 1.0 and "leaky ReLU" in f.message for f in dead)


def test_exploding_growth_is_named():
    x, y = _data()
    model = _model(hidden=[16] * 4, activation="relu")
    diagnostics = TrainingDiagnostics(x, y, explode_factor=10.0, stop_on_nan=False)
    diagnostics.set_model(model)
    diagnostics.on_train_begin()
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            layer.kernel.assign(layer.kernel * 3.0)  # 3**5 = 243x larger gradients
    diagnostics.on_epoch_end(0, {"loss": 1.0})
    assert [f.kind for f in diagnostics.findings] == ["exploding"]
    assert diagnostics.findings[0].value > 10.0


def test_log_dir_writes_event_files(tmp_path):
    x, y = _data()
    model = _model(activation="relu")
    grads = GradientNormHistory(x, y, log_dir=tmp_path / "grads")
    dead = DeadUnitMonitor(x, log_dir=str(tmp_path / "dead"))
    model.fit(x, y, epochs=2, verbose=0, callbacks=[grads, dead])
    for sub, tag in [("grads", "gradient_norm/hidden_1"), ("dead", "dead_fraction/activation_1")]:
        files = glob.glob(str(tmp_path / sub / "events.out.tfevents.*"))
        assert len(files) == 1
        tags = [value.tag for event in tf.compat.v1.train.summary_iterator(files[0])
                for value in event.summary.value]
        assert tags.count(tag) == 3  # before training and after each epoch


X, Y = _data()


@pytest.mark.parametrize(
    ("factory", "error", "match"),
    [
        (lambda: GradientNormHistory(X, Y, every=0), ValueError, "every"),
        (lambda: GradientNormHistory(X, Y, every=1.5), TypeError, "every"),
        (lambda: GradientNormHistory(X, Y, frequency="step"), ValueError, "frequency"),
        (lambda: GradientNormHistory(X, Y, log_dir=3), TypeError, "log_dir"),
        (lambda: GradientNormHistory(X, Y[:10]), ValueError, "probe_y"),
        (lambda: GradientNormHistory("abc", Y), TypeError, "probe_x"),
        (lambda: GradientNormHistory(X[:, 0], Y), ValueError, "probe_x"),
        (lambda: DeadUnitMonitor(X, every=-1), ValueError, "every"),
        (lambda: DeadUnitMonitor(np.full((4, 3), np.nan)), ValueError, "probe_x"),
        (lambda: TrainingDiagnostics(X, Y, vanishing_ratio=1.0), ValueError, "vanishing_ratio"),
        (lambda: TrainingDiagnostics(X, Y, explode_factor=0.5), ValueError, "explode_factor"),
        (lambda: TrainingDiagnostics(X, Y, dead_threshold=1.0), ValueError, "dead_threshold"),
        (lambda: TrainingDiagnostics(X, Y, stop_on_nan="yes"), TypeError, "stop_on_nan"),
        (lambda: TrainingDiagnostics(X, Y, verbose=1), TypeError, "verbose"),
        (lambda: gradient_norms("model", X, Y), TypeError, "model"),
        (lambda: gradient_norms(cu.models.build_mlp(3, [2]), X, Y), ValueError, "compiled"),
    ],
)
def test_bad_arguments_name_the_argument(factory, error, match):
    with pytest.raises(error, match=match):
        factory()


def test_model_without_relu_layers_is_refused_by_dead_unit_monitor():
    x, y = _data()
    model = _model(activation="tanh")
    with pytest.raises(ValueError, match="ReLU"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[DeadUnitMonitor(x)])


def test_functional_models_take_the_generic_path_and_agree_with_a_tape():
    x, y = _data()
    inputs = keras.Input(shape=(3,))
    hidden = keras.layers.Dense(4, activation="relu", name="hidden")(inputs)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="out")(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    measured = gradient_norms(model, x, y)
    expected = _tape_norms(model, x, y)
    assert measured == pytest.approx(expected, rel=1e-4)
    doctor = TrainingDiagnostics(x, y)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[doctor])  # reads relu outputs too
    assert doctor.stopped_epoch is None


def test_batch_norm_probe_matches_keras_training_mode_and_keeps_moving_statistics():
    x, y = _data()
    model = _model(activation="relu", batch_norm=True)
    model.fit(x, y, epochs=1, verbose=0)  # moving statistics away from their initial values
    before = [v.numpy().copy() for v in model.non_trainable_variables]
    measured = gradient_norms(model, x, y)
    after = [v.numpy() for v in model.non_trainable_variables]
    for a, b in zip(before, after, strict=True):
        np.testing.assert_array_equal(a, b)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    with tf.GradientTape() as tape:  # Keras's own training-mode pass (it moves the stats)
        loss = tf.reduce_mean(keras.losses.binary_crossentropy(y, model(x, training=True)))
    grads = tape.gradient(loss, [layer.kernel for layer in dense])
    for layer, g in zip(dense, grads, strict=True):
        assert measured[layer.name] == pytest.approx(float(tf.norm(g)), rel=1e-4)
