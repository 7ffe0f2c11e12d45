"""Self-checks for the structure notebooks: collapsing linear layers, accuracy
targets, feature crosses."""

from __future__ import annotations

import numpy as np

from .core import REDO_STEP, Feedback, _is_placeholder, exercise


@exercise(hints=("The single matrix is W1 @ W2 and the bias is b1 @ W2 + b2: substitute the hidden "
               "layer's output into the output layer.", REDO_STEP))
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


@exercise(hints=("Train a model with hidden layers *and* a nonlinear activation "
               "(for example ReLU), then evaluate it on the test set.", REDO_STEP))
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
    prob = np.asarray(model.predict(np.asarray(x), verbose=0))
    y = np.asarray(y).reshape(-1)
    pred = (prob.reshape(-1) > 0.5).astype(int) if prob.shape[-1] == 1 else prob.argmax(axis=-1)
    acc = float(np.mean(pred == y))
    if acc >= target:
        return Feedback(True, f"Test accuracy {acc:.1%} reaches the target of {target:.0%}.")
    return Feedback(False, f"Test accuracy {acc:.1%} is below the target of {target:.0%}. "
                           "Hint: a linear model cannot do it; add hidden layers with a nonlinear "
                           "activation, and train long enough (watch the loss fall).")


@exercise(hints=("Which function of x1 and x2 is constant along a circle? Squares of the "
                 "inputs.", REDO_STEP))
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
    model.fit(make_features(x_train, features), y_train, epochs=epochs, batch_size=32, verbose=0)
    acc = float(model.evaluate(make_features(x_test, features), y_test, verbose=0)[1])
    if acc >= target:
        return Feedback(True, f"A linear model on {list(features)} reaches {acc:.1%} "
                              "test accuracy.")
    return Feedback(False, f"A linear model on {list(features)} reaches only {acc:.1%} "
                           f"(target {target:.0%}). Hint: which function of x1 and x2 is constant "
                           "along a circle?")
