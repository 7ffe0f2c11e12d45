"""Tests of the student copies: no solution code, sources untouched, notebooks/ refused."""

import json
import pathlib
import re

import pytest

from course_utils.student_copies import (
    STUDENT_SOLUTION_NOTE,
    make_student_copies,
    stub_for,
    student_markdown,
)

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"


def _solution_cells(nb):
    return [c for c in nb["cells"] if "solution" in c.get("metadata", {}).get("tags", [])]


def test_student_copies_contain_no_solution_code(tmp_path):
    before = {p.name: p.read_bytes() for p in NOTEBOOKS.glob("*.ipynb")}
    written = make_student_copies(NOTEBOOKS, tmp_path / "student")
    assert sorted(p.name for p in written) == sorted(before)
    total = 0
    for path in written:
        copy = json.loads(path.read_text())
        original = json.loads((NOTEBOOKS / path.name).read_text())
        assert len(copy["cells"]) == len(original["cells"])
        for cell, orig in zip(_solution_cells(copy), _solution_cells(original)):
            total += 1
            code = "".join(cell["source"])
            assert all(line.startswith("#") or line == "pass" for line in code.splitlines()), code
            assert "".join(orig["source"]) not in code
            compile(code, path.name, "exec")
    assert total >= 2
    assert {p.name: p.read_bytes() for p in NOTEBOOKS.glob("*.ipynb")} == before


def test_stub_names_the_variables_to_write():
    stub = stub_for("w = a @ b\ncheck(w)", "w = ...  # your answer\ncheck(w)")
    assert "`w`" in stub
    assert "`x`, `y`" in stub_for("x, y = 1, 2\n", "")


@pytest.mark.parametrize("out", [NOTEBOOKS, NOTEBOOKS / "student"])
def test_refuses_to_write_into_the_source_folder(out):
    with pytest.raises(ValueError, match="output_dir"):
        make_student_copies(NOTEBOOKS, out)


def test_missing_source_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="source_dir"):
        make_student_copies(tmp_path / "nope", tmp_path / "out")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="source_dir"):
        make_student_copies(tmp_path / "empty", tmp_path / "out")


def _names(source, kind):
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics; the course has none in code that matters here
        return set()
    ctx = ast.Store if kind == "store" else ast.Load
    found = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}
    if kind == "store":
        found |= {n.name for n in ast.walk(tree)
                  if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return found


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9]*.ipynb")), ids=lambda p: p.stem)
def test_student_copy_needs_nothing_that_only_a_solution_defines(path):
    """A later cell must not use a name that only a (removed) solution cell assigns."""
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    defined_elsewhere = set()
    only_in_solutions = set()
    for cell in cells:
        source = "".join(cell["source"])
        if "solution" in cell.get("metadata", {}).get("tags", []):
            only_in_solutions |= _names(source, "store") - defined_elsewhere
            continue
        used = _names(source, "load") & only_in_solutions
        assert not used, f"a cell uses {sorted(used)}, defined only in a solution cell"
        defined_elsewhere |= _names(source, "store")
        only_in_solutions -= defined_elsewhere


def _load_course_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_script", NOTEBOOKS.parent / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_student_copies_say_only_true_things_about_solutions(tmp_path):
    written = make_student_copies(NOTEBOOKS, tmp_path)
    for path in written:
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                assert not _WHERE.search(text), f"{path.name}: {_WHERE.search(text).group(0)!r}"
    start = json.loads((tmp_path / "00_start_here.ipynb").read_text())
    assert any(STUDENT_SOLUTION_NOTE in "".join(c["source"]) for c in start["cells"])


_WHERE = re.compile(r"solution[^.!?]*\b(collapsed|next cell|reveal|expand)"
                    r"|\b(collapsed|next cell|reveal|expand)[^.!?]*solution", re.I)


@pytest.mark.parametrize("text", [
    "The solution is in the next cell, collapsed: click the three dots to\nreveal it.",
    "Solutions are hidden in collapsed cells.",
    "Click to expand the solution below!",
])
def test_sentences_about_where_the_solution_is_are_rewritten(text):
    new = student_markdown("Intro stays. " + text + "\n\nOutro stays.")
    assert new.startswith("Intro stays. ") and new.endswith("\n\nOutro stays.")
    assert STUDENT_SOLUTION_NOTE in new and not _WHERE.search(new)


def test_other_sentences_about_solutions_stay():
    text = "- where the solutions are;\nEach exercise has a solution."
    assert student_markdown(text) == text


def test_student_copies_open_and_clone_the_instructors_repository(tmp_path):
    course = _load_course_script()
    make_student_copies(NOTEBOOKS, tmp_path)
    changed = course.set_badges(folder=tmp_path, repository="a-teacher/nn-class")
    assert changed == sorted(p.name for p in NOTEBOOKS.glob("[0-9]*.ipynb"))
    for path in sorted(tmp_path.glob("[0-9]*.ipynb")):
        text = path.read_text()
        assert course.REPOSITORY not in text
        nb = json.loads(text)
        assert course.colab_badge(path.name, "a-teacher/nn-class") in "".join(
            nb["cells"][0]["source"])
        setups = ["".join(c["source"]) for c in nb["cells"] if "google.colab" in "".join(
            c["source"])]
        assert setups == [course.colab_setup("a-teacher/nn-class")]
        assert "https://github.com/a-teacher/nn-class.git" in setups[0]
    assert course.set_badges(check_only=True) == [], "the course's own notebooks are untouched"
