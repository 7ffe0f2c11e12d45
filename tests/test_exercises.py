"""Tests of course_utils.exercises: right answers pass, wrong ones get hints, never tracebacks."""

import keras
import numpy as np

import course_utils as cu
from course_utils import exercises as ex


def test_feedback_is_truthy_and_renders():
    good, bad = ex.Feedback(True, "yes"), ex.Feedback(False, "no")
    assert good and not bad
    assert "Correct" in repr(good) and "Not yet" in repr(bad)
    assert "<b>" in good._repr_html_() and "&lt;x&gt;" in ex.Feedback(False, "<x>")._repr_html_()


def test_exercise_decorator_turns_errors_into_hints():
    @ex.exercise(hint="think")
    def checker(answer):
        return answer["key"] == 1

    assert checker({"key": 1}).ok
    wrong = checker({"key": 2})
    assert not wrong.ok and "think" in wrong.message
    broken = checker(None)  # TypeError inside the checker
    assert not broken.ok and "TypeError" in broken.message and "think" in broken.message


def test_check_number():
    assert ex.check_number(0.25, 0.25).ok
    assert not ex.check_number(0.3, 0.25).ok
    assert "placeholder" in ex.check_number(..., 1.0).message
    assert "Expected a number" in ex.check_number("0.25", 0.25).message


def test_check_choice():
    assert ex.check_choice("Yes", "yes").ok
    assert not ex.check_choice("no", "yes").ok
    typo = ex.check_choice("maybe", "yes", choices=["yes", "no"])
    assert "not one of the choices" in typo.message


def test_check_collapsed_weights():
    model = cu.models.build_mlp(3, [4], activation=None, output_activation="linear",
                                bias_initializer="random_normal")
    w1, b1 = model.get_layer("hidden_1").kernel.numpy(), model.get_layer("hidden_1").bias.numpy()
    w2, b2 = model.get_layer("output").kernel.numpy(), model.get_layer("output").bias.numpy()
    assert ex.check_collapsed_weights(w1 @ w2, b1 @ w2 + b2, model=model).ok
    assert not ex.check_collapsed_weights(2 * (w1 @ w2), b1 @ w2 + b2, model=model).ok
    bias_wrong = ex.check_collapsed_weights(w1 @ w2, b2 + 1, model=model)
    assert not bias_wrong.ok and "bias" in bias_wrong.message
    assert "placeholder" in ex.check_collapsed_weights(..., ..., model=model).message
    assert not ex.check_collapsed_weights(np.zeros(7), b2, model=model).ok  # wrong shape: a hint


def test_check_accuracy_measures_the_model():
    x, y = cu.datasets.make_gauss(80, seed=0)
    always_one = cu.models.build_mlp(2, [], kernel_initializer="zeros",
                                     bias_initializer=keras.initializers.Constant(5.0))
    result = ex.check_accuracy(always_one, x, y, target=0.9)
    assert not result.ok and "50.0%" in result.message
    good = cu.models.build_mlp(2, [], kernel_initializer="ones")  # x1 + x2 > 0 separates gauss
    assert ex.check_accuracy(good, x, y, target=0.9).ok
    assert not ex.check_accuracy("model", x, y, target=0.9).ok


def test_check_feature_cross():
    cu.set_seed(0)
    x, y = cu.datasets.make_circle(200, noise=0.0, seed=0)
    xtr, xte, ytr, yte = cu.datasets.train_test_split(x, y, seed=0)
    assert ex.check_feature_cross(["x1^2", "x2^2"], xtr, ytr, xte, yte, target=0.9).ok
    assert not ex.check_feature_cross(["x1"], xtr, ytr, xte, yte, target=0.9).ok
    assert "Unknown" in ex.check_feature_cross(["x3"], xtr, ytr, xte, yte, target=0.9).message
