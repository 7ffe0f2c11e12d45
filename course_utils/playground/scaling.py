"""Input scaling: the same network under plain gradient descent on raw and standardized inputs."""

from __future__ import annotations

import numpy as np

from ..validation import check_array, check_float, check_int

__all__ = ["descent_to_target", "standardize"]


def standardize(x_train, x_test=None):
    """Scales every input column to mean 0 and standard deviation 1, with the training statistics.

    The test set is scaled with the *training* set's mean and standard
    deviation, as it must be: the model never sees test statistics.

    Returns:
        The scaled training array, or `(train, test)` when `x_test` is given.
    """
    x_train = check_array("x_train", x_train, ndim=2)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    if x_test is None:
        return ((x_train - mean) / std).astype("float32")
    x_test = check_array("x_test", x_test, ndim=2, shape1=x_train.shape[1])
    return ((x_train - mean) / std).astype("float32"), ((x_test - mean) / std).astype("float32")


def descent_to_target(x, y, *, hidden_units=(8,), learning_rate: float = 0.1,
                      target: float = 0.3, max_steps: int = 300, seed: int = 0) -> dict:
    """Trains a small ReLU network by full-batch gradient descent (Keras SGD) on `x`, `y`.

    The network is `course_utils.models.build_mlp(x.shape[1], hidden_units,
    activation="relu")` with seeded Glorot weights, so calls with the same
    `seed` start from the same weights whatever the inputs' scale.

    Args:
        x: Inputs (n, features). y: Labels 0/1 (n,).
        hidden_units: Hidden layer sizes. Defaults to (8,).
        learning_rate: SGD step size. Defaults to 0.1.
        target: The binary cross-entropy to reach. Defaults to 0.3.
        max_steps: Most gradient steps. Defaults to 300.
        seed: Seed of the initial weights. Defaults to 0.

    Returns:
        A dict: "losses" (the loss before each step, NaN once it diverged),
        "steps" (the first step at which the loss was at most `target`, or
        None) and "diverged" (the loss became non-finite or above 100).
    """
    import keras
    import tensorflow as tf

    from ..models import build_mlp

    x = check_array("x", x, ndim=2)
    y = check_array("y", y, ndim=1).reshape(-1, 1)
    learning_rate = check_float("learning_rate", learning_rate, min_value=0.0,
                                include_min=False)
    target = check_float("target", target, min_value=0.0, include_min=False)
    max_steps = check_int("max_steps", max_steps, min_value=1, max_value=100_000)
    seed = check_int("seed", seed, min_value=0)
    model = build_mlp(x.shape[1], hidden_units, activation="relu",
                      kernel_initializer=keras.initializers.GlorotUniform(seed=seed))
    optimizer = keras.optimizers.SGD(learning_rate)
    loss_fn = keras.losses.BinaryCrossentropy()
    variables = model.trainable_variables
    optimizer.build(variables)

    @tf.function
    def run(x, y):
        losses = tf.TensorArray(tf.float32, size=max_steps)
        for step in tf.range(max_steps):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            losses = losses.write(step, loss)
            optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables,
                                          strict=True))
        return losses.stack()

    with np.errstate(all="ignore"):
        losses = np.asarray(run(tf.constant(x), tf.constant(y)), dtype=float)
    bad = ~np.isfinite(losses) | (losses > 100)
    diverged = bool(bad.any())
    if diverged:
        losses[np.argmax(bad):] = np.nan
    reached = np.flatnonzero(losses <= target)
    return {"losses": losses, "steps": int(reached[0]) if reached.size else None,
            "diverged": diverged}
