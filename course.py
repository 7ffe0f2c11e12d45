#!/usr/bin/env python3
"""One entry point for the course: set up, open, test, benchmark, hand out.

Needs only Python 3.10-3.13 (the versions TensorFlow ships wheels for). The first
command creates a virtual environment in `.venv/` and installs `requirements.txt`
into it (again whenever that file or `pyproject.toml` changes); later commands
reuse it.

    python3 course.py lab [jupyter args]     # set up and open the course in JupyterLab
    python3 course.py test [pytest args]     # set up and run every test, notebooks included
    python3 course.py book                   # build the reading edition into build/book/
    python3 course.py colab-test [args]      # the tests on Colab's package versions
                                             # (in .venv-colab/; --setup-only: install only)
    python3 course.py bench [args]           # time every notebook (benchmarks/run_notebooks.py)
    python3 course.py student OUT_DIR [--repository OWNER/NAME]
                                             # student copies: solutions replaced by stubs
    python3 course.py badges [--check]       # rewrite (or check) every notebook's Colab badge

Extra arguments go to the tool underneath: `lab` passes them to `jupyter lab`
(e.g. `--port 8890 --no-browser`; `--allow-root` is added when you are root),
`test` and `colab-test` to pytest, `bench` to the benchmark.

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
SUPPORTED = ((3, 10), (3, 13))  # TensorFlow 2.21 ships wheels for exactly these
USAGE = """usage: python3 course.py COMMAND [ARGS]
commands: lab, test, book, colab-test, bench, student, badges
  (`python3 course.py --help` says what each does)"""


def colab_badge(notebook_name: str, repository: str = REPOSITORY) -> str:
    """The markdown of the "Open in Colab" badge for notebooks/<notebook_name>."""
    url = (f"https://colab.research.google.com/github/{repository}/blob/{BRANCH}/"
           f"notebooks/{notebook_name}")
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"


def colab_setup(repository: str = REPOSITORY) -> str:
    """The code of every notebook's setup cell; it does something only in Colab.

    COURSE_DIR (default /content/course) lets the Colab test clone into a
    temporary folder; the test also points git's URL at the local repository.
    """
    return f'''import sys

if "google.colab" in sys.modules:  # in Colab only: fetch the course helpers and data
    import os
    import subprocess

    course_dir = os.environ.get("COURSE_DIR", "/content/course")
    if not os.path.isdir(course_dir):
        url = "https://github.com/{repository}.git"
        subprocess.run(["git", "clone", "--quiet", "--depth=1", url, course_dir], check=True)
    sys.path.insert(0, course_dir)  # course_utils; Colab's TensorFlow is kept as is
    os.chdir(os.path.join(course_dir, "notebooks"))'''


COLAB_SETUP = colab_setup()
_REPOSITORY_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")

_BADGE_RE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)")


def venv_python() -> pathlib.Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stamp(*names: str) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _check_python() -> None:
    if not SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]:
        sys.exit(f"The course needs Python {SUPPORTED[0][0]}.{SUPPORTED[0][1]} to "
                 f"{SUPPORTED[1][0]}.{SUPPORTED[1][1]} (TensorFlow's range); this is "
                 f"{sys.version.split()[0]}. Run this script with a supported python3.")


def _create_venv(folder: pathlib.Path) -> pathlib.Path:
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"Creating the virtual environment in {folder} ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(folder)
        except Exception as err:  # e.g. Debian without python3-venv
            sys.exit(f"Could not create a virtual environment ({err}). On Debian or Ubuntu, "
                     "install it with: sudo apt-get install python3-venv")
    return python


def pip_install(python: pathlib.Path, requirements: str, log: pathlib.Path) -> None:
    """Installs a requirements file, showing progress but not pip's or setuptools' chatter.

    Everything pip prints goes to `log`; the learner sees one line per stage. If pip
    fails, the end of the log is shown. (The `-e .` line makes setuptools print an
    "Editable installation ... Please be careful" banner meant for package authors:
    the course's layout is deliberate, so the banner is only in the log.)
    """
    cmd = [str(python), "-m", "pip", "install", "--progress-bar", "off",
           "--disable-pip-version-check", "-r", str(ROOT / requirements)]
    tty = sys.stdout.isatty()
    collected = 0
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace")
        for line in proc.stdout:
            out.write(line)
            if line.startswith("Collecting ") or line.startswith("Requirement already"):
                collected += 1
                if tty:
                    name = line.split()[1] if line.startswith("Collecting ") else ""
                    print(f"\r  {requirements}: {collected} packages resolved {name[:40]:<40}",
                          end="", flush=True)
            elif line.startswith("Installing collected packages"):
                print(("\r" if tty else "") + f"  {requirements}: installing {collected} "
                      "packages ...".ljust(70), flush=True)
        code = proc.wait()
    if tty:
        print("\r" + " " * 80 + "\r", end="")
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail), file=sys.stderr)
        sys.exit(f"Installing {requirements} failed (exit {code}); pip's full output: {log}")
    print(f"  {requirements}: done.", flush=True)


def ensure_environment(*extra: str) -> pathlib.Path:
    """Creates .venv and installs requirements.txt (and any `extra` files) when needed."""
    _check_python()
    python = _create_venv(VENV)
    for names in (("requirements.txt", "pyproject.toml"), *((e,) for e in extra)):
        stamp_file = VENV / f".course-{names[0]}.stamp"
        stamp = _stamp(*names)
        if stamp_file.exists() and stamp_file.read_text() == stamp:
            continue
        print(f"Installing {names[0]} into {VENV.name}/ (a few minutes the first time) ...",
              flush=True)
        pip_install(python, names[0], VENV / f"pip-{names[0]}.log")
        stamp_file.write_text(stamp)
    return python


def run(cmd) -> None:
    """Runs a command in the repository root; exits with its status if it fails."""
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT)
    if result.returncode != 0:
        sys.exit(result.returncode)


def lab_command(python, args, is_root: bool) -> list[str]:
    """The `jupyter lab` command line; root (containers, workshop VMs) needs --allow-root."""
    cmd = [str(python), "-m", "jupyter", "lab", "notebooks/00_start_here.ipynb", *args]
    if is_root and "--allow-root" not in args:
        cmd.append("--allow-root")
    return cmd


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def cmd_lab(args) -> int:
    python = ensure_environment()
    print("Opening JupyterLab; stop it with Ctrl+C. The login link with its token is printed "
          "below.\n(Arguments after `lab` go to `jupyter lab`, e.g. `python3 course.py lab "
          "--port 8890 --no-browser`.)")
    return subprocess.call(lab_command(python, args, _is_root()), cwd=ROOT)


def parallel_options(args, cpus: int | None = None) -> list[str]:
    """pytest-xdist options: one worker per core (at most 4), each taking whole files, so a
    notebook's cells run in order in one kernel and the browser tests share one JupyterLab.
    None when the arguments choose their own (`-n ...`, `-p no:xdist`) or there is one core."""
    if any(a.startswith(("-n", "--numprocesses", "--dist")) or a in ("no:xdist", "-pno:xdist")
           for a in args):
        return []
    workers = min(cpus if cpus is not None else (os.cpu_count() or 1), 4)
    return ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else []


def cmd_test(args) -> int:
    python = ensure_environment()
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.call([str(python), "-m", "pytest", *parallel_options(args), *args],
                           cwd=ROOT, env=env)


def cmd_book(args) -> int:
    python = ensure_environment("requirements-book.txt")
    return subprocess.call([str(python), "book/build.py", *args], cwd=ROOT)


def cmd_colab_test(args) -> int:
    """Unit tests and notebooks 00 and 03 in .venv-colab/, pinned to Colab's versions."""
    _check_python()
    folder = ROOT / ".venv-colab"
    python = _create_venv(folder)
    stamp_file = folder / ".course-requirements-colab.txt.stamp"
    stamp = _stamp("requirements-colab.txt")
    if not stamp_file.exists() or stamp_file.read_text() != stamp:
        print("Installing Colab's package versions into .venv-colab/ ...", flush=True)
        pip_install(python, "requirements-colab.txt", folder / "pip-requirements-colab.txt.log")
        stamp_file.write_text(stamp)
    if args[:1] == ["--setup-only"]:  # CI installs it while other steps run
        return 0
    # course_utils from this checkout (Colab has it on sys.path, not installed). No nbval:
    # the notebooks run in tests/test_colab.py as Colab runs them, and nbval would import
    # IPython 7 before conftest.py, whose sys.path entry has a `tests` package of its own.
    env = dict(os.environ, MPLBACKEND="Agg", COURSE_COLAB_TEST="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1",  # ipykernel 6's debugger notice on 3.11+
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    options = ["-p", "no:nbval", "-o", "addopts=-rs -p no:cacheprovider"]
    return subprocess.call([str(python), "-m", "pytest", *options, *parallel_options(args),
                            *(args or ["tests"])], cwd=ROOT, env=env)


def cmd_bench(args) -> int:
    python = ensure_environment()
    return subprocess.call([str(python), "benchmarks/run_notebooks.py", *args], cwd=ROOT)


def cmd_student(args) -> int:
    repository = REPOSITORY
    if "--repository" in args:
        i = args.index("--repository")
        if i + 1 >= len(args) or not _REPOSITORY_RE.match(args[i + 1]):
            print("error: --repository needs OWNER/NAME, the GitHub repository the student "
                  "copies will live in (their badges and Colab setup cells clone it)",
                  file=sys.stderr)
            return 2
        repository = args[i + 1]
        args = args[:i] + args[i + 2:]
    python = ensure_environment()
    code = subprocess.call([str(python), "-m", "course_utils.student_copies", *args], cwd=ROOT)
    if code == 0 and args:
        # The copies are meant to be published under notebooks/ of `repository`.
        set_badges(check_only=False, folder=pathlib.Path(args[0]), repository=repository)
        if repository == REPOSITORY:
            print(f"Note: the copies' Colab badges open {REPOSITORY}, which has the solutions; "
                  "pass --repository OWNER/NAME to point them at yours.")
    return code


def set_badges(check_only: bool = False, folder: pathlib.Path = NOTEBOOKS,
               repository: str = REPOSITORY) -> list[str]:
    """Writes (or checks) the Colab badge and setup cell of every notebook in `folder`.

    Args:
        check_only: Only report what would change.
        folder: The notebooks' folder (student copies live elsewhere).
        repository: GitHub OWNER/NAME that the badges open and the setup cell clones.

    Returns:
        The notebooks that were (or, with check_only, would be) changed.
    """
    changed = []
    for path in sorted(pathlib.Path(folder).glob("[0-9]*.ipynb")):
        raw = path.read_text(encoding="utf-8")
        nb = json.loads(raw)
        before = json.dumps(nb, sort_keys=True)
        first_md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        text = "".join(first_md["source"])
        badge = colab_badge(path.name, repository)
        text = _BADGE_RE.sub(badge, text) if _BADGE_RE.search(text) else text.replace(
            "\n", f"\n{badge}\n", 1)
        first_md["source"] = text.splitlines(keepends=True)
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and "google.colab" in "".join(cell["source"]):
                cell["source"] = colab_setup(repository).splitlines(keepends=True)
                break
        if json.dumps(nb, sort_keys=True) != before:
            changed.append(path.name)
            if not check_only:
                ending = "\n" if raw.endswith("\n") else ""  # as the file had it
                path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + ending,
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


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "book": cmd_book, "colab-test": cmd_colab_test,
            "bench": cmd_bench, "student": cmd_student, "badges": cmd_badges}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"], ["help"]):
        print(__doc__)
        return 0
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] not in COMMANDS:
        print(f"course.py: unknown command {argv[0]!r}\n{USAGE}", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
