"""Checks every notebook's shape: Colab badge and setup, clean metadata, no outputs,
a parameters cell with SEED, checks, exercises with collapsed solutions, a next link."""

import importlib.util
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))

_spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell):
    return "".join(cell["source"])


def test_there_are_notebooks_in_teaching_order():
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00_start_here.ipynb"
    numbers = [int(n[:2]) for n in names]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_colab_badge_points_to_this_notebook(path):
    nb = _load(path)
    first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    assert _src(first).startswith("# "), "the notebook starts with its H1 title"
    assert course.colab_badge(path.name) in _src(first)
    assert sum("colab-badge.svg" in _src(c) for c in nb["cells"]) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_colab_setup_installs_course_utils_without_touching_tensorflow(path):
    setup = [c for c in _load(path)["cells"] if "google.colab" in _src(c)]
    assert len(setup) == 1 and _src(setup[0]) == course.COLAB_SETUP
    code = _src(setup[0])
    assert f"https://github.com/{course.REPOSITORY}.git" in code
    statements = "\n".join(line.split("#")[0] for line in code.splitlines()).lower()
    assert "tensorflow" not in statements and "pip" not in statements


def test_badges_check_command_agrees():
    assert course.set_badges(check_only=True) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_clean_metadata(path):
    nb = _load(path)
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}
    for cell in nb["cells"]:
        assert set(cell["metadata"]) <= {"tags", "jupyter"}, cell["metadata"]
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shape(path):
    cells = _load(path)["cells"]
    tags = [c["metadata"].get("tags", []) for c in cells]
    params = [c for c, t in zip(cells, tags) if "parameters" in t]
    assert len(params) == 1 and re.search(r"^SEED = \d+", _src(params[0]), re.M)
    after = cells[cells.index(params[0]) + 1]
    assert "set_seed(SEED)" in _src(after)
    code = "\n".join(_src(c) for c in cells if c["cell_type"] == "code")
    assert re.search(r"^assert ", code, re.M), "the notebook checks its claims"
    solutions = [c for c, t in zip(cells, tags) if "solution" in t]
    assert len(solutions) >= (1 if path.name.startswith("00") else 2)
    for cell in solutions:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True
    markdown = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    assert "## Exercises" in markdown or path.name.startswith("00")
    assert "Run time" in markdown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_links_to_other_notebooks_exist(path):
    markdown = "\n".join(_src(c) for c in _load(path)["cells"] if c["cell_type"] == "markdown")
    for target in re.findall(r"\]\(([0-9][^)#]*\.ipynb)\)", markdown):
        assert (ROOT / "notebooks" / target).exists(), f"{path.name} links to missing {target}"


def test_readme_lists_every_notebook_with_its_colab_link():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme, path.name
        assert course.colab_badge(path.name).split("](")[-1].rstrip(")") in readme, path.name
