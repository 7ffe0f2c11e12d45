"""Tests of the training self-checks: right, wrong, malformed and partially right answers."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import course_utils as cu
from course_utils import exercises as ex


@pytest.fixture(autouse=True)
def _fresh_attempts():
    for checker in (ex.check_kernel_gradient_norms, ex.check_clip_by_global_norm,
                    ex.check_dead_fraction, ex.check_sigmoid_gradient_bound,
                    ex.check_clipped_step, ex.check_gradient_ratio):
        checker.reset()


MALFORMED = [None, ..., 3, "text", [1, 2], np.zeros((2, 2))]


# ---- check_kernel_gradient_norms ----------------------------------------------------------------

def _tape_norms(model, x, y, *, with_bias=False, reverse=False):
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    variables = [v for layer in dense for v in ((layer.kernel, layer.bias) if with_bias
                                                else (layer.kernel,))]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.binary_crossentropy(y[:, None], model(x)))
    norms = [float(tf.norm(g)) for g in tape.gradient(loss, variables)]
    return norms[::-1] if reverse else norms


def test_kernel_gradient_norms_right_answers_pass():
    assert ex.check_kernel_gradient_norms(_tape_norms).ok
    as_dict = lambda m, x, y: dict(enumerate(_tape_norms(m, x, y)))  # noqa: E731
    assert ex.check_kernel_gradient_norms(as_dict, seed=3).ok


@pytest.mark.parametrize("fn, words", [
    (lambda m, x, y: _tape_norms(m, x, y, with_bias=True), "biases"),
    (lambda m, x, y: _tape_norms(m, x, y, reverse=True), "reversed"),
    (lambda m, x, y: _tape_norms(m, x, y)[:-1], "output layer"),
    (lambda m, x, y: [2 * v for v in _tape_norms(m, x, y)], "differ"),
])
def test_kernel_gradient_norms_partial_answers_are_named(fn, words):
    fb = ex.check_kernel_gradient_norms(fn)
    assert not fb.ok and words in fb.message and "Hint 1" in fb.message


@pytest.mark.parametrize("answer", MALFORMED + [lambda m, x, y: None, lambda m: 1,
                                                lambda m, x, y: "norms"])
def test_kernel_gradient_norms_malformed_answers_never_raise(answer):
    assert not ex.check_kernel_gradient_norms(answer).ok


# ---- check_clip_by_global_norm ------------------------------------------------------------------

def _global_clip(grads, max_norm):
    total = np.sqrt(sum(np.sum(np.square(g)) for g in grads))
    return [g * min(1.0, max_norm / total) for g in grads]


def test_global_clip_matches_keras_and_passes():
    assert ex.check_clip_by_global_norm(_global_clip).ok
    assert ex.check_clip_by_global_norm(lambda g, m: list(tf.clip_by_global_norm(g, m)[0])).ok


def test_global_clip_partial_answers_are_named():
    per_variable = lambda grads, m: [g * min(1.0, m / np.linalg.norm(g)) for g in grads]  # noqa: E731
    fb = ex.check_clip_by_global_norm(per_variable)
    assert not fb.ok and "clipnorm" in fb.message
    always = lambda grads, m: [g * m / np.sqrt(sum(np.sum(h**2) for h in grads))  # noqa: E731
                               for g in grads]
    fb = ex.check_clip_by_global_norm(always)
    assert not fb.ok and "unchanged" in fb.message
    assert "Hint 2" in fb.message  # the second wrong answer gets the stronger hint


@pytest.mark.parametrize("answer", MALFORMED + [lambda g, m: None, lambda g, m: g[:1],
                                                lambda g, m: 3.0, lambda g: g])
def test_global_clip_malformed_answers_never_raise(answer):
    assert not ex.check_clip_by_global_norm(answer).ok


def test_hints_step_to_the_solution():
    wrong = lambda grads, m: [2 * g for g in grads]  # noqa: E731
    steps = [ex.check_clip_by_global_norm(wrong) for _ in range(3)]
    assert "Hint 1 of 2" in steps[0].message and "Hint 2 of 2" in steps[1].message
    assert "solution" in steps[2].message


# ---- check_dead_fraction ------------------------------------------------------------------------

def test_dead_fraction_right_answers_pass():
    assert ex.check_dead_fraction(lambda a: np.mean(np.all(a == 0, axis=0))).ok
    assert ex.check_dead_fraction(lambda a: float((np.abs(a).max(axis=0) == 0).sum()) / a.shape[1],
                                  seed=5).ok


@pytest.mark.parametrize("fn, words", [
    (lambda a: np.mean(np.any(a == 0, axis=0)), "some"),
    (lambda a: np.sum(np.all(a == 0, axis=0)), "number of dead units"),
    (lambda a: np.mean(np.all(a == 0, axis=1), keepdims=True)[None], "one number"),
    (lambda a: np.all(a == 0, axis=0), "one number"),
    (lambda a: np.mean(np.all(a <= 0, axis=0)), "expected"),  # leaky outputs counted as dead
])
def test_dead_fraction_partial_answers_are_named(fn, words):
    fb = ex.check_dead_fraction(fn)
    assert not fb.ok and words in fb.message


@pytest.mark.parametrize("answer", MALFORMED + [lambda a: None, lambda a: "half", lambda: 0.5])
def test_dead_fraction_malformed_answers_never_raise(answer):
    assert not ex.check_dead_fraction(answer).ok


# ---- the number and model checkers --------------------------------------------------------------

def test_clipped_step_global_and_per_variable():
    assert ex.check_clipped_step(0.01, learning_rate=0.01, clipnorm=1.0).ok
    assert ex.check_clipped_step(0.01 * np.sqrt(2), learning_rate=0.01, clipnorm=1.0,
                                 n_variables=2).ok
    fb = ex.check_clipped_step(0.01, learning_rate=0.01, clipnorm=1.0, n_variables=2)
    assert not fb.ok and "Hint 1" in fb.message
    assert not ex.check_clipped_step("x", learning_rate=0.01, clipnorm=1.0).ok


def test_sigmoid_bound_right_wrong_malformed():
    assert ex.check_sigmoid_gradient_bound(0.25**4, n_layers=4).ok
    assert not ex.check_sigmoid_gradient_bound(0.25 * 4, n_layers=4).ok
    assert not ex.check_sigmoid_gradient_bound([1], n_layers=4).ok


def test_gradient_ratio_right_shallow_and_broken():
    x = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    keras.utils.set_random_seed(0)
    good = cu.models.build_mlp(2, [16] * 8, activation="relu", kernel_initializer="he_normal")
    good.compile(optimizer="sgd", loss="binary_crossentropy")
    assert ex.check_gradient_ratio(good, x, y).ok
    shallow = cu.models.build_mlp(2, [16] * 2)
    shallow.compile(optimizer="sgd", loss="binary_crossentropy")
    fb = ex.check_gradient_ratio(shallow, x, y)
    assert not fb.ok and "hidden layers" in fb.message
    sigmoid = cu.models.build_mlp(2, [16] * 8, activation="sigmoid")
    sigmoid.compile(optimizer="sgd", loss="binary_crossentropy")
    assert not ex.check_gradient_ratio(sigmoid, x, y).ok
    assert not ex.check_gradient_ratio("model", x, y).ok
