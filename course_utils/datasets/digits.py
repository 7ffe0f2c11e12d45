"""Real handwritten digits, shipped in `data/` and checked by SHA-256, and MNIST
with an offline fallback."""

from __future__ import annotations

import pathlib

import numpy as np

from ..validation import check_bool, check_float, check_int
from .synthetic import train_test_split

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

    override = os.environ.get("COURSE_DATA_DIR")
    if override:
        return pathlib.Path(override).expanduser()
    return pathlib.Path(__file__).resolve().parents[2] / "data"


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
