"""How much importing `course_utils` adds to importing TensorFlow (budget: 0.5 s).

Each measurement is a fresh Python process; medians over --repeat runs.

    python benchmarks/import_time.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

SNIPPETS = {
    "import tensorflow": "import tensorflow",
    "import course_utils (imports TensorFlow)": "import course_utils",
    "import course_utils + models, datasets": "import course_utils as cu; cu.models; cu.datasets",
}
BUDGET_S = 0.5


def measure(code: str) -> float:
    timer = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", timer], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    medians = {}
    for name, code in SNIPPETS.items():
        times = [measure(code) for _ in range(args.repeat)]
        medians[name] = statistics.median(times)
        print(f"{name:45s} median {medians[name]:.2f} s  (runs: "
              f"{', '.join(f'{t:.2f}' for t in times)})")
    base = medians["import tensorflow"]
    for name, value in list(medians.items())[1:]:
        extra = value - base
        print(f"{name} adds {extra:+.2f} s to TensorFlow's import "
              f"({'within' if extra <= BUDGET_S else 'OVER'} the {BUDGET_S} s budget)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
