"""The Playground's guided tasks and their self-check."""

from __future__ import annotations

import numpy as np

from .core import Feedback, _is_placeholder, exercise

PLAYGROUND_TASKS = {
    "xor_linear": "Solve xor with a linear model (no hidden layer) by choosing the input "
                  "features. Target: test accuracy of at least 90%.",
    "circle_linear": "Solve circle with a linear model (no hidden layer) by choosing the input "
                     "features. Target: test accuracy of at least 90%.",
    "circle_small": "Solve circle with only x1 and x2 as inputs and one hidden layer of at "
                    "most 3 units. Target: test accuracy of at least 90%.",
    "spiral_raw": "Solve spiral (noise 0) with only x1 and x2 as inputs. Target: test "
                  "accuracy of at least 90%.",
}


_TASK_HINTS = {
    "xor_linear": "a linear model draws a straight line in feature space. Which feature is "
                  "positive in two opposite quadrants and negative in the other two?",
    "circle_linear": "the classes differ in their distance from the centre, "
                     "x1^2 + x2^2. Which features let a weighted sum compute that?",
    "circle_small": "three ReLU units sometimes get stuck (a unit that outputs 0 for every "
                    "point stops learning). Try another seed, more epochs, or tanh.",
    "spiral_raw": "the network has to build the whole spiral from x1 and x2: give it more "
                  "units per layer (say 32), a second layer, more epochs, and a lower learning "
                  "rate so that training settles.",
}


def _playground_rules(name, c):
    """Feedback when config `c` breaks the rules of task `name`, else None."""
    dataset = name.split("_")[0]
    if c.dataset != dataset:
        return Feedback(False, f"This task is about the {dataset!r} data set; your model was "
                               f"trained on {c.dataset!r}. Set dataset={dataset!r}.")
    if name.endswith("_linear") and not c.is_linear:
        return Feedback(False, "This task asks for a linear model: set hidden_units=() and "
                               "let the input features do the work.")
    if name in ("circle_small", "spiral_raw") and not set(c.features) <= {"x1", "x2"}:
        return Feedback(False, "Use only x1 and x2 as inputs here (features=('x1', 'x2')): "
                               "the hidden layers have to learn the shape themselves.")
    if name == "circle_small":
        if len(c.hidden_units) != 1 or c.hidden_units[0] > 3:
            return Feedback(False, "Use exactly one hidden layer of at most 3 units, e.g. "
                                   f"hidden_units=(3,). Yours: {c.hidden_units}.")
        if c.activation == "linear":
            return Feedback(False, "A linear activation keeps the model linear, and no "
                                   "straight line separates a disc from a ring. Pick a "
                                   "nonlinear activation.")
    if name == "spiral_raw" and c.noise > 0:
        return Feedback(False, "Set noise=0.0 for this task.")
    return None


@exercise(hints=("Check the task's rules (data set, features, layers), then train again.",
                 "Try it in the widget first with the same data set, features and layers, and "
                 "look at the maps: if the output map cannot take the shape of the data, "
                 "change the features or the layers; if the loss still falls at the end, "
                 "train for more epochs or with another learning rate."))
def _check_playground_task(name, answer, *, seed):
    from ..playground import PlaygroundConfig, PlaygroundResult, train_playground

    if _is_placeholder(answer):
        raise NotImplementedError
    if isinstance(answer, dict):
        answer = PlaygroundConfig(**answer)
    if not isinstance(answer, (PlaygroundConfig, PlaygroundResult)):
        return Feedback(False, "Expected a PlaygroundConfig or the PlaygroundResult that "
                               f"train_playground returns; got {type(answer).__name__}.")
    config = answer if isinstance(answer, PlaygroundConfig) else answer.config
    broken = _playground_rules(name, config)
    if broken is not None:
        return broken
    if isinstance(answer, PlaygroundConfig):
        answer = train_playground(answer, seed=seed)
    accuracy = answer.test_accuracy
    if accuracy >= 0.9:
        return Feedback(True, f"Test accuracy {accuracy:.1%} (target 90%): solved.")
    return Feedback(False, f"Test accuracy {accuracy:.1%}, the target is 90%. Hint: "
                           + _TASK_HINTS[name])


