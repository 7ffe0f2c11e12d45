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


def _run(code):
    import os
    import subprocess
    import sys

    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def test_submodules_load_lazily_and_unknown_names_raise():
    loaded = _run(
        "import sys, course_utils as cu\n"
        "print('course_utils.models' in sys.modules, 'course_utils.plotting' in sys.modules)\n"
        "cu.models\n"
        "print('course_utils.models' in sys.modules, 'course_utils.plotting' in sys.modules)\n")
    assert loaded == ["False", "False", "True", "False"]
    with pytest.raises(AttributeError):
        cu.no_such_module  # noqa: B018


def test_op_determinism_is_switched_on_only_by_set_seed_and_only_when_asked():
    states = _run(
        "import course_utils as cu\n"
        "from tensorflow.python.framework import config\n"
        "print(config.is_op_determinism_enabled())\n"
        "cu.models.build_mlp(2, [3]); cu.datasets.make_xor(10, seed=0)\n"
        "print(config.is_op_determinism_enabled())\n"
        "cu.set_seed(0, deterministic=False)\n"
        "print(config.is_op_determinism_enabled())\n"
        "cu.set_seed(0)\n"
        "print(config.is_op_determinism_enabled())\n")
    assert states == ["False", "False", "False", "True"]


def test_set_seed_documents_its_process_wide_effects():
    doc = cu.set_seed.__doc__
    assert "process-wide" in doc and "enable_op_determinism" in doc
