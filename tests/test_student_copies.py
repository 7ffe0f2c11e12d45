"""Tests of the student copies: no solution code, sources untouched, notebooks/ refused."""

import json
import pathlib

import pytest

from course_utils.student_copies import make_student_copies, stub_for

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
