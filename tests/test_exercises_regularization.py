"""Tests of the regularization self-checks: right, wrong, malformed and partially right answers."""

import numpy as np
import pytest

from course_utils import exercises
from course_utils.exercises.core import SOLUTION_POINTER


def right_dropout(x, rate, rng):
    keep = rng.random(x.shape) >= rate
    return np.where(keep, x / (1 - rate), 0.0)


def test_dropout_function_accepts_right_answers():
    exercises.check_dropout_function.reset()
    assert exercises.check_dropout_function(right_dropout)
    # another correct formulation: a Bernoulli draw and a multiplication
    assert exercises.check_dropout_function(
        lambda x, rate, rng: x * rng.binomial(1, 1 - rate, size=x.shape) / (1 - rate))
    assert exercises.check_dropout_function(right_dropout, seed=7)


@pytest.mark.parametrize("answer, words", [
    (lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, x, 0.0), "unchanged"),
    (lambda x, rate, rng: np.where(rng.random(x.shape) >= rate, x * (1 - rate), 0.0), "divides"),
    (lambda x, rate, rng: np.where(rng.random(x.shape) < rate, x / (1 - rate), 0.0), "keeps"),
    (lambda x, rate, rng: np.where(np.random.default_rng(0).random(x.shape) >= rate,
                                   x / (1 - rate), 0.0), "same mask"),
    (lambda x, rate, rng: np.where(rng.random(x.shape) >= 0.5, x / (1 - rate), 0.0), "zeroed"),
    (lambda x, rate, rng: x[:10], "shape"),
])
def test_dropout_function_explains_partly_right_answers(answer, words):
    feedback = exercises.check_dropout_function(answer)
    assert not feedback
    assert words in feedback.message


@pytest.mark.parametrize("answer", [None, ..., 3.0, "dropout", lambda x: x,
                                    lambda x, rate, rng: 1 / 0, lambda x, rate, rng: None])
def test_dropout_function_never_raises_on_malformed_answers(answer):
    feedback = exercises.check_dropout_function(answer)
    assert not feedback


def test_dropout_function_hints_come_in_steps():
    check = exercises.check_dropout_function
    check.reset()
    wrong = lambda x, rate, rng: x  # noqa: E731
    first, second, third = check(wrong), check(wrong), check(wrong)
    assert "Hint 1 of 2" in first.message and "Hint 2 of 2" in second.message
    assert SOLUTION_POINTER in third.message
    assert check(right_dropout) and check.attempts == 0


def test_dropout_scale_second_hint_is_specific():
    check = exercises.check_dropout_scale
    check.reset()
    check(7.0, rate=0.5)
    second = check(7.0, rate=0.5)
    assert "1 / (1 - rate)" in second.message
    check.reset()


def test_best_dropout_rate_second_hint_is_specific():
    check = exercises.check_best_dropout_rate
    check.reset()
    rates, val = [0.0, 0.5, 0.9], [0.9, 0.3, 0.6]
    check(0.9, rates=rates, val_losses=val)
    assert "dip" in check(0.9, rates=rates, val_losses=val).message
    check.reset()
