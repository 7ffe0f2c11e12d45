"""Tests of the Playground notebook's checkers: check_standardize and the task hints."""

import pytest

from course_utils.exercises.playground_tasks import (
    _check_playground_task,
    check_playground_task,
    check_standardize,
)
from course_utils.playground import PlaygroundConfig


@pytest.fixture(autouse=True)
def _fresh_attempts():
    check_standardize.reset()
    _check_playground_task.reset()
    yield


def right(x_train, x_test):
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    return (x_train - mean) / std, (x_test - mean) / std


def test_a_right_standardize_passes_in_any_form():
    assert check_standardize(right).ok

    def with_lists(x_train, x_test):
        a, b = right(x_train, x_test)
        return [a.tolist(), b.tolist()]

    assert check_standardize(with_lists).ok


def test_test_statistics_are_partially_right_and_named():
    def own_stats(x_train, x_test):
        return right(x_train, x_train)[0], right(x_test, x_test)[0]

    feedback = check_standardize(own_stats)
    assert not feedback.ok and "own statistics" in feedback.message


@pytest.mark.parametrize("answer", [
    lambda a, b: (a, b),  # not scaled
    lambda a, b: (a - a.mean(), b - a.mean()),  # over all columns at once, no division
    lambda a, b: right(a.T, b.T),  # raises inside: the check must not
    lambda a, b: right(a, b)[0],  # one array only
    lambda a, b: (right(a, b)[0][:, :1], right(a, b)[1]),  # wrong shape
    lambda a: a,  # wrong signature
    "standardize",  # not a function
    42,
])
def test_wrong_or_malformed_answers_get_hints_never_raise(answer):
    feedback = check_standardize(answer)
    assert not feedback.ok
    assert "Hint" in feedback.message


@pytest.mark.parametrize("answer", [..., None])
def test_placeholders_ask_for_an_answer(answer):
    feedback = check_standardize(answer)
    assert not feedback.ok and "placeholder" in feedback.message
    assert check_standardize(lambda a, b: None).message.startswith("Replace")


def test_hints_come_in_steps_then_point_to_the_solution():
    wrong = lambda a, b: (a, b)  # noqa: E731
    first, second, third = (check_standardize(wrong).message for _ in range(3))
    assert "Hint 1 of 2" in first and "axis=0" in first
    assert "Hint 2 of 2" in second and "training" in second
    assert "solution" in third


def test_playground_task_second_hint_is_specific():
    bad = PlaygroundConfig(dataset="circle", hidden_units=(4,))
    check_playground_task("circle_linear", bad)
    second = check_playground_task("circle_linear", bad).message
    assert "widget" in second and "maps" in second
