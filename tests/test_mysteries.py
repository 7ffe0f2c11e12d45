"""Tests of course_utils.mysteries and the capstone's self-checks (no long training here)."""

import numpy as np
import pytest

import course_utils as cu
from course_utils.exercises import capstone
from course_utils.mysteries import CAUSES, MysteryResult, make_mysteries, reveal


def test_four_runs_one_per_cause_in_a_seeded_order():
    runs = make_mysteries(3)
    assert [run.name for run in runs] == ["A", "B", "C", "D"]
    assert sorted(run._cause for run in runs) == sorted(CAUSES)
    orders = {tuple(run._cause for run in make_mysteries(seed)) for seed in range(8)}
    assert len(orders) > 1  # the order changes with the seed
    again = make_mysteries(3)
    assert all(np.array_equal(a.x_train, b.x_train) for a, b in zip(runs, again))


def test_sizes_vary_with_the_seed():
    depths = {len(reveal(make_mysteries(seed))["vanishing"].settings["hidden_units"])
              for seed in range(10)}
    assert len(depths) > 1


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError), ("0", TypeError)])
def test_bad_seed(seed, error):
    with pytest.raises(error, match="seed"):
        make_mysteries(seed)


def test_one_change_at_a_time():
    run = make_mysteries(0)[0]
    with pytest.raises(ValueError, match="at most one change"):
        run.build(learning_rate=0.1, dropout=0.2)
    with pytest.raises(ValueError, match="setting"):
        run.build(momentum=0.9)
    model = run.build(learning_rate=0.5)
    assert model.optimizer.learning_rate.numpy() == pytest.approx(0.5)


def test_build_starts_from_the_same_weights():
    run = make_mysteries(0)[1]
    first = [w.copy() for w in run.build().get_weights()]
    second = run.build(learning_rate=0.001).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_reveal_refuses_other_input():
    with pytest.raises(TypeError, match="runs"):
        reveal("A")


def test_check_diagnosis_right_wrong_partial_and_malformed():
    runs = make_mysteries(1)
    truth = {run.name: run._cause for run in runs}
    capstone._check_diagnosis.reset()
    assert cu.exercises.check_diagnosis(truth, runs).ok
    swapped = dict(truth, A=truth["B"], B=truth["A"])
    partial = cu.exercises.check_diagnosis(swapped, runs)
    assert not partial.ok and "2 of 4" in partial.message and "A, B" in partial.message
    assert "missing: D" in cu.exercises.check_diagnosis({k: truth[k] for k in "ABC"},
                                                        runs).message
    assert "not among" in cu.exercises.check_diagnosis(dict(truth, A="bad luck"), runs).message
    for bad in (None, ..., "vanishing", ["A"], 3):
        assert not cu.exercises.check_diagnosis(bad, runs).ok
    lower = {k.lower(): v.upper() for k, v in truth.items()}
    assert cu.exercises.check_diagnosis(lower, runs).ok
    with pytest.raises(TypeError, match="runs"):
        cu.exercises.check_diagnosis(truth, runs="not runs")


def _fake(history, change=None):
    return MysteryResult(history=history, change=change or {}, model=None)


def test_recovered_compares_with_the_baseline():
    runs = reveal(make_mysteries(0))
    run = runs["overfitting"]
    run._baseline = _fake({"loss": [0.1], "val_loss": [1.0], "val_accuracy": [0.8]})
    assert capstone.recovered(run, _fake({"loss": [0.3], "val_loss": [0.85],
                                          "val_accuracy": [0.8]}))[0]
    assert not capstone.recovered(run, _fake({"loss": [0.3], "val_loss": [0.95],
                                              "val_accuracy": [0.8]}))[0]
    # lower validation loss from a run that learned nothing (chance accuracy) is no fix
    assert not capstone.recovered(run, _fake({"loss": [0.69], "val_loss": [0.69],
                                              "val_accuracy": [0.5]}))[0]
    assert not capstone.recovered(run, _fake({"loss": [0.3], "val_loss": [0.7]}))[0]
    run = runs["exploding"]
    run._baseline = _fake({"loss": [float("nan")], "val_loss": [float("nan")]})
    assert capstone.recovered(run, _fake({"loss": [0.2], "val_loss": [0.3]}))[0]
    assert not capstone.recovered(run, _fake({"loss": [3.0], "val_loss": [3.0]}))[0]
    ok, said = capstone.recovered(run, _fake({"loss": [np.inf], "val_loss": [np.inf]}))
    assert not ok and "inf" in said
    run = runs["dead_relu"]
    run._baseline = _fake({"loss": [0.7], "val_loss": [0.7], "val_accuracy": [0.5]})
    assert capstone.recovered(run, _fake({"loss": [0.1], "val_loss": [0.1],
                                          "val_accuracy": [0.97]}))[0]
    assert not capstone.recovered(run, _fake({"loss": [0.5], "val_loss": [0.5],
                                              "val_accuracy": [0.7]}))[0]


@pytest.mark.parametrize("fixes", [None, ..., "relu", {"A": {"lr": 1}}, {"A": {}},
                                   {"A": {"learning_rate": 0.1, "dropout": 0.1}},
                                   {"A": ["learning_rate", 0.1]}, {"B": {"activation": "nope"}}])
def test_check_fixes_never_raises_on_malformed_fixes(fixes):
    runs = make_mysteries(0)
    for run in runs:  # no real baseline training in this test
        run._baseline = _fake({"loss": [0.7], "val_loss": [0.7], "val_accuracy": [0.5]})
    feedback = cu.exercises.check_fixes(fixes, runs)
    assert not feedback.ok


def test_a_reused_model_trains_as_a_new_one_and_results_keep_their_models():
    run = reveal(make_mysteries(0))["dead_relu"]
    first = run.fit(epochs=1)
    first_weights = [w.copy() for w in first.model.get_weights()]
    second = run.fit(epochs=1)  # the same structure: the compiled model is reused
    assert len(run._trainers) == 1
    np.testing.assert_allclose(second.history["loss"], first.history["loss"], rtol=1e-5)
    run.fit(learning_rate=0.01)  # trains the same compiled model again
    assert first.model is not second.model
    assert all(np.array_equal(a, b) for a, b in zip(first_weights, first.model.get_weights()))
    run.fit(activation="tanh")  # other layers: a model of its own
    assert len(run._trainers) == 2
