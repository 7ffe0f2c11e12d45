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
