"""How much do the training-health callbacks add to `fit`? (budget: at most 10%)

Trains the models of notebooks 05-07 (same sizes, data, batch sizes and epochs)
with no callback and with each callback measuring every epoch, on a fresh model
and callback each run (as a notebook does), and prints the median fit time of
each, its difference to no callback, and the time spent inside the callback's
hooks, split into the one-off set-up (`on_train_begin`: building and tracing the
probe's tf.function, once per callback and model, and the first measurement)
and the steady state (every other hook). The budget applies to the steady state.

    python benchmarks/callback_overhead.py            # 5 runs per cell
    python benchmarks/callback_overhead.py --repeat 9

Exit status is non-zero if the steady-state time inside a callback exceeds 10%
of the fit without callback on some model.
"""

from __future__ import annotations  # noqa: I001  (course_utils first: quiet TF import)

import argparse
import statistics
import sys
import time

import course_utils as cu
import keras
import numpy as np

BUDGET = 0.10


def _circle():
    x, y = cu.datasets.make_playground("circle", 512, noise=0.1, seed=0)
    x = x / np.abs(x).max()
    return x, y, np.tile(x, (4, 1)), np.tile(y, 4)


def _regression():
    x, y = cu.datasets.make_linear_regression(512, seed=0)
    return x, y, np.tile(x, (4, 1)), np.tile(y, (4, 1))


def _setups():
    """name -> (build compiled model, probe x, probe y, fit data, fit kwargs)."""
    cx, cy, cxt, cyt = _circle()
    rx, ry, rxt, ryt = _regression()

    def deep_sigmoid():
        m = cu.models.build_mlp(2, [32] * 10, activation="sigmoid")
        m.compile(keras.optimizers.SGD(0.1), "binary_crossentropy")
        return m

    def exploding_bn():
        m = cu.models.build_mlp(3, [32] * 6, output_activation="linear", batch_norm=True,
                                kernel_initializer=keras.initializers.RandomNormal(stddev=0.5))
        m.compile(keras.optimizers.SGD(0.01), "mse")
        return m

    def relu3():
        m = cu.models.build_mlp(2, [32, 32, 32], kernel_initializer="he_normal")
        m.compile(keras.optimizers.SGD(0.1), "binary_crossentropy")
        return m

    return {
        "04 sigmoid 10x32, 5 ep x 32 steps": (deep_sigmoid, cx, cy, cxt, cyt,
                                               dict(epochs=5, batch_size=64)),
        "05 relu+BN 6x32, 5 ep x 32 steps": (exploding_bn, rx, ry, rxt, ryt,
                                              dict(epochs=5, batch_size=64)),
        "06 relu 3x32, 8 ep x 64 steps": (relu3, cx, cy, cxt, cyt,
                                           dict(epochs=8, batch_size=32)),
    }


def _timed(cls):
    """A subclass of the callback that adds up the time spent in its hooks."""

    class Timed(cls):
        def _time(self, hook, *args, setup=False):
            start = time.perf_counter()
            getattr(super(), hook)(*args)
            if setup:
                self.setup += time.perf_counter() - start
            else:
                self.spent += time.perf_counter() - start

        def on_train_begin(self, logs=None):
            self.spent = self.setup = 0.0
            self._time("on_train_begin", logs, setup=True)

        def on_epoch_end(self, epoch, logs=None):
            self._time("on_epoch_end", epoch, logs)

        def on_train_end(self, logs=None):
            self._time("on_train_end", logs)

    if cls.on_train_batch_end is not keras.callbacks.Callback.on_train_batch_end:
        def on_train_batch_end(self, batch, logs=None):
            self._time("on_train_batch_end", batch, logs)

        Timed.on_train_batch_end = on_train_batch_end
    Timed.__name__ = cls.__name__
    return Timed


def _callbacks(px, py, model):
    out = {
        "none": lambda: [],
        "GradientNormHistory": lambda: [_timed(cu.callbacks.GradientNormHistory)(px, py)],
        "TrainingDiagnostics": lambda: [_timed(cu.callbacks.TrainingDiagnostics)(px, py)],
    }
    if any(cu.callbacks.is_relu_family(layer) for layer in model.layers):
        out["DeadUnitMonitor"] = lambda: [_timed(cu.callbacks.DeadUnitMonitor)(px)]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per cell (default 5)")
    args = parser.parse_args(argv)
    cu.set_seed(0)
    rows, worst = [], 0.0
    for name, (build, px, py, xt, yt, fit_kwargs) in _setups().items():
        makers = _callbacks(px, py, build())
        times = {cb: [] for cb in makers}
        inside = {cb: [] for cb in makers}
        setup = {cb: [] for cb in makers}
        build().fit(xt, yt, verbose=0, **fit_kwargs)  # warm up TensorFlow once
        for _ in range(args.repeat):
            for cb, make in makers.items():  # interleaved, so machine load hits all alike
                model, callbacks = build(), make()
                start = time.perf_counter()
                model.fit(xt, yt, verbose=0, callbacks=callbacks, **fit_kwargs)
                times[cb].append(time.perf_counter() - start)
                inside[cb].append(sum(c.spent for c in callbacks))
                setup[cb].append(sum(c.setup for c in callbacks))
        base = statistics.median(times["none"])
        for cb, values in times.items():
            med = statistics.median(values)
            hooks = statistics.median(inside[cb])
            if cb != "none":
                worst = max(worst, hooks / base)
            rows.append((name, cb, med, med / base - 1, statistics.median(setup[cb]), hooks,
                         hooks / base))
        print(f"done: {name}", file=sys.stderr)
    print(f"\nMedian fit time of {args.repeat} runs, fresh model each run, callback every epoch:\n")
    print("| model (notebook) | callback | median fit s | fit vs none | set-up s (trace) "
          "| steady s in callback | steady / fit |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, cb, med, overhead, first, hooks, share in rows:
        if cb == "none":
            print(f"| {name} | none | {med:.3f} | | | | |")
        else:
            print(f"| {name} | {cb} | {med:.3f} | {overhead:+.1%} | {first:.3f} | {hooks:.3f} "
                  f"| {share:.1%} |")
    ok = worst <= BUDGET
    print("\n'fit vs none' compares wall times and moves with machine load; 'steady / fit' "
          "is the time\nmeasured inside the callback's hooks after on_train_begin, over the "
          "median fit without\ncallback; 'set-up' is on_train_begin (tracing once per callback "
          "and model, first measurement).")
    verdict = "within" if ok else "OVER"
    print(f"worst steady / fit: {worst:.1%} ({verdict} the {BUDGET:.0%} budget)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
