"""Tests of the multi-label checkers: right, wrong, malformed and partially right answers."""

import numpy as np
import pytest

from course_utils.exercises import check_exact_match, check_multi_hot

NAMES = ["apple", "banana", "grapes", "orange", "pear", "lemon"]
MALFORMED = [None, ..., "banana", 3.0, [0, 1, 1], np.zeros((2, 6))]


@pytest.fixture(autouse=True)
def _fresh_hint_counts():
    check_multi_hot.reset()
    check_exact_match.reset()


# --- check_multi_hot --------------------------------------------------------------------------

def _multi_hot(bowls, label_names):
    out = np.zeros((len(bowls), len(label_names)))
    for i, bowl in enumerate(bowls):
        for fruit in bowl:
            out[i, label_names.index(fruit)] = 1
    return out


def _multi_hot_lists(bowls, label_names):  # another correct solution: nested lists of ints
    return [[int(name in bowl) for name in label_names] for bowl in bowls]


@pytest.mark.parametrize("solution", [_multi_hot, _multi_hot_lists])
def test_multi_hot_right(solution):
    feedback = check_multi_hot(solution, label_names=NAMES)
    assert feedback.ok, feedback.message


def test_multi_hot_wrong_gets_hints_in_steps():
    def ones(bowls, label_names):
        return np.ones((len(bowls), len(label_names)))

    steps = [check_multi_hot(ones, label_names=NAMES) for _ in range(3)]
    assert [f.step for f in steps] == [1, 2, 3]
    assert "Hint 1" in steps[0].message and "solution" in steps[2].message


def test_multi_hot_partially_right_shares():
    def shares(bowls, label_names):
        hot = _multi_hot(bowls, label_names)
        return hot / hot.sum(axis=1, keepdims=True)

    feedback = check_multi_hot(shares, label_names=NAMES)
    assert not feedback.ok and "softmax" in feedback.message


def test_multi_hot_partially_right_column_order():
    def reversed_columns(bowls, label_names):
        return _multi_hot(bowls, label_names)[:, ::-1]

    feedback = check_multi_hot(reversed_columns, label_names=NAMES)
    assert not feedback.ok and "wrong columns" in feedback.message


def test_multi_hot_partially_right_one_bowl_only():
    feedback = check_multi_hot(lambda bowls, names: _multi_hot(bowls, names)[0],
                               label_names=NAMES)
    assert not feedback.ok and "shape" in feedback.message


@pytest.mark.parametrize("answer", MALFORMED + [lambda *args: None, lambda: 0,
                                                lambda *args: 1 / 0])
def test_multi_hot_malformed(answer):
    assert not check_multi_hot(answer, label_names=NAMES).ok


# --- check_exact_match ------------------------------------------------------------------------

def _exact_match(y_true, y_pred):
    return np.mean(np.all(y_true == y_pred, axis=1))


def _exact_match_loop(y_true, y_pred):  # another correct solution
    rows = [all(int(a) == int(b) for a, b in zip(t, p)) for t, p in zip(y_true, y_pred)]
    return sum(rows) / len(rows)


@pytest.mark.parametrize("solution", [_exact_match, _exact_match_loop])
def test_exact_match_right(solution):
    feedback = check_exact_match(solution)
    assert feedback.ok, feedback.message


@pytest.mark.parametrize("answer, words", [
    (lambda t, p: np.mean(t == p), "per label"),
    (lambda t, p: np.mean(np.any(t == p, axis=1)), "*any*"),
    (lambda t, p: np.sum(np.all(t == p, axis=1)), "divide"),
])
def test_exact_match_partially_right(answer, words):
    feedback = check_exact_match(answer)
    assert not feedback.ok and words in feedback.message


def test_exact_match_wrong_gets_hints_in_steps():
    steps = [check_exact_match(lambda t, p: 0.123) for _ in range(3)]
    assert [f.step for f in steps] == [1, 2, 3]
    assert "Hint 2" in steps[1].message and "solution" in steps[2].message


@pytest.mark.parametrize("answer", MALFORMED + [lambda *args: None, lambda t, p: t == p,
                                                lambda: 0.5, lambda *args: 1 / 0])
def test_exact_match_malformed(answer):
    assert not check_exact_match(answer).ok


@pytest.mark.parametrize("checker, kwargs", [(check_multi_hot, {"label_names": NAMES}),
                                             (check_exact_match, {})])
def test_unfilled_stub_asks_for_code_without_counting_a_try(checker, kwargs):
    def stub(*args):
        ...

    feedback = checker(stub, **kwargs)
    assert not feedback.ok and "placeholder" in feedback.message and checker.attempts == 0
