"""Rules for every notebook cell that nbval runs (the notebooks sit outside tests/,
so the hook lives here, at the root): no stderr or warning text in any output, and
no "Not yet" from a cell tagged `solution`. The rules themselves are in
tests/output_rules.py, shared with the browser test."""

import pytest

from tests.output_rules import output_problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After nbval runs a notebook cell, fails it on stderr, warnings or a failing solution."""
    result = yield
    outputs = getattr(item, "test_outputs", None)
    cell = getattr(item, "cell", None)
    if outputs is not None and cell is not None:
        problems = output_problems(outputs, cell.get("metadata", {}).get("tags", []))
        if problems:
            raise AssertionError(f"{item.fspath.basename}, cell {item.cell_num}: "
                                 + "; ".join(problems))
    return result
