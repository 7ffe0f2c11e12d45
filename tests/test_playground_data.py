"""Tests of the Playground's new data sets and heads, L1, trace reuse and view controls."""

import numpy as np
import pytest

from course_utils.playground import (
    DATASET_TASKS,
    Playground,
    PlaygroundConfig,
    PlaygroundTrainer,
    build_playground_model,
    playground_data,
    train_playground,
)
from course_utils.playground.data import make_arms, make_blobs, make_multigauss, make_plane


@pytest.mark.parametrize("name", ["plane", "multigauss", "blobs", "arms"])
def test_new_data_sets_have_the_documented_shape_and_repeat_with_the_seed(name):
    x, y = playground_data(name, 90, noise=0.1, seed=3)
    assert x.shape == (90, 2) and y.shape == (90,)
    assert x.dtype == np.float32 and y.dtype == np.float32
    assert np.all(np.abs(x) < 10)
    again = playground_data(name, 90, noise=0.1, seed=3)
    np.testing.assert_array_equal(x, again[0])
    assert not np.array_equal(x, playground_data(name, 90, noise=0.1, seed=4)[0])
    if DATASET_TASKS[name] == "multiclass":
        assert sorted(set(y.tolist())) == [0.0, 1.0, 2.0]
    else:
        assert -1.5 < y.min() < 0 < y.max() < 1.5


def test_regression_targets_follow_their_definition():
    x, y = make_plane(50, seed=0)
    np.testing.assert_allclose(y, x.sum(axis=1) / 10, rtol=1e-5)
    x, y = make_multigauss(400, seed=0)
    near = np.hypot(x[:, 0] - 4, x[:, 1] - 2.5) < 0.5  # a positive bump
    assert near.any() and np.all(y[near] > 0.7)
    x, y = make_blobs(300, seed=0)
    top = y == 0
    assert x[top, 1].mean() > 2  # class 0 sits at the top corner


@pytest.mark.parametrize("maker, kwargs, argname", [
    (make_blobs, {"n_samples": 1}, "n_samples"),
    (make_arms, {"noise": 2.0}, "noise"),
    (make_plane, {"noise": "a lot"}, "noise"),
])
def test_bad_data_arguments_are_named(maker, kwargs, argname):
    with pytest.raises((TypeError, ValueError), match=argname):
        maker(**kwargs)


def test_unknown_data_set_is_refused():
    with pytest.raises(ValueError, match="dataset"):
        playground_data("moons")
    with pytest.raises(ValueError, match="dataset"):
        PlaygroundConfig(dataset="moons")


@pytest.mark.parametrize("dataset, units, activation, task", [
    ("circle", 1, "sigmoid", "binary"),
    ("plane", 1, "linear", "regression"),
    ("arms", 3, "softmax", "multiclass"),
])
def test_the_data_set_sets_the_head(dataset, units, activation, task):
    config = PlaygroundConfig(dataset=dataset, hidden_units=(3,))
    assert config.task == task
    model = build_playground_model(config, seed=0)
    output = model.get_layer("output")
    assert output.units == units and output.activation.__name__ == activation


def test_regression_learns_better_than_the_mean_and_has_no_accuracy():
    result = train_playground(PlaygroundConfig(dataset="plane", hidden_units=(), epochs=30),
                              seed=0)
    baseline = float(np.mean((result.y_test - result.y_train.mean()) ** 2))
    assert result.test_loss < baseline / 5, (result.test_loss, baseline)
    assert np.isnan(result.test_accuracy)
    assert "accuracy" not in result.summary()


def test_multiclass_blobs_are_learned_with_softmax():
    result = train_playground(PlaygroundConfig(dataset="blobs", hidden_units=(), epochs=20),
                              seed=0)
    assert result.test_accuracy > 0.9, result.summary()
    p = np.asarray(result.model(np.zeros((1, 2), "float32")))
    assert p.shape == (1, 3) and p.sum() == pytest.approx(1.0, abs=1e-5)


def test_l1_shrinks_weights_compared_with_no_penalty():
    base = PlaygroundConfig(dataset="circle", hidden_units=(8,), epochs=30, n_samples=200)
    free = train_playground(base, seed=0).model
    l1 = train_playground(base.replace(l1=0.03), seed=0).model
    size = [float(np.abs(m.get_layer("hidden_1").kernel.numpy()).sum()) for m in (free, l1)]
    assert size[1] < 0.7 * size[0], size


