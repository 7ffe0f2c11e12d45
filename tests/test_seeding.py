"""Tests of course_utils.set_seed and environment_report."""

import keras
import numpy as np
import pytest

import course_utils as cu


def _draws():
    model = cu.models.build_mlp(2, [4])
    return (np.random.rand(3), keras.random.uniform((3,)).numpy(),
            model.get_layer("hidden_1").kernel.numpy())


def test_same_seed_same_numbers():
    cu.set_seed(7)
    first = _draws()
    cu.set_seed(7)
    second = _draws()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_other_seed_other_numbers():
    cu.set_seed(1)
    first = _draws()
    cu.set_seed(2)
    second = _draws()
    assert not np.allclose(first[0], second[0])
    assert not np.allclose(first[2], second[2])


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (2**32, ValueError), (1.5, TypeError),
                                         ("0", TypeError), (True, TypeError)])
def test_set_seed_rejects_bad_seeds(seed, error):
    with pytest.raises(error, match="seed"):
        cu.set_seed(seed)


def test_environment_report_names_versions():
    report = cu.environment_report()
    assert report["tensorflow"] == cu.tf.__version__
    assert int(report["keras"].split(".")[0]) >= 3
    assert report["device"] in ("CPU only",) or report["device"].endswith("GPU(s)")


def test_submodules_load_lazily_and_unknown_names_raise():
    assert cu.models.build_mlp is not None
    with pytest.raises(AttributeError):
        cu.no_such_module  # noqa: B018
