"""Student copies of the notebooks: every `solution` cell replaced by a stub.

Instructors hand these out so that the solutions are not one click away. The
source notebooks are never touched, and the output folder may not be (or be
inside) the source folder. A markdown sentence that says where a solution cell
is ("in the next cell, collapsed") is replaced by one that is true of the copy.

    python3 course.py student student/ --repository OWNER/NAME   # or, badges unchanged:
    python -m course_utils.student_copies student/ --source notebooks/

(`course.py student` also points the copies' Colab badges and setup cells at
OWNER/NAME, the repository where the instructor publishes them.)
"""

from __future__ import annotations

import argparse
import ast
import json
import pathlib
import re
import sys

__all__ = ["SOLUTION_TAG", "STUDENT_SOLUTION_NOTE", "make_student_copies", "stub_for",
           "student_markdown"]

SOLUTION_TAG = "solution"
STUDENT_SOLUTION_NOTE = ("In this student copy, the cell after each exercise holds no solution, "
                         "only a note on what to write; your instructor has the worked solutions.")
_SOLUTION = re.compile(r"\bsolutions?\b", re.IGNORECASE)
# Words that say where the full notebooks show a solution: collapsed, hidden, in the next cell...
_WHERE = re.compile(r"\b(?:collapsed|hidden|next cell|reveal\w*|expand\w*)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def student_markdown(text: str, note: str = STUDENT_SOLUTION_NOTE) -> str:
    """A markdown cell's text with every sentence that says where a solution is shown
    (true of the full notebooks only) replaced by `note`.

    A sentence ends at . ! or ? or a blank line (so a heading above it is kept).

    Args:
        text: The markdown.
        note: What replaces each such sentence. Defaults to STUDENT_SOLUTION_NOTE (the
            reading edition passes its own).
    """
    def rewrite(match: re.Match) -> str:
        sentence = match.group(0)
        if not (_SOLUTION.search(sentence) and _WHERE.search(sentence)):
            return sentence
        lead = sentence[:len(sentence) - len(sentence.lstrip())]
        return lead + note

    paragraphs = re.split(r"(\n\s*\n)", text)
    return "".join(_SENTENCE.sub(rewrite, p) if i % 2 == 0 else p
                   for i, p in enumerate(paragraphs))


def _assigned_names(source: str) -> list[str]:
    """Top-level names a cell assigns, in order (best effort: empty if it doesn't parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    return names


def stub_for(solution_source: str, exercise_source: str = "") -> str:
    """The code that replaces a solution cell in a student copy.

    It names what the learner has to write: the variables that the exercise
    cell leaves as `...` (or, failing that, those the solution assigns).

    Args:
        solution_source: The solution cell's code.
        exercise_source: The code of the exercise cell before it. Defaults to "".

    Returns:
        Python source made only of comments and `pass`, safe to run.
    """
    placeholders = [line.split("=")[0].strip() for line in exercise_source.splitlines()
                    if "=" in line and line.split("=", 1)[1].strip().startswith("...")]
    names = placeholders or _assigned_names(solution_source)
    todo = (f"assign {', '.join(f'`{n}`' for n in names)} in the exercise cell above"
            if names else "write your answer in the exercise cell above")
    return ("# Solution removed from the student copy.\n"
            f"# Your turn: {todo}, then run that cell:\n"
            "# its self-check tells you whether you got it, or gives a hint.\n"
            "pass\n")


def make_student_copies(source_dir, output_dir) -> list[pathlib.Path]:
    """Writes a copy of every notebook with each `solution` cell replaced by a stub.

    Args:
        source_dir: Folder with the course notebooks.
        output_dir: Folder for the copies; created if missing. It must not be
            `source_dir` or a folder inside it.

    Returns:
        The paths written.

    Raises:
        ValueError: `output_dir` is, or is inside, `source_dir`; or
            `source_dir` holds no notebook.
        FileNotFoundError: `source_dir` does not exist.
    """
    from . import validation  # here, not at the top: the book loads this file alone
    source = pathlib.Path(source_dir).resolve()
    output = pathlib.Path(output_dir).resolve()
    if not source.is_dir():
        raise FileNotFoundError(str(validation.value_error(
            "source_dir", "an existing folder of notebooks", str(source))))
    if output == source or source in output.parents:
        raise validation.value_error("output_dir", f"a folder outside {str(source)!r}, so the "
                                     "source notebooks are never overwritten", str(output))
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise validation.value_error("source_dir", "a folder with .ipynb files (none found)",
                                     str(source))
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        previous = ""
        for cell in nb["cells"]:
            text = "".join(cell.get("source", ""))
            if cell["cell_type"] == "code" and SOLUTION_TAG in cell.get("metadata", {}).get(
                    "tags", []):
                cell["source"] = stub_for(text, previous).splitlines(keepends=True)
                cell["outputs"] = []
                cell["execution_count"] = None
                cell["metadata"].pop("jupyter", None)  # stubs need not be hidden
            elif cell["cell_type"] == "code":
                previous = text
            elif cell["cell_type"] == "markdown":
                new = student_markdown(text)
                if new != text:
                    cell["source"] = new.splitlines(keepends=True)
        target = output / path.name
        target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write student copies of the notebooks.")
    parser.add_argument("output_dir", help="where to write the copies (outside notebooks/)")
    parser.add_argument("--source", default=str(pathlib.Path(__file__).resolve().parents[1]
                                                / "notebooks"),
                        help="folder of the source notebooks (default: the course's notebooks/)")
    args = parser.parse_args(argv)
    try:
        written = make_student_copies(args.source, args.output_dir)
    except (ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} student notebook(s) to {pathlib.Path(args.output_dir).resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
