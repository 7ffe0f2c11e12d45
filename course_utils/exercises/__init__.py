"""Self-check exercises: feedback for a learner's answer, never a traceback.

`core` holds the machinery (`Feedback`, the `exercise` decorator with hints in
steps, and the generic `check_number`, `check_option` and `check_prediction`);
the other modules hold the checkers of each part of the course. Notebooks call
them all as `cu.exercises.check_x(...)`.
"""

from .core import SOLUTION_POINTER, Feedback, check_number, check_option, check_prediction, exercise
from .many_classes import check_logits_memory, check_sampled_loss_is_exact
from .multiclass import check_extrapolated_cost, check_most_confident, check_softmax
from .multilabel import check_exact_match, check_multi_hot
from .playground_tasks import PLAYGROUND_TASKS, check_playground_task
from .regularization import check_best_dropout_rate, check_dropout_scale
from .structure import (  # noqa: F401
                       check_accuracy,
                       check_activation,
                       check_collapse_function,
                       check_collapsed_weights,
                       check_feature_cross,
)
from .training import (
                       check_clipped_step,
                       check_dead_unit_count,
                       check_gradient_ratio,
                       check_most_dead_layer,
                       check_sigmoid_gradient_bound,
                       check_trains_without_nan,
)

__all__ = [
    "SOLUTION_POINTER", "Feedback", "PLAYGROUND_TASKS", "check_accuracy",
    "check_best_dropout_rate", "check_clipped_step", "check_collapsed_weights",
    "check_dead_unit_count", "check_dropout_scale", "check_exact_match",
    "check_extrapolated_cost", "check_feature_cross", "check_gradient_ratio",
    "check_logits_memory", "check_most_confident", "check_most_dead_layer", "check_multi_hot",
    "check_number", "check_option", "check_playground_task", "check_prediction",
    "check_sampled_loss_is_exact", "check_sigmoid_gradient_bound", "check_softmax",
    "check_trains_without_nan", "exercise",
]
