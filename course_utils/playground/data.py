"""The Playground's data sets: the four classification sets, two regression sets
(as in the web TensorFlow Playground) and two multi-class sets (which it lacks).

Every set is a cloud of points (x1, x2) in about [-6, 6] x [-6, 6]. The data set
decides the task, and with it the network's head and loss:

* "circle", "xor", "gauss", "spiral": two classes (labels 0/1), a sigmoid
  output and the binary cross-entropy;
* "plane", "multigauss": regression (targets in about [-1, 1]), a linear
  output and the mean squared error;
* "blobs", "arms": three classes (labels 0, 1, 2), a softmax output of three
  units and the (sparse) categorical cross-entropy.
"""

from __future__ import annotations

import numpy as np

from ..datasets import PLAYGROUND_DATASETS, make_playground
from ..validation import check_choice, check_float, check_int

__all__ = ["DATASET_TASKS", "N_CLASSES", "make_arms", "make_blobs", "make_multigauss",
           "make_plane", "playground_data"]

DATASET_TASKS = {**{name: "binary" for name in PLAYGROUND_DATASETS},
                 "plane": "regression", "multigauss": "regression",
                 "blobs": "multiclass", "arms": "multiclass"}
N_CLASSES = 3  # of the multi-class sets
_RADIUS = 6.0


def _common(n_samples, noise, seed):
    n_samples = check_int("n_samples", n_samples, min_value=3, max_value=1_000_000)
    noise = check_float("noise", noise, min_value=0.0, max_value=1.0)
    return n_samples, noise, np.random.default_rng(seed)


def make_plane(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """Regression on a tilted plane: the target is (x1 + x2) / 10, in about [-1.2, 1.2].

    As in the web Playground, the noise moves each point before its target is
    computed, so noise blurs the target as a function of (x1, x2).

    Returns:
        `(x, y)`: float32 arrays of shapes (n_samples, 2) and (n_samples,).
    """
    n_samples, noise, rng = _common(n_samples, noise, seed)
    x = rng.uniform(-_RADIUS, _RADIUS, (n_samples, 2))
    shifted = x + rng.uniform(-1, 1, x.shape) * noise * _RADIUS
    y = shifted.sum(axis=1) / 10.0
    return x.astype("float32"), y.astype("float32")


_GAUSSIANS = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1),
              (4, -2.5, -1))


def make_multigauss(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """Regression on six bumps, alternately positive and negative (targets in [-1, 1]).

    Each bump's value falls linearly from +-1 at its centre to 0 at distance 2;
    a point's target is the bump of largest magnitude (the web Playground's
    "multi-gaussian").

    Returns:
        `(x, y)`: float32 arrays of shapes (n_samples, 2) and (n_samples,).
    """
    n_samples, noise, rng = _common(n_samples, noise, seed)
    x = rng.uniform(-_RADIUS, _RADIUS, (n_samples, 2))
    shifted = x + rng.uniform(-1, 1, x.shape) * noise * _RADIUS
    values = np.stack([sign * np.clip(1 - np.hypot(*(shifted - (cx, cy)).T) / 2, 0, 1)
                       for cx, cy, sign in _GAUSSIANS], axis=1)
    y = values[np.arange(n_samples), np.abs(values).argmax(axis=1)]
    return x.astype("float32"), y.astype("float32")


def make_blobs(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """Three round clouds of points, one per class, at the corners of a triangle.

    Returns:
        `(x, y)`: float32 points (n_samples, 2) and labels 0, 1, 2 (float32).
    """
    n_samples, noise, rng = _common(n_samples, noise, seed)
    angles = np.pi / 2 + 2 * np.pi * np.arange(N_CLASSES) / N_CLASSES
    centres = 3.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    y = np.arange(n_samples) % N_CLASSES
    x = centres[y] + rng.normal(0, 0.6 + 2.0 * noise, (n_samples, 2))
    order = rng.permutation(n_samples)
    return x[order].astype("float32"), y[order].astype("float32")


def make_arms(n_samples: int = 400, *, noise: float = 0.0, seed: int | None = None):
    """Three interleaved spiral arms, one per class (each turns half a circle).

    Returns:
        `(x, y)`: float32 points (n_samples, 2) and labels 0, 1, 2 (float32).
    """
    n_samples, noise, rng = _common(n_samples, noise, seed)
    y = np.arange(n_samples) % N_CLASSES
    r = rng.uniform(0.3, 1.0, n_samples) * 5.0
    t = y * 2 * np.pi / N_CLASSES + r / 5.0 * np.pi
    x = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    x += rng.uniform(-1, 1, x.shape) * (0.15 + noise) * 2.0
    order = rng.permutation(n_samples)
    return x[order].astype("float32"), y[order].astype("float32")


_MAKERS = {"plane": make_plane, "multigauss": make_multigauss, "blobs": make_blobs,
           "arms": make_arms}


def playground_data(name: str, n_samples: int = 400, *, noise: float = 0.0,
                    seed: int | None = None):
    """Any Playground data set by name (see `DATASET_TASKS`).

    Returns:
        `(x, y)`: float32 points (n_samples, 2) and labels or targets (n_samples,).

    Example:

    >>> x, y = playground_data("blobs", 90, seed=0)
    >>> sorted(set(y.tolist()))
    [0.0, 1.0, 2.0]
    """
    name = check_choice("dataset", name, DATASET_TASKS)
    if name in PLAYGROUND_DATASETS:
        return make_playground(name, n_samples, noise=noise, seed=seed)
    return _MAKERS[name](n_samples, noise=noise, seed=seed)
