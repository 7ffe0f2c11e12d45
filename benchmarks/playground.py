"""Playground widget latency: redraw time, and a settings change to its first frames.

Measures, on the widget driven from code (as its buttons do):

* redraw: one frame while training (recompute every unit's map in one model
  call, update the images, edges and curves in place, blit, encode the PNG
  and hand it to the image widget), median of N frames;
* train chunk: `chunk_epochs` epochs of training (one traced call);
* settings change -> first frame: from `set(...)` + Train until the new
  network is drawn (before any training), and until the first trained frame
  (which includes tracing the new training step), median of N changes that
  alternate between two data sets (shapes unchanged) and between two network
  shapes.

Usage:
    python benchmarks/playground.py [--repeat N] [--dataset spiral] [--hidden 8,8]

Budgets (issue 12, on 2 cores with the maps on): redraw <= 50 ms median,
settings change to first frame <= 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="frames / changes measured")
    parser.add_argument("--dataset", default="spiral")
    parser.add_argument("--hidden", default="8,8")
    args = parser.parse_args(argv)

    from course_utils.playground import Playground, PlaygroundConfig, parse_hidden_units

    hidden = parse_hidden_units(args.hidden)
    config = PlaygroundConfig(dataset=args.dataset, hidden_units=hidden, epochs=1000)
    pg = Playground(config, seed=0)
    pg.train(pg.chunk_epochs)  # trace once
    chunk, redraw = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        pg.trainer.train(pg.chunk_epochs)
        chunk.append(time.perf_counter() - start)
        redraw.append(pg._redraw())

    first_frame, first_trained = {"data set": [], "network": []}, {"data set": [], "network": []}
    original = pg._redraw
    marks = []

    def timed_redraw(update=True):
        seconds = original(update)
        marks.append(time.perf_counter())
        return seconds

    pg._redraw = timed_redraw
    other = "xor" if args.dataset != "xor" else "circle"
    for i in range(args.repeat):
        for kind, change in (("data set", {"dataset": (other, args.dataset)[i % 2]}),
                             ("network", {"hidden_units": ((*hidden[:-1], hidden[-1] + 1),
                                                              hidden)[i % 2]})):
            marks.clear()
            start = time.perf_counter()
            pg.set(**change)
            pg.train(pg.chunk_epochs)
            first_frame[kind].append(marks[0] - start)
            first_trained[kind].append(marks[1] - start)
    pg._redraw = original

    def ms(values):
        return f"{1000 * statistics.median(values):7.1f} ms"

    print(f"Playground {args.dataset} {hidden}, chunk {pg.chunk_epochs} epochs, "
          f"median of {args.repeat} (CPU count {os.cpu_count()}):")
    print(f"  redraw (maps, edges, curves, PNG)      {ms(redraw)}   budget 50 ms")
    print(f"  train chunk                            {ms(chunk)}")
    for kind in first_frame:
        print(f"  {kind:8s} change -> first frame       {ms(first_frame[kind])}   budget 300 ms")
        print(f"  {kind:8s} change -> first trained     {ms(first_trained[kind])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
