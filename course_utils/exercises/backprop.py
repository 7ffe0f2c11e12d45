"""Self-checks for the backpropagation notebook: a weight's gradient computed by hand."""

from __future__ import annotations

import numpy as np

from .core import Feedback, exercise

__all__ = ["check_weight_gradient", "tiny_network_gradients"]


def _random_case(rng):
    """Fresh random inputs and weights for the 2-2-1 sigmoid network of the notebook."""
    return {
        "x": rng.normal(0.0, 1.0, size=2),
        "y": float(rng.integers(0, 2)),
        "W1": rng.normal(0.0, 1.0, size=(2, 2)),
        "b1": rng.normal(0.0, 0.5, size=2),
        "W2": rng.normal(0.0, 1.0, size=(2, 1)),
        "b2": rng.normal(0.0, 0.5, size=1),
    }


def tiny_network_gradients(x, y, W1, b1, W2, b2) -> dict:
    """Loss gradients of the 2-2-1 sigmoid network, from `tf.GradientTape` in float64.

    The network: z1 = x @ W1 + b1, a1 = sigmoid(z1), z2 = a1 @ W2 + b2,
    y_hat = sigmoid(z2); the loss is the binary cross-entropy of y_hat and y.

    Args:
        x: The 2 inputs.
        y: The target, 0 or 1.
        W1: Hidden kernel, shape (2, 2): W1[i, j] links input i to hidden unit j.
        b1: Hidden biases, shape (2,).
        W2: Output kernel, shape (2, 1).
        b2: Output bias, shape (1,).

    Returns:
        A dict of NumPy arrays: "W1", "b1", "W2", "b2" (the gradients) and "loss".
    """
    import tensorflow as tf

    params = {name: tf.Variable(np.asarray(value, dtype="float64"))
              for name, value in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    x = tf.constant(np.asarray(x, dtype="float64").reshape(1, 2))
    y = tf.constant(float(y), dtype=tf.float64)
    with tf.GradientTape() as tape:
        a1 = tf.sigmoid(x @ params["W1"] + params["b1"])
        y_hat = tf.sigmoid(a1 @ params["W2"] + params["b2"])[0, 0]
        loss = -(y * tf.math.log(y_hat) + (1.0 - y) * tf.math.log(1.0 - y_hat))
    grads = tape.gradient(loss, params)
    out = {name: g.numpy() for name, g in grads.items()}
    out["loss"] = float(loss.numpy())
    return out


def _one_number(value, what):
    if value is None or value is Ellipsis:
        raise NotImplementedError
    if isinstance(value, (str, bytes)):
        raise TypeError(f"expected a number ({what}), got a string: {value!r}")
    arr = np.asarray(value, dtype="float64")
    if arr.size != 1:
        raise ValueError(f"expected one number ({what}), got an array of shape {arr.shape}")
    number = float(arr.reshape(-1)[0])
    if not np.isfinite(number):
        raise ValueError(f"expected a finite number ({what}), got {number}")
    return number


def _mistakes(case, i, j):
    """The values that common slips give for dL/dW1[i, j], with what each slip is."""
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
    x, y, W1, b1, W2, b2 = (case[k] for k in ("x", "y", "W1", "b1", "W2", "b2"))
    a1 = sig(x @ W1 + b1)
    y_hat = sig(a1 @ W2 + b2)[0]
    dz2 = y_hat - y
    dl_dyhat = -y / y_hat + (1 - y) / (1 - y_hat)
    return [
        (dz2 * W2[j, 0] * x[i], "the factor da/dz = a(1 - a) of the hidden unit is missing"),
        (dl_dyhat * W2[j, 0] * a1[j] * (1 - a1[j]) * x[i],
         "the factor dy_hat/dz = y_hat(1 - y_hat) of the output is missing"),
        (dz2 * a1[j] * x[i], "the factor dz/da (the weight W2 from the hidden unit to the "
                             "output) is replaced by the activation"),
    ]


@exercise(hints=(
    "Run the forward pass inside your function (z1, a1, z2, y_hat), then multiply the chain-rule "
    "factors along the one path from the weight to the loss: dL/dy_hat * dy_hat/dz2 * dz2/da1 * "
    "da1/dz1 * dz1/dw.",
    "For W1[i, j] the path goes through hidden unit j only: the factors are (y_hat - y) "
    "(the first two together, for a sigmoid output and cross-entropy), W2[j, 0], "
    "a1[j] * (1 - a1[j]) and x[i]. Index with the function's arguments, not the notebook's "
    "variables."))
def check_weight_gradient(fn, *, index: tuple[int, int] = (1, 0), trials: int = 5,
                          seed: int | None = None) -> Feedback:
    """Checks a learner's function for the gradient of one first-layer weight.

    The function is called as `fn(x, y, W1, b1, W2, b2)` on fresh random inputs
    and weights of the notebook's 2-2-1 sigmoid network (binary cross-entropy),
    and must return dL/dW1[index] as one number; the reference is
    `tf.GradientTape` in float64. Any correct code passes.

    Args:
        fn: The learner's function.
        index: Which weight: (input i, hidden unit j). Defaults to (1, 0).
        trials: How many random networks to try. Defaults to 5.
        seed: Seed of the random networks, or None for new ones at every
            call. Defaults to None.

    Returns:
        A `Feedback`.
    """
    if fn is None or fn is Ellipsis:
        raise NotImplementedError
    if not callable(fn):
        return Feedback(False, f"Expected a function of (x, y, W1, b1, W2, b2), got "
                               f"{type(fn).__name__}. Define it with `def` and pass its name.")
    i, j = index
    what = f"dL/dW1[{i}, {j}]"
    rng = np.random.default_rng(seed)
    cases = [_random_case(rng) for _ in range(trials)]
    results, expected = [], []
    for case in cases:
        args = [np.array(v) if isinstance(v, np.ndarray) else v for v in case.values()]
        results.append(_one_number(fn(*args), what))  # copies: fn may change its arguments
        expected.append(tiny_network_gradients(**case))
    refs = [e["W1"][i, j] for e in expected]
    ok = [np.isclose(r, e, rtol=1e-6, atol=1e-9) for r, e in zip(results, refs)]
    if all(ok):
        return Feedback(True, f"Your {what} equals GradientTape's on {trials} random networks "
                              "(to 1e-6). Backpropagation is this product of local derivatives, "
                              "for every weight at once.")
    if len(set(results)) == 1 and trials > 1:
        return Feedback(False, f"Your function returns {results[0]:.4g} for every network. "
                               "Compute the gradient from the function's arguments, not from "
                               "numbers or variables of the notebook.")
    for case, result, e in zip(cases, results, expected):
        if np.isclose(result, -e["W1"][i, j], rtol=1e-6, atol=1e-9) and abs(e["W1"][i, j]) > 1e-9:
            return Feedback(False, "Right size, wrong sign: the gradient of the loss, not of "
                                   "-loss (check y_hat - y, not y - y_hat).")
        others = [(a, b) for a in range(2) for b in range(2) if (a, b) != (i, j)
                  and np.isclose(result, e["W1"][a, b], rtol=1e-6, atol=1e-9)]
        if others:
            a, b = others[0]
            return Feedback(False, f"That is the gradient of another weight, W1[{a}, {b}]. "
                                   f"W1[{i}, {j}] links input {i} (x[{i}]) to hidden unit {j}.")
        for value, slip in _mistakes(case, i, j):
            if np.isclose(result, value, rtol=1e-6, atol=1e-9):
                return Feedback(False, f"Close: {slip}.")
    if any(ok):
        return Feedback(False, f"Right for {sum(ok)} of {trials} random networks, wrong for the "
                               "others: look for a number or a variable of the notebook used in "
                               "place of an argument.")
    worst = int(np.argmax([abs(r - e) for r, e in zip(results, refs)]))
    return Feedback(False, f"For one random network your function gives {results[worst]:.4g}; "
                           f"GradientTape gives {refs[worst]:.4g}.")
