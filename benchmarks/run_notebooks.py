"""Time every notebook in fresh kernels, and optionally re-run them with other seeds.

Each run starts a new Jupyter kernel (so the TensorFlow import is included, as
for a learner), draws every figure with the inline backend a learner's
JupyterLab uses (an `MPLBACKEND` set in your shell is not passed on: with Agg,
`plt.show()` draws nothing and the times would leave out every figure),
executes the notebook top to bottom, and records the kernel's peak memory
(resident set size, sampled every 50 ms, including child processes) and two times:

- *run*: from starting the kernel to the last cell's reply, what a learner waits
  for after "Restart Kernel and Run All Cells" (the budget applies to this);
- *shutdown*: the kernel's graceful shutdown after that, which nobody waits for
  in JupyterLab (about 1 s); reported apart, and added into a second total.

A table of medians is printed at the end.

    python benchmarks/run_notebooks.py                  # every notebook, 3 runs each
    python benchmarks/run_notebooks.py --repeat 1 notebooks/01_linear_to_nonlinear.ipynb
    python benchmarks/run_notebooks.py --seed 1 --seed 2 --repeat 1   # claims hold for other seeds?

`--seed N` injects `SEED = N` right after the cell tagged `parameters` (as
papermill does), so every assert cell is checked against that seed.
Exit status is non-zero if any run failed.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import threading
import time

import nbformat
import psutil
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUDGET_S = 20.0
COURSE_BUDGET_S = 180.0


class PeakMemory:
    """Samples the resident memory of a process tree in a background thread."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def with_seed(nb, seed: int):
    """Returns a copy of `nb` with `SEED = seed` injected after the parameters cell."""
    nb = nbformat.from_dict(nb)
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            injected = nbformat.v4.new_code_cell(f"SEED = {seed}  # injected by run_notebooks.py")
            nb.cells.insert(i + 1, injected)
            return nb
    raise ValueError("the notebook has no cell tagged 'parameters'")


def run_once(path: pathlib.Path, seed: int | None):
    nb = nbformat.read(path, as_version=4)
    if seed is not None:
        nb = with_seed(nb, seed)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            extra_arguments=["--log-level=ERROR"])  # no kernel start-up chatter
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # figures drawn, as in Lab
    start = time.perf_counter()
    error = None
    with client.setup_kernel(env=env):
        pid = client.km.provisioner.process.pid
        with PeakMemory(pid) as mem:
            try:
                client.execute(cleanup_kc=False)
            except CellExecutionError as err:
                error = str(err).strip().splitlines()[-1][:200]
        ran = time.perf_counter()  # the last cell has replied: the learner has every output
    # leaving the block shuts the kernel down (about 1 s), which a learner never waits for
    return ran - start, time.perf_counter() - ran, mem.peak / 2**20, error


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (default 3)")
    parser.add_argument("--seed", type=int, action="append",
                        help="override SEED (repeatable); default: the notebook's own")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be >= 1, received {args.repeat}")
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    seeds = args.seed or [None]
    # Rounds: every notebook once, then every notebook again. On a shared machine a slow
    # spell then spreads over many notebooks instead of taking all runs of one of them.
    runs = {(path, seed): ([], [], []) for path in paths for seed in seeds}
    round_totals = []
    failures = 0
    for round_ in range(args.repeat):
        if args.repeat > 1:
            print(f"round {round_ + 1} of {args.repeat}", flush=True)
        round_totals.append(0.0)
        for (path, seed), (times, shutdowns, mems) in runs.items():
            seconds, shutdown, mib, error = run_once(path, seed)
            status = "ok" if error is None else f"FAILED: {error}"
            failures += error is not None
            print(f"  {path.name:34s} seed={seed if seed is not None else 'default':>7} "
                  f"{seconds:6.1f} s (+{shutdown:.1f} s shutdown) {mib:7.0f} MiB  {status}",
                  flush=True)
            times.append(seconds)
            shutdowns.append(shutdown)
            mems.append(mib)
            round_totals[-1] += seconds
    rows = [(path.name, seed, statistics.median(times), statistics.median(shutdowns), max(mems))
            for (path, seed), (times, shutdowns, mems) in runs.items()]
    print(f"\nMedian of {args.repeat} run(s) per notebook, fresh kernel each "
          f"(run: kernel start, TensorFlow import and every cell; shutdown: reported apart):\n")
    print(f"| notebook | seed | run s | shutdown s | peak MiB | run within {BUDGET_S:.0f} s |")
    print("|---|---|---:|---:|---:|---|")
    for name, seed, med, shut, mib in rows:
        ok = "yes" if med <= BUDGET_S else "**no**"
        shown_seed = seed if seed is not None else "default"
        print(f"| {name} | {shown_seed} | {med:.1f} | {shut:.1f} | {mib:.0f} | {ok} |")
    if len(seeds) == 1:
        total, with_shutdown = sum(r[2] for r in rows), sum(r[2] + r[3] for r in rows)
        print(f"| **total** | | {total:.1f} | {with_shutdown - total:.1f} | | "
              f"{'yes' if total <= COURSE_BUDGET_S else '**no**'}"
              f" (course budget {COURSE_BUDGET_S:.0f} s) |")
        print(f"\nCourse total with every kernel's shutdown added: {with_shutdown:.1f} s "
              f"({'within' if with_shutdown <= COURSE_BUDGET_S else 'over'} the budget too).")
        if args.repeat > 1:
            print("Run totals of each round: "
                  + ", ".join(f"{t:.1f}" for t in round_totals) + " s.")
    if failures:
        print(f"\n{failures} run(s) failed", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
