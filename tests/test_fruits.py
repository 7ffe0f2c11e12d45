"""Tests of the multi-label helpers: fruit images, image classifiers, metric plots.

The multi-label checkers are tested in test_exercises_multilabel.py."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.datasets import FRUIT_NAMES, make_fruit_bowls, make_fruit_images
from course_utils.models import build_image_classifier, build_multilabel_classifier
from course_utils.plotting import per_label_scores, plot_image_grid, plot_per_label_metrics

# --- generators -------------------------------------------------------------------------------


def test_fruit_images_shapes_and_labels():
    images, labels = make_fruit_images(30, seed=0)
    assert images.shape == (30, 32, 32, 3) and images.dtype == np.float32
    assert images.min() >= 0.0 and images.max() <= 1.0
    assert labels.shape == (30,) and labels.dtype == np.int64
    assert set(labels.tolist()) <= set(range(len(FRUIT_NAMES)))


def test_fruit_bowls_are_multi_hot_with_one_to_max_fruits():
    images, labels = make_fruit_bowls(200, max_fruits=3, seed=0)
    assert images.shape == (200, 32, 32, 3)
    assert labels.shape == (200, len(FRUIT_NAMES))
    assert set(np.unique(labels).tolist()) == {0.0, 1.0}
    counts = labels.sum(axis=1)
    assert counts.min() == 1 and counts.max() == 3
    assert set(counts.tolist()) == {1.0, 2.0, 3.0}  # the count varies


@pytest.mark.parametrize("make", [make_fruit_images, make_fruit_bowls])
def test_generators_are_deterministic_per_seed(make):
    a_x, a_y = make(10, seed=5)
    b_x, b_y = make(10, seed=5)
    c_x, _ = make(10, seed=6)
    np.testing.assert_array_equal(a_x, b_x)
    np.testing.assert_array_equal(a_y, b_y)
    assert not np.array_equal(a_x, c_x)


def test_fruits_have_their_colour():
    # The mean colour of an image's most saturated pixels identifies e.g. grapes (purple:
    # blue > green) and pears (green > red), so a network can learn them.
    images, labels = make_fruit_images(120, seed=1)
    for k, name in enumerate(FRUIT_NAMES):
        pixels = images[labels == k].reshape(-1, 3)
        saturated = pixels[pixels.max(axis=1) - pixels.min(axis=1) > 0.4]
        r, g, b = saturated.mean(axis=0)
        if name == "grapes":
            assert b > g
        if name == "pear":
            assert g > r
        if name == "apple":
            assert r > 2 * g and r > 2 * b
        if name == "orange":
            assert r > g > b


def test_more_fruits_cover_more_pixels():
    images, labels = make_fruit_bowls(300, max_fruits=4, seed=2)
    background = np.abs(images - np.median(images, axis=(1, 2), keepdims=True)).max(axis=-1) > 0.2
    covered = background.mean(axis=(1, 2))
    counts = labels.sum(axis=1)
    assert covered[counts == 4].mean() > covered[counts == 1].mean() * 2


@pytest.mark.parametrize("kwargs, argname", [
    ({"n_samples": 0}, "n_samples"),
    ({"n_samples": 5, "max_fruits": 0}, "max_fruits"),
    ({"n_samples": 5, "max_fruits": 5}, "max_fruits"),
    ({"n_samples": 5, "seed": -1}, "seed"),
])
def test_fruit_bowls_bad_values(kwargs, argname):
    with pytest.raises(ValueError, match=argname):
        make_fruit_bowls(**kwargs)


@pytest.mark.parametrize("kwargs, error, argname", [
    ({"n_samples": 0}, ValueError, "n_samples"),
    ({"n_samples": 2.0}, TypeError, "n_samples"),
    ({"n_samples": 5, "seed": "a"}, TypeError, "seed"),
])
def test_fruit_images_bad_args(kwargs, error, argname):
    with pytest.raises(error, match=argname):
        make_fruit_images(**kwargs)


# --- models -----------------------------------------------------------------------------------


def test_multilabel_head_gives_independent_probabilities():
    model = build_multilabel_classifier((32, 32, 3), 6)
    assert model.get_layer("output").activation is keras.activations.sigmoid
    images, _ = make_fruit_bowls(8, seed=0)
    prob = model(images).numpy()
    assert prob.shape == (8, 6)
    assert np.all((prob > 0) & (prob < 1))
    assert not np.allclose(prob.sum(axis=1), 1.0, atol=1e-2)  # no constraint to sum to 1


def test_changing_one_logit_changes_only_its_probability():
    sigmoid_model = build_multilabel_classifier((8, 8, 3), 4, conv_filters=(4,))
    softmax_model = build_image_classifier((8, 8, 3), 4, conv_filters=(4,))
    softmax_model.set_weights(sigmoid_model.get_weights())
    x = np.random.default_rng(0).random((5, 8, 8, 3)).astype("float32")
    before_sig, before_soft = sigmoid_model(x).numpy(), softmax_model(x).numpy()
    bias = sigmoid_model.get_layer("output").bias
    bias.assign(bias.numpy() + np.array([3.0, 0, 0, 0], "float32"))
    softmax_model.get_layer("output").bias.assign(bias.numpy())
    after_sig, after_soft = sigmoid_model(x).numpy(), softmax_model(x).numpy()
    assert np.all(after_sig[:, 0] > before_sig[:, 0])
    np.testing.assert_allclose(after_sig[:, 1:], before_sig[:, 1:], rtol=1e-6)
    assert np.all(after_soft[:, 1:] < before_soft[:, 1:])  # softmax: the others must give way


def test_image_classifier_layers_and_mlp_variant():
    cnn = build_image_classifier((32, 32, 3), 6, conv_filters=(8, 16), hidden_units=(10,))
    assert [layer.name for layer in cnn.layers] == [
        "conv_1", "conv_2", "pool", "hidden_1", "activation_1", "output"]
    mlp = build_image_classifier((32, 32, 3), 6, conv_filters=(), hidden_units=(10,))
    assert [layer.name for layer in mlp.layers][0] == "flatten"
    np.testing.assert_allclose(mlp(np.zeros((2, 32, 32, 3), "float32")).numpy().sum(axis=1), 1,
                               rtol=1e-5)


def test_multilabel_classifier_learns_more_than_the_label_frequencies():
    keras.utils.set_random_seed(0)
    images, labels = make_fruit_bowls(800, max_fruits=2, seed=0)
    model = build_multilabel_classifier((32, 32, 3), 6)
    model.compile(optimizer=keras.optimizers.Adam(0.005), loss="binary_crossentropy",
                  steps_per_execution=8)
    model.fit(images, labels, epochs=6, batch_size=32, verbose=0)
    freq = labels.mean(axis=0)  # best constant prediction
    prior_loss = -np.mean(labels * np.log(freq) + (1 - labels) * np.log(1 - freq))
    assert model.evaluate(images, labels, verbose=0) < 0.6 * prior_loss


@pytest.mark.parametrize("kwargs, error, argname", [
    ({"image_shape": (32, 32, 3), "n_outputs": 0}, ValueError, "n_outputs"),
    ({"image_shape": (32, 32, 3), "n_outputs": 1}, ValueError, "n_outputs"),  # softmax of one
    ({"image_shape": (32, 32), "n_outputs": 3}, ValueError, "image_shape"),
    ({"image_shape": (32, 32, 3), "n_outputs": 3, "output_activation": "relu"}, ValueError,
     "output_activation"),
    ({"image_shape": (32, 32, 3), "n_outputs": 3, "conv_filters": 8}, TypeError, "conv_filters"),
    ({"image_shape": (32, 32, 3), "n_outputs": 3, "hidden_units": (0,)}, ValueError,
     "hidden_units"),
])
def test_image_classifier_bad_args(kwargs, error, argname):
    with pytest.raises(error, match=argname):
        build_image_classifier(**kwargs)


def test_multilabel_classifier_bad_args():
    with pytest.raises(ValueError, match="n_labels"):
        build_multilabel_classifier((32, 32, 3), 0)
    assert build_multilabel_classifier((32, 32, 3), 1).output_shape == (None, 1)


# --- metrics and plots ------------------------------------------------------------------------


def test_per_label_scores_by_hand():
    y_true = np.array([[1, 0], [1, 1], [0, 1], [0, 0]])
    y_pred = np.array([[1, 1], [0, 1], [0, 1], [0, 0]])
    s = per_label_scores(y_true, y_pred)
    np.testing.assert_allclose(s["precision"], [1.0, 2 / 3])
    np.testing.assert_allclose(s["recall"], [0.5, 1.0])
    np.testing.assert_allclose(s["f1"], [2 / 3, 0.8])
    np.testing.assert_allclose(s["support"], [2, 2])


def test_per_label_scores_never_predicted_label_is_zero_not_nan():
    s = per_label_scores([[1, 0], [0, 0]], [[0, 0], [0, 0]])
    assert np.all(np.isfinite(s["precision"])) and s["f1"][0] == 0.0


@pytest.mark.parametrize("y_pred, argname", [
    (np.array([[0.2, 0.9]]), "y_pred"),
    (np.array([[1, 0, 1]]), "y_pred"),
])
def test_per_label_scores_bad_input(y_pred, argname):
    with pytest.raises(ValueError, match=argname):
        per_label_scores(np.array([[1, 0]]), y_pred)


def test_plot_per_label_metrics_draws_three_bars_per_label():
    y_true = np.array([[1, 0, 1], [0, 1, 1]])
    ax = plot_per_label_metrics(y_true, y_true, label_names=["a", "b", "c"])
    assert len(ax.patches) == 9
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert "1.00" in ax.get_title()
    fig, ax2 = plt.subplots()
    assert plot_per_label_metrics(y_true, y_true, ax=ax2, title="x") is ax2
    plt.close("all")


def test_plot_per_label_metrics_bad_names():
    with pytest.raises(ValueError, match="label_names"):
        plot_per_label_metrics([[1, 0]], [[1, 0]], label_names=["only one"])


def test_plot_image_grid_layout_and_titles():
    images, labels = make_fruit_images(10, seed=0)
    fig = plot_image_grid(images, [FRUIT_NAMES[k] for k in labels], ncols=4)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 12 and len(shown) == 10
    assert shown[0].get_title() == FRUIT_NAMES[labels[0]]
    fig = plot_image_grid(images[..., 0])  # grey images work too
    assert len([ax for ax in fig.axes if ax.images]) == 10
    plt.close("all")


@pytest.mark.parametrize("kwargs, error, argname", [
    ({"images": np.zeros((2, 8, 8, 3)), "titles": ["a"]}, ValueError, "titles"),
    ({"images": np.zeros((8, 8)), "titles": None}, ValueError, "images"),
    ({"images": np.zeros((2, 8, 8, 3)), "ncols": 0}, ValueError, "ncols"),
    ({"images": "not images"}, TypeError, "images"),
])
def test_plot_image_grid_bad_args(kwargs, error, argname):
    with pytest.raises(error, match=argname):
        plot_image_grid(**kwargs)
