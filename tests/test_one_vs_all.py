"""Tests of `OneVsAllClassifier`: N binary Keras models combined by the most confident one."""

import keras
import numpy as np
import pytest

from course_utils import exercises
from course_utils.models import OneVsAllClassifier


def _blobs(n_classes=3, n_per_class=30, seed=0):
    rng = np.random.default_rng(seed)
    centers = np.eye(n_classes, 4) * 4.0
    x = np.concatenate([c + rng.normal(0, 0.5, (n_per_class, 4)) for c in centers])
    y = np.repeat(np.arange(n_classes), n_per_class)
    return x.astype("float32"), y


def test_builds_one_binary_keras_model_per_class():
    ova = OneVsAllClassifier(4, 3, hidden_units=(5,))
    assert len(ova.models) == 3
    for k, model in enumerate(ova.models):
        assert isinstance(model, keras.Model)
        assert model.name == f"one_vs_all_{k}_vs_all"
        assert model.output_shape == (None, 1)
        assert model.get_layer("output").activation.__name__ == "sigmoid"
    # 4*5+5 hidden + 5+1 output, three times.
    assert ova.count_params() == 3 * (4 * 5 + 5 + 5 + 1)


def test_fit_trains_each_model_on_its_own_binary_labels(monkeypatch):
    x, y = _blobs()
    ova = OneVsAllClassifier(4, 3)
    ova.compile(optimizer=keras.optimizers.Adam(0.1))
    seen = []
    for k, model in enumerate(ova.models):
        original = model.fit

        def spy(batches, _k=k, _original=original, **kwargs):
            seen.append((_k, list(batches.as_numpy_iterator()), kwargs))
            return _original(batches, **kwargs)

        monkeypatch.setattr(model, "fit", spy)
    histories = ova.fit(x, y, epochs=2, batch_size=30, shuffle=False, verbose=0)
    assert len(histories) == 3 and all(len(h.history["loss"]) == 2 for h in histories)
    for k, batches, kwargs in seen:
        assert [len(xs) for xs, _ in batches] == [30, 30, 30]
        np.testing.assert_array_equal(np.concatenate([xs for xs, _ in batches]), x)
        np.testing.assert_array_equal(np.concatenate([ys for _, ys in batches]),
                                      (y == k).astype("float32"))
        # Keras gets ready-made batches: it must not shuffle them itself.
        assert kwargs == {"epochs": 2, "verbose": 0, "shuffle": False}
    # Every model got its own optimizer (one Keras optimizer cannot serve several models).
    assert len({id(m.optimizer) for m in ova.models}) == 3


def test_fit_shuffles_every_epoch_and_keeps_each_label_with_its_input(monkeypatch):
    x, y = _blobs()
    ova = OneVsAllClassifier(4, 3)
    ova.compile()
    epochs = []
    monkeypatch.setattr(ova.models[1], "fit", lambda batches, **kwargs: epochs.extend(
        [list(batches.as_numpy_iterator()) for _ in range(2)]))
    ova.fit(x, y, batch_size=16, verbose=0)
    orders = []
    for batches in epochs:
        assert [len(xs) for xs, _ in batches] == [16] * 5 + [10]  # the last batch is smaller
        xs, ys = (np.concatenate(part) for part in zip(*batches, strict=True))
        rows = [int(np.flatnonzero((x == row).all(axis=1))[0]) for row in xs]
        assert sorted(rows) == list(range(len(x)))  # every example once per epoch
        np.testing.assert_array_equal(ys, (y[rows] == 1).astype("float32"))
        orders.append(rows)
    assert orders[0] != orders[1] and orders[0] != sorted(orders[0])


def test_learns_separable_blobs_and_predicts_most_confident():
    keras.utils.set_random_seed(0)
    x, y = _blobs()
    ova = OneVsAllClassifier(4, 3)
    ova.compile(optimizer=keras.optimizers.Adam(0.1))
    ova.fit(x, y, epochs=20, batch_size=90, verbose=0)
    probs = ova.predict_proba(x)
    assert probs.shape == (90, 3) and probs.dtype == np.float32
    assert np.all((probs >= 0) & (probs <= 1))
    # Each column is that model's own output.
    np.testing.assert_allclose(probs[:, 1], np.asarray(ova.models[1](x)).ravel(), rtol=1e-5)
    np.testing.assert_array_equal(ova.predict(x), probs.argmax(axis=1))
    assert ova.accuracy(x, y) > 0.95
    # Independent sigmoids: the rows do not sum to 1.
    assert np.abs(probs.sum(axis=1) - 1).max() > 1e-3


