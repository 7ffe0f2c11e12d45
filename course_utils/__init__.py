"""Helpers for the course *Neural networks with Keras and TensorFlow*.

Importing `course_utils` imports TensorFlow with its C++ start-up log kept out
of the learner's way, and offers `set_seed`. The submodules (`models`,
`datasets`, `plotting`, `callbacks`, `playground`, `exercises`) load on first
use, so `import course_utils as cu` stays cheap.

Global effects, all of them: importing sets the environment variable
`TF_CPP_MIN_LOG_LEVEL=3` when it is unset (TensorFlow's C++ log level) and
imports TensorFlow. Only `set_seed` changes global state beyond that: it seeds
Python's, NumPy's and Keras's global random generators and, unless
`deterministic=False`, switches on TensorFlow's op determinism for the whole
process. No other helper seeds, configures TensorFlow or changes matplotlib's
settings.

Example:

>>> import course_utils as cu
>>> cu.set_seed(0)
>>> x, y = cu.datasets.make_playground("xor", n_samples=200, seed=0)
"""

from __future__ import annotations

import importlib
import os
import random
import sys

__version__ = "0.1.0"

_SUBMODULES = ("callbacks", "datasets", "exercises", "models", "mysteries", "playground",
               "plotting", "validation")

__all__ = ["set_seed", "environment_report", "__version__", *_SUBMODULES]


def _import_tensorflow_quietly():
    """Imports TensorFlow with its C++ start-up messages hidden.

    `TF_CPP_MIN_LOG_LEVEL=3` silences most of TensorFlow's C++ logging; a few
    lines (absl, cudart stubs) are written straight to file descriptor 2 during
    import and ignore every environment variable, so stderr is redirected
    around the import itself. Python exceptions still propagate normally.
    Set `COURSE_VERBOSE_TF=1` to see everything.
    """
    if "tensorflow" in sys.modules or os.environ.get("COURSE_VERBOSE_TF") == "1":
        import tensorflow as tf

        return tf
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        saved = os.dup(2)
    except OSError:  # no real stderr (some embedded environments)
        saved = None
    if saved is not None:
        sys.stderr.flush()
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
    try:
        import tensorflow as tf
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)
    return tf


tf = _import_tensorflow_quietly()


def set_seed(seed: int, *, deterministic: bool = True) -> None:
    """Seeds Python, NumPy and TensorFlow so that a run can be repeated.

    Both effects are process-wide: they last for the rest of the Python
    process (the notebook's kernel), not just for the next cell.

    * The global random generators of Python (`random`), NumPy
      (`np.random`) and Keras/TensorFlow (`keras.utils.set_random_seed`) are
      seeded with `seed`.
    * With `deterministic=True` (the default), TensorFlow's op determinism is
      switched on (`tf.config.experimental.enable_op_determinism`), so that the
      same seed gives the same numbers on the same machine. TensorFlow offers
      no public way to switch it off again; while it is on, a few ops run
      slower and ops without a deterministic kernel raise an error. Pass
      `deterministic=False` to seed only and leave that switch as it is.

    Args:
        seed: A non-negative integer.
        deterministic: Also switch on TensorFlow's op determinism for the
            process (see above). Defaults to True.

    Raises:
        TypeError: `seed` is not an integer.
        ValueError: `seed` is negative or above 2**32 - 1.

    Example:

    >>> set_seed(42)
    """
    from .validation import check_bool, check_int

    seed = check_int("seed", seed, min_value=0, max_value=2**32 - 1)
    deterministic = check_bool("deterministic", deterministic)
    import keras
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)  # seeds python, numpy and the backend
    if deterministic:
        tf.config.experimental.enable_op_determinism()


def environment_report() -> dict[str, str]:
    """Returns the versions and devices that matter for the course.

    Returns:
        A dict with Python, TensorFlow, Keras, NumPy, matplotlib versions,
        the devices TensorFlow sees, and whether this is Google Colab.
    """
    import keras
    import matplotlib
    import numpy as np

    gpus = tf.config.list_physical_devices("GPU")
    return {
        "python": sys.version.split()[0],
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "course_utils": __version__,
        "device": f"{len(gpus)} GPU(s)" if gpus else "CPU only",
        "colab": str("google.colab" in sys.modules),
    }


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
