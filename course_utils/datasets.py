"""Small datasets generated on the spot, so the course runs offline.

* The four 2-D classification sets of the TensorFlow Playground: `make_circle`,
  `make_xor`, `make_gauss`, `make_spiral` (or `make_playground(name, ...)`),
  in the Playground's units (coordinates roughly in [-6, 6]), labels 0 or 1.
* `make_linear_regression`: targets from known true weights plus noise.
* `make_features`: the Playground's input features (x1, x2, x1^2, x1*x2,
  sin x1, ...) computed from 2-D points: the hand-made feature crosses.
* `train_test_split`: a seeded shuffle and split.
* `make_many_class`: a problem with thousands to millions of classes (item
  retrieval), for candidate sampling.
* `make_fruit_images` (one fruit per image, single-label) and
  `make_fruit_bowls` (several fruits per image, multi-hot labels): small
  RGB images drawn on the spot.

Every generator takes a `seed` and returns the same arrays for the same seed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .validation import check_array, check_bool, check_choice, check_float, check_int

__all__ = [
    "PLAYGROUND_DATASETS",
    "PLAYGROUND_FEATURES",
    "check_feature_names",
    "DIGITS_CLASS_NAMES",
    "DataIntegrityError",
    "data_dir",
    "load_digits",
    "load_mnist",
    "make_circle",
    "FRUIT_NAMES",
    "make_features",
    "make_fruit_bowls",
    "make_fruit_images",
    "make_gauss",
    "make_linear_regression",
    "make_many_class",
    "make_playground",
    "make_spiral",
    "make_xor",
    "train_test_split",
]

PLAYGROUND_DATASETS = ("circle", "xor", "gauss", "spiral")

_RADIUS = 5.0


def _check_common(n_samples, noise, seed):
    n_samples = check_int("n_samples", n_samples, min_value=2)
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
    n_samples = check_int("n_samples", n_samples, min_value=2)
    w = check_array("weights", weights, ndim=1)
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
        raise TypeError(
            "Invalid type received for argument `features`. Expected a list or tuple of "
            f"feature names among {names}. Received: features={features!r} "
            f"(of type {type(features).__name__})"
        )
    features = tuple(features)
    if not features:
        raise ValueError(
            "Invalid value received for argument `features`. Expected at least one input "
            f"feature among {names}. Received: features=()"
        )
    for name in features:
        check_choice("features", name, PLAYGROUND_FEATURES)
    if len(set(features)) != len(features):
        raise ValueError(
            "Invalid value received for argument `features`. Expected each feature at most "
            f"once. Received: features={features!r}"
        )
    return features


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
    x = np.asarray(x)
    y = np.asarray(y)
    test_fraction = check_float("test_fraction", test_fraction, min_value=0.0,
                                max_value=1.0, include_min=False, include_max=False)
    if len(x) != len(y):
        raise ValueError(
            "Invalid value received for arguments `x` and `y`. Expected the same number "
            f"of examples. Received: len(x)={len(x)}, len(y)={len(y)}"
        )
    n_test = int(round(len(x) * test_fraction))
    if n_test < 1 or n_test >= len(x):
        raise ValueError(
            "Invalid value received for argument `test_fraction`. Expected a split that "
            f"leaves both parts non-empty for {len(x)} examples. "
            f"Received: test_fraction={test_fraction}"
        )
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
    n_classes = check_int("n_classes", n_classes, min_value=2)
    n_samples = check_int("n_samples", n_samples, min_value=1)
    dim = check_int("dim", dim, min_value=1)
    noise = check_float("noise", noise, min_value=0.0)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    rng = np.random.default_rng(seed)
    prototypes = rng.standard_normal((n_classes, dim), dtype=np.float32)
    y = rng.integers(0, n_classes, n_samples)
    x = prototypes[y] + rng.standard_normal((n_samples, dim), dtype=np.float32) * np.float32(noise)
    return x.astype("float32"), y.astype("int64")


# --- Real handwritten digits -------------------------------------------------------------

DIGITS_FILE = "digits_8x8.csv.gz"
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
DIGITS_CLASS_NAMES = tuple(str(d) for d in range(10))

_mnist_message_shown = False


class DataIntegrityError(ValueError):
    """A shipped data file does not match its recorded SHA-256 checksum."""


def data_dir():
    """Returns the folder of the data files the course ships.

    This is `data/` at the repository root (the parent folder of
    `course_utils`), unless the environment variable `COURSE_DATA_DIR` names
    another folder.

    Returns:
        A `pathlib.Path`.
    """
    import os
    import pathlib

    override = os.environ.get("COURSE_DATA_DIR")
    if override:
        return pathlib.Path(override).expanduser()
    return pathlib.Path(__file__).resolve().parent.parent / "data"


def _sha256(path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_digits(*, flatten: bool = True, scale: bool = True):
    """Loads the 1,797 handwritten digits (8x8 pixels) shipped with the course.

    This is the UCI "Optical Recognition of Handwritten Digits" test set
    (Alpaydin & Kaynak, 1998; CC BY 4.0): each image counts the ink in 4x4
    blocks of a 32x32 bitmap, so a pixel is an integer from 0 to 16. The file
    lives in `data/` (see `data_dir`); its SHA-256 is verified on every load,
    so a damaged or altered file is refused instead of silently used.

    Args:
        flatten: Return each image as 64 features (shape (n, 64)) rather
            than as an 8x8 array (shape (n, 8, 8)). Defaults to True.
        scale: Divide the pixels by 16, so they lie in [0, 1]. Defaults to True.

    Returns:
        `(x, y)`: `x` float32 of shape (1797, 64) or (1797, 8, 8), `y` int64
        digit labels 0-9 of shape (1797,).

    Raises:
        TypeError: `flatten` or `scale` is not a bool.
        FileNotFoundError: the data file is missing (the message says where
            it was looked for).
        DataIntegrityError: (a `ValueError`) the file's SHA-256 differs from
            the recorded one.

    Example:

    >>> x, y = load_digits()
    >>> x.shape, y.shape, float(x.max())
    ((1797, 64), (1797,), 1.0)
    """
    flatten = check_bool("flatten", flatten)
    scale = check_bool("scale", scale)
    path = data_dir() / DIGITS_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"The digits data file was not found at {path}. It ships in the course "
            "repository's data/ folder; set the environment variable COURSE_DATA_DIR to the "
            "folder that holds it if you moved it."
        )
    actual = _sha256(path)
    if actual != DIGITS_SHA256:
        raise DataIntegrityError(
            f"The digits data file {path} is damaged or was changed: its SHA-256 is {actual}, "
            f"expected {DIGITS_SHA256} (recorded in data/README.md). Restore the file from the "
            "course repository."
        )
    table = np.loadtxt(path, delimiter=",", dtype="float32")
    x = table[:, :64]
    y = table[:, 64].astype("int64")
    if scale:
        x = x / np.float32(16.0)
    if not flatten:
        x = x.reshape(-1, 8, 8)
    return x.astype("float32"), y


def _mnist_fallback(reason: str, flatten: bool, scale: bool, test_fraction: float, seed: int):
    import warnings

    global _mnist_message_shown
    if not _mnist_message_shown:
        _mnist_message_shown = True
        warnings.warn(
            f"MNIST could not be loaded ({reason}); using the 8x8 digits shipped in data/ "
            "instead (1,797 images, 64 pixels each).",
            UserWarning,
            stacklevel=3,
        )
    x, y = load_digits(flatten=flatten, scale=scale)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_fraction=test_fraction,
                                                        seed=seed)
    return (x_train, y_train), (x_test, y_test)


def load_mnist(
    *,
    allow_download: bool = True,
    flatten: bool = True,
    scale: bool = True,
    test_fraction: float = 0.25,
    seed: int = 0,
):
    """Loads the full MNIST digits where possible, else the shipped 8x8 digits.

    MNIST (70,000 images of 28x28 pixels) comes from
    `keras.datasets.mnist.load_data`, which downloads it once (11 MB) into
    Keras's cache. Where that fails (no network, a firewall) or
    `allow_download=False` and it is not cached, a warning says so once and
    the offline digits of `load_digits` are returned instead, split into a
    training and a test part. Code written for one works for the other:
    read the number of features from `x_train.shape[1]`.

    Args:
        allow_download: Try to download MNIST if it is not in Keras's cache.
            Defaults to True.
        flatten: One row of pixels per image ((n, 784) or (n, 64)) instead of
            a square image. Defaults to True.
        scale: Pixels in [0, 1] instead of 0-255 (MNIST) or 0-16 (digits).
            Defaults to True.
        test_fraction: Share of the offline digits held out for testing
            (MNIST comes already split). Defaults to 0.25.
        seed: Seed of the offline digits' split. Defaults to 0.

    Returns:
        `((x_train, y_train), (x_test, y_test))`, as Keras's loaders return:
        `x` float32, `y` int64 labels 0-9.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value.

    Example:

    >>> (x_train, y_train), (x_test, y_test) = load_mnist()
    >>> n_features = x_train.shape[1]  # 784 for MNIST, 64 for the offline digits
    """
    import os

    allow_download = check_bool("allow_download", allow_download)
    flatten = check_bool("flatten", flatten)
    scale = check_bool("scale", scale)
    test_fraction = check_float("test_fraction", test_fraction, min_value=0.0, max_value=1.0,
                                include_min=False, include_max=False)
    seed = check_int("seed", seed, min_value=0)
    if not allow_download:
        keras_home = os.environ.get("KERAS_HOME", os.path.join(os.path.expanduser("~"), ".keras"))
        if not os.path.isfile(os.path.join(keras_home, "datasets", "mnist.npz")):
            return _mnist_fallback("allow_download=False and it is not in Keras's cache",
                                   flatten, scale, test_fraction, seed)
    import keras

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as err:  # no network, proxy, truncated download, ...
        reason = f"{type(err).__name__}: {err}".strip()
        if len(reason) > 160:
            reason = reason[:157] + "..."
        return _mnist_fallback(reason, flatten, scale, test_fraction, seed)

    def prepare(x):
        x = x.astype("float32")
        if scale:
            x = x / np.float32(255.0)
        return x.reshape(len(x), -1) if flatten else x

    return ((prepare(x_train), y_train.astype("int64")),
            (prepare(x_test), y_test.astype("int64")))


FRUIT_NAMES = ("apple", "banana", "grapes", "lemon", "orange", "pear")

# Base colours (RGB in [0, 1]) of each fruit; every drawn fruit varies a little around them.
_FRUIT_COLORS = {
    "apple": (0.80, 0.10, 0.12),
    "banana": (0.98, 0.76, 0.05),
    "grapes": (0.45, 0.18, 0.55),
    "lemon": (0.92, 0.95, 0.12),
    "orange": (0.98, 0.55, 0.08),
    "pear": (0.60, 0.78, 0.22),
}
_GRAPE_CENTERS = ((-0.45, -0.55), (0.0, -0.55), (0.45, -0.55), (-0.22, -0.1), (0.22, -0.1),
                  (0.0, 0.35), (-0.45, 0.35), (0.45, 0.35), (0.0, 0.75))


def _fruit_mask(name, u, v, rng):
    """Mask of one fruit on coordinates (u, v) measured in fruit radii from its centre."""
    r2 = u**2 + v**2
    if name == "apple":
        body = (u / 1.0) ** 2 + (v / 0.9) ** 2 <= 1.0
        stem = (np.abs(u - 0.05) <= 0.12) & (v >= -1.25) & (v <= -0.8)
        return body, stem
    if name == "orange":
        return r2 <= 1.0, None
    if name == "lemon":
        return (u / 1.0) ** 2 + (v / 0.68) ** 2 <= 1.0, None
    if name == "banana":
        outer = u**2 + (v + 0.6) ** 2 <= 1.2**2
        inner = u**2 + (v + 1.1) ** 2 <= 1.0**2
        return outer & ~inner & (v > -0.5), None
    if name == "pear":
        top = u**2 + (v + 0.45) ** 2 <= 0.45**2
        bottom = u**2 + ((v - 0.3) / 0.95) ** 2 <= 0.68**2
        stem = (np.abs(u) <= 0.1) & (v >= -1.15) & (v <= -0.8)
        return top | bottom | ((np.abs(u) <= 0.42) & (v > -0.5) & (v < 0.3)), stem
    # grapes: a bunch of small berries
    mask = np.zeros_like(u, dtype=bool)
    for cu, cv in _GRAPE_CENTERS:
        mask |= (u - cu) ** 2 + (v - cv) ** 2 <= 0.27**2
    return mask, None


def _draw_fruit(image, name, cx, cy, radius, rng):
    """Draws one fruit onto `image` (H, W, 3) in place."""
    size = image.shape[0]
    # Work on the window around the fruit only (every shape fits in 1.3 radii).
    r0, r1 = max(0, int(cy - 1.3 * radius)), min(size, int(np.ceil(cy + 1.3 * radius)) + 1)
    c0, c1 = max(0, int(cx - 1.3 * radius)), min(size, int(np.ceil(cx + 1.3 * radius)) + 1)
    image = image[r0:r1, c0:c1]
    rows, cols = np.mgrid[r0:r1, c0:c1].astype("float32")
    flip = 1.0 if rng.random() < 0.5 else -1.0
    u = (cols + 0.5 - cx) / radius * flip
    v = (rows + 0.5 - cy) / radius
    body, stem = _fruit_mask(name, u, v, rng)
    color = np.clip(np.asarray(_FRUIT_COLORS[name]) + rng.normal(0.0, 0.04, 3), 0.0, 1.0)
    # Shading: lighter toward the upper left, as if lit from there.
    shade = np.clip(1.0 - 0.18 * (u + v), 0.7, 1.25)[..., None]
    pixels = color * shade
    if name == "orange":  # dimpled peel
        pixels = pixels * (1.0 - 0.25 * (rng.random(u.shape) < 0.25))[..., None]
    if name == "banana":  # brown tips
        tips = np.abs(u) > 0.85
        pixels = np.where(tips[..., None], (0.35, 0.25, 0.1), pixels)
    image[body] = np.clip(pixels[body], 0.0, 1.0)
    if stem is not None:
        image[stem & ~body] = (0.35, 0.22, 0.08)


def _render(fruit_lists, size, radius_range, slots, jitter, rng):
    images = np.empty((len(fruit_lists), size, size, 3), dtype="float32")
    for i, fruits in enumerate(fruit_lists):
        background = np.array((0.93, 0.89, 0.80)) + rng.normal(0.0, 0.03, 3)
        image = np.broadcast_to(background, (size, size, 3)).copy()
        positions = rng.permutation(len(slots))[: len(fruits)]
        for name, slot in zip(fruits, positions):
            cx, cy = np.asarray(slots[slot]) + rng.uniform(-jitter, jitter, 2)
            _draw_fruit(image, name, cx, cy, rng.uniform(*radius_range), rng)
        images[i] = image
    images += rng.normal(0.0, 0.03, images.shape).astype("float32")  # sensor noise
    return np.clip(images, 0.0, 1.0, out=images)


def make_fruit_images(n_samples: int, *, seed: int | None = None):
    """Images of exactly one piece of fruit each: a single-label problem.

    Each 32x32 RGB image shows one fruit of `FRUIT_NAMES` (apple, banana,
    grapes, lemon, orange, pear), drawn with its own colour, shape and
    texture, at a random position and size, on a noisy table-top background.
    The fruits are equally frequent.

    Args:
        n_samples: Number of images, at least 1.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(images, labels)`: `images` float32 of shape (n_samples, 32, 32, 3)
        with values in [0, 1]; `labels` int64 indices into `FRUIT_NAMES`.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> images, labels = make_fruit_images(8, seed=0)
    >>> images.shape, FRUIT_NAMES[labels[0]] in FRUIT_NAMES
    ((8, 32, 32, 3), True)
    """
    n_samples = check_int("n_samples", n_samples, min_value=1)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(FRUIT_NAMES), n_samples)
    images = _render([[FRUIT_NAMES[k]] for k in labels], 32, (9.0, 12.0),
                     [(16.0, 16.0)], 3.0, rng)
    return images, labels.astype("int64")


def make_fruit_bowls(n_samples: int, *, max_fruits: int = 3, seed: int | None = None):
    """Images of bowls holding one to `max_fruits` different fruits: multi-label.

    Each 32x32 RGB image holds between 1 and `max_fruits` (uniformly) fruits
    of *different* kinds from `FRUIT_NAMES`, each in one quarter of the image
    at a random offset and size. The label of an image is multi-hot: a 1 for
    every kind of fruit present, so a row of labels sums to the number of
    fruits.

    Args:
        n_samples: Number of images, at least 1.
        max_fruits: Largest number of fruits in one image, from 1 to 4.
            Defaults to 3.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(images, labels)`: `images` float32 of shape (n_samples, 32, 32, 3)
        with values in [0, 1]; `labels` float32 multi-hot of shape
        (n_samples, len(FRUIT_NAMES)).

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> images, labels = make_fruit_bowls(8, max_fruits=3, seed=0)
    >>> images.shape, labels.shape, int(labels.sum(axis=1).max()) <= 3
    ((8, 32, 32, 3), (8, 6), True)
    """
    n_samples = check_int("n_samples", n_samples, min_value=1)
    max_fruits = check_int("max_fruits", max_fruits, min_value=1, max_value=4)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    rng = np.random.default_rng(seed)
    labels = np.zeros((n_samples, len(FRUIT_NAMES)), dtype="float32")
    fruit_lists = []
    for i in range(n_samples):
        count = rng.integers(1, max_fruits + 1)
        kinds = rng.choice(len(FRUIT_NAMES), size=count, replace=False)
        labels[i, kinds] = 1.0
        fruit_lists.append([FRUIT_NAMES[k] for k in kinds])
    slots = [(8.0, 8.0), (24.0, 8.0), (8.0, 24.0), (24.0, 24.0)]
    images = _render(fruit_lists, 32, (5.0, 6.5), slots, 1.5, rng)
    return images, labels
