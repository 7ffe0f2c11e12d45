"""Self-checks for the structure notebooks: collapsing linear layers (by hand
and as a function), accuracy targets, feature crosses, home-made activations."""

from __future__ import annotations

import numpy as np

from .core import Feedback, _is_placeholder, exercise


@exercise(hints=("Substitute the hidden layer's output h = x @ W1 + b1 into the output layer "
                 "y = h @ W2 + b2 and expand.",
                 "The single matrix is W1 @ W2 and the bias is b1 @ W2 + b2."))
def check_collapsed_weights(weights, bias, *, model) -> bool | Feedback:
    """Checks a learner's collapse of a linear network into one weight matrix and bias.

    Args:
        weights: The learner's matrix, shape (input_dim, output_units).
        bias: The learner's bias, shape (output_units,).
        model: The linear Keras model being collapsed.

    Returns:
        A `Feedback`.
    """
    from ..models import collapse_linear_layers

    if _is_placeholder(weights) or _is_placeholder(bias):
        raise NotImplementedError
    true_w, true_b = collapse_linear_layers(model)
    weights = np.asarray(weights, dtype="float32").reshape(true_w.shape)
    bias = np.asarray(bias, dtype="float32").reshape(true_b.shape)
    if not np.allclose(weights, true_w, atol=1e-4):
        return Feedback(False, "The weight matrix is not right yet. Hint: multiply the kernels in "
                               "the order the data flows through them, W1 @ W2.")
    if not np.allclose(bias, true_b, atol=1e-4):
        return Feedback(False, "The weights are right, the bias is not. Hint: the hidden bias also "
                               "passes through the output kernel: b1 @ W2 + b2.")
    return True


@exercise(hints=("A linear model cannot do it: the classes are not separated by a line.",
                 "Use hidden layers *with* a nonlinear activation (for example two layers of 8 "
                 "ReLU units), compile with an optimizer and a loss, and fit until the loss "
                 "has clearly fallen."))
def check_accuracy(model, x, y, *, target: float) -> Feedback:
    """Checks that a learner's trained binary or multi-class model reaches a target accuracy.

    Args:
        model: The learner's trained Keras model.
        x: Test inputs.
        y: Test labels (0/1 for one sigmoid output, class indices for softmax).
        target: The accuracy to reach, in (0, 1].

    Returns:
        A `Feedback` naming the accuracy measured.
    """
    if _is_placeholder(model):
        raise NotImplementedError
    if not hasattr(model, "predict"):
        return Feedback(False, f"Expected a Keras model, got {type(model).__name__}.")
    # Called directly (eagerly): unlike `predict`, this traces no tf.function.
    prob = np.asarray(model(np.asarray(x, dtype="float32"), training=False))
    y = np.asarray(y).reshape(-1)
    pred = (prob.reshape(-1) > 0.5).astype(int) if prob.shape[-1] == 1 else prob.argmax(axis=-1)
    acc = float(np.mean(pred == y))
    if acc >= target:
        return Feedback(True, f"Test accuracy {acc:.1%} reaches the target of {target:.0%}.")
    return Feedback(False, f"Test accuracy {acc:.1%} is below the target of {target:.0%}. "
                           "Hint: a linear model cannot do it; add hidden layers with a nonlinear "
                           "activation, and train long enough (watch the loss fall).")


@exercise(hints=("Which function of x1 and x2 is constant along a circle centred at 0?",
                 "A circle is x1^2 + x2^2 = r^2: give the linear model the squares of the "
                 "inputs."))
def check_feature_cross(features, x_train, y_train, x_test, y_test, *, target: float,
                        epochs: int = 40) -> Feedback:
    """Trains a linear model on the learner's feature list and checks its test accuracy.

    Args:
        features: Feature names from `datasets.PLAYGROUND_FEATURES`.
        x_train, y_train, x_test, y_test: 2-D points and 0/1 labels.
        target: Test accuracy to reach.
        epochs: Training epochs. Defaults to 40.

    Returns:
        A `Feedback` naming the accuracy measured.
    """
    import keras

    from ..datasets import PLAYGROUND_FEATURES, make_features
    from ..models import build_mlp

    if _is_placeholder(features):
        raise NotImplementedError
    if isinstance(features, str):
        features = [features]
    unknown = [f for f in features if f not in PLAYGROUND_FEATURES]
    if unknown:
        return Feedback(False, f"Unknown feature(s) {unknown}. Choose among "
                               f"{', '.join(PLAYGROUND_FEATURES)}.")
    model = build_mlp(len(features), [])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss="binary_crossentropy", metrics=["accuracy"])
    model.optimizer.build(model.trainable_variables)  # Adam's state now: fit then traces once
    model.fit(make_features(x_train, features), y_train, epochs=epochs, batch_size=32, verbose=0)
    acc = float(model.evaluate(make_features(x_test, features), y_test, verbose=0)[1])
    if acc >= target:
        return Feedback(True, f"A linear model on {list(features)} reaches {acc:.1%} "
                              "test accuracy.")
    return Feedback(False, f"A linear model on {list(features)} reaches only {acc:.1%} "
                           f"(target {target:.0%}). Hint: which function of x1 and x2 is constant "
                           "along a circle?")


