"""The Playground's guided tasks and their self-check."""

from __future__ import annotations

from .core import REDO_STEP, Feedback, _is_placeholder, exercise

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


@exercise(hints=("Check the task's rules, then train again.", REDO_STEP))
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
