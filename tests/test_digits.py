"""Tests of the shipped handwritten digits and the MNIST loader's offline fallback."""

import gzip
import hashlib
import pathlib
import shutil
import warnings

import keras
import numpy as np
import pytest

from course_utils import datasets


def test_shipped_file_matches_recorded_checksum_and_readme():
    path = datasets.data_dir() / datasets.DIGITS_FILE
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == datasets.DIGITS_SHA256
    readme = (datasets.data_dir() / "README.md").read_text()
    assert datasets.DIGITS_SHA256 in readme
    assert "CC BY 4.0" in readme


def test_load_digits_shapes_ranges_and_labels():
    x, y = datasets.load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0
    assert np.array_equal(np.unique(y), np.arange(10))
    assert np.bincount(y).min() >= 170  # about 180 of each digit


def test_load_digits_unscaled_and_square():
    x_raw, y_raw = datasets.load_digits(flatten=False, scale=False)
    x, y = datasets.load_digits()
    assert x_raw.shape == (1797, 8, 8)
    assert x_raw.max() == 16.0
    np.testing.assert_allclose(x_raw.reshape(1797, 64) / 16.0, x)
    np.testing.assert_array_equal(y_raw, y)
    # The first image of the file is a 0: ink around the border, an empty middle.
    assert y[0] == 0 and x_raw[0, 3, 3] == 0 and x_raw[0, 3, 2] > 8


@pytest.mark.parametrize("kwargs", [{"flatten": 1}, {"scale": "yes"}])
def test_load_digits_rejects_non_bool(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(TypeError, match=name):
        datasets.load_digits(**kwargs)


def test_checksum_mismatch_raises_clear_error(tmp_path, monkeypatch):
    src = datasets.data_dir() / datasets.DIGITS_FILE
    rows = gzip.decompress(src.read_bytes()).decode().splitlines()
    rows[0] = rows[0].replace("13", "14", 1)  # one pixel changed
    (tmp_path / datasets.DIGITS_FILE).write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    with pytest.raises(datasets.DataIntegrityError, match="SHA-256") as info:
        datasets.load_digits()
    assert isinstance(info.value, ValueError)
    assert datasets.DIGITS_SHA256 in str(info.value)


def test_data_dir_override_and_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    assert datasets.data_dir() == tmp_path
    with pytest.raises(FileNotFoundError, match="COURSE_DATA_DIR"):
        datasets.load_digits()
    shutil.copy(str(pathlib.Path(datasets.__file__).parents[2] / "data" / "digits_8x8.csv.gz"),
                tmp_path / datasets.DIGITS_FILE)
    x, _ = datasets.load_digits()
    assert x.shape == (1797, 64)


def test_data_dir_default_is_repo_root_data(monkeypatch):
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    import course_utils

    package = __import__("pathlib").Path(course_utils.__file__).resolve().parent
    assert datasets.data_dir() == package.parent / "data"


def _no_network(*args, **kwargs):
    raise Exception("URL fetch failure on https://storage.googleapis.com/...: None -- "
                    "[Errno -3] Temporary failure in name resolution")


def test_load_mnist_falls_back_without_network(monkeypatch):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _no_network)
    monkeypatch.setattr(datasets.digits, "_mnist_message_shown", False)
    with pytest.warns(UserWarning, match="MNIST could not be loaded .*name resolution.*8x8 digits"):
        (x_train, y_train), (x_test, y_test) = datasets.load_mnist(seed=1)
    assert x_train.shape[1] == 64 and x_test.shape[1] == 64
    assert len(x_train) + len(x_test) == 1797
    assert len(x_test) == round(1797 * 0.25)
    assert set(np.unique(y_train)) == set(range(10))
    # The message is shown once per session, not on every call.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (x2, _), _ = datasets.load_mnist(seed=1, flatten=False)
    assert x2.shape[1:] == (8, 8)
    np.testing.assert_array_equal(x2.reshape(len(x2), 64), x_train)


def test_load_mnist_oserror_fallback(monkeypatch):
    def raise_oserror():
        raise OSError("Network is unreachable")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", raise_oserror)
    monkeypatch.setattr(datasets.digits, "_mnist_message_shown", False)
    with pytest.warns(UserWarning, match="OSError: Network is unreachable"):
        (x_train, _), _ = datasets.load_mnist()
    assert x_train.shape[1] == 64


def test_load_mnist_without_download_and_no_cache(monkeypatch, tmp_path):
    called = []
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: called.append(1))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(datasets.digits, "_mnist_message_shown", False)
    with pytest.warns(UserWarning, match="allow_download=False"):
        (x_train, _), _ = datasets.load_mnist(allow_download=False)
    assert not called
    assert x_train.shape[1] == 64


def test_load_mnist_uses_keras_when_available(monkeypatch):
    rng = np.random.default_rng(0)
    fake = ((rng.integers(0, 256, (6, 28, 28), dtype=np.uint8), np.arange(6, dtype=np.uint8)),
            (rng.integers(0, 256, (3, 28, 28), dtype=np.uint8), np.arange(3, dtype=np.uint8)))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: fake)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (x_train, y_train), (x_test, y_test) = datasets.load_mnist()
    assert x_train.shape == (6, 784) and x_test.shape == (3, 784)
    assert x_train.dtype == np.float32 and 0.0 <= x_train.min() and x_train.max() <= 1.0
    np.testing.assert_allclose(x_train[0], fake[0][0][0].reshape(-1) / 255.0, rtol=1e-6)
    assert y_train.dtype == np.int64


@pytest.mark.parametrize("kwargs, error, name", [
    ({"allow_download": "no"}, TypeError, "allow_download"),
    ({"test_fraction": 1.0}, ValueError, "test_fraction"),
    ({"seed": -1}, ValueError, "seed"),
])
def test_load_mnist_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        datasets.load_mnist(**kwargs)
