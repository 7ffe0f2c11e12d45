"""Tests of course_utils.validation: Keras-style messages naming the argument."""

import numpy as np
import pytest

from course_utils import validation as v


def test_messages_follow_keras_style():
    with pytest.raises(ValueError) as info:
        v.check_float("rate", 1.5, min_value=0.0, max_value=1.0)
    assert str(info.value) == ("Invalid value received for argument `rate`. Expected a float "
                               "between 0.0 and 1.0 (inclusive). Received: rate=1.5")


@pytest.mark.parametrize("call, error", [
    (lambda: v.check_int("n", 1.0), TypeError),
    (lambda: v.check_int("n", True), TypeError),
    (lambda: v.check_int("n", 0, min_value=1), ValueError),
    (lambda: v.check_int("n", 9, max_value=8), ValueError),
    (lambda: v.check_float("n", "1"), TypeError),
    (lambda: v.check_float("n", float("nan")), ValueError),
    (lambda: v.check_float("n", 0.0, min_value=0.0, include_min=False), ValueError),
    (lambda: v.check_bool("n", 1), TypeError),
    (lambda: v.check_choice("n", "c", ["a", "b"]), ValueError),
    (lambda: v.check_choice("n", 1, ["a", "b"]), TypeError),
    (lambda: v.check_int_sequence("n", [1, 0]), ValueError),
    (lambda: v.check_int_sequence("n", "12"), TypeError),
    (lambda: v.check_int_sequence("n", [], allow_empty=False), ValueError),
    (lambda: v.check_array("n", [[1, 2]], ndim=1), ValueError),
    (lambda: v.check_array("n", [[1, 2]], shape1=3), ValueError),
    (lambda: v.check_array("n", [np.nan]), ValueError),
    (lambda: v.check_array("n", ["a"]), TypeError),
    (lambda: v.check_array("n", np.zeros((0, 2)), min_rows=1), ValueError),
])
def test_each_check_raises_the_right_error_naming_the_argument(call, error):
    with pytest.raises(error, match="`n`"):
        call()


def test_valid_values_pass_through():
    assert v.check_int("n", np.int64(3)) == 3
    assert v.check_float("x", 2) == 2.0
    assert v.check_bool("b", np.bool_(True)) is True
    assert v.check_choice("c", "a", ["a"]) == "a"
    assert v.check_int_sequence("h", (4, 2)) == (4, 2)
    assert v.check_array("a", [[1, 2]], ndim=2, shape1=2).dtype == np.float32


def test_choice_message_lists_choices():
    with pytest.raises(ValueError, match="one of 'relu', 'tanh'. Received: act='x'"):
        v.check_choice("act", "x", ["relu", "tanh"])


def test_long_values_are_shortened():
    with pytest.raises(TypeError) as info:
        v.check_int("n", "x" * 500)
    assert len(str(info.value)) < 300
