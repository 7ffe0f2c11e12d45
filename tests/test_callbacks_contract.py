"""The callbacks' contract: public Keras API, one measuring mode, no leaks, NaN stops the batch."""

import pathlib
import re

import keras
import numpy as np
import pytest

import course_utils as cu
from course_utils.callbacks import (
    DeadUnitMonitor,
    GradientNormHistory,
    TrainingDiagnostics,
    gradient_norms,
)


def _data(n=64, dim=3, seed=0, shift=0.0):
    rng = np.random.default_rng(seed)
    x = (rng.normal(size=(n, dim)) + shift).astype("float32")
    y = (x[:, :1] - shift + 0.5 * x[:, 1:2] > 0).astype("float32")
    return x, y


def _model(lr=0.1, **kwargs):
    cu.set_seed(0)
    model = cu.models.build_mlp(3, [8, 8], **kwargs)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="binary_crossentropy")
    return model


def test_callbacks_use_no_underscore_attribute_of_keras_objects():
    source = "\n".join(p.read_text() for p in
                       pathlib.Path(cu.callbacks.__file__).parent.glob("*.py"))
    private = re.findall(r"\b(?:model|layer|readout|kernel|variable|optimizer|v)\._\w+", source)
    assert private == []
    assert "object.__setattr__" not in source and ".call(" not in source


def test_dead_unit_monitor_and_diagnostics_agree_on_a_batch_norm_relu_net():
    # Shifted inputs: in inference mode (moving statistics 0/1) most units would read
    # as dead; in training mode batch norm centres them. Both monitors use training mode.
    x, y = _data(shift=5.0)
    model = _model(batch_norm=True)
    dead = DeadUnitMonitor(x)
    diagnostics = TrainingDiagnostics(x, y, dead_threshold=0.99)
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[dead, diagnostics])
    inference = keras.Model(model.inputs[0], model.get_layer("activation_1").output)(
        x, training=False).numpy()
    assert np.mean(np.all(inference == 0, axis=0)) > 0  # the modes do differ on this net
    for name in ("activation_1", "activation_2"):
        assert dead.history[name] == diagnostics.history[f"dead_fraction/{name}"]
        assert len(dead.history[name]) == 3


def test_dropout_masks_are_the_same_at_every_measurement():
    x, y = _data()
    model = _model(lr=0.0, dropout=0.5)  # lr 0: weights never change, so neither may norms
    grads = GradientNormHistory(x, y, frequency="batch")
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[grads])
    for name in ("hidden_1", "hidden_2", "output"):
        assert len(set(grads.history[name])) == 1, grads.history[name]
    assert gradient_norms(model, x, y) == gradient_norms(model, x, y)


class _CountBatches(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_training_stops_on_the_batch_whose_loss_is_not_finite(bad):
    x, y = _data()
    y_train = y.copy()
    y_train[40] = bad  # batch 3 of 4 (batch size 16) in epoch 1
    model = _model()
    diagnostics, count = TrainingDiagnostics(x, y), _CountBatches()
    model.fit(x, y_train, epochs=5, batch_size=16, shuffle=False, verbose=0,
              callbacks=[diagnostics, count])
    assert count.batches == 3
    assert [f.kind for f in diagnostics.findings] == ["nan"]
    assert "batch 3 of epoch 1" in diagnostics.report()
    assert diagnostics.stopped_epoch == 0


def test_no_trace_cache_grows_and_nothing_is_stored_on_the_model():
    x, y = _data()
    model = _model()
    attributes = set(vars(model))
    grads = GradientNormHistory(x, y)
    for _ in range(4):  # recompiling rebuilds the one probe, it does not add one
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy")
        model.fit(x, y, epochs=1, verbose=0, callbacks=[grads])
        assert grads._probe.tracing_count == 1
    model.fit(x, y, epochs=3, verbose=0, callbacks=[grads])  # same compile: same function
    assert grads._probe.tracing_count == 1
    assert not [a for a in set(vars(model)) - attributes if "course" in a or "probe" in a]


def test_recompiling_with_another_loss_is_measured_with_the_new_loss():
    x, y = _data()
    model = _model()
    grads = GradientNormHistory(x, y)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[grads])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, epochs=1, verbose=0, callbacks=[grads])
    assert grads.history["output"][-1] == pytest.approx(gradient_norms(model, x, y)["output"],
                                                        rel=1e-4)


