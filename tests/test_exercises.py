"""Tests of course_utils.exercises: right answers pass, wrong ones get hints, never tracebacks."""

import keras
import numpy as np
import pytest

import course_utils as cu
from course_utils import exercises as ex


def test_feedback_is_truthy_and_renders():
    good, bad = ex.Feedback(True, "yes"), ex.Feedback(False, "no")
    assert good and not bad
    assert "Correct" in repr(good) and "Not yet" in repr(bad)
    assert "<b>" in good._repr_html_() and "&lt;x&gt;" in ex.Feedback(False, "<x>")._repr_html_()


def test_exercise_decorator_turns_errors_into_hints():
    @ex.exercise(hints=("think", "think harder"))
    def checker(answer):
        return answer["key"] == 1

    assert checker({"key": 1}).ok
    wrong = checker({"key": 2})
    assert not wrong.ok and "think" in wrong.message
    broken = checker(["not a dict"])  # TypeError inside the checker
    assert not broken.ok and "TypeError" in broken.message and "think harder" in broken.message


def test_a_function_that_returns_nothing_is_told_about_return():
    def stub(outputs):
        ...  # the learner has not written the body yet: calling it gives None

    ex.check_dead_fraction.reset()  # other tests may have left wrong tries counted
    message = ex.check_dead_fraction(stub).message
    assert "NoneType" in message and "`return`" in message and "Hint 1 of" in message
    other = ex.check_dead_fraction(lambda outputs: "text").message  # wrong, but not None
    assert "could not be checked" in other and "`return`" not in other


def test_hints_come_in_steps_and_a_right_answer_starts_again():
    @ex.exercise(hints=("nudge", "stronger"))
    def checker(answer):
        return answer == 3

    steps = [checker(1) for _ in range(4)]
    assert [fb.step for fb in steps] == [1, 2, 3, 4]
    assert "Hint 1 of 2: nudge" in steps[0].message
    assert "Hint 2 of 2: stronger" in steps[1].message
    assert "solution" in steps[2].message and "nudge" not in steps[2].message
    assert checker(...).step == 0 and checker.attempts == 4  # a placeholder is not a try
    assert checker(3).ok and checker.attempts == 0
    assert "Hint 1 of 2" in checker(2).message


def test_own_feedback_keeps_its_message_and_gets_the_step_hint():
    @ex.exercise(hints=("nudge", "stronger"))
    def checker(answer):
        return ex.Feedback(False, f"{answer} is too small.")

    fb = checker(1)
    assert fb.message.startswith("1 is too small.") and "nudge" in fb.message


@pytest.mark.parametrize("hints, error", [
    (None, TypeError), ("one string", TypeError), (("only one",), ValueError),
    (("a", ""), ValueError), (("a", 3), ValueError)])
def test_an_authors_missing_hint_raises_at_definition(hints, error):
    with pytest.raises(error, match="hints"):
        ex.exercise(hints=hints)


def test_exercise_needs_hints():
    with pytest.raises(TypeError):
        ex.exercise(hint="the old single hint")  # noqa


@pytest.mark.parametrize("prediction", [..., None])
def test_check_prediction_asks_for_a_prediction_first(prediction):
    fb = ex.check_prediction(prediction, "up", choices=["up", "down"], explanation="because")
    assert not fb.ok and "prediction" in fb.message


def test_check_prediction_always_explains():
    right = ex.check_prediction("UP ", "up", choices=["up", "down"], explanation="because")
    wrong = ex.check_prediction("down", "up", choices=["up", "down"], explanation="because")
    assert right.ok and not wrong.ok
    assert "because" in right.message and "because" in wrong.message
    assert "'up'" in wrong.message
    assert not ex.check_prediction("sideways", "up", choices=["up", "down"],
                                   explanation="x").ok
    assert ex.check_prediction(10, 11, explanation="x").ok
    assert not ex.check_prediction(10, 20, explanation="x").ok
    assert not ex.check_prediction("ten", 20, explanation="x").ok
    assert not ex.check_prediction(float("nan"), 20, explanation="x").ok


def test_check_number():
    assert ex.check_number(0.25, 0.25).ok
    assert not ex.check_number(0.3, 0.25).ok
    assert "placeholder" in ex.check_number(..., 1.0).message
    assert "Expected a number" in ex.check_number("0.25", 0.25).message


def test_check_option():
    assert ex.check_option("Yes", "yes").ok
    assert not ex.check_option("no", "yes").ok
    typo = ex.check_option("maybe", "yes", choices=["yes", "no"])
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
