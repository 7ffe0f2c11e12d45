"""What no notebook output may show a learner, shared by the nbval run and the browser run.

- no stderr text and no warning text (Keras, TensorFlow or Python warnings,
  retracing notices): a learner cannot tell a harmless warning from a real one;
- no "Not yet" in the output of a cell tagged `solution`: every worked
  solution must pass its own self-check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

WARNING_TEXT = re.compile(r"\w*Warning\b|\bWARNING\b|warnings\.warn|[Rr]etracing|"
                          r"\bdeprecated\b", re.M)
NOT_YET = "Not yet"


def _texts(output: Mapping) -> Iterable[tuple[str, str]]:
    """(kind, text) pairs of one nbformat output."""
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
        yield output.get("name", "stdout"), "".join(text) if isinstance(text, list) else text
    elif kind in ("execute_result", "display_data"):
        for mime in ("text/plain", "text/html", "text/markdown"):
            text = output.get("data", {}).get(mime)
            if text:
                yield mime, "".join(text) if isinstance(text, list) else text


def output_problems(outputs: Iterable[Mapping], tags: Iterable[str] = ()) -> list[str]:
    """The rules above, applied to one cell's outputs; an empty list when all is well."""
    problems = []
    tags = set(tags)
    for output in outputs:
        for kind, text in _texts(output):
            if kind == "stderr" and text.strip():
                problems.append(f"stderr output: {text.strip()[:300]!r}")
            elif WARNING_TEXT.search(text):
                line = next(ln for ln in text.splitlines() if WARNING_TEXT.search(ln))
                problems.append(f"warning text in {kind}: {line.strip()[:300]!r}")
            if "solution" in tags and NOT_YET in text:
                problems.append(f"a solution cell's self-check says {NOT_YET!r}: "
                                f"{text.strip()[:300]!r}")
    return problems
