"""The Playground's 2-D sets, linear regression with known weights, feature
crosses, a seeded train/test split, and a many-class problem."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import validation
from ..validation import check_array, check_choice, check_float, check_int

PLAYGROUND_DATASETS = ("circle", "xor", "gauss", "spiral")


_RADIUS = 5.0


def _check_common(n_samples, noise, seed):
    n_samples = check_int("n_samples", n_samples, min_value=2, bytes_each=64)
    noise = check_float("noise", noise, min_value=0.0, max_value=1.0)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    return n_samples, noise, np.random.default_rng(seed)


def _finish(x, y, rng):
    order = rng.permutation(len(y))
    return x[order].astype("float32"), y[order].astype("float32")


def make_circle(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """A disc of class 1 inside a ring of class 0 (not linearly separable).

    Args:
        n_samples: Number of points, half of each class. Defaults to 400.
        noise: Amount of noise in [0, 1]: each coordinate moves by up to
            `noise * 5` (the Playground's 0-50 noise slider is 0.0-0.5).
            Defaults to 0.0.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(x, y)`: `x` float32 of shape (n_samples, 2), `y` float32 of 0/1.

    Example:

    >>> x, y = make_circle(100, noise=0.1, seed=0)
    >>> x.shape, sorted(set(y.tolist()))
    ((100, 2), [0.0, 1.0])
    """
    n_samples, noise, rng = _check_common(n_samples, noise, seed)
    n_in = n_samples // 2
    n_out = n_samples - n_in
    r = np.concatenate([rng.uniform(0, 0.5 * _RADIUS, n_in),
                        rng.uniform(0.7 * _RADIUS, _RADIUS, n_out)])
    angle = rng.uniform(0, 2 * np.pi, n_samples)
    x = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    x += rng.uniform(-_RADIUS, _RADIUS, x.shape) * noise
    y = np.concatenate([np.ones(n_in), np.zeros(n_out)])
    return _finish(x, y, rng)


def make_xor(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """Four quadrants: class 1 where x1 and x2 have the same sign (XOR pattern).

    Args:
        n_samples: Number of points. Defaults to 400.
        noise: Amount of noise in [0, 1] (see `make_circle`). Defaults to 0.0.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(x, y)`: `x` float32 of shape (n_samples, 2), `y` float32 of 0/1.
    """
    n_samples, noise, rng = _check_common(n_samples, noise, seed)
    x = rng.uniform(-_RADIUS, _RADIUS, (n_samples, 2))
    # Keep points a little away from the axes, as the Playground does.
    x += np.sign(x) * 0.3
    y = (x[:, 0] * x[:, 1] > 0).astype(float)
    x += rng.uniform(-_RADIUS, _RADIUS, x.shape) * noise
    return _finish(x, y, rng)


def make_gauss(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """Two Gaussian blobs, around (2, 2) for class 1 and (-2, -2) for class 0.

    This one *is* linearly separable; more noise widens the blobs until they
    overlap.

    Args:
        n_samples: Number of points, half of each class. Defaults to 400.
        noise: In [0, 1]; the blobs' standard deviation grows from 0.7 to 2.
            Defaults to 0.0.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(x, y)`: `x` float32 of shape (n_samples, 2), `y` float32 of 0/1.
    """
    n_samples, noise, rng = _check_common(n_samples, noise, seed)
    std = 0.7 + 2.6 * min(noise, 0.5)
    n_pos = n_samples // 2
    pos = rng.normal(2.0, std, (n_pos, 2))
    neg = rng.normal(-2.0, std, (n_samples - n_pos, 2))
    x = np.concatenate([pos, neg])
    y = np.concatenate([np.ones(n_pos), np.zeros(n_samples - n_pos)])
    return _finish(x, y, rng)


def make_spiral(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """Two interleaved spirals, one per class: the hardest Playground set.

    Args:
        n_samples: Number of points, half of each class. Defaults to 400.
        noise: Amount of noise in [0, 1] (see `make_circle`). Defaults to 0.0.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(x, y)`: `x` float32 of shape (n_samples, 2), `y` float32 of 0/1.
    """
    n_samples, noise, rng = _check_common(n_samples, noise, seed)
    parts, labels = [], []
    for label, delta, n in ((1.0, 0.0, n_samples // 2),
                            (0.0, np.pi, n_samples - n_samples // 2)):
        r = np.arange(n) / n * _RADIUS
        t = 1.75 * np.arange(n) / n * 2 * np.pi + delta
        parts.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        labels.append(np.full(n, label))
    x = np.concatenate(parts)
    x += rng.uniform(-1, 1, x.shape) * noise * _RADIUS
    return _finish(x, np.concatenate(labels), rng)


_MAKERS = {"circle": make_circle, "xor": make_xor, "gauss": make_gauss, "spiral": make_spiral}


def make_playground(name: str, n_samples: int = 400, *, noise: float = 0.0,
                    seed: int | None = None):
    """One of the TensorFlow Playground's data sets, by name.

    Args:
        name: One of "circle", "xor", "gauss", "spiral".
        n_samples: Number of points. Defaults to 400.
        noise: Amount of noise in [0, 1]. Defaults to 0.0.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(x, y)`: `x` float32 of shape (n_samples, 2), `y` float32 of 0/1.

    Raises:
        ValueError: `name` is not one of the four sets (the message lists them).

    Example:

    >>> x, y = make_playground("spiral", 200, noise=0.05, seed=1)
    """
    name = check_choice("name", name, PLAYGROUND_DATASETS)
    return _MAKERS[name](n_samples, noise=noise, seed=seed)


def make_linear_regression(
    n_samples: int = 200,
    *,
    weights: Sequence[float] = (2.0, -3.0, 0.5),
    bias: float = 1.0,
    noise: float = 0.1,
    seed: int | None = None,
):
    """Regression data whose true model is known: `y = x @ weights + bias + noise`.

    Inputs are standard normal, one column per weight. Fit a linear model on
    it and compare the learned weights with `weights`.

    Args:
        n_samples: Number of examples. Defaults to 200.
        weights: The true weights, one per input feature. Defaults to
            (2.0, -3.0, 0.5).
        bias: The true bias. Defaults to 1.0.
        noise: Standard deviation of the Gaussian noise added to y.
            Defaults to 0.1.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(x, y)`: `x` float32 of shape (n_samples, len(weights)), `y` float32
        of shape (n_samples, 1).

    Example:

    >>> x, y = make_linear_regression(50, weights=(1.0, 2.0), bias=0.0, seed=0)
    >>> x.shape, y.shape
    ((50, 2), (50, 1))
    """
    w = check_array("weights", weights, ndim=1)
    n_samples = check_int("n_samples", n_samples, min_value=2, bytes_each=8 * (len(w) + 1))
    bias = check_float("bias", bias)
    noise = check_float("noise", noise, min_value=0.0)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n_samples, len(w)))
    y = x @ w + bias + rng.normal(0.0, noise, n_samples)
    return x.astype("float32"), y.reshape(-1, 1).astype("float32")


PLAYGROUND_FEATURES = {
    "x1": lambda x: x[:, 0],
    "x2": lambda x: x[:, 1],
    "x1^2": lambda x: x[:, 0] ** 2,
    "x2^2": lambda x: x[:, 1] ** 2,
    "x1*x2": lambda x: x[:, 0] * x[:, 1],
    "sin(x1)": lambda x: np.sin(x[:, 0]),
    "sin(x2)": lambda x: np.sin(x[:, 1]),
}


def check_feature_names(features) -> tuple[str, ...]:
    """Checks a list of Playground feature names and returns it as a tuple.

    Raises:
        TypeError: `features` is not a list or tuple of strings.
        ValueError: it is empty, repeats a name, or names an unknown feature
            (the message lists the valid ones).
    """
    names = ", ".join(repr(f) for f in PLAYGROUND_FEATURES)
    if isinstance(features, str) or not isinstance(features, Sequence):
        raise validation.type_error("features", f"a list or tuple of feature names among "
                                    f"{names}", features)
    features = tuple(validation.check_non_empty(
        "features", features, f"at least one input feature among {names}"))
    for name in features:
        check_choice("features", name, PLAYGROUND_FEATURES)
    return tuple(validation.check_unique("features", features))


def make_features(x, features: Sequence[str] = ("x1", "x2")) -> np.ndarray:
    """Computes the Playground's input features from 2-D points.

    A feature such as "x1*x2" is a *feature cross*: a product of inputs made
    by hand, which lets a linear model draw a curved boundary.

    Args:
        x: Array of shape (n, 2).
        features: Names from `PLAYGROUND_FEATURES`: "x1", "x2", "x1^2",
            "x2^2", "x1*x2", "sin(x1)", "sin(x2)". Defaults to ("x1", "x2").

    Returns:
        float32 array of shape (n, len(features)).

    Raises:
        ValueError: an unknown feature name, an empty or repeated list, or `x`
            not of shape (n, 2).

    Example:

    >>> make_features([[2.0, 3.0]], ["x1", "x1*x2"])
    array([[2., 6.]], dtype=float32)
    """
    x = check_array("x", x, ndim=2, shape1=2)
    features = check_feature_names(features)
    return np.stack([PLAYGROUND_FEATURES[f](x) for f in features], axis=1).astype("float32")


def train_test_split(x, y, *, test_fraction: float = 0.25, seed: int | None = None):
    """Shuffles and splits arrays into a training and a test part.

    Args:
        x: Inputs, first axis = examples.
        y: Targets with the same number of examples.
        test_fraction: Share of examples held out, in (0, 1). Defaults to 0.25.
        seed: Seed of the shuffle, or None. Defaults to None.

    Returns:
        `(x_train, x_test, y_train, y_test)`.

    Raises:
        ValueError: lengths differ, or a part would be empty.
    """
    x = check_array("x", x, min_ndim=1, dtype=None)
    y = check_array("y", y, min_ndim=1, dtype=None, rows=len(x), rows_of="x")
    test_fraction = check_float("test_fraction", test_fraction, min_value=0.0,
                                max_value=1.0, include_min=False, include_max=False)
    n_test = int(round(len(x) * test_fraction))
    if n_test < 1 or n_test >= len(x):
        raise validation.value_error("test_fraction", "a split that leaves both parts "
                                     f"non-empty for {len(x)} examples", test_fraction)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    order = np.random.default_rng(seed).permutation(len(x))
    test, train = order[:n_test], order[n_test:]
    return x[train], x[test], y[train], y[test]


def make_many_class(
    n_classes: int,
    n_samples: int,
    *,
    dim: int = 16,
    noise: float = 0.5,
    seed: int | None = None,
):
    """A classification problem with very many classes, e.g. item retrieval.

    Each class (think: one item of a catalogue) has a prototype point drawn
    from a standard normal distribution in a `dim`-dimensional space; an
    example is its class's prototype plus Gaussian noise of standard
    deviation `noise` in every coordinate. The classes are equally frequent
    and a model can learn them, because nearby examples share a class. The
    problem stays cheap to generate with a million classes.

    Args:
        n_classes: Number of classes, at least 2.
        n_samples: Number of examples, at least 1.
        dim: Number of input features. Defaults to 16.
        noise: Standard deviation of the noise around each prototype, >= 0.
            Defaults to 0.5.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(x, y)`: `x` float32 of shape (n_samples, dim), `y` int64 class ids
        in [0, n_classes) of shape (n_samples,).

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> x, y = make_many_class(1000, 5000, dim=16, seed=0)
    >>> x.shape, int(y.max()) < 1000
    ((5000, 16), True)
    """
    dim = check_int("dim", dim, min_value=1, bytes_each=8)
    n_classes = check_int("n_classes", n_classes, min_value=2, bytes_each=8 * dim)
    n_samples = check_int("n_samples", n_samples, min_value=1, bytes_each=8 * (dim + 1))
    noise = check_float("noise", noise, min_value=0.0)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    rng = np.random.default_rng(seed)
    prototypes = rng.standard_normal((n_classes, dim), dtype=np.float32)
    y = rng.integers(0, n_classes, n_samples)
    x = prototypes[y] + rng.standard_normal((n_samples, dim), dtype=np.float32) * np.float32(noise)
    return x.astype("float32"), y.astype("int64")
