"""Self-checks for the capstone: name each mystery run's failure, then fix it.

The recovery check measures the learner's fixed run against the run as it
was (its `baseline()`, the control): a fix counts when it changes exactly one
setting and the measured value that the failure spoils comes back.
"""

from __future__ import annotations

import numpy as np

from ..validation import type_error
from .core import Feedback, exercise

#: What "recovered" means for each failure, measured on the learner's run.
RECOVERY_RULES = {
    "vanishing": "validation accuracy of at least 85% (the run as it was stays near 50%)",
    "exploding": "a finite final training loss below 1.0 (the run as it was blows up)",
    "dead_relu": "validation accuracy of at least 85% (the run as it was stays near chance)",
    "overfitting": "a final validation loss at most 0.9 x that of the run as it was, with a "
                   "validation accuracy of at least 70% (a run that learns nothing is no fix)",
}


def _runs_by_name(runs) -> dict:
    from ..mysteries import MysteryRun

    if not isinstance(runs, (list, tuple)) or not all(isinstance(r, MysteryRun) for r in runs):
        raise type_error("runs", "the list that `make_mysteries` returns", runs)
    return {run.name: run for run in runs}


@exercise(hints=(
    "Read each run's evidence separately: did the loss become inf/NaN, did the lowest layer's "
    "gradient end up orders of magnitude below the output layer's, did TrainingDiagnostics "
    "report dead units, or did the training loss keep falling while the validation loss rose?",
    "One finding per run: 'nan' or exploding gradients -> 'exploding'; 'dead_units' -> "
    "'dead_relu'; 'vanishing' -> 'vanishing'; no finding but validation loss far above the "
    "training loss -> 'overfitting'."))
def _check_diagnosis(answer, runs):
    from ..mysteries import CAUSES

    truth = {name: run._cause for name, run in runs.items()}
    if not isinstance(answer, dict):
        return Feedback(False, "Expected a dict from run name to cause, e.g. "
                               "{'A': 'vanishing', 'B': ...}; got "
                               f"{type(answer).__name__}.")
    answer = {str(k).strip().upper(): v for k, v in answer.items()}
    missing = sorted(set(truth) - set(answer))
    if missing:
        return Feedback(False, f"Name a cause for every run; missing: {', '.join(missing)}.")
    bad = {k: v for k, v in answer.items() if str(v).strip().lower() not in CAUSES}
    if bad:
        return Feedback(False, f"{bad} is not among the causes {', '.join(CAUSES)}.")
    wrong = sorted(k for k in truth if str(answer[k]).strip().lower() != truth[k])
    if wrong:
        return Feedback(False, f"{len(truth) - len(wrong)} of {len(truth)} right; look again "
                               f"at run(s) {', '.join(wrong)}.")
    return Feedback(True, "All four named from the evidence alone.")


def check_diagnosis(answer, runs) -> Feedback:
    """Checks the learner's names for the failures of the mystery runs.

    Args:
        answer: A dict from run name ("A"-"D") to a cause in
            `course_utils.mysteries.CAUSES`.
        runs: The list that `make_mysteries` returned.

    Returns:
        A `Feedback`: how many are right, and which runs to look at again.

    Raises:
        TypeError: `runs` is not that list (a mistake in the notebook).
    """
    return _check_diagnosis(answer, _runs_by_name(runs))


def recovered(run, result) -> tuple[bool, str]:
    """Whether `result` (a training of `run` with one change) recovered from the failure.

    Args:
        run: A `MysteryRun`.
        result: The `MysteryResult` of `run.fit(<one change>)`.

    Returns:
        `(ok, sentence)`: the verdict, and the measured values of the fixed run
        and of the run as it was (its baseline).
    """
    base = run.baseline()
    cause = run._cause
    if cause in ("vanishing", "dead_relu"):
        new, old = result.history["val_accuracy"][-1], base.history["val_accuracy"][-1]
        ok = bool(np.isfinite(new) and new >= 0.85)
        said = f"validation accuracy {new:.0%} (the run as it was: {old:.0%})"
    elif cause == "exploding":
        new, old = result.final_loss, base.final_loss
        ok = bool(np.isfinite(new) and new < 1.0)
        said = f"final training loss {new:.3g} (the run as it was: {old:.3g})"
    else:
        new, old = result.final_val_loss, base.final_val_loss
        accuracy = result.history.get("val_accuracy", [float("nan")])[-1]
        ok = bool(np.isfinite(new) and new <= 0.9 * old and accuracy >= 0.7)
        said = (f"final validation loss {new:.3g} (the run as it was: {old:.3g}), "
                f"validation accuracy {accuracy:.0%}")
    return ok, said


@exercise(hints=(
    "Change one setting per run that attacks the cause you named: for vanishing gradients the "
    "activation, for exploding ones the size of the steps or of the initial weights, for dead "
    "units the learning rate, for overfitting the capacity or the training time.",
    "Tried and true: activation='relu' (vanishing); kernel_initializer='he_normal' or "
    "batch_norm=True (exploding); learning_rate=0.05 (dead ReLU); epochs=10 (overfitting: stop "
    "before it fits the noise)."))
def _check_fixes(fixes, runs):
    from ..mysteries import SETTINGS

    if not isinstance(fixes, dict):
        return Feedback(False, "Expected a dict from run name to one change, e.g. "
                               "{'A': {'learning_rate': 0.01}, ...}; got "
                               f"{type(fixes).__name__}.")
    fixes = {str(k).strip().upper(): v for k, v in fixes.items()}
    lines, all_ok = [], True
    for name, run in runs.items():
        change = fixes.get(name, ...)
        if change is ... or change is None:
            lines.append(f"{name}: no change given yet.")
            all_ok = False
            continue
        if not isinstance(change, dict) or len(change) != 1 or not set(change) <= set(SETTINGS):
            lines.append(f"{name}: expected exactly one change, a dict like "
                         f"{{'learning_rate': 0.01}} with a key among {', '.join(SETTINGS)}; "
                         f"got {change!r}.")
            all_ok = False
            continue
        try:
            result = run.fit(**change)
        except Exception as err:  # a value the network cannot be built or trained with
            lines.append(f"{name}: {change!r} could not be trained ({type(err).__name__}: "
                         f"{str(err)[:200]}).")
            all_ok = False
            continue
        ok, said = recovered(run, result)
        all_ok &= ok
        lines.append(f"{name} with {change!r}: {said}: " + ("recovered." if ok else "not yet."))
    return Feedback(all_ok, " | ".join(lines))


def check_fixes(fixes, runs) -> Feedback:
    """Trains every mystery run with the learner's one change and checks that each recovers.

    Each fixed run is measured against the run as it was (its baseline, the
    control), by the rule in `RECOVERY_RULES` for its failure.

    Args:
        fixes: A dict from run name ("A"-"D") to one change, e.g.
            `{"A": {"learning_rate": 0.01}, ...}`.
        runs: The list that `make_mysteries` returned.

    Returns:
        A `Feedback` listing each run's measured values.

    Raises:
        TypeError: `runs` is not that list (a mistake in the notebook).
    """
    return _check_fixes(fixes, _runs_by_name(runs))