def check_playground_task(name: str, answer, *, seed: int = 0) -> Feedback:
    """Checks a guided Playground task (notebook 03) on the learner's configuration.

    Args:
        name: The task: "xor_linear", "circle_linear", "circle_small" or
            "spiral_raw" (see `PLAYGROUND_TASKS` for each one's rules).
        answer: A `course_utils.playground.PlaygroundConfig` (it is trained
            here with `seed`) or the `PlaygroundResult` of `train_playground`.
        seed: Seed used when `answer` is a config. Defaults to 0.

    Returns:
        A `Feedback`: solved (test accuracy at least 90% within the task's
        rules), or a hint.

    Raises:
        ValueError: `name` is not a task (a mistake in the notebook, not the answer).

    Example:

    >>> from course_utils.playground import PlaygroundConfig
    >>> check_playground_task("xor_linear", PlaygroundConfig(
    ...     dataset="xor", features=("x1*x2",), hidden_units=(), epochs=30)).ok
    True
    """
    from ..validation import check_choice as _check_name
    from ..validation import check_int

    name = _check_name("name", name, PLAYGROUND_TASKS)
    seed = check_int("seed", seed, min_value=0)
    return _check_playground_task(name, answer, seed=seed)


@exercise(hints=("Compute the mean and the standard deviation of each column (axis=0) of the "
                 "training array, then subtract and divide.",
                 "Both arrays must be scaled with the *training* statistics: the test set's own "
                 "mean and standard deviation must not be used (the model never sees them)."))
def check_standardize(function) -> Feedback:
    """Checks a learner's `standardize(x_train, x_test)` on fresh random data (notebook 03).

    The function must return `(train, test)`, each column of both scaled with
    the training set's mean and standard deviation. Any correct
    implementation passes; a wrong one (test statistics, no scaling, wrong
    axis, wrong shape, an exception) gets a hint. Never raises.

    Returns:
        A `Feedback`.
    """
    if _is_placeholder(function):
        raise NotImplementedError
    if not callable(function):
        return Feedback(False, f"Expected a function; got {type(function).__name__}.")
    rng = np.random.default_rng()
    for _ in range(3):
        n_features = int(rng.integers(2, 5))
        x_train = rng.normal(rng.uniform(-50, 50, n_features), rng.uniform(1, 100, n_features),
                             (int(rng.integers(20, 60)), n_features))
        x_test = rng.normal(rng.uniform(-50, 50, n_features), rng.uniform(1, 100, n_features),
                            (int(rng.integers(5, 20)), n_features))
        mean, std = x_train.mean(axis=0), x_train.std(axis=0)
        expected = ((x_train - mean) / std, (x_test - mean) / std)
        answer = function(x_train.copy(), x_test.copy())
        if _is_placeholder(answer):
            raise NotImplementedError
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return Feedback(False, "Return two arrays: `return scaled_train, scaled_test`.")
        for name, got, want in (("training", answer[0], expected[0]),
                                ("test", answer[1], expected[1])):
            got = np.asarray(got, dtype=float)
            if got.shape != want.shape:
                return Feedback(False, f"The scaled {name} array has shape {got.shape}; "
                                       f"expected {want.shape}, the shape of the input.")
            if not np.allclose(got, want, rtol=1e-4, atol=1e-4):
                if name == "test" and np.allclose(got, (x_test - x_test.mean(axis=0))
                                                  / x_test.std(axis=0), atol=1e-4):
                    return Feedback(False, "The training part is right, but the test set was "
                                           "scaled with its own statistics.")
                return Feedback(False, f"The scaled {name} array differs from the expected "
                                       "one (each column: minus the training mean, divided by "
                                       "the training standard deviation).")
    return Feedback(True, "Correct: both arrays are scaled with the training statistics.")
