"""Argument messages are built in one place: `course_utils/validation*.py` (issue 13).

A hand-written "Invalid type received for argument ..." elsewhere drifts from the
Keras style the others share; modules raise through `validation`'s checks or its
`type_error` / `value_error` / `shape_error` instead.
"""

import ast
import re
from pathlib import Path

import course_utils

PACKAGE = Path(course_utils.__file__).parent
HAND_WRITTEN = re.compile(r"Invalid \w+ received")


def _string_literals(tree):
    """Every string in the code, with implicitly joined and f-string parts put together."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(part.value for part in node.values
                                       if isinstance(part, ast.Constant))


def _offenders(root):
    found = set()  # an f-string's parts are visited on their own too: count each line once
    for path in sorted(root.rglob("*.py")):
        if path.name.startswith("validation"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found |= {f"{path.relative_to(root)}:{line}" for line, text in _string_literals(tree)
                  if HAND_WRITTEN.search(text)}
    return sorted(found)


def test_messages_are_built_only_by_validation():
    offenders = _offenders(PACKAGE)
    assert not offenders, ("Build these messages with course_utils.validation (a check_* "
                           f"function, type_error, value_error or shape_error): {offenders}")


def test_the_scan_finds_a_hand_written_message(tmp_path):
    # The control: the same scan on a module that writes its own message.
    (tmp_path / "module.py").write_text(
        'def f(x):\n    raise TypeError("Invalid type received "\n'
        '                    f"for argument `x`. Received: {x!r}")\n', encoding="utf-8")
    (tmp_path / "validation_more.py").write_text(
        'MESSAGE = "Invalid value received for argument"\n', encoding="utf-8")
    assert _offenders(tmp_path) == ["module.py:2"]


def test_value_error_reads_well_with_any_received_text():
    from course_utils.validation import value_error

    start = "Invalid value received for argument `n`. Expected 2 entries. "
    assert str(value_error("n", "2 entries", [1], received="3 entries")) == (
        start + "Received 3 entries")
    assert str(value_error("n", "2 entries", [1], received=" keys: ['a']")) == (
        start + "Received keys: ['a']")
    assert str(value_error("n", "2 entries", [1], received=": n=<Model 'm'>")) == (
        start + "Received: n=<Model 'm'>")
