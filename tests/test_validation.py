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


# ---------------------------------------------------------------- checks added for issue 13
import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402


def test_check_memory_refuses_before_allocating_and_names_the_need():
    v.check_memory("n", 10, 10 * 8)
    with pytest.raises(ValueError, match=r"`n`.*would need 7.28 TiB"):
        v.check_memory("n", 10**12, 8 * 10**12)
    with pytest.raises(ValueError, match="n_samples"):
        v.check_int("n_samples", 10**12, min_value=1, bytes_each=8)


def test_check_labels():
    np.testing.assert_array_equal(v.check_labels("y", [0, 2, 1.0], 3), [0, 2, 1])
    for bad, error in [([0, 3], ValueError), ([0.5], ValueError), ([-1], ValueError),
                       ([[0], [1]], ValueError), ([[0, 1]], ValueError), ("ab", TypeError)]:
        with pytest.raises(error, match="`y`"):
            v.check_labels("y", bad, 3)
    np.testing.assert_array_equal(v.check_labels("y", [[0], [1]], 3, allow_column=True), [0, 1])
    with pytest.raises(ValueError, match="as many rows as `x`"):
        v.check_labels("y", [0, 1], 3, rows=3, rows_of="x")


def test_check_path(tmp_path):
    file = tmp_path / "f.txt"
    file.write_text("x")
    assert v.check_path("p", tmp_path / "new") == str(tmp_path / "new")
    assert v.check_path("p", None, allow_none=True) is None
    for bad in ["", " ", file, file / "sub"]:
        with pytest.raises(ValueError, match="`p`"):
            v.check_path("p", bad)
    with pytest.raises(ValueError, match="existing folder"):
        v.check_path("p", tmp_path, kind="file")
    with pytest.raises(ValueError, match="existing file"):
        v.check_path("p", tmp_path / "missing.txt", kind="file", must_exist=True)
    for bad in [3, None, b"x"]:
        with pytest.raises(TypeError, match="`p`"):
            v.check_path("p", bad)


def test_check_axes_and_figure():
    fig, ax = plt.subplots()
    assert v.check_axes("ax", ax) is ax and v.check_axes("ax", None) is None
    assert v.check_figure("fig", fig) is fig
    for bad in ["axes", fig, [ax]]:
        with pytest.raises(TypeError, match="`ax`"):
            v.check_axes("ax", bad)
    with pytest.raises(TypeError, match="`fig`"):
        v.check_figure("fig", ax)
    plt.close(fig)


@pytest.mark.parametrize(("value", "kind", "error"), [
    (3, "initializer", TypeError), ("nope", "initializer", ValueError),
    (keras.optimizers.SGD(), "initializer", TypeError), ([1], "loss", TypeError),
    ("nope", "loss", ValueError), (lambda: None, "optimizer", TypeError),
    ("nope", "optimizer", ValueError), (keras.losses.MeanSquaredError(), "optimizer", TypeError),
])
def test_check_keras_object_refuses(value, kind, error):
    with pytest.raises(error, match="`arg`"):
        v.check_keras_object("arg", value, kind)


def test_check_keras_object_accepts():
    assert isinstance(v.check_keras_object("a", "he_normal", "initializer"),
                      keras.initializers.Initializer)
    assert isinstance(v.check_keras_object("a", "adam", "optimizer"), keras.optimizers.Optimizer)
    assert v.check_keras_object("a", "mse", "loss") is not None


def test_check_model_and_fits_model():
    unbuilt = keras.Sequential([keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="built"):
        v.check_model("model", unbuilt)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="compiled"):
        v.check_model("model", model, compiled=True)
    with pytest.raises(TypeError, match="`model`"):
        v.check_model("model", "model")
    v.check_fits_model("x", np.zeros((2, 3)), model)
    with pytest.raises(ValueError, match=r"`x`.*\(3,\)"):
        v.check_fits_model("x", np.zeros((2, 4)), model)


def test_small_checks():
    assert v.check_pair("r", (0, 1)) == (0.0, 1.0)
    with pytest.raises(ValueError, match="low < high"):
        v.check_pair("r", (1, 0))
    assert v.check_names("m", "loss", ["loss"]) == ["loss"]
    for bad in [[], ["acc"]]:
        with pytest.raises(ValueError, match="`m`"):
            v.check_names("m", bad, ["loss"])
    with pytest.raises(TypeError, match="`h`"):
        v.check_mapping("h", [1])
    with pytest.raises(ValueError, match="`l`"):
        v.check_unique("l", ["a", "a"])
    with pytest.raises(ValueError, match="`f`"):
        v.check_values_in_range("f", [0.5, 1.5], min_value=0, max_value=1)
    with pytest.raises(TypeError, match="`a`"):
        v.check_array("a", [1j])
    with pytest.raises(ValueError, match="`a`.*too large"):
        v.check_array("a", [10**400])
    with pytest.raises(ValueError, match="`f`"):
        v.check_float("f", 10**400)
    with pytest.raises(TypeError, match="`name`"):
        v.check_type("name", 3, str, "a string")
