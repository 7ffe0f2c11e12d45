"""Unit tests of the structure notebooks' self-checks (notebooks 01 and 02):
right, wrong, malformed and partially right answers, and hints in steps."""

import numpy as np
import pytest
import tensorflow as tf

import course_utils as cu
from course_utils.exercises import structure as st
from course_utils.exercises.core import SOLUTION_POINTER


def collapse_right(kernels, biases):
    weights, bias = kernels[0], biases[0]
    for kernel, layer_bias in zip(kernels[1:], biases[1:]):
        weights, bias = weights @ kernel, bias @ kernel + layer_bias
    return weights, bias


def collapse_two_layers_only(kernels, biases):  # partially right: ignores layers past the second
    if len(kernels) == 1:
        return kernels[0], biases[0]
    return kernels[0] @ kernels[1], biases[0] @ kernels[1] + biases[1]


def collapse_bias_forgotten(kernels, biases):  # partially right: weights only
    weights, bias = collapse_right(kernels, biases)
    return weights, biases[-1]


def collapse_wrong_order(kernels, biases):
    weights = kernels[-1].T
    for kernel in kernels[-2::-1]:
        weights = weights @ kernel.T
    return weights.T[::-1], biases[-1]


@pytest.fixture(autouse=True)
def _fresh_attempts():
    st.check_collapse_function.reset()
    st.check_activation.reset()
    yield


def test_collapse_function_right():
    result = st.check_collapse_function(collapse_right)
    assert result.ok and "1 to 4 layers" in result.message


def test_collapse_function_right_with_a_different_correct_solution():
    def collapse_functools(kernels, biases):
        import functools
        return functools.reduce(lambda wb, kb: (wb[0] @ kb[0], wb[1] @ kb[0] + kb[1]),
                                zip(kernels[1:], biases[1:]), (kernels[0], biases[0]))
    assert st.check_collapse_function(collapse_functools).ok


@pytest.mark.parametrize("fn, words", [
    (collapse_two_layers_only, "works for two layers but not for 3"),
    (collapse_bias_forgotten, "weights are right but the bias is not"),
    (collapse_wrong_order, "neither the weights nor the bias"),
])
def test_collapse_function_wrong_or_partial(fn, words):
    result = st.check_collapse_function(fn)
    assert not result.ok and words in result.message, result.message
    assert "Hint 1 of 2" in result.message


@pytest.mark.parametrize("answer, words", [
    (..., "placeholder"),
    (None, "placeholder"),
    ("collapse", "Expected a function"),
    (lambda k, b: 1 / 0, "ZeroDivisionError"),
    (lambda k, b: k[0], "Return two things"),
    (lambda k, b: None, "placeholder"),  # a body still `...` returns None: not counted
    (lambda k, b: ("w", "b"), "could not be checked"),
])
def test_collapse_function_malformed_never_raises(answer, words):
    result = st.check_collapse_function(answer)
    assert not result.ok and words in result.message, result.message


def test_collapse_function_hints_come_in_steps():
    messages = [st.check_collapse_function(collapse_two_layers_only).message for _ in range(3)]
    assert "Hint 1 of 2" in messages[0] and "Hint 2 of 2" in messages[1]
    assert SOLUTION_POINTER in messages[2]
    assert st.check_collapse_function(collapse_right).ok
    assert st.check_collapse_function.attempts == 0


@pytest.fixture(scope="module")
def circle():
    x, y = cu.datasets.make_playground("circle", 300, noise=0.05, seed=0)
    x_train, x_test, y_train, y_test = cu.datasets.train_test_split(x, y, test_fraction=0.25,
                                                                    seed=0)
    return x_train, y_train, x_test, y_test


def test_activation_right(circle):
    result = st.check_activation(tf.abs, *circle)
    assert result.ok, result.message


@pytest.mark.parametrize("fn, words", [
    (lambda x: 3.0 * x + 1.0, "linear"),
    (lambda x: tf.zeros_like(x), "linear"),
    (lambda x: tf.reduce_sum(x, axis=-1), "shape"),
    (lambda x: tf.exp(40.0 * x), "inf or NaN"),
    (lambda x: np.sin(x.numpy()[:1]), "shape"),
])
def test_activation_wrong_or_malformed(circle, fn, words):
    result = st.check_activation(fn, *circle)
    assert not result.ok and words in result.message, result.message


@pytest.mark.parametrize("answer, words", [
    (..., "placeholder"), (None, "placeholder"), ("relu", "Expected a function"),
    (lambda x: undefined_name, "NameError"),  # noqa: F821
    (lambda x: None, "placeholder"),  # a body still `...` returns None: not counted
    (lambda x: "text", "could not be checked"),
])
def test_activation_malformed_never_raises(circle, answer, words):
    result = st.check_activation(answer, *circle)
    assert not result.ok and words in result.message, result.message


def test_activation_partially_right_nonlinear_but_untrainable(circle):
    def step(x):  # nonlinear, but its derivative is 0 everywhere: nothing can learn
        return tf.cast(x > 0, x.dtype)
    result = st.check_activation(step, *circle)
    assert not result.ok and "slope is zero everywhere" in result.message, result.message
    assert "Hint 1 of 2" in result.message


def test_activation_partially_right_trains_but_misses_the_target(circle):
    result = st.check_activation(tf.abs, *circle, target=1.01)  # no network reaches 101%
    assert not result.ok and "reaches only" in result.message, result.message


def test_check_accuracy_hint_steps_and_no_predict_needed():
    x, y = cu.datasets.make_gauss(60, seed=0)
    flat = cu.models.build_mlp(2, [], kernel_initializer="zeros")
    st.check_accuracy.reset()
    first = st.check_accuracy(flat, x, y, target=0.9)
    second = st.check_accuracy(flat, x, y, target=0.9)
    assert "Hint 1 of 2" in first.message and "Hint 2 of 2" in second.message
    assert "ReLU" in second.message
    st.check_accuracy.reset()
