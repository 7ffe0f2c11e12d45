"""Tests of course_utils.datasets: Playground sets, regression data, features, split."""

import numpy as np
import pytest

from course_utils import datasets as ds


@pytest.mark.parametrize("name", ds.PLAYGROUND_DATASETS)
def test_playground_shapes_labels_and_balance(name):
    x, y = ds.make_playground(name, 301, noise=0.1, seed=0)
    assert x.shape == (301, 2) and y.shape == (301,)
    assert x.dtype == np.float32 and set(np.unique(y)) == {0.0, 1.0}
    assert 0.4 < y.mean() < 0.6


@pytest.mark.parametrize("name", ds.PLAYGROUND_DATASETS)
def test_playground_is_deterministic_per_seed(name):
    a = ds.make_playground(name, 50, noise=0.2, seed=3)
    b = ds.make_playground(name, 50, noise=0.2, seed=3)
    c = ds.make_playground(name, 50, noise=0.2, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.allclose(a[0], c[0])


def test_circle_geometry_without_noise():
    x, y = ds.make_circle(400, seed=0)
    r = np.linalg.norm(x, axis=1)
    assert r[y == 1].max() <= 2.5 + 1e-5
    assert r[y == 0].min() >= 3.5 - 1e-5


def test_xor_labels_follow_the_quadrants_without_noise():
    x, y = ds.make_xor(200, seed=1)
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] > 0).astype("float32"))


def test_gauss_is_linearly_separable_without_noise():
    x, y = ds.make_gauss(400, seed=2)
    np.testing.assert_array_equal(y, (x.sum(axis=1) > 0).astype("float32"))


def test_noise_moves_points():
    clean, _ = ds.make_spiral(100, noise=0.0, seed=0)
    noisy, _ = ds.make_spiral(100, noise=0.3, seed=0)
    assert not np.allclose(clean, noisy)


def test_linear_regression_targets_follow_true_weights():
    x, y = ds.make_linear_regression(500, weights=(1.0, -2.0), bias=0.5, noise=0.0, seed=0)
    np.testing.assert_allclose(y[:, 0], x @ np.array([1.0, -2.0]) + 0.5, atol=1e-5)
    # least squares on noisy data recovers them
    x, y = ds.make_linear_regression(2000, weights=(1.0, -2.0), bias=0.5, noise=0.1, seed=1)
    coef, *_ = np.linalg.lstsq(np.c_[x, np.ones(len(x))], y[:, 0], rcond=None)
    np.testing.assert_allclose(coef, [1.0, -2.0, 0.5], atol=0.02)


def test_make_features_values():
    x = np.array([[2.0, 3.0]], "float32")
    out = ds.make_features(x, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"])
    np.testing.assert_allclose(out[0], [2, 3, 4, 9, 6, np.sin(2), np.sin(3)], rtol=1e-6)


def test_train_test_split_partitions_the_data():
    x = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    xtr, xte, ytr, yte = ds.train_test_split(x, y, test_fraction=0.3, seed=0)
    assert len(xte) == 3 and len(xtr) == 7
    assert sorted(np.concatenate([ytr, yte]).tolist()) == list(range(10))
    np.testing.assert_array_equal(xtr[:, 0] // 2, ytr)


@pytest.mark.parametrize("call, error, match", [
    (lambda: ds.make_playground("moons"), ValueError, "'circle', 'xor', 'gauss', 'spiral'"),
    (lambda: ds.make_playground(3), TypeError, "name"),
    (lambda: ds.make_circle(1), ValueError, "n_samples"),
    (lambda: ds.make_xor(10.0), TypeError, "n_samples"),
    (lambda: ds.make_gauss(10, noise=2.0), ValueError, "noise"),
    (lambda: ds.make_spiral(10, seed=-1), ValueError, "seed"),
    (lambda: ds.make_linear_regression(10, weights=[[1.0]]), ValueError, "weights"),
    (lambda: ds.make_linear_regression(10, noise=-1.0), ValueError, "noise"),
    (lambda: ds.make_features(np.zeros((3, 3))), ValueError, "x"),
    (lambda: ds.make_features(np.zeros((3, 2)), ["x3"]), ValueError, "features"),
    (lambda: ds.make_features(np.zeros((3, 2)), []), ValueError, "features"),
    (lambda: ds.make_features(np.zeros((3, 2)), ["x1", "x1"]), ValueError, "features"),
    (lambda: ds.make_features(np.zeros((3, 2)), "x1"), TypeError, "features"),
    (lambda: ds.train_test_split(np.zeros(4), np.zeros(3)), ValueError, "`y`.*as many rows as `x`"),
    (lambda: ds.train_test_split(np.zeros(4), np.zeros(4), test_fraction=1.0), ValueError,
     "test_fraction"),
    (lambda: ds.train_test_split(np.zeros(2), np.zeros(2), test_fraction=0.1), ValueError,
     "test_fraction"),
])
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
