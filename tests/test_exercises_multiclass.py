"""Tests of the one-vs-all and softmax self-checks: right, wrong, malformed, partially right."""

import math

import numpy as np
import pytest

from course_utils import exercises
from course_utils.exercises.core import SOLUTION_POINTER


def stable_softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def ova_steps(n, per_class, epochs, batch):
    return n * epochs * math.ceil(n * per_class / batch)


# check_softmax_function

def test_softmax_function_accepts_right_answers():
    assert exercises.check_softmax_function(stable_softmax)
    assert exercises.check_softmax_function(stable_softmax, seed=3)

    def via_logsumexp(z):
        m = z.max(axis=1, keepdims=True)
        return np.exp(z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True)))

    assert exercises.check_softmax_function(via_logsumexp)


@pytest.mark.parametrize("answer, words", [
    (lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True), "nan or inf"),
    (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "per row"),
    (lambda z: z / z.sum(axis=-1, keepdims=True), "differs"),
    (lambda z: stable_softmax(z)[:, :3], "shape"),
    (lambda z: stable_softmax(z).T, "shape"),
])
def test_softmax_function_explains_wrong_or_partial_answers(answer, words):
    feedback = exercises.check_softmax_function(answer)
    assert not feedback
    assert words in feedback.message


@pytest.mark.parametrize("answer", [None, ..., 1.0, "softmax", lambda: 0, lambda z: 1 / 0,
                                    lambda z: None, lambda z: "p"])
def test_softmax_function_never_raises_on_malformed_answers(answer):
    assert not exercises.check_softmax_function(answer)


def test_softmax_function_hints_come_in_steps():
    check = exercises.check_softmax_function
    check.reset()
    naive = lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)  # noqa: E731
    first, second, third = check(naive), check(naive), check(naive)
    assert "Hint 1 of 2" in first.message and "Hint 2 of 2" in second.message
    assert "max" in second.message
    assert SOLUTION_POINTER in third.message
    assert check(stable_softmax) and check.attempts == 0


# check_ova_steps

def test_ova_steps_accepts_right_answers():
    assert exercises.check_ova_steps(ova_steps)
    assert exercises.check_ova_steps(
        lambda n, p, e, b: n * e * (-(-(n * p) // b)), seed=5)


@pytest.mark.parametrize("answer, words", [
    (lambda n, p, e, b: n * e * math.ceil(p / b), "examples only"),
    (lambda n, p, e, b: e * math.ceil(n * p / b), "N models"),
    (lambda n, p, e, b: n * e * n * p / b, "round up"),
    (lambda n, p, e, b: n * e * (n * p // b), "expected"),
])
def test_ova_steps_explains_wrong_or_partial_answers(answer, words):
    feedback = exercises.check_ova_steps(answer)
    assert not feedback
    assert words in feedback.message


@pytest.mark.parametrize("answer", [None, ..., 12, "many", lambda n: n, lambda n, p, e, b: None,
                                    lambda n, p, e, b: [1, 2], lambda n, p, e, b: True])
def test_ova_steps_never_raises_on_malformed_answers(answer):
    assert not exercises.check_ova_steps(answer)


# check_most_confident (function form; the array form is tested in test_one_vs_all.py)

def test_most_confident_accepts_a_right_function():
    assert exercises.check_most_confident(lambda p: np.argmax(p, axis=1))
    assert exercises.check_most_confident(lambda p: [int(np.argmax(row)) for row in p])


@pytest.mark.parametrize("answer, words", [
    (lambda p: p.max(axis=1), "argmax"),
    (lambda p: p.argmax(axis=0), "one class per example"),
    (lambda p: p.argmin(axis=1), "fresh"),
    (lambda p: np.argmax(p[:, :3], axis=1), "fresh"),  # right only while N <= 3
])
def test_most_confident_explains_wrong_or_partial_functions(answer, words):
    feedback = exercises.check_most_confident(answer)
    assert not feedback
    assert words in feedback.message


@pytest.mark.parametrize("answer", [None, ..., "argmax", 3, lambda: 0, lambda p: 1 / 0,
                                    lambda p: None])
def test_most_confident_never_raises_on_malformed_answers(answer):
    assert not exercises.check_most_confident(answer)


def test_kept_checkers_have_a_specific_second_hint():
    for check, args, kwargs in [
            (exercises.check_softmax, ([0.1, 0.2],), {"logits": [1.0, 2.0]}),
            (exercises.check_extrapolated_cost, (1.0,), {"slope": 0.5, "intercept": 0.2,
                                                         "n_classes": 1000})]:
        check.reset()
        check(*args, **kwargs)
        second = check(*args, **kwargs)
        assert "Hint 2 of 2" in second.message
        assert "redo its computation" not in second.message
        check.reset()
