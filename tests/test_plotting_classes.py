"""Tests of the multi-class plot helpers and the dropout / softmax exercise checkers."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import exercises, plotting


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_dropout_gap_draws_both_curves_and_the_gap():
    rates = [0.0, 0.5, 1.0]
    train, val = [0.01, 0.2, 0.69], [0.9, 0.3, 0.7]
    ax = plotting.plot_dropout_gap(rates, train, val)
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_ydata(), train)
    np.testing.assert_allclose(lines[1].get_ydata(), val)
    assert len(ax.collections) == 1  # the shaded gap
    assert ax.get_xlabel() == "dropout rate"


def test_plot_dropout_gap_uses_given_axes():
    fig, ax = plt.subplots()
    assert plotting.plot_dropout_gap([0, 1], [0, 1], [1, 1], ax=ax, metric="accuracy") is ax
    assert "accuracy" in ax.get_ylabel()
    assert len(fig.axes) == 1


@pytest.mark.parametrize("args, kwargs, error, name", [
    (([0, 0.5], [0.1], [0.2, 0.3]), {}, ValueError, "train"),
    (([0, 0.5], [0.1, 0.2], [0.2]), {}, ValueError, "val"),
    (([[0, 0.5]], [0.1], [0.2]), {}, ValueError, "rates"),
    (([0, 0.5], ["a", "b"], [0.2, 0.3]), {}, TypeError, "train"),
    (([0, 0.5], [0.1, 0.2], [0.2, 0.3]), {"metric": 3}, TypeError, "metric"),
])
def test_plot_dropout_gap_rejects_bad_input(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        plotting.plot_dropout_gap(*args, **kwargs)


def test_plot_class_probabilities_bars_and_highlight():
    probs = [0.001, 0.04, 0.008, 0.95, 0.001]
    names = ["apple", "bear", "candy", "dog", "egg"]
    ax = plotting.plot_class_probabilities(probs, names, true_class=3)
    bars = ax.patches
    assert len(bars) == 5
    np.testing.assert_allclose([b.get_height() for b in bars], probs, rtol=1e-6)
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    colors = [b.get_facecolor() for b in bars]
    assert colors[3] != colors[0]  # the most likely class stands out
    assert "1.000" in ax.get_title()


@pytest.mark.parametrize("args, kwargs, error, name", [
    (([0.5, 1.5],), {}, ValueError, "probs"),
    (([[0.5, 0.5]],), {}, ValueError, "probs"),
    (([0.5, 0.5], ["a"]), {}, ValueError, "class_names"),
    (([0.5, 0.5],), {"true_class": 2}, ValueError, "true_class"),
    (([0.5, 0.5],), {"true_class": "a"}, TypeError, "true_class"),
])
def test_plot_class_probabilities_rejects_bad_input(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        plotting.plot_class_probabilities(*args, **kwargs)


def test_plot_confusion_matrix_counts():
    y_true = [0, 0, 1, 1, 2, 2, 2]
    y_pred = [0, 1, 1, 1, 2, 0, 2]
    ax = plotting.plot_confusion_matrix(y_true, y_pred)
    image = ax.get_images()[0].get_array()
    expected = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    np.testing.assert_array_equal(image, expected)
    assert "71.4%" in ax.get_title()  # 5 of 7 right
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == sorted(["1", "1", "2", "1", "2"])


def test_plot_confusion_matrix_normalized_rows_and_names():
    ax = plotting.plot_confusion_matrix([0, 0, 1], [0, 1, 1], normalize=True,
                                        class_names=["cat", "dog"])
    image = np.asarray(ax.get_images()[0].get_array())
    np.testing.assert_allclose(image.sum(axis=1), [1.0, 1.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog"]


@pytest.mark.parametrize("y_true, y_pred, kwargs, name", [
    ([0, 1], [0], {}, "y_pred"),
    ([0.5, 1], [0, 1], {}, "y_true"),
    ([0, -1], [0, 1], {}, "y_true"),
    ([[0, 1]], [0, 1], {}, "y_true"),
    ([0, 2], [0, 1], {"class_names": ["a", "b"]}, "class_names"),
])
def test_plot_confusion_matrix_rejects_bad_input(y_true, y_pred, kwargs, name):
    with pytest.raises(ValueError, match=name):
        plotting.plot_confusion_matrix(y_true, y_pred, **kwargs)


def test_plot_digits_grid_titles_and_wrong_predictions_in_red():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (12, 64))
    y = np.arange(12) % 10
    pred = y.copy()
    pred[1] = 7
    fig = plotting.plot_digits(x, y, predictions=pred, n=5, ncols=3)
    axes = fig.axes
    assert len(axes) == 6  # 2 rows of 3, the last one empty
    assert axes[0].get_images()[0].get_array().shape == (8, 8)
    assert axes[0].get_title() == "0 →0"
    assert axes[1].get_title() == "1 →7"
    assert axes[1].title.get_color() != axes[0].title.get_color()
    assert not axes[5].get_images()


def test_plot_digits_accepts_square_images():
    fig = plotting.plot_digits(np.zeros((3, 8, 8)), n=3)
    assert len(fig.axes) == 3


@pytest.mark.parametrize("args, kwargs, name", [
    ((np.zeros((2, 10)),), {}, "x"),
    ((np.zeros((2, 10)),), {"image_shape": (3, 3)}, "image_shape"),
    ((np.zeros((4, 64)), [1, 2]), {}, "y"),
    ((np.zeros((4, 64)),), {"n": 0}, "n"),
    ((np.zeros((2, 2, 2, 2, 2)),), {}, "x"),
])
def test_plot_digits_rejects_bad_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        plotting.plot_digits(*args, **kwargs)


def test_plot_network_draws_softmax_fully_connected():
    def n_lines(activation):
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4),
                                  keras.layers.Activation(activation)])
        return len(plotting.plot_network(model).get_lines())

    # Dense 3->4 gives 12 lines either way; softmax adds 4x4 = 16 more, relu uses arrows.
    assert n_lines("relu") == 12
    assert n_lines("softmax") == 12 + 16


def test_dropout_exercise_checkers():
    rates = np.round(np.linspace(0, 1, 11), 1)
    val = np.array([0.9, 0.6, 0.5, 0.4, 0.35, 0.34, 0.36, 0.4, 0.45, 0.5, 0.7])
    assert exercises.check_best_dropout_rate(0.5, rates=rates, val_losses=val)
    assert exercises.check_best_dropout_rate(0.4, rates=rates, val_losses=val)  # a near-tie
    assert not exercises.check_best_dropout_rate(0.9, rates=rates, val_losses=val)
    assert "training" in exercises.check_best_dropout_rate(0.0, rates=rates,
                                                           val_losses=val).message
    assert "not one of" in exercises.check_best_dropout_rate(0.55, rates=rates,
                                                             val_losses=val).message
    assert "placeholder" in exercises.check_best_dropout_rate(..., rates=rates,
                                                              val_losses=val).message
    assert exercises.check_dropout_scale(5.0, rate=0.8)
    assert exercises.check_dropout_scale(2, rate=0.5)
    assert "kept" in exercises.check_dropout_scale(0.2, rate=0.8).message
    assert not exercises.check_dropout_scale(1.0, rate=0.8)
    # The answer matches what Keras really does.
    out = keras.layers.Dropout(0.8, seed=1)(np.ones((1, 50), "float32"), training=True)
    kept = np.asarray(out)[np.asarray(out) > 0]
    assert exercises.check_dropout_scale(float(kept[0]), rate=0.8)


def test_softmax_exercise_checker():
    z = np.array([2.0, 1.0, 0.1])
    right = np.exp(z) / np.exp(z).sum()
    assert exercises.check_softmax(right, logits=z)
    assert exercises.check_softmax(np.asarray(keras.activations.softmax(z[None]))[0], logits=z)
    assert "sum" in exercises.check_softmax(np.exp(z), logits=z).message
    assert not exercises.check_softmax(z / z.sum(), logits=z)
    assert not exercises.check_softmax([0.5, 0.5], logits=z)
    assert "placeholder" in exercises.check_softmax(..., logits=z).message