def _reference_collapse(kernels, biases):
    weights, bias = kernels[0], biases[0]
    for kernel, layer_bias in zip(kernels[1:], biases[1:]):
        weights, bias = weights @ kernel, bias @ kernel + layer_bias
    return weights, bias


def _random_linear_stack(rng, depth):
    sizes = rng.integers(1, 6, size=depth + 1)
    kernels = [rng.normal(size=(int(a), int(b))) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=int(b)) for b in sizes[1:]]
    return kernels, biases


@exercise(hints=("Start from the first layer's kernel and bias; then fold in each further layer "
                 "by substituting one layer's output into the next: (x @ W + b) @ W2 + b2.",
                 "In a loop over the remaining layers (W_k, b_k): W = W @ W_k and "
                 "b = b @ W_k + b_k. The bias passes through every later kernel too."))
def check_collapse_function(collapse, *, seed: int = 0, trials: int = 4) -> bool | Feedback:
    """Checks a learner's function that collapses a stack of linear layers.

    The function is called as `collapse(kernels, biases)` on fresh random
    stacks of 1 to 4 layers with random widths (NumPy arrays, float64) and
    must return `(weights, bias)` equal to the single equivalent layer.

    Args:
        collapse: The learner's function.
        seed: Seed of the random stacks. Defaults to 0.
        trials: Random stacks tried per depth. Defaults to 4.

    Returns:
        A `Feedback` naming the first depth where the answer goes wrong.
    """
    if not callable(collapse):
        return Feedback(False, f"Expected a function `collapse(kernels, biases)`, got "
                               f"{type(collapse).__name__}.")
    rng = np.random.default_rng(seed)
    for depth in (2, 1, 3, 4):
        for _ in range(trials):
            kernels, biases = _random_linear_stack(rng, depth)
            true_w, true_b = _reference_collapse(kernels, biases)
            try:
                result = collapse([k.copy() for k in kernels], [b.copy() for b in biases])
            except Exception as err:  # the learner's code failed on this stack
                return Feedback(False, f"On a stack of {depth} layer(s) your function raised "
                                       f"{type(err).__name__}: {err}.")
            if _is_placeholder(result):  # the body is still `...`: not an attempt yet
                raise NotImplementedError
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                return Feedback(False, "Return two things: `return weights, bias`.")
            weights = np.asarray(result[0], dtype="float64")
            bias = np.asarray(result[1], dtype="float64")
            where = (f"Tried on fresh random linear networks: it works for two layers but not "
                     f"for {depth}" if depth > 2 else
                     f"Tried on a fresh random linear network of {depth} layer(s)")
            if weights.shape != true_w.shape:
                return Feedback(False, f"{where}: the weight matrix should have shape "
                                       f"{true_w.shape} (inputs x outputs); yours has "
                                       f"{weights.shape}.")
            if bias.reshape(-1).shape != true_b.shape:
                return Feedback(False, f"{where}: the bias should have shape {true_b.shape}; "
                                       f"yours has {bias.shape}.")
            w_ok = np.allclose(weights, true_w, atol=1e-6)
            b_ok = np.allclose(bias.reshape(-1), true_b, atol=1e-6)
            if not (w_ok and b_ok):
                part = ("the weights are right but the bias is not" if w_ok else
                        "the bias is right but the weights are not" if b_ok else
                        "neither the weights nor the bias are right")
                return Feedback(False, f"{where}: {part}.")
    return Feedback(True, "Your function collapses random linear networks of 1 to 4 layers "
                          "into the single equivalent layer.")


def _is_affine(fn, rng) -> bool:
    """Whether `fn` behaves like an affine function a*x + c on random inputs."""
    x = rng.normal(scale=2.0, size=256).astype("float32")
    z = rng.normal(scale=2.0, size=256).astype("float32")
    f = lambda v: np.asarray(fn(v), dtype="float64")  # noqa: E731
    zero = np.zeros_like(x)
    # affine: f(x + z) - f(x) - f(z) + f(0) is zero everywhere
    residual = f(x + z) - f(x) - f(z) + f(zero)
    scale = 1e-3 + np.abs(f(x)).mean()
    return float(np.abs(residual).max()) < 1e-3 * scale