def test_tensorboard_writer_is_closed_after_training(tmp_path):
    x, y = _data()
    model = _model()
    grads = GradientNormHistory(x, y, log_dir=tmp_path / "logs")
    for _ in range(3):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[grads])
        assert grads._writer is None
    assert len(list((tmp_path / "logs").glob("events.out.tfevents.*"))) == 3


@pytest.mark.parametrize("kind", ["empty", "file", "under_file"])
@pytest.mark.parametrize("make", [
    lambda x, y, d: GradientNormHistory(x, y, log_dir=d),
    lambda x, y, d: DeadUnitMonitor(x, log_dir=d),
])
def test_bad_log_dirs_are_refused(tmp_path, kind, make):
    file = tmp_path / "notes.txt"
    file.write_text("x")
    log_dir = {"empty": "", "file": file, "under_file": file / "logs"}[kind]
    x, y = _data()
    with pytest.raises(ValueError, match="log_dir"):
        make(x, y, log_dir)


def test_conv_relu_channels_are_counted():
    x = np.ones((8, 6, 6, 1), "float32")
    model = keras.Sequential([
        keras.Input((6, 6, 1)),
        keras.layers.Conv2D(4, 3, activation="relu", name="conv", kernel_initializer="zeros",
                            bias_initializer=keras.initializers.Constant([1, -1, 1, -1])),
        keras.layers.Flatten(),
        keras.layers.Dense(1, name="out"),
    ])
    model.compile("sgd", "mse")
    dead = DeadUnitMonitor(x)
    diagnostics = TrainingDiagnostics(x, np.zeros((8, 1), "float32"), dead_threshold=0.4)
    for callback in (dead, diagnostics):
        callback.set_model(model)
        callback.on_train_begin()
    assert dead.history["conv"] == [0.5]  # channels 1 and 3 are 0 everywhere
    assert [(f.kind, f.layer, f.value) for f in diagnostics.findings] == [
        ("dead_units", "conv", 0.5)]
    assert list(gradient_norms(model, x, np.zeros((8, 1), "float32"))) == ["conv", "out"]


def test_relu_inside_a_nested_model_is_refused_clearly():
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu")],
                             name="inner")
    model = keras.Sequential([keras.Input((3,)), inner, keras.layers.Dense(1)])
    dead = DeadUnitMonitor(_data()[0])
    dead.set_model(model)
    with pytest.raises(ValueError, match="nested model"):
        dead.on_train_begin()


def test_diagnostics_read_dead_units_of_a_functional_model():
    x = np.abs(_data()[0])
    inputs = keras.Input(shape=(3,))
    hidden = keras.layers.Dense(4, activation="relu", name="dense_relu",
                                kernel_initializer="zeros",
                                bias_initializer=keras.initializers.Constant([1, -1, -1, -1]))
    model = keras.Model(inputs, keras.layers.Dense(1, name="out")(hidden(inputs)))
    model.compile("sgd", "mse")
    diagnostics = TrainingDiagnostics(x, np.zeros((len(x), 1)), dead_threshold=0.5)
    diagnostics.set_model(model)
    diagnostics.on_train_begin()
    assert diagnostics.history["dead_fraction/dense_relu"] == [0.75]
    assert [(f.kind, f.layer, f.value) for f in diagnostics.findings] == [
        ("dead_units", "dense_relu", 0.75)]


def test_gradient_norms_messages_use_its_own_argument_names():
    x, y = _data()
    model = _model()
    with pytest.raises(ValueError, match="`y`"):
        gradient_norms(model, x, y[:10])
    with pytest.raises(ValueError, match="`x`"):
        gradient_norms(model, x[:, :2], y)
    with pytest.raises(ValueError, match="built"):
        gradient_norms(keras.Sequential([keras.layers.Dense(1)]), x, y)
