"""Bad inputs to the helpers of the other topics (one-vs-all, plots): each gets a named error."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import models as md
from course_utils import plotting as pl

X = np.random.default_rng(0).normal(size=(12, 3)).astype("float32")
LABELS = np.arange(12) % 3


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _ova():
    model = md.OneVsAllClassifier(3, 3)
    model.compile(keras.optimizers.SGD(0.1))
    return model


def _raises(error, match, call):
    with pytest.raises(error, match=match) as info:
        call()
    assert "Invalid" in str(info.value)


# --------------------------------------------------------------------------- one-vs-all
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_one_vs_all_refuses_non_finite_training_inputs(bad):
    x = X.copy()
    x[3, 1] = bad
    _raises(ValueError, "`x`", lambda: _ova().fit(x, LABELS, epochs=1, verbose=0))


@pytest.mark.parametrize(("x", "y", "name"), [
    (X[:, :2], LABELS, "`x`"),                       # feature count vs the model
    (X, LABELS + 1, "`y`"),                          # a label outside the classes
    (X, LABELS - 1, "`y`"),
    (X, LABELS + 0.5, "`y`"),                        # not a class index
    (X, LABELS[:5], "`y`"),                          # wrong length
    (X, LABELS.reshape(-1, 1).repeat(2, axis=1), "`y`"),  # wrong shape
    (X * 1j, LABELS, "`x`"),                         # complex
    (X, np.array(["a"] * 12), "`y`"),
])
def test_one_vs_all_names_data_that_does_not_fit(x, y, name):
    error = TypeError if np.iscomplexobj(x) or y.dtype.kind == "U" else ValueError
    _raises(error, name, lambda: _ova().fit(x, y, epochs=1, verbose=0))


@pytest.mark.parametrize(("call", "error", "name"), [
    (lambda: md.OneVsAllClassifier(3, 3, name=3), TypeError, "`name`"),
    (lambda: md.OneVsAllClassifier(3, 3).compile(3), TypeError, "`optimizer`"),
    (lambda: md.OneVsAllClassifier(3, 1), ValueError, "`n_classes`"),
    (lambda: md.OneVsAllClassifier(3, 10**12), ValueError, "`n_classes`.*would need"),
    (lambda: md.OneVsAllClassifier(10**12, 3), ValueError, "`input_dim`.*would need"),
    (lambda: md.build_image_classifier((8, 8), 3, conv_filters=[4]), ValueError,
     "`image_shape`"),
    (lambda: md.build_image_classifier((8, 8, 1), 1), ValueError, "`n_outputs`"),
])
def test_classifier_builders_name_bad_arguments(call, error, name):
    _raises(error, name, call)


# --------------------------------------------------------------------------- plots
@pytest.mark.parametrize(("call", "name"), [
    (lambda: pl.plot_dropout_gap([0.0, 1.5], [1.0, 0.9], [1.2, 1.0]), "rates"),
    (lambda: pl.plot_dropout_gap([-0.5, 0.5], [1.0, 0.9], [1.2, 1.0]), "rates"),
    (lambda: pl.plot_dead_fraction({"step": [0, 1], "a": [0.1, 1.5]}), "history"),
    (lambda: pl.plot_dead_fraction({"step": [0, 1], "a": [-0.1, 0.5]}), "history"),
    (lambda: pl.plot_layer_gradient_norms({"hidden_1": -0.1, "output": 1.0}), "norms"),
    (lambda: pl.plot_class_probabilities([0.5, 1.5]), "probs"),
    (lambda: pl.plot_confusion_matrix([0, -1], [0, 1]), "y_true"),
    (lambda: pl.per_label_scores(np.eye(2), np.eye(2) * 0.5), "y_pred"),
])
def test_plot_values_out_of_range_are_named(call, name):
    _raises(ValueError, name, call)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: pl.plot_history({"loss": [1.0]}, metrics=[]), "metrics"),
    (lambda: pl.plot_gradient_norms({"step": [0], "a": [1.0]}, layers=[]), "layers"),
    (lambda: pl.plot_dead_fraction({"step": [0], "a": [0.0]}, layers=[]), "layers"),
    (lambda: pl.plot_layer_gradient_norms({}), "norms"),
    (lambda: pl.plot_confusion_matrix([], []), "y_true"),
    (lambda: pl.plot_image_grid(np.zeros((0, 4, 4))), "images"),
])
def test_plot_empty_lists_are_named(call, name):
    _raises(ValueError, name, call)


@pytest.mark.parametrize(("call", "error", "name"), [
    (lambda: pl.plot_history([1, 2]), TypeError, "history"),
    (lambda: pl.plot_gradient_norms([1, 2]), TypeError, "history"),
    (lambda: pl.plot_layer_gradient_norms([1.0]), TypeError, "norms"),
    (lambda: pl.plot_dropout_gap([0.0], [1.0], [1.0], metric=3), TypeError, "metric"),
    (lambda: pl.plot_network("model"), TypeError, "model"),
    (lambda: pl.plot_decision_boundary("model", np.zeros((3, 2))), TypeError, "model"),
    (lambda: pl.plot_image_grid(np.zeros((2, 4, 4)), titles=["a"]), ValueError, "titles"),
    (lambda: pl.plot_confusion_matrix([0, 1], [0]), ValueError, "y_pred"),
    (lambda: pl.plot_digits(np.zeros((2, 15))), ValueError, "`x`"),
])
def test_plot_wrong_types_and_shapes_are_named(call, error, name):
    _raises(error, name, call)


def test_plot_decision_boundary_names_features_that_disagree_with_the_model():
    model = md.build_mlp(3, [])
    _raises(ValueError, "features", lambda: pl.plot_decision_boundary(
        model, np.zeros((4, 2)), features=["x1", "x2"], resolution=10))
    _raises(ValueError, "features", lambda: pl.plot_decision_boundary(
        md.build_mlp(2, []), np.zeros((4, 2)), features=["x1", "x2", "x1*x2"], resolution=10))
