"""Tests of the candidate-sampling checkers: right, wrong, malformed and partially right answers."""

import numpy as np
import pytest

from course_utils.exercises import (
    check_logits_memory,
    check_sampled_loss,
    check_sampled_loss_is_exact,
)
from course_utils.exercises.many_classes import _numpy_sampled_losses
from course_utils.models import build_sampled_softmax_model

MALFORMED = [None, ..., "model", 3.0, [1, 2], np.zeros((2, 2))]


@pytest.fixture(autouse=True)
def _fresh_hint_counts():
    for checker in [check_logits_memory, check_sampled_loss, check_sampled_loss_is_exact]:
        checker.reset()


# --- check_logits_memory ----------------------------------------------------------------------

def test_logits_memory_right():
    assert check_logits_memory(128 * 10**6 * 4 / 2**20, batch_size=128, n_classes=10**6).ok


def test_logits_memory_wrong_gets_hints_in_steps():
    first = check_logits_memory(1.0, batch_size=128, n_classes=10**6)
    second = check_logits_memory(2.0, batch_size=128, n_classes=10**6)
    third = check_logits_memory(3.0, batch_size=128, n_classes=10**6)
    assert (first.step, second.step, third.step) == (1, 2, 3)
    assert "Hint 1" in first.message and "Hint 2" in second.message
    assert "solution" in third.message


@pytest.mark.parametrize("answer, words", [
    (128 * 10**6 / 2**20, "4 bytes"),          # counted numbers, not bytes
    (128 * 10**6 * 4 / 10**6, "megabytes"),    # MB, not MiB
])
def test_logits_memory_partially_right(answer, words):
    feedback = check_logits_memory(answer, batch_size=128, n_classes=10**6)
    assert not feedback.ok and words in feedback.message


@pytest.mark.parametrize("answer", [None, ..., "lots", [1, 2], object()])
def test_logits_memory_malformed(answer):
    assert not check_logits_memory(answer, batch_size=128, n_classes=10**6).ok


# --- check_sampled_loss_is_exact --------------------------------------------------------------

def test_sampled_loss_is_exact_right():
    model = build_sampled_softmax_model(16, 50, num_sampled=50)
    assert check_sampled_loss_is_exact(model).ok


@pytest.mark.parametrize("kwargs, words", [
    ({"num_sampled": 10}, "Sample more"),
    ({"num_sampled": 50, "remove_accidental_hits": False}, "remove_accidental_hits"),
    ({"num_sampled": 50, "sampler": "log_uniform"}, "log_uniform"),
])
def test_sampled_loss_is_exact_partially_right(kwargs, words):
    feedback = check_sampled_loss_is_exact(build_sampled_softmax_model(16, 50, **kwargs))
    assert not feedback.ok and words in feedback.message


def test_sampled_loss_is_exact_wrong_size():
    feedback = check_sampled_loss_is_exact(build_sampled_softmax_model(16, 40, num_sampled=40))
    assert not feedback.ok and "n_classes=50" in feedback.message


@pytest.mark.parametrize("answer", MALFORMED)
def test_sampled_loss_is_exact_malformed(answer):
    assert not check_sampled_loss_is_exact(answer).ok


# --- check_sampled_loss -----------------------------------------------------------------------

def _reference(h, weights, biases, labels, sampled, true_expected, sampled_expected):
    return _numpy_sampled_losses(h, weights, biases, labels, sampled, true_expected,
                                 sampled_expected)


def _written_differently(h, weights, biases, labels, sampled, true_expected, sampled_expected):
    # Another correct solution: the full logits, then columns picked out, then log-softmax.
    logits = h @ weights.T + biases
    true = logits[np.arange(len(labels)), labels] - np.log(true_expected)
    neg = logits[:, sampled] - np.log(sampled_expected)
    both = np.column_stack([true, neg])
    return -(both[:, 0] - np.log(np.sum(np.exp(both), axis=1)))


@pytest.mark.parametrize("solution", [_reference, _written_differently])
def test_sampled_loss_right(solution):
    feedback = check_sampled_loss(solution)
    assert feedback.ok, feedback.message


def test_sampled_loss_wrong_gets_hints_in_steps():
    def zeros(h, *args):
        return np.zeros(len(h))

    steps = [check_sampled_loss(zeros) for _ in range(3)]
    assert [f.step for f in steps] == [1, 2, 3]
    assert "Hint 2" in steps[1].message and "solution" in steps[2].message


@pytest.mark.parametrize("sign, words", [(0.0, "without the correction"),
                                         (-1.0, "sign flipped")])
def test_sampled_loss_partially_right_correction(sign, words):
    def answer(*args):
        return _numpy_sampled_losses(*args, sign=sign)

    feedback = check_sampled_loss(answer)
    assert not feedback.ok and words in feedback.message


def test_sampled_loss_partially_right_mean():
    feedback = check_sampled_loss(lambda *args: _reference(*args).mean())
    assert not feedback.ok and "one loss per example" in feedback.message


@pytest.mark.parametrize("answer", MALFORMED + [lambda *args: None, lambda *args: "x",
                                                lambda: 0.0, lambda *args: 1 / 0])
def test_sampled_loss_malformed(answer):
    feedback = check_sampled_loss(answer)
    assert not feedback.ok


def test_sampled_loss_unfilled_stub_asks_for_code_without_counting_a_try():
    def stub(*args):
        ...

    feedback = check_sampled_loss(stub)
    assert not feedback.ok and "placeholder" in feedback.message
    assert check_sampled_loss.attempts == 0
