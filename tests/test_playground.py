"""Tests of course_utils.playground: config checks, training, plotting and the widget."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.exercises import check_playground_task
from course_utils.playground import (
    Playground,
    PlaygroundConfig,
    PlaygroundResult,
    PlaygroundTrainer,
    parse_hidden_units,
    plot_playground,
    train_playground,
)

XOR_CROSS = PlaygroundConfig(dataset="xor", features=("x1", "x2", "x1*x2"), hidden_units=(),
                             epochs=30)
XOR_LINEAR = PlaygroundConfig(dataset="xor", features=("x1", "x2"), hidden_units=(), epochs=30)
SMALL = PlaygroundConfig(dataset="circle", hidden_units=(4,), n_samples=100, epochs=10)


# ---- PlaygroundConfig ------------------------------------------------------

def test_config_normalizes_sequences_to_tuples():
    config = PlaygroundConfig(features=["x1", "x1*x2"], hidden_units=[8, 4])
    assert config.features == ("x1", "x1*x2")
    assert config.hidden_units == (8, 4)
    assert not config.is_linear
    assert PlaygroundConfig(hidden_units=()).is_linear
    assert PlaygroundConfig(activation="linear").is_linear


@pytest.mark.parametrize("kwargs, error, argname", [
    ({"dataset": "moons"}, ValueError, "dataset"),
    ({"noise": -0.1}, ValueError, "noise"),
    ({"noise": "low"}, TypeError, "noise"),
    ({"train_fraction": 0.95}, ValueError, "train_fraction"),
    ({"n_samples": 5}, ValueError, "n_samples"),
    ({"features": ()}, ValueError, "features"),
    ({"features": ("x3",)}, ValueError, "features"),
    ({"features": "x1"}, TypeError, "features"),
    ({"features": ("x1", "x1")}, ValueError, "features"),
    ({"hidden_units": (4, 0)}, ValueError, "hidden_units"),
    ({"hidden_units": (1000,)}, ValueError, "hidden_units"),
    ({"hidden_units": (2.5,)}, TypeError, "hidden_units"),
    ({"activation": "swish"}, ValueError, "activation"),
    ({"learning_rate": 0.0}, ValueError, "learning_rate"),
    ({"l2": -1.0}, ValueError, "l2"),
    ({"dropout": 1.0}, ValueError, "dropout"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"optimizer": "rmsprop"}, ValueError, "optimizer"),
])
def test_config_rejects_bad_values_naming_the_argument(kwargs, error, argname):
    with pytest.raises(error, match=f"`{argname}`"):
        PlaygroundConfig(**kwargs)


def test_config_replace_is_checked_too():
    assert SMALL.replace(dataset="xor").dataset == "xor"
    with pytest.raises(ValueError, match="activation"):
        SMALL.replace(activation="swish")


@pytest.mark.parametrize("text, expected", [
    ("4, 2", (4, 2)), ("", ()), ("  8 ", (8,)), ("4 2", (4, 2)), ("3,", (3,)),
])
def test_parse_hidden_units(text, expected):
    assert parse_hidden_units(text) == expected


@pytest.mark.parametrize("text, error", [("four", ValueError), ("4, 2.5", ValueError),
                                         (4, TypeError)])
def test_parse_hidden_units_rejects_non_numbers(text, error):
    with pytest.raises(error, match="hidden_units"):
        parse_hidden_units(text)


# ---- training ----------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1])
def test_feature_cross_solves_xor_where_linear_model_fails(seed):
    linear = train_playground(XOR_LINEAR, seed=seed)
    crossed = train_playground(XOR_CROSS, seed=seed)
    assert linear.test_accuracy < 0.7, linear.summary()
    assert crossed.test_accuracy > 0.9, crossed.summary()
    assert crossed.test_loss < linear.test_loss


def test_result_holds_history_data_and_model():
    result = train_playground(SMALL, epochs=7, seed=3)
    assert isinstance(result, PlaygroundResult)
    assert result.epochs == 7
    assert set(result.history) == {"loss", "val_loss", "accuracy", "val_accuracy"}
    assert all(len(v) == 7 for v in result.history.values())
    assert result.train_loss == result.history["loss"][-1]
    assert result.test_accuracy == result.history["val_accuracy"][-1]
    assert len(result.x_train) == 50 and len(result.x_test) == 50
    assert result.x_train.shape[1] == 2
    assert result.model.input_shape == (None, 2)
    # The recorded loss is the binary cross-entropy of the final model on the test set.
    p = np.clip(np.asarray(result.model(result.x_test)).ravel(), 1e-7, 1 - 1e-7)
    y = result.y_test
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert result.test_loss == pytest.approx(expected, rel=1e-3)
    assert "circle" in result.summary()


def test_result_model_is_built_from_the_trained_weights_on_first_use():
    first = train_playground(SMALL, epochs=5, seed=4)
    second = train_playground(SMALL, epochs=5, seed=5)  # reuses the first run's network
    assert first._model is None and second._model is None  # no model built for a sweep
    for result in (first, second):
        assert all(np.array_equal(a, b) for a, b in
                   zip(result.model.get_weights(), result.weights, strict=True))
    assert first.model is first.model  # built once
    assert first.model is not second.model


def test_training_lowers_the_loss():
    result = train_playground(SMALL.replace(epochs=30), seed=0)
    assert result.history["loss"][-1] < result.history["loss"][0]


def test_same_seed_same_result_other_seed_other_data():
    a = train_playground(SMALL, seed=5)
    b = train_playground(SMALL, seed=5)
    c = train_playground(SMALL, seed=6)
    np.testing.assert_allclose(a.history["loss"], b.history["loss"], rtol=1e-5)
    assert not np.allclose(a.x_train, c.x_train)


def test_features_set_the_input_width_and_options_reach_the_model():
    config = SMALL.replace(features=("x1", "x2", "x1^2", "sin(x2)"), hidden_units=(3, 2),
                           dropout=0.2, l2=0.01)
    trainer = PlaygroundTrainer(config, seed=0)
    names = [layer.name for layer in trainer.model.layers]
    assert trainer.model.input_shape == (None, 4)
    assert "dropout_1" in names and "dropout_2" in names
    assert len(trainer.model.losses) > 0  # the L2 penalties
    trainer.train(2)
    assert np.all(np.isfinite(trainer.history["loss"]))


def test_trainer_continues_the_same_model():
    trainer = PlaygroundTrainer(SMALL, seed=0)
    model = trainer.model
    first = trainer.train(4)
    trainer.train(6)
    assert trainer.epoch == 10
    assert trainer.model is model
    assert trainer.history["loss"][:4] == first["loss"]


def test_set_learning_rate_keeps_the_model():
    trainer = PlaygroundTrainer(SMALL, seed=0)
    trainer.set_learning_rate(0.001)
    assert float(trainer.optimizer.learning_rate) == pytest.approx(0.001)
    assert trainer.config.learning_rate == 0.001


def test_sgd_optimizer_trains():
    result = train_playground(SMALL.replace(optimizer="sgd", learning_rate=0.1), seed=0)
    assert np.isfinite(result.test_loss)


@pytest.mark.parametrize("kwargs, error, argname", [
    ({"config": "circle"}, TypeError, "config"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"seed": -1}, ValueError, "seed"),
])
def test_train_playground_rejects_bad_arguments(kwargs, error, argname):
    kwargs = {"config": SMALL, **kwargs}
    with pytest.raises(error, match=argname):
        train_playground(kwargs.pop("config"), **kwargs)


def test_train_playground_accepts_a_dict():
    result = train_playground({"dataset": "gauss", "hidden_units": (), "n_samples": 60},
                              epochs=3)
    assert result.config.dataset == "gauss" and result.epochs == 3


def test_plot_playground_draws_three_panels():
    result = train_playground(SMALL, epochs=2)
    fig = plot_playground(result, resolution=20)
    assert len(fig.axes) == 3
    assert "Epoch 2" in fig.axes[2].get_title()
    plt.close(fig)
    with pytest.raises(TypeError, match="result"):
        plot_playground("not a result")


# ---- the widget ---------------------------------------------------------------

def make_playground(**kwargs):
    return Playground(SMALL, chunk_epochs=5, resolution=20, **kwargs)


def test_widget_train_step_reset_update_the_state():
    pg = make_playground()
    assert pg.train_button.description == "Train"
    assert "playground-output" in pg.output._dom_classes
    assert len(pg.history["loss"]) == 0
    pg.train(10)
    assert len(pg.history["loss"]) == 10
    assert "Epoch 10" in pg.status.value
    pg.step()
    assert len(pg.history["loss"]) == 15
    trained = pg.trainer.model.get_weights()
    pg.reset()
    assert len(pg.history["loss"]) == 0
    # Same shapes: the model object is reused (no new trace), with new initial weights.
    assert not np.allclose(pg.trainer.model.get_weights()[0], trained[0])
    assert "New model" in pg.status.value


def test_widget_train_button_runs_the_epochs_slider():
    pg = make_playground()
    pg.controls["epochs"].value = 10
    pg.train_button.click()
    assert len(pg.history["loss"]) == 10
    pg.step_button.click()
    assert len(pg.history["loss"]) == 15
    pg.reset_button.click()
    assert len(pg.history["loss"]) == 0


def test_widget_config_reads_the_controls():
    pg = make_playground()
    pg.controls["hidden_units"].value = "3, 2"
    pg.controls["features"]["x1*x2"].value = True
    pg.controls["dataset"].value = "xor"
    config = pg.config
    assert config.hidden_units == (3, 2)
    assert config.features == ("x1", "x2", "x1*x2")
    assert config.dataset == "xor"
    assert pg.set(activation="relu", hidden_units="6", features=["x1^2", "x2^2"])
    assert pg.config.activation == "relu"
    assert pg.controls["hidden_units"].value == "6"
    assert pg.config.features == ("x1^2", "x2^2")


def test_widget_changed_network_starts_a_new_model_learning_rate_does_not():
    pg = make_playground()
    pg.train(5)
    pg.set(learning_rate=0.01)
    pg.train(5)
    assert len(pg.history["loss"]) == 10
    assert float(pg.trainer.optimizer.learning_rate) == pytest.approx(0.01)
    pg.set(hidden_units=(2,))
    pg.train(5)
    assert len(pg.history["loss"]) == 5
    assert "new model" in pg.status.value


@pytest.mark.parametrize("change, argname", [
    ({"hidden_units": "4, 0"}, "hidden_units"),
    ({"hidden_units": "four"}, "hidden_units"),
    ({"features": []}, "features"),
])
def test_widget_invalid_controls_give_a_status_message(change, argname):
    pg = make_playground()
    pg.train(5)
    if "features" in change:
        for box in pg.controls["features"].values():
            box.value = False
    else:
        pg.controls["hidden_units"].value = change["hidden_units"]
    pg.train(5)  # must not raise
    pg.step()
    pg.reset()
    assert argname in pg.status.value
    assert "Nothing was trained" in pg.status.value
    assert len(pg.history["loss"]) == 5


@pytest.mark.parametrize("settings, text", [
    ({"activation": "swish"}, "activation"),
    ({"hidden_units": (4, 0)}, "hidden_units"),
    ({"features": ()}, "features"),
    ({"colour": "red"}, "colour"),
])
def test_widget_set_refuses_invalid_settings_with_a_message(settings, text):
    pg = make_playground()
    before = pg.config
    assert pg.set(**settings) is False
    assert text in pg.status.value
    assert pg.config == before


def test_widget_shows_a_config_outside_the_slider_ranges():
    config = SMALL.replace(noise=0.8, dropout=0.95, learning_rate=0.02, epochs=700)
    pg = Playground(config, resolution=20)
    assert pg.config == config


def test_widget_render_png_and_bad_arguments():
    pg = make_playground()
    assert pg.render_png().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="chunk_epochs"):
        Playground(SMALL, chunk_epochs=0)
    pg.train(0)  # refused in the status line, no exception
    assert "epochs" in pg.status.value


# ---- the guided tasks' self-check ----------------------------------------------------

def test_check_playground_task_accepts_solutions():
    assert check_playground_task("xor_linear", XOR_CROSS).ok
    assert check_playground_task("xor_linear", train_playground(XOR_CROSS, seed=1)).ok


@pytest.mark.parametrize("answer, text", [
    (..., "Replace"),
    (None, "Replace"),
    ("xor", "Expected a PlaygroundConfig"),
    (XOR_LINEAR, "Hint"),
    (XOR_CROSS.replace(hidden_units=(4,)), "linear model"),
    (XOR_CROSS.replace(dataset="circle"), "'xor'"),
])
def test_check_playground_task_gives_hints(answer, text):
    feedback = check_playground_task("xor_linear", answer)
    assert not feedback.ok
    assert text in feedback.message


def test_check_playground_task_circle_rules():
    config = PlaygroundConfig(dataset="circle", features=("x1^2", "x2^2"), hidden_units=(3,))
    assert "only x1 and x2" in check_playground_task("circle_small", config).message
    too_big = PlaygroundConfig(dataset="circle", hidden_units=(8,))
    assert "at most 3 units" in check_playground_task("circle_small", too_big).message


def test_check_playground_task_linear_circle_and_spiral_rules():
    solved = check_playground_task("circle_linear", {"dataset": "circle", "hidden_units": (),
                                                     "features": ("x1^2", "x2^2"), "epochs": 30})
    assert solved.ok, solved.message
    sin = PlaygroundConfig(dataset="spiral", features=("x1", "x2", "sin(x1)"))
    assert "only x1 and x2" in check_playground_task("spiral_raw", sin).message
    noisy = PlaygroundConfig(dataset="spiral", noise=0.1)
    assert "noise" in check_playground_task("spiral_raw", noisy).message
    bad_dict = check_playground_task("circle_linear", {"dataset": "moons"})
    assert not bad_dict.ok and "dataset" in bad_dict.message


def test_check_playground_task_rejects_unknown_task():
    with pytest.raises(ValueError, match="name"):
        check_playground_task("moons", XOR_CROSS)
