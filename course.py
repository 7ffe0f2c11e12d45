#!/usr/bin/env python3
"""One entry point for the course: set up, open, test, benchmark, hand out.

Needs only Python 3.10-3.12. The first command creates a virtual environment in
`.venv/` and installs `requirements.txt` into it (again whenever that file or
`pyproject.toml` changes); later commands reuse it.

    python3 course.py lab                    # set up and open the course in JupyterLab
    python3 course.py test [pytest args]     # set up and run every test, notebooks included
    python3 course.py bench [args]           # time every notebook (benchmarks/run_notebooks.py)
    python3 course.py student OUT_DIR        # student copies: solutions replaced by stubs
    python3 course.py badges [--check]       # rewrite (or check) every notebook's Colab badge

The Colab badges and setup cells are built from REPOSITORY below: a fork changes
it here and runs `python3 course.py badges`.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
import venv

ROOT = pathlib.Path(__file__).resolve().parent
VENV = ROOT / ".venv"
NOTEBOOKS = ROOT / "notebooks"
REPOSITORY = "nn-keras-course/neural-networks-keras"  # GitHub owner/name of the course
BRANCH = "main"
SUPPORTED = ((3, 10), (3, 12))


def colab_badge(notebook_name: str) -> str:
    """The markdown of the "Open in Colab" badge for notebooks/<notebook_name>."""
    url = (f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/"
           f"notebooks/{notebook_name}")
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"


COLAB_SETUP = f'''import sys

if "google.colab" in sys.modules:  # in Colab only: fetch the course helpers and data
    import os
    import subprocess

    if not os.path.isdir("/content/course"):
        subprocess.run(["git", "clone", "--depth=1", "https://github.com/{REPOSITORY}.git",
                        "/content/course"], check=True)
    sys.path.insert(0, "/content/course")  # course_utils; Colab's TensorFlow is kept as is
    os.chdir("/content/course/notebooks")'''

_BADGE_RE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)")


def venv_python() -> pathlib.Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _requirements_stamp() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> pathlib.Path:
    """Creates .venv and installs requirements.txt into it when needed."""
    if not SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]:
        sys.exit(f"The course needs Python 3.10 to 3.12 (TensorFlow's range); this is "
                 f"{sys.version.split()[0]}. Run this script with a supported python3.")
    python = venv_python()
    if not python.exists():
        print(f"Creating the virtual environment in {VENV} ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as err:  # e.g. Debian without python3-venv
            sys.exit(f"Could not create a virtual environment ({err}). On Debian or Ubuntu, "
                     "install it with: sudo apt-get install python3-venv")
    stamp_file = VENV / ".course-requirements"
    stamp = _requirements_stamp()
    if not stamp_file.exists() or stamp_file.read_text() != stamp:
        print("Installing the course's requirements (a few minutes the first time) ...",
              flush=True)
        run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        run([python, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements.txt"])
        stamp_file.write_text(stamp)
    return python


def run(cmd) -> None:
    """Runs a command in the repository root; exits with its status if it fails."""
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT)
    if result.returncode != 0:
        sys.exit(result.returncode)


def cmd_lab(args) -> int:
    python = ensure_environment()
    target = "notebooks/00_start_here.ipynb"
    print("Opening JupyterLab; stop it with Ctrl+C. "
          "The login link with its token is printed below.")
    return subprocess.call([str(python), "-m", "jupyter", "lab", target, *args], cwd=ROOT)


def cmd_test(args) -> int:
    python = ensure_environment()
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)


def cmd_bench(args) -> int:
    python = ensure_environment()
    return subprocess.call([str(python), "benchmarks/run_notebooks.py", *args], cwd=ROOT)


def cmd_student(args) -> int:
    python = ensure_environment()
    return subprocess.call([str(python), "-m", "course_utils.student_copies", *args], cwd=ROOT)


def set_badges(check_only: bool = False) -> list[str]:
    """Writes (or checks) the Colab badge and setup cell of every notebook.

    Returns:
        The notebooks that were (or, with check_only, would be) changed.
    """
    changed = []
    for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        before = json.dumps(nb, sort_keys=True)
        first_md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        text = "".join(first_md["source"])
        badge = colab_badge(path.name)
        text = _BADGE_RE.sub(badge, text) if _BADGE_RE.search(text) else text.replace(
            "\n", f"\n{badge}\n", 1)
        first_md["source"] = text.splitlines(keepends=True)
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and "google.colab" in "".join(cell["source"]):
                cell["source"] = COLAB_SETUP.splitlines(keepends=True)
                break
        if json.dumps(nb, sort_keys=True) != before:
            changed.append(path.name)
            if not check_only:
                path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    return changed


def cmd_badges(args) -> int:
    check_only = "--check" in args
    changed = set_badges(check_only=check_only)
    verb = "out of date" if check_only else "updated"
    for name in changed:
        print(f"{name}: badge or Colab setup {verb}")
    if not changed:
        print("All notebooks' Colab badges and setup cells match REPOSITORY =", REPOSITORY)
    return 1 if (check_only and changed) else 0


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "bench": cmd_bench, "student": cmd_student,
            "badges": cmd_badges}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
