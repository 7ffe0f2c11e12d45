"""Tests of the candidate-sampling helpers: make_many_class and SampledSoftmaxModel."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import course_utils as cu
from course_utils.datasets import make_many_class
from course_utils.models import SampledSoftmaxModel, build_sampled_softmax_model


def _batch(n_classes=50, n=64, dim=16, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, dim)).astype("float32"), rng.integers(0, n_classes, n)


def _full_loss(model, x, y):
    return float(np.mean(keras.losses.sparse_categorical_crossentropy(
        y, model.logits(x), from_logits=True)))


# --- make_many_class --------------------------------------------------------------------------

def test_make_many_class_shapes_and_range():
    x, y = make_many_class(1000, 500, dim=8, seed=0)
    assert x.shape == (500, 8) and x.dtype == np.float32
    assert y.shape == (500,) and y.dtype == np.int64
    assert y.min() >= 0 and y.max() < 1000


def test_make_many_class_is_deterministic_per_seed():
    a = make_many_class(100, 50, seed=3)
    b = make_many_class(100, 50, seed=3)
    c = make_many_class(100, 50, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_make_many_class_examples_sit_near_their_class():
    # With little noise, examples of one class are closer to each other than to other classes.
    x, y = make_many_class(20, 2000, dim=16, noise=0.1, seed=0)
    centers = np.stack([x[y == c].mean(axis=0) for c in range(20)])
    nearest = np.argmin(((x[:, None, :] - centers[None]) ** 2).sum(-1), axis=1)
    assert np.mean(nearest == y) > 0.99


def test_make_many_class_handles_a_million_classes():
    x, y = make_many_class(10**6, 256, dim=4, seed=0)
    assert x.shape == (256, 4) and y.max() < 10**6


@pytest.mark.parametrize("kwargs, argname", [
    ({"n_classes": 1, "n_samples": 10}, "n_classes"),
    ({"n_classes": 10, "n_samples": 0}, "n_samples"),
    ({"n_classes": 10, "n_samples": 10, "dim": 0}, "dim"),
    ({"n_classes": 10, "n_samples": 10, "noise": -1.0}, "noise"),
    ({"n_classes": 10, "n_samples": 10, "seed": -1}, "seed"),
])
def test_make_many_class_bad_values(kwargs, argname):
    with pytest.raises(ValueError, match=argname):
        make_many_class(**kwargs)


def test_make_many_class_bad_type():
    with pytest.raises(TypeError, match="n_classes"):
        make_many_class(10.5, 10)


# --- SampledSoftmaxModel ----------------------------------------------------------------------

def test_loss_equals_full_softmax_when_every_class_is_sampled():
    model = build_sampled_softmax_model(16, 50, hidden_units=(8,), num_sampled=50)
    x, y = _batch()
    full = _full_loss(model, x, y)
    for _ in range(3):  # whatever the draw
        np.testing.assert_allclose(float(model.sampled_loss(x, y)), full, rtol=1e-5)


def test_without_removing_accidental_hits_the_true_class_counts_twice():
    # The true class is then also among the sampled "negatives": one extra e^{z_true}
    # in the denominator, so the loss is log(1 + p_true) above the full loss.
    model = build_sampled_softmax_model(16, 50, hidden_units=(8,), num_sampled=50,
                                        remove_accidental_hits=False)
    x, y = _batch()
    logits = model.logits(x).numpy().astype("float64")
    p_true = np.exp(logits[np.arange(len(y)), y]) / np.exp(logits).sum(axis=1)
    expected = _full_loss(model, x, y) + np.mean(np.log1p(p_true))
    np.testing.assert_allclose(float(model.sampled_loss(x, y)), expected, rtol=1e-4)


def test_sampled_loss_with_few_samples_differs_and_is_random():
    model = build_sampled_softmax_model(16, 500, hidden_units=(8,), num_sampled=5)
    x, y = _batch(500)
    values = {round(float(model.sampled_loss(x, y)), 6) for _ in range(4)}
    assert len(values) > 1
    assert all(v < _full_loss(model, x, y) for v in values)  # fewer competitors, smaller loss


def test_call_is_full_softmax_of_logits():
    model = build_sampled_softmax_model(16, 30, hidden_units=(8, 4), num_sampled=10)
    x, _ = _batch(30, n=5)
    probs = model(x).numpy()
    assert probs.shape == (5, 30)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(probs, tf.nn.softmax(model.logits(x)).numpy(), rtol=1e-5)


def test_gradient_of_class_weights_is_sparse():
    model = build_sampled_softmax_model(16, 1000, hidden_units=(8,), num_sampled=10)
    x, y = _batch(1000, n=4)
    with tf.GradientTape() as tape:
        loss = model.sampled_loss(x, y)
    grads = dict(zip([v.name for v in model.trainable_variables],
                     tape.gradient(loss, model.trainable_variables)))
    grad = grads["class_weights"]
    assert isinstance(grad, tf.IndexedSlices)
    assert len(np.unique(grad.indices.numpy())) <= 10 + 4


def test_sgd_step_changes_only_sampled_and_true_rows():
    cu.set_seed(0)
    model = build_sampled_softmax_model(16, 1000, hidden_units=(8,), num_sampled=10)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    x, y = _batch(1000, n=4)
    before = model.class_weights.numpy().copy()
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    changed = np.flatnonzero(np.any(model.class_weights.numpy() != before, axis=1))
    assert set(y.tolist()) <= set(changed.tolist())
    assert len(changed) <= 10 + 4
    assert "sampled_loss" in history.history


def test_fit_learns_and_evaluate_uses_full_softmax():
    cu.set_seed(0)
    x, y = make_many_class(20, 2000, dim=8, noise=0.2, seed=0)
    model = build_sampled_softmax_model(8, 20, hidden_units=(16,), num_sampled=5)
    model.compile(optimizer=keras.optimizers.SGD(0.5),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=64, epochs=3, verbose=0)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "accuracy"}
    assert logs["accuracy"] > 0.8
    probs = model.predict(x[:100], verbose=0)
    full = float(np.mean(keras.losses.sparse_categorical_crossentropy(y[:100], probs)))
    assert np.isfinite(full)


def test_builder_returns_the_model_class_with_attributes():
    model = build_sampled_softmax_model(4, 100, hidden_units=(8,), num_sampled=7)
    assert isinstance(model, SampledSoftmaxModel)
    assert (model.n_classes, model.num_sampled, model.hidden_units) == (100, 7, (8,))
    assert model.class_weights.shape == (100, 8)
    assert model.get_config()["num_sampled"] == 7


@pytest.mark.parametrize("kwargs, argname", [
    ({"input_dim": 0, "n_classes": 10}, "input_dim"),
    ({"input_dim": 4, "n_classes": 1}, "n_classes"),
    ({"input_dim": 4, "n_classes": 10, "num_sampled": 0}, "num_sampled"),
    ({"input_dim": 4, "n_classes": 10, "num_sampled": 11}, "num_sampled"),
    ({"input_dim": 4, "n_classes": 10, "hidden_units": (0,)}, "hidden_units"),
    ({"input_dim": 4, "n_classes": 10, "num_sampled": 5, "sampler": "zipf"}, "sampler"),
])
def test_builder_bad_values(kwargs, argname):
    with pytest.raises(ValueError, match=argname):
        build_sampled_softmax_model(**kwargs)


@pytest.mark.parametrize("kwargs, argname", [
    ({"input_dim": 4, "n_classes": "10"}, "n_classes"),
    ({"input_dim": 4, "n_classes": 10, "num_sampled": 5, "remove_accidental_hits": "yes"},
     "remove_accidental_hits"),
    ({"input_dim": 4, "n_classes": 10, "hidden_units": 8}, "hidden_units"),
    ({"input_dim": 4, "n_classes": 10, "num_sampled": 5, "sampler": 1}, "sampler"),
    ({"input_dim": 4, "n_classes": 10, "num_sampled": 5, "correct_sampling": "no"},
     "correct_sampling"),
])
def test_builder_bad_types(kwargs, argname):
    with pytest.raises(TypeError, match=argname):
        build_sampled_softmax_model(**kwargs)



# --- samplers and the sampling correction -----------------------------------------------------

def test_log_uniform_sampler_expects_small_ids_more_often():
    model = build_sampled_softmax_model(4, 1000, hidden_units=(4,), num_sampled=20,
                                        sampler="log_uniform")
    labels = tf.constant([[0], [999]], tf.int64)
    _, true_count, _ = model.sample_candidates(labels)
    assert float(true_count[0, 0]) > 50 * float(true_count[1, 0])
    assert model.get_config()["sampler"] == "log_uniform"


def test_uniform_sampler_expects_every_id_equally():
    model = build_sampled_softmax_model(4, 1000, hidden_units=(4,), num_sampled=20)
    _, true_count, sampled_count = model.sample_candidates(tf.constant([[0], [999]], tf.int64))
    np.testing.assert_allclose(true_count, true_count[0, 0], rtol=1e-6)
    np.testing.assert_allclose(sampled_count, true_count[0, 0], rtol=1e-6)


def test_without_correction_the_expected_counts_are_one():
    model = build_sampled_softmax_model(4, 1000, hidden_units=(4,), num_sampled=20,
                                        sampler="log_uniform", correct_sampling=False)
    sampled, true_count, sampled_count = model.sample_candidates(tf.constant([[3]], tf.int64))
    assert sampled.shape == (20,)
    np.testing.assert_array_equal(true_count, np.ones((1, 1)))
    np.testing.assert_array_equal(sampled_count, np.ones(20))
    assert model.get_config()["correct_sampling"] is False

