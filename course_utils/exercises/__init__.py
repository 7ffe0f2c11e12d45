"""Self-check exercises: feedback for a learner's answer, never a traceback.

`core` holds the machinery (`Feedback`, the `exercise` decorator with hints in
steps, and the generic `check_number`, `check_option` and `check_prediction`);
the other modules hold the checkers of each part of the course. Notebooks call
them all as `cu.exercises.check_x(...)`.
"""
# ruff: noqa: F401  (the names are re-exported; __all__ is computed below)

import types

from .backprop import check_weight_gradient
from .capstone import check_diagnosis, check_fixes
from .core import SOLUTION_POINTER, Feedback, check_number, check_option, check_prediction, exercise
from .many_classes import check_logits_memory, check_sampled_loss, check_sampled_loss_is_exact
from .multiclass import (
    check_extrapolated_cost,
    check_most_confident,
    check_ova_steps,
    check_softmax,
    check_softmax_function,
)
from .multilabel import check_exact_match, check_multi_hot
from .playground_tasks import (
    PLAYGROUND_TASKS,
    check_playground_task,
    check_standardize,
)
from .regularization import check_best_dropout_rate, check_dropout_function, check_dropout_scale
from .structure import (
    check_accuracy,
    check_activation,
    check_collapse_function,
    check_collapsed_weights,
    check_feature_cross,
)
from .training import (
    check_clip_by_global_norm,
    check_clipped_step,
    check_dead_fraction,
    check_dead_unit_count,
    check_gradient_ratio,
    check_kernel_gradient_norms,
    check_most_dead_layer,
    check_sigmoid_gradient_bound,
    check_trains_without_nan,
)

# Every public name imported above (the submodules themselves excluded).
__all__ = sorted(name for name, value in dict(globals()).items()
                 if not name.startswith("_") and not isinstance(value, types.ModuleType))
