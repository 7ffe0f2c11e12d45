"""Tests of the backpropagation notebook's self-checks: right, wrong, malformed, partly right."""

import numpy as np
import pytest

from course_utils import exercises
from course_utils.exercises.backprop import check_weight_gradient, tiny_network_gradients


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def _gradient(x, y, W1, b1, W2, b2, *, i=1, j=0, drop=None, sign=1.0):
    a1 = _sig(x @ W1 + b1)
    y_hat = _sig(a1 @ W2 + b2)[0]
    factors = {"dz2": y_hat - y, "w2": W2[j, 0], "sig": a1[j] * (1 - a1[j]), "x": x[i]}
    factors.pop(drop, None)
    return sign * float(np.prod(list(factors.values())))


def _fresh():
    check_weight_gradient.reset()


def test_exported_from_the_package():
    assert exercises.check_weight_gradient is check_weight_gradient


def test_reference_matches_the_chain_rule_and_finite_differences():
    rng = np.random.default_rng(3)
    case = dict(x=rng.normal(size=2), y=1.0, W1=rng.normal(size=(2, 2)), b1=rng.normal(size=2),
                W2=rng.normal(size=(2, 1)), b2=rng.normal(size=1))
    grads = tiny_network_gradients(**case)
    for i in range(2):
        for j in range(2):
            assert np.isclose(grads["W1"][i, j], _gradient(**case, i=i, j=j), rtol=1e-12)

    def loss(W1):
        y_hat = _sig(_sig(case["x"] @ W1 + case["b1"]) @ case["W2"] + case["b2"])[0]
        return -np.log(y_hat)

    eps, bump = 1e-6, np.zeros((2, 2))
    bump[1, 0] = eps
    numeric = (loss(case["W1"] + bump) - loss(case["W1"] - bump)) / (2 * eps)
    assert np.isclose(grads["W1"][1, 0], numeric, rtol=1e-6)


@pytest.mark.parametrize("seed", [None, 0, 1])
def test_right_function_passes(seed):
    _fresh()
    fb = check_weight_gradient(_gradient, seed=seed)
    assert fb.ok, fb.message


def test_any_correct_code_passes_even_with_tensorflow():
    _fresh()

    def with_tape(x, y, W1, b1, W2, b2):
        return tiny_network_gradients(x, y, W1, b1, W2, b2)["W1"][1, 0]

    assert check_weight_gradient(with_tape, seed=0).ok
    # Another weight, asked for by index.
    assert check_weight_gradient(lambda *a: _gradient(*a, i=0, j=1), index=(0, 1), seed=0).ok


def test_a_function_that_changes_its_arguments_does_not_fool_the_check():
    _fresh()

    def in_place(x, y, W1, b1, W2, b2):
        W1 -= 1.0  # the checker passes copies; the reference is computed on its own
        return _gradient(x, y, W1 + 1.0, b1, W2, b2)

    assert check_weight_gradient(in_place, seed=0).ok


@pytest.mark.parametrize("wrong, words", [
    (lambda *a: _gradient(*a, drop="sig"), "da/dz"),
    (lambda *a: _gradient(*a, sign=-1.0), "wrong sign"),
    (lambda *a: _gradient(*a, i=0, j=0), "another weight, W1[0, 0]"),
    (lambda *a: _gradient(*a, i=1, j=1), "another weight, W1[1, 1]"),
    (lambda *a: 0.0123, "every network"),
    (lambda *a: _gradient(*a) + 0.01, "GradientTape gives"),
])
def test_wrong_functions_get_a_specific_message_and_hints_in_steps(wrong, words):
    _fresh()
    first = check_weight_gradient(wrong, seed=0)
    assert not first.ok and words in first.message and "Hint 1 of 2" in first.message
    second = check_weight_gradient(wrong, seed=0)
    assert "Hint 2 of 2" in second.message
    third = check_weight_gradient(wrong, seed=0)
    assert "solution" in third.message and third.step == 3


def test_partly_right_only_for_some_networks():
    _fresh()
    calls = []

    def sometimes(*args):
        calls.append(1)
        return _gradient(*args) if len(calls) % 2 else _gradient(*args) * 1.5

    fb = check_weight_gradient(sometimes, seed=0)
    assert not fb.ok and "Right for 3 of 5" in fb.message


@pytest.mark.parametrize("answer, words", [
    (None, "placeholder"),
    (..., "placeholder"),
    (lambda *a: ..., "placeholder"),
    (lambda *a: None, "placeholder"),
    ("grad", "Expected a function"),
    (0.5, "Expected a function"),
    (lambda *a: np.zeros(3), "shape (3,)"),
    (lambda *a: "0.1", "could not be checked"),
    (lambda *a: np.nan, "finite"),
    (lambda x: x, "could not be checked"),  # wrong number of arguments
    (lambda *a: 1 / 0, "ZeroDivisionError"),
])
def test_malformed_answers_become_messages_never_exceptions(answer, words):
    _fresh()
    fb = check_weight_gradient(answer, seed=0)
    assert not fb.ok and words in fb.message, fb.message


def test_placeholders_do_not_count_as_tries():
    _fresh()
    check_weight_gradient(lambda *a: ..., seed=0)
    check_weight_gradient(None, seed=0)
    assert check_weight_gradient.attempts == 0
    assert check_weight_gradient(lambda *a: 0.0, seed=0).step == 1
