"""Colab's stack: the package versions Colab runs, and the Colab branch of the setup cell.

`python3 course.py colab-test` installs requirements-colab.txt (Colab's versions of what the
course imports, ipywidgets 7 among them) into .venv-colab/ and runs the unit tests there with
COURSE_COLAB_TEST=1, which turns these tests on. They execute notebooks 00 and 03 (the
Playground) as Colab would: a stand-in `google.colab` module is imported when the kernel starts,
so the setup cell takes its Colab branch; its `git clone` of GitHub is pointed (through git's own
URL rewriting, set in the environment) at this repository, and COURSE_DIR replaces /content/course
by a temporary folder. The cell the learner sees is unchanged. The clone is of the committed
HEAD: commit before running these tests locally.

Elsewhere (the ordinary `python3 course.py test`) they are skipped with that reason.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import pathlib
import re

import pytest
from output_rules import output_problems

ROOT = pathlib.Path(__file__).resolve().parents[1]
COLAB_NOTEBOOKS = ["00_start_here.ipynb", "03_playground.ipynb"]

if os.environ.get("COURSE_COLAB_TEST") != "1":
    pytest.skip("runs in Colab's package versions: `python3 course.py colab-test`",
                allow_module_level=True)

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

_spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)

STAND_IN = '''"""Stand-in for Colab's google.colab: only its presence matters to the course."""


class _Output:
    def enable_custom_widget_manager(self):
        """Colab needs this for third-party widgets only; core ipywidgets work without it."""


output = _Output()
'''


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements-colab.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line)
        if match:
            pins[match.group(1)] = match.group(2)
    return pins


def test_this_environment_has_colabs_versions():
    pins = _pins()
    assert {"tensorflow", "keras", "numpy", "ipywidgets"} <= set(pins)
    found = {name: importlib.metadata.version(name) for name in pins}
    assert found == pins


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """Kernel environment and working folder that make the setup cell take its Colab branch."""
    if not (ROOT / ".git").exists():
        pytest.skip("the Colab branch clones this repository, and this copy is not a git one")
    tmp = tmp_path_factory.mktemp("colab")
    stand_in = tmp / "stand_in"
    (stand_in / "google" / "colab").mkdir(parents=True)
    (stand_in / "google" / "colab" / "__init__.py").write_text(STAND_IN)
    # Colab's kernel has google.colab imported before the first cell runs.
    (stand_in / "sitecustomize.py").write_text("import google.colab  # noqa: F401\n")
    content = tmp / "content"
    content.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    env.update(PYTHONPATH=str(stand_in),  # not this checkout: course_utils must come from the clone
               COURSE_DIR=str(content / "course"),
               GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0=f"url.{ROOT.as_uri()}.insteadOf",
               GIT_CONFIG_VALUE_0=f"https://github.com/{course.REPOSITORY}.git")
    return env, content


def _run(path: pathlib.Path, env, cwd, extra_cells=()):
    nb = nbformat.read(path, as_version=4)
    nb.cells.extend(nbformat.v4.new_code_cell(source) for source in extra_cells)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute(env=env)
    return nb


@pytest.mark.parametrize("name", COLAB_NOTEBOOKS)
def test_notebook_runs_clean_through_the_colab_branch(colab, name):
    env, content = colab
    clone = content / "course"
    probe = ("import os, sys, course_utils, ipywidgets\n"
             "print(repr((os.getcwd(), course_utils.__file__, ipywidgets.__version__, "
             "'google.colab' in sys.modules)))")
    nb = _run(ROOT / "notebooks" / name, env, content, [probe])
    problems = {i: output_problems(cell.get("outputs", []), cell.metadata.get("tags", []))
                for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    problems = {i: p for i, p in problems.items() if p}
    assert not problems, f"outputs a Colab learner must not see: {problems}"
    cwd, module, widgets, colab_seen = eval(nb.cells[-1].outputs[0]["text"])  # noqa: S307
    assert colab_seen and pathlib.Path(cwd) == clone / "notebooks"
    assert pathlib.Path(module).is_relative_to(clone), "course_utils came from the clone"
    assert widgets == importlib.metadata.version("ipywidgets")
    assert (clone / ".git").exists()


def test_playground_buttons_train_with_these_ipywidgets(colab):
    """Builds the Playground in a kernel with this environment's ipywidgets (7 here, as
    in Colab) and clicks Train and Step through ipywidgets' own `click()`. Built from this
    working tree (not the clone), so an uncommitted change to the widget is tested too."""
    env, content = colab
    code = f"""
import sys
import warnings
sys.path.insert(0, {str(ROOT)!r})
import course_utils as cu
# A widget argument that this ipywidgets lacks (e.g. one new in 8) is only a DeprecationWarning
# from traitlets, and the control would silently not work: make it an error.
warnings.filterwarnings("error", message=".*unrecognized arguments")
pg = cu.playground.Playground({{"dataset": "circle", "epochs": 20}}, seed=0)
before = len(pg.history["loss"])
pg.train_button.click()
after_train = len(pg.history["loss"])
pg.step_button.click()
print(repr((before, after_train, len(pg.history["loss"]), pg.message)))
"""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(content)}})
    client.execute(env=env)
    outputs = nb.cells[0].outputs
    assert not output_problems(outputs, []), outputs
    before, after_train, after_step, message = eval(outputs[-1]["text"])  # noqa: S307
    assert (before, after_train) == (0, 20) and after_step > after_train, message
    assert "Epoch" in message and "stopped" not in message.lower()