def test_predict_proba_batches_give_same_result():
    x, _ = _blobs()
    ova = OneVsAllClassifier(4, 3)
    np.testing.assert_allclose(ova.predict_proba(x, batch_size=7), ova.predict_proba(x),
                               rtol=1e-6)


def test_compile_builds_each_optimizer_so_fit_traces_once():
    x, y = _blobs()
    ova = OneVsAllClassifier(4, 3)
    ova.compile(optimizer=keras.optimizers.Adam(0.1))
    assert all(m.optimizer.built for m in ova.models)
    traces = []
    for model in ova.models:
        original = model.train_step
        model.train_step = lambda data, _original=original: (traces.append(1), _original(data))[1]
    ova.fit(x, y, epochs=2, batch_size=30, verbose=0)
    assert len(traces) == 3  # one trace per model; an unbuilt optimizer would make it two each


def test_compile_accepts_optimizer_name_and_passes_metrics():
    ova = OneVsAllClassifier(4, 2)
    ova.compile("sgd", metrics=["accuracy"])
    assert all(isinstance(m.optimizer, keras.optimizers.SGD) for m in ova.models)
    x, y = _blobs(2, 10)
    histories = ova.fit(x, y, epochs=1, verbose=0)
    assert "accuracy" in histories[0].history


def test_fit_before_compile_raises():
    x, y = _blobs()
    with pytest.raises(RuntimeError, match="compile"):
        OneVsAllClassifier(4, 3).fit(x, y)


@pytest.mark.parametrize("kwargs, error, name", [
    ({"input_dim": 0, "n_classes": 3}, ValueError, "input_dim"),
    ({"input_dim": 4, "n_classes": 1}, ValueError, "n_classes"),
    ({"input_dim": 4, "n_classes": 2.5}, TypeError, "n_classes"),
    ({"input_dim": 4, "n_classes": 3, "hidden_units": [0]}, ValueError, "hidden_units"),
    ({"input_dim": 4, "n_classes": 3, "activation": "nope"}, ValueError, "activation"),
    ({"input_dim": 4, "n_classes": 3, "name": 5}, TypeError, "name"),
])
def test_constructor_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        OneVsAllClassifier(**kwargs)


def test_compile_rejects_bad_optimizer():
    with pytest.raises(TypeError, match="optimizer"):
        OneVsAllClassifier(4, 2).compile(optimizer=42)


@pytest.mark.parametrize("x_shape, y, name", [
    ((10, 3), np.zeros(10), "x"),
    ((10, 4), np.zeros(9), "y"),
    ((10, 4), np.full(10, 3), "y"),
    ((10, 4), np.full(10, -1), "y"),
    ((10, 4), np.full(10, 0.5), "y"),
])
def test_fit_rejects_bad_data(x_shape, y, name):
    ova = OneVsAllClassifier(4, 3)
    ova.compile()
    with pytest.raises(ValueError, match=name):
        ova.fit(np.zeros(x_shape, "float32"), y, verbose=0)


@pytest.mark.parametrize("kwargs, error, name", [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": 2.5}, TypeError, "batch_size"),
    ({"shuffle": "yes"}, TypeError, "shuffle"),
])
def test_fit_rejects_bad_batching(kwargs, error, name):
    x, y = _blobs()
    ova = OneVsAllClassifier(4, 3)
    ova.compile()
    with pytest.raises(error, match=name):
        ova.fit(x, y, verbose=0, **kwargs)


def test_exercise_checkers_for_one_vs_all():
    probs = np.array([[0.1, 0.8, 0.3], [0.6, 0.2, 0.1]])
    assert exercises.check_most_confident(np.array([1, 0]), probs=probs)
    assert not exercises.check_most_confident(np.array([0, 0]), probs=probs)
    assert "argmax" in exercises.check_most_confident(probs.max(axis=1), probs=probs).message
    assert "placeholder" in exercises.check_most_confident(..., probs=probs).message
    assert exercises.check_extrapolated_cost(1000 * 0.5 + 0.2, slope=0.5, intercept=0.2,
                                             n_classes=1000)
    assert not exercises.check_extrapolated_cost(5.0, slope=0.5, intercept=0.2, n_classes=1000)
    assert not exercises.check_extrapolated_cost("lots", slope=0.5, intercept=0.2,
                                                 n_classes=1000)