def test_a_reused_trainer_repeats_a_fresh_run_exactly():
    config = PlaygroundConfig(dataset="circle", hidden_units=(4,), dropout=0.2, n_samples=100)
    fresh = PlaygroundTrainer(config, seed=5)
    fresh.train(5)
    other = PlaygroundTrainer(config.replace(dataset="xor"), seed=1)
    other.train(3)
    reused = PlaygroundTrainer(config, seed=5, reuse=[other])
    assert reused.model is not None and other.model is None
    reused.train(5)
    np.testing.assert_allclose(reused.history["loss"], fresh.history["loss"], rtol=1e-5)
    with pytest.raises(RuntimeError, match="newer trainer"):
        other.train(1)
    with pytest.raises(TypeError, match="reuse"):
        PlaygroundTrainer(config, reuse="trainer")


def test_widget_view_controls_and_new_settings_never_raise():
    pg = Playground(PlaygroundConfig(dataset="circle", hidden_units=(3,), n_samples=100),
                    resolution=20)
    pg.train(5)
    before = pg.render_png()
    pg.discretize(True)
    assert pg.controls["discretize"].value is True
    pg.show_test(False)
    pg.enlarge("1.2")
    assert pg.controls["focus"].value == "1.2"
    assert pg.render_png() != before
    pg.enlarge("9.9")  # refused in the status line
    assert "focus" in pg.message
    assert pg.set(dataset="blobs")
    pg.train(5)
    assert pg.trainer.model.get_layer("output").units == 3
    assert "accuracy" in pg.message
    assert pg.set(dataset="multigauss", l1=0.01)
    assert pg.controls["regularization"].value == "L1"
    assert pg.config.l1 == 0.01 and pg.config.l2 == 0.0
    pg.train(5)
    assert "accuracy" not in pg.message
    assert not pg.set(l1=0.01, l2=0.01)
    assert "L1 or L2" in pg.message
    assert len(pg.frame_times) > 0


def test_standardize_uses_the_training_statistics():
    from course_utils.playground.scaling import standardize

    rng = np.random.default_rng(0)
    train, test = rng.normal(50, 10, (40, 2)), rng.normal(80, 30, (10, 2))
    a, b = standardize(train, test)
    np.testing.assert_allclose(a.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(a.std(axis=0), 1, atol=1e-4)
    np.testing.assert_allclose(b, (test - train.mean(0)) / train.std(0), rtol=1e-4)
    assert abs(float(b.mean())) > 1  # the test set keeps its own shift
    with pytest.raises(ValueError, match="x_test"):
        standardize(train, np.zeros((3, 5)))
    with pytest.raises(ValueError, match="x_train"):
        standardize(np.zeros(4))


def test_descent_to_target_reports_divergence_and_steps():
    from course_utils.playground.scaling import descent_to_target, standardize

    x, y = playground_data("circle", 100, seed=0)
    raw = (100 * x) ** 2
    bad = descent_to_target(raw, y, learning_rate=0.1, max_steps=60)
    good = descent_to_target(standardize(raw), y, learning_rate=0.1, max_steps=60, target=0.6)
    assert bad["diverged"] and bad["steps"] is None
    assert not good["diverged"] and good["steps"] is not None
    assert good["losses"].shape == (60,)
    with pytest.raises(ValueError, match="learning_rate"):
        descent_to_target(raw, y, learning_rate=0.0)
    with pytest.raises(ValueError, match="max_steps"):
        descent_to_target(raw, y, max_steps=0)


def test_bad_model_and_figure_arguments_are_named():
    from course_utils.playground import plot_playground

    with pytest.raises(ValueError, match="seed"):
        build_playground_model(PlaygroundConfig(), seed=-1)
    with pytest.raises(TypeError, match="config"):
        build_playground_model("circle")
    trainer = PlaygroundTrainer(PlaygroundConfig(n_samples=40, hidden_units=(2,)))
    with pytest.raises(TypeError, match="fig"):
        plot_playground(trainer, fig="figure")
    with pytest.raises(ValueError, match="focus"):
        plot_playground(trainer, focus="3.0")
    assert len(plot_playground(trainer, focus="1.1").axes) == 3