@exercise(hints=("A linear function (a * x + c) collapses like a missing activation; use any "
                 "function that bends: for example something built from tf.abs, tf.square, "
                 "tf.maximum or tf.sin.",
                 "Write `def my_activation(x): return ...` using TensorFlow operations on the "
                 "tensor x (not NumPy), returning a tensor of the same shape. Try it on "
                 "tf.constant([-2.0, 0.0, 2.0]) first."))
def check_activation(activation, x_train, y_train, x_test, y_test, *, target: float = 0.9,
                     epochs: int = 10, seed: int = 0) -> Feedback:
    """Trains a small network with a learner's activation function and checks its accuracy.

    The function must map a float32 tensor to a tensor of the same shape,
    be nonlinear, and let a 2-8-8-1 network (Adam, learning rate 0.03,
    batches of 20) reach `target` test accuracy.

    Args:
        activation: The learner's function of one tensor.
        x_train, y_train, x_test, y_test: 2-D points and 0/1 labels.
        target: Test accuracy to reach. Defaults to 0.9.
        epochs: Training epochs. Defaults to 10.
        seed: Seed of the network's initial weights. Defaults to 0.

    Returns:
        A `Feedback` naming the accuracy measured.
    """
    import keras
    import tensorflow as tf

    from .. import set_seed
    from ..models import build_mlp

    if not callable(activation):
        return Feedback(False, f"Expected a function of one tensor, got "
                               f"{type(activation).__name__}.")
    probe = tf.constant(np.linspace(-3, 3, 12, dtype="float32").reshape(3, 4))
    try:
        out = activation(probe)
    except Exception as err:  # the learner's function failed on a tensor
        return Feedback(False, f"Called on a float32 tensor, your function raised "
                               f"{type(err).__name__}: {err}.")
    if _is_placeholder(out):  # the body is still `...`: not an attempt yet
        raise NotImplementedError
    out = np.asarray(out, dtype="float64")
    if out.shape != tuple(probe.shape):
        return Feedback(False, f"Your function turned a tensor of shape {tuple(probe.shape)} into "
                               f"one of shape {out.shape}: it must act on each value separately.")
    if not np.all(np.isfinite(out)):
        return Feedback(False, "Your function returns inf or NaN for inputs between -3 and 3.")
    if _is_affine(activation, np.random.default_rng(seed)):
        return Feedback(False, "Your function is linear (a * x + c): a network with it collapses "
                               "to a linear model, as in notebook 01.")
    with tf.GradientTape() as tape:
        tape.watch(probe)
        total = tf.reduce_sum(activation(probe))
    slope = tape.gradient(total, probe)
    if slope is None or not np.any(np.asarray(slope)):
        return Feedback(False, "Your function is nonlinear, but its slope is zero everywhere "
                               "(or TensorFlow cannot differentiate it, as after tf.cast or "
                               "tf.round): no gradient flows through it, so nothing can learn.")
    set_seed(seed)
    model = build_mlp(2, [8, 8], activation=activation, name="learner_activation")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03),
                  loss="binary_crossentropy")
    model.optimizer.build(model.trainable_variables)  # Adam's state now: fit then traces once
    # Shuffled batches of 20, as fit(x, y, batch_size=20) would make, from a tf.data pipeline
    # built once: Keras's own pipeline for arrays costs more to start each epoch than an epoch of
    # this small network. 20 divides the notebook's 300 training points: no smaller last batch,
    # so the train step is traced once.
    batches = tf.data.Dataset.from_tensor_slices(
        (np.asarray(x_train, dtype="float32"), np.asarray(y_train, dtype="float32"))
    ).shuffle(len(x_train)).batch(20)
    model.fit(batches, epochs=epochs, shuffle=False, verbose=0)
    prob = np.asarray(model(np.asarray(x_test, dtype="float32"), training=False)).reshape(-1)
    acc = float(np.mean((prob > 0.5) == (np.asarray(y_test).reshape(-1) == 1)))
    if acc >= target:
        return Feedback(True, f"A 2-8-8-1 network with your activation reaches {acc:.1%} test "
                              f"accuracy (target {target:.0%}).")
    return Feedback(False, f"A 2-8-8-1 network with your activation reaches only {acc:.1%} test "
                           f"accuracy (target {target:.0%}). Is it flat (zero slope) for most "
                           "inputs, or does it grow so fast that training blows up?")
