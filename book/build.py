#!/usr/bin/env python3
"""Builds the reading edition: the executed notebooks as a static HTML site.

    python3 course.py book                 # -> build/book/index.html (sets up .venv first)
    python book/build.py [--notebooks DIR] [--out DIR] [--jobs N]

Sphinx with MyST-NB and the Sphinx Book Theme (configuration in book/conf.py). The
notebooks and the glossary are copied into build/book-src/ in course order, with two
changes for the web: the Colab badge is dropped (every page has the theme's launch
menu: Colab, Binder) and each `solution` cell's code is folded behind a "Show
solution" toggle. MyST-NB executes each notebook once and caches the outputs in
build/book-cache/ (jupyter-cache, keyed on the code): a rebuild re-runs only the
notebooks whose code changed, and all of them when course_utils, the data or the
requirements changed (the notebooks' code alone would not show that). Several notebooks
execute at once (--jobs, default one per core). Offline: nothing is downloaded at build time.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
BADGE = re.compile(r"^\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)\n?", re.M)
SOLUTION_TAG = "solution"
ANCHOR = re.compile(r'^<a id="([a-z0-9-]+)"></a>$', re.M)  # the glossary's entry anchors


def _student_copies():
    """course_utils/student_copies.py, loaded alone (the package would import TensorFlow)."""
    spec = importlib.util.spec_from_file_location(
        "student_copies", ROOT / "course_utils" / "student_copies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WEB_SOLUTION_NOTE = ("On this site each solution is folded below its exercise: "
                     "\"Show solution\" opens it.")


def web_notebook(nb: dict) -> dict:
    """The notebook as the site shows it: no badge, solutions folded behind a toggle, and
    sentences about where JupyterLab shows solutions told for the site instead."""
    student = _student_copies()
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            new = student.student_markdown(BADGE.sub("", text), note=WEB_SOLUTION_NOTE)
            if new != text:
                cell["source"] = new.splitlines(keepends=True)
        meta = cell.setdefault("metadata", {})
        if cell["cell_type"] == "code" and SOLUTION_TAG in meta.get("tags", []):
            meta["tags"] = [*meta["tags"], "hide-input"]
            meta["mystnb"] = {"code_prompt_show": "Show solution",
                              "code_prompt_hide": "Hide solution"}
    return nb


def _title(nb: dict, fallback: str) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^# (.+)$", "".join(cell["source"]), re.M)
            if match:
                return match.group(1).strip()
    return fallback


def prepare_source(notebooks: pathlib.Path, src: pathlib.Path) -> list[str]:
    """Writes the site's source folder; returns the page names in course order."""
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    pages = []
    for path in sorted(notebooks.glob("[0-9]*.ipynb")):
        nb = web_notebook(json.loads(path.read_text(encoding="utf-8")))
        (src / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False),
                                     encoding="utf-8")
        pages.append(path.stem)
    if not pages:
        sys.exit(f"No notebooks (NN_name.ipynb) in {notebooks}")
    extras = [name for name in ("glossary.md",) if (notebooks / name).exists()]
    for name in extras:  # explicit anchors become MyST targets, so links to them resolve
        text = (notebooks / name).read_text(encoding="utf-8")
        (src / name).write_text(ANCHOR.sub(r"(\1)=", text), encoding="utf-8")
    first = json.loads((notebooks / f"{pages[0]}.ipynb").read_text(encoding="utf-8"))
    toc = "\n".join([*pages, *(pathlib.Path(e).stem for e in extras)])
    (src / "index.md").write_text(f"""# Neural networks with Keras and TensorFlow

The reading edition of the course: every notebook as it looks after running, figures and
checks included, in course order. To run a notebook yourself, use the launch menu (the rocket)
at the top of its page: Colab or Binder. To run the course on your own computer, clone the
repository and run `python3 course.py lab`.

Solutions to the exercises are folded: each "Show solution" opens one.

Start with [{_title(first, pages[0])}]({pages[0]}.ipynb).

```{{toctree}}
:maxdepth: 1
:caption: Notebooks

{toc}
```
""", encoding="utf-8")
    return pages


def helpers_stamp() -> str:
    """A hash of everything the notebooks run besides their own code."""
    digest = hashlib.sha256()
    files = [*sorted((ROOT / "course_utils").rglob("*.py")), *sorted((ROOT / "data").rglob("*")),
             ROOT / "requirements.txt"]
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def clear_stale_cache(cache: pathlib.Path) -> None:
    """Empties the executed-notebook cache when the helpers or data changed since it was made."""
    stamp_file, stamp = cache / "course-helpers.stamp", helpers_stamp()
    if cache.exists() and (not stamp_file.exists() or stamp_file.read_text() != stamp):
        print("course_utils, the data or the requirements changed: every notebook runs again.")
        shutil.rmtree(cache)
    cache.mkdir(parents=True, exist_ok=True)
    stamp_file.write_text(stamp)


def create_cache_database(cache: pathlib.Path) -> None:
    """jupyter-cache makes its database on first use; with several Sphinx processes (-j) the
    first uses race to create the same tables ("table settings already exists"), so the
    database is made here, once, before Sphinx starts."""
    from jupyter_cache import get_cache

    get_cache(str(cache)).list_cache_records()


def default_jobs() -> int:
    """One notebook per core, at most 4 (more kernels at once only share memory bandwidth)."""
    return max(1, min(os.cpu_count() or 1, 4))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", default=str(ROOT / "notebooks"),
                        help="folder of the course notebooks (default: notebooks/)")
    parser.add_argument("--out", default=str(ROOT / "build" / "book"),
                        help="where the HTML goes (default: build/book/)")
    parser.add_argument("--cache", default=str(ROOT / "build" / "book-cache"),
                        help="executed-notebook cache (default: build/book-cache/)")
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="notebooks executed at once (default: the CPU count, at most 4)")
    args = parser.parse_args(argv)
    out = pathlib.Path(args.out).resolve()
    src = out.parent / f"{out.name}-src"
    prepare_source(pathlib.Path(args.notebooks).resolve(), src)
    cache = pathlib.Path(args.cache).resolve()
    clear_stale_cache(cache)
    create_cache_database(cache)
    env = dict(os.environ, COURSE_BOOK_CACHE=str(cache))
    env.pop("MPLBACKEND", None)  # the kernel draws inline, as for a learner
    # -W: a warning (a broken link, stderr in an output, a failed cell) fails the build.
    # -j: Sphinx reads (and so MyST-NB executes) that many notebooks at once; each kernel
    # keeps about one core busy, so this divides the build time on a multi-core machine.
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
           "-j", str(max(1, args.jobs)), "-c", str(ROOT / "book"), str(src), str(out)]
    print(f"Building the reading edition into {out} (executes changed notebooks) ...",
          flush=True)
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    if code == 0:
        print(f"Open {out / 'index.html'}")
    return code


if __name__ == "__main__":
    sys.exit(main())
